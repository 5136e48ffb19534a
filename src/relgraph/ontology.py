"""The ontology, read from ``schema/relgraph.ttl`` (the single source of truth)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef

from .resources import schema_path

__all__ = ["RG", "RGT", "Ontology", "RelationSpec", "load_ontology"]

RG = Namespace("https://w3id.org/relgraph/ns#")
RGT = Namespace("https://w3id.org/relgraph/topic/")


@dataclass(frozen=True, slots=True)
class RelationSpec:
    """One relation type: its name, RDF property, endpoint kinds and properties."""

    name: str
    iri: str
    symmetric: bool
    source_kinds: frozenset[str]
    target_kinds: frozenset[str]
    properties: frozenset[str]
    label: str

    def allows(self, source_kind: str, target_kind: str) -> bool:
        """Whether a relation of this type may link these node kinds."""
        ok = source_kind in self.source_kinds and target_kind in self.target_kinds
        if self.symmetric and not ok:
            ok = target_kind in self.source_kinds and source_kind in self.target_kinds
        return ok


@dataclass(frozen=True, slots=True)
class Ontology:
    """Node kinds, relation types and value sets of the relgraph ontology."""

    node_kinds: tuple[str, ...]
    kind_iris: dict[str, str]
    relations: dict[str, RelationSpec]
    modalities: tuple[str, ...]
    roles: tuple[str, ...]
    domains: tuple[str, ...]
    channels: tuple[str, ...]
    topics: tuple[str, ...]
    value_iris: dict[tuple[str, str], str]
    key_properties: dict[str, str] = field(default_factory=dict)
    """Node kind -> the property that keys it (``rg:keyProperty``: ``iso3`` or ``id``)."""

    @property
    def actor_kinds(self) -> tuple[str, ...]:
        """Kinds that can be the end of a relation."""
        return tuple(k for k in self.node_kinds if k not in ("Topic", "Article"))

    def relation(self, name: str) -> RelationSpec:
        """The spec of a relation type by name (``"SANCTIONS"``)."""
        return self.relations[name]

    @property
    def symmetric(self) -> frozenset[str]:
        """Names of the symmetric relation types."""
        return frozenset(n for n, r in self.relations.items() if r.symmetric)


def _notations(g: Graph, cls: URIRef) -> list[tuple[str, str]]:
    out = [(str(g.value(s, SKOS.notation)), str(s)) for s in g.subjects(RDF.type, cls)]
    return sorted(out)


@cache
def load_ontology(path: Path | None = None) -> Ontology:
    """Read the ontology from the Turtle vocabulary (cached).

    Examples:
        >>> onto = load_ontology()
        >>> onto.relation("MEETS").symmetric, "State" in onto.relation("SANCTIONS").source_kinds
        (True, True)
        >>> "sanctions" in onto.topics
        True
        >>> onto.key_properties["State"], onto.key_properties["Leader"]
        ('iso3', 'id')
    """
    g = Graph()
    g.parse(path or schema_path("relgraph.ttl"), format="turtle")
    kinds = {str(g.value(c, RG.kind)): str(c) for c in g.subjects(RG.kind, None)}
    key_props = {str(k): str(g.value(c, RG.keyProperty)) for c, k in g.subject_objects(RG.kind)}
    order = ["State", "Leader", "Organization", "ArmedGroup", "Bloc", "Topic", "Article"]
    node_kinds = tuple(sorted(kinds, key=lambda k: (order.index(k) if k in order else 99, k)))
    iri_kind = {v: k for k, v in kinds.items()}
    rels = {}
    for prop in g.subjects(RG.relationType, None):
        name = str(g.value(prop, RG.relationType))
        rels[name] = RelationSpec(
            name=name,
            iri=str(prop),
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in g,
            source_kinds=frozenset(iri_kind[str(k)] for k in g.objects(prop, RG.sourceKind)),
            target_kinds=frozenset(iri_kind[str(k)] for k in g.objects(prop, RG.targetKind)),
            properties=frozenset(
                str(p).rsplit("#", 1)[-1] for p in g.objects(prop, RG.allowsProperty)
            ),
            label=str(g.value(prop, RDFS.label) or name),
        )
    value_iris: dict[tuple[str, str], str] = {}
    sets = {}
    for set_name, cls in (
        ("modality", RG.Modality),
        ("role", RG.Role),
        ("domain", RG.Domain),
        ("channel", RG.Channel),
    ):
        pairs = _notations(g, cls)
        sets[set_name] = tuple(n for n, _ in pairs)
        value_iris.update({(set_name, n): iri for n, iri in pairs})
    topic_pairs = sorted(
        (str(g.value(s, SKOS.notation)), str(s)) for s in g.subjects(SKOS.inScheme, RGT[""])
    )
    value_iris.update({("topic", n): iri for n, iri in topic_pairs})
    modality_order = ["asserted", "planned", "reported", "negated"]
    return Ontology(
        node_kinds=node_kinds,
        kind_iris=kinds,
        relations=dict(sorted(rels.items())),
        modalities=tuple(sorted(sets["modality"], key=modality_order.index)),
        roles=sets["role"],
        domains=sets["domain"],
        channels=sets["channel"],
        topics=tuple(n for n, _ in topic_pairs),
        value_iris=value_iris,
        key_properties={k: key_props[k] for k in node_kinds},
    )
