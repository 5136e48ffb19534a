"""Extraction records as RDF: IRIs, the triple mapping, JSON Schema and SHACL checks.

Graph layout (documented for users in ``schema/README.md``):

* **Default graph**: one description per entity, shared by all articles:
  ``<entity> a rg:State ; rg:key "RUS" ; rg:name "Russia" ; rg:wikidata "Q159"``.
  The name and Wikidata id are the latest ones written.
* **One named graph per article**, named by the article IRI, holding everything
  that article says: the article resource (``rg:key``, ``rg:title``,
  ``rg:published``, ``rg:url``, ``rg:sourceName``, ``rg:recordHash``, ``rg:inputHash``,
  ``rg:mentions`` each node, ``rg:about`` each topic), every assertion resource
  (``a rg:Assertion ; rg:relation ; rg:source ; rg:target ; rg:modality ;
  rg:article ; rg:sentence ; rg:date ; rg:confidence ; rg:rule`` and
  ``rg:role``/``rg:domain``/``rg:channel`` where the type allows it), and one
  **direct triple** ``source <relation property> target`` per assertion.

Replacing an article is therefore "drop its graph, write the new one", and
re-adding an identical record is recognised by ``rg:recordHash``.

Direct triples are kept for **every** modality (a negated "did not meet" still
gives ``a rg:meets b`` in that article's graph) so that the graph shape never
depends on certainty; a query that needs certainty joins the assertion and
filters on ``rg:modality``. Symmetric relations are stored once, source and
target in key order. An assertion's ``rg:date`` is the relation's date, else
the article's publication date (the ontology's rule), else absent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any
from urllib.parse import quote, unquote

from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError
from .ontology import RG, load_ontology
from .resources import schema_path

__all__ = [
    "ID_BASE",
    "MAPPING_VERSION",
    "Quad",
    "article_iri",
    "assertion_id",
    "assertion_iri",
    "entity_iri",
    "parse_entity_iri",
    "record_hash",
    "record_quads",
    "records_to_dataset",
    "validate_extraction",
    "validate_shacl",
]

ID_BASE = "https://w3id.org/relgraph/id/"
# Part of every record hash: bump it when the mapping changes so that stores
# rewrite articles loaded under the old mapping.
MAPPING_VERSION = "1"
_MAX_PROBLEMS = 3

Quad = tuple[URIRef, URIRef, Node, URIRef | None]
"""subject, predicate, object, graph (None is the default graph)."""


def entity_iri(kind: str, key: str) -> URIRef:
    """The IRI of a node: ``{ID_BASE}{kind lower-cased}/{key percent-encoded}``.

    Examples:
        >>> str(entity_iri("State", "RUS"))
        'https://w3id.org/relgraph/id/state/RUS'
        >>> str(entity_iri("Leader", "jean d'arc/x"))
        'https://w3id.org/relgraph/id/leader/jean%20d%27arc%2Fx'
    """
    return URIRef(f"{ID_BASE}{kind.lower()}/{quote(key, safe='')}")


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article, also the name of its graph.

    Examples:
        >>> str(article_iri("seed"))
        'https://w3id.org/relgraph/id/article/seed'
    """
    return entity_iri("Article", article_id)


def parse_entity_iri(iri: str) -> tuple[str, str] | None:
    """``(kind lower-cased, key)`` of a relgraph id IRI, else None.

    Examples:
        >>> parse_entity_iri("https://w3id.org/relgraph/id/leader/kim-jong-un")
        ('leader', 'kim-jong-un')
        >>> parse_entity_iri("https://example.org/x") is None
        True
    """
    if not iri.startswith(ID_BASE):
        return None
    kind, sep, key = iri[len(ID_BASE) :].partition("/")
    return (kind, unquote(key)) if sep and key else None


def _canonical(rel: Mapping[str, Any]) -> tuple[str, str]:
    """Source and target, in key order for symmetric types."""
    source, target = rel["source"], rel["target"]
    if load_ontology().relation(rel["type"]).symmetric and target < source:
        source, target = target, source
    return source, target


def assertion_id(article_id: str, rel: Mapping[str, Any]) -> str:
    """Stable id of one relation of an article (the key of its assertion in every store).

    A hash of article id, type, (canonical) source and target, modality,
    domain/role/channel and evidence sentence: the same statement read again
    gets the same id. It ends the assertion IRI in RDF and keys the
    relationship in Neo4j.

    Examples:
        >>> rel = {"type": "MEETS", "source": "b", "target": "a", "modality": "asserted",
        ...        "evidence": "A met B."}
        >>> assertion_id("x", rel) == assertion_id("x", {**rel, "source": "a", "target": "b"})
        True
        >>> len(assertion_id("x", rel))
        24
    """
    source, target = _canonical(rel)
    parts = [article_id, rel["type"], source, target, rel["modality"]]
    parts += [rel.get(p) or "" for p in ("domain", "role", "channel")]
    parts.append(rel.get("evidence") or "")
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()
    return digest[:24]


def assertion_iri(article_id: str, rel: Mapping[str, Any]) -> URIRef:
    """Stable IRI of one relation of an article: ``{ID_BASE}assertion/{assertion_id}``.

    Examples:
        >>> rel = {"type": "MEETS", "source": "b", "target": "a", "modality": "asserted",
        ...        "evidence": "A met B."}
        >>> str(assertion_iri("x", rel)) == ID_BASE + "assertion/" + assertion_id("x", rel)
        True
    """
    return URIRef(f"{ID_BASE}assertion/{assertion_id(article_id, rel)}")


def record_hash(record: Mapping[str, Any]) -> str:
    """Hash of a record's content (and of the mapping version).

    Examples:
        >>> record_hash({"id": "a", "b": 1}) == record_hash({"b": 1, "id": "a"})
        True
    """
    text = json.dumps([MAPPING_VERSION, record], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# ------------------------------------------------------------------ validation
def _inline_refs(node: Any, defs: Mapping[str, Any]) -> Any:
    """A schema with its local ``#/$defs/NAME`` references replaced by their targets.

    jsonschema resolves a ``$ref`` through its registry each time it meets
    one, which made up most of the time a record took to validate; the
    extraction schema has no recursive references, so they can be inlined.

    Examples:
        >>> _inline_refs({"items": {"$ref": "#/$defs/k"}, "$defs": {"k": {"type": "string"}}},
        ...              {"k": {"type": "string"}})
        {'items': {'type': 'string'}}
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
            rest = {k: _inline_refs(v, defs) for k, v in node.items() if k != "$ref"}
            # a $ref beside other keywords applies in addition to them (allOf)
            return {**rest, "allOf": [*rest.get("allOf", []), target]} if rest else target
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path("extraction.schema.json").read_text(encoding="utf-8"))
    schema = _inline_refs(schema, schema.get("$defs", {}))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _plain_shape() -> dict[str, Any]:
    """What ``_plainly_valid`` checks, read from the schema's definitions."""
    import re

    schema = json.loads(schema_path("extraction.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]
    enum = {name: frozenset(defs[name]["enum"]) for name in
            ("nodeType", "relationType", "modality", "role", "domain", "channel", "topic")}
    return {
        "enum": enum,
        "top": frozenset(schema["properties"]),
        "node": frozenset(defs["node"]["properties"]),
        "relation": frozenset(defs["relation"]["properties"]),
        "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
        "key": re.compile(r"\S{1,200}"),
        "state": re.compile(r"[A-Z]{3}"),
        "wikidata": re.compile(r"Q[1-9][0-9]*"),
        "input_hash": re.compile(r"[0-9a-f]{32}"),
    }


def _plainly_valid(record: object) -> bool:
    """A fast check that accepts only records the JSON Schema accepts.

    Most records are plainly valid; checking them in plain Python is many
    times faster than jsonschema. Anything unusual (a wrong type, an
    unknown key, a value at a limit) returns False and gets the full
    validation and its error message, so this never changes what is accepted.
    """
    shape = _plain_shape()
    enum = shape["enum"]
    is_date, is_key = shape["date"].fullmatch, shape["key"].fullmatch

    def opt_str(value: object) -> bool:
        return value is None or isinstance(value, str)

    def opt_date(value: object) -> bool:
        if value is None:
            return True
        if not isinstance(value, str) or not is_date(value):
            return False
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return True

    if type(record) is not dict or not shape["top"].issuperset(record):
        return False
    rid, nodes, rels, topics = (record.get(k) for k in ("id", "nodes", "relations", "topics"))
    if not (type(rid) is str and rid and "title" in record and opt_str(record["title"])
            and type(nodes) is list and type(rels) is list and type(topics) is list):
        return False
    if not (opt_date(record.get("published")) and opt_str(record.get("url"))
            and opt_str(record.get("source")) and opt_str(record.get("license"))):
        return False
    if "input_hash" in record and not (
        type(record["input_hash"]) is str and shape["input_hash"].fullmatch(record["input_hash"])
    ):
        return False
    if not all(type(t) is str for t in topics) or len(set(topics)) != len(topics):
        return False
    if not enum["topic"].issuperset(topics):
        return False
    node_keys, rel_keys = shape["node"], shape["relation"]
    for node in nodes:
        if type(node) is not dict or not node_keys.issuperset(node):
            return False
        kind, key, name = node.get("type"), node.get("key"), node.get("name")
        if not (type(kind) is str and kind in enum["nodeType"] and type(key) is str
                and is_key(key) and type(name) is str and name):
            return False
        if kind == "State" and not shape["state"].fullmatch(key):
            return False
        wikidata = node.get("wikidata")
        if wikidata is not None and not (type(wikidata) is str
                                         and shape["wikidata"].fullmatch(wikidata)):
            return False
    for rel in rels:
        if type(rel) is not dict or not rel_keys.issuperset(rel):
            return False
        source, target, evidence = rel.get("source"), rel.get("target"), rel.get("evidence")
        if not (type(rel.get("type")) is str and rel["type"] in enum["relationType"]
                and type(rel.get("modality")) is str and rel["modality"] in enum["modality"]
                and type(source) is str and is_key(source) and type(target) is str
                and is_key(target) and type(evidence) is str and evidence
                and opt_date(rel.get("date")) and opt_str(rel.get("rule"))):
            return False
        conf = rel.get("confidence")
        if conf is not None and not (type(conf) in (int, float) and 0 <= conf <= 1):
            return False
        for prop in ("role", "domain", "channel"):
            if prop in rel and not (type(rel[prop]) is str and rel[prop] in enum[prop]):
                return False
    return True


def _semantic_problems(record: Mapping[str, Any]) -> list[str]:
    """What the JSON Schema cannot say: ends are nodes, kinds and properties fit."""
    onto = load_ontology()
    problems: list[str] = []
    kinds: dict[str, str] = {}
    for i, node in enumerate(record["nodes"]):
        seen = kinds.setdefault(node["key"], node["type"])
        if seen != node["type"]:
            problems.append(
                f"$.nodes[{i}].key: {node['key']!r} is both a {seen} and a {node['type']}"
            )
    for i, rel in enumerate(record["relations"]):
        spec = onto.relation(rel["type"])
        ends = [(end, rel[end], kinds.get(rel[end])) for end in ("source", "target")]
        for end, key, kind in ends:
            if kind is None:
                problems.append(f"$.relations[{i}].{end}: {key!r} is not a node of the record")
        if all(kind for _, _, kind in ends) and not spec.allows(ends[0][2], ends[1][2]):
            problems.append(
                f"$.relations[{i}]: {spec.name} cannot link {ends[0][2]} {ends[0][1]!r} to "
                f"{ends[1][2]} {ends[1][1]!r}; expected {'/'.join(sorted(spec.source_kinds))}"
                f" -> {'/'.join(sorted(spec.target_kinds))}"
            )
        for prop in ("role", "domain", "channel"):
            if rel.get(prop) is not None and prop not in spec.properties:
                allowed = ", ".join(sorted(spec.properties)) or "none"
                problems.append(
                    f"$.relations[{i}].{prop}: {spec.name} takes no {prop} (allowed: {allowed})"
                )
    return problems


def validate_extraction(record: object) -> None:
    """Check one extraction record against ``schema/extraction.schema.json`` and the ontology.

    Raises:
        InputError: one line naming the record id and the JSON path of the
            first problems, e.g. ``record 'x': $.relations[0].modality: 'sure'
            is not one of [...]``.

    Examples:
        >>> validate_extraction({"id": "x", "title": "t", "nodes": [], "relations": [],
        ...                      "topics": ["trade"]})
        >>> validate_extraction({"id": "x", "title": "t", "nodes": [], "relations": [],
        ...                      "topics": ["tennis"]})
        Traceback (most recent call last):
        ...
        relgraph.errors.InputError: record 'x': $.topics[0]: 'tennis' is not one of [...]
    """
    rid = record.get("id") if isinstance(record, Mapping) else None
    name = repr(rid) if isinstance(rid, str) else "<no id>"
    if _plainly_valid(record):
        errors = []
    else:
        errors = sorted(_validator().iter_errors(record), key=lambda e: list(map(str, e.path)))
    if errors:
        problems = [f"{e.json_path}: {_short(e.message)}" for e in errors]
    else:
        problems = _semantic_problems(record)  # type: ignore[arg-type]
    if problems:
        more = len(problems) - _MAX_PROBLEMS
        text = "; ".join(problems[:_MAX_PROBLEMS]) + (f"; and {more} more" if more > 0 else "")
        raise InputError(f"record {name}: {text}")


def _short(message: str) -> str:
    """One line, and enum choices abbreviated (the topic list is long)."""
    line = " ".join(message.split())
    head, sep, _ = line.partition(" is not one of [")
    return f"{head}{sep}...]" if sep and len(line) > 120 else line


# --------------------------------------------------------------------- mapping
def _literal(value: object) -> Literal:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return Literal(format(Decimal(str(value)), "f"), datatype=XSD.decimal)
    return Literal(str(value))


def _date(value: str) -> Literal:
    return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)


def record_quads(record: Mapping[str, Any]) -> list[Quad]:
    """The quads of one (valid) record, in the layout of the module docstring.

    Duplicate relations (same assertion IRI) keep the first occurrence.

    Examples:
        >>> rec = {"id": "a1", "title": "T", "published": "2024-06-19", "topics": [],
        ...        "nodes": [{"type": "State", "key": "RUS", "name": "Russia"},
        ...                  {"type": "State", "key": "UKR", "name": "Ukraine"}],
        ...        "relations": [{"type": "FIGHTS", "source": "UKR", "target": "RUS",
        ...                       "modality": "asserted", "evidence": "War."}]}
        >>> quads = record_quads(rec)
        >>> (entity_iri("State", "RUS"), RG.fights, entity_iri("State", "UKR"),
        ...  article_iri("a1")) in quads
        True
    """
    onto = load_ontology()
    art = article_iri(record["id"])
    kinds = {n["key"]: n["type"] for n in record["nodes"]}
    quads: list[Quad] = []

    def add(s: URIRef, p: URIRef, o: Node, g: URIRef | None = art) -> None:
        quads.append((s, p, o, g))

    add(art, RDF.type, RG.Article)
    add(art, RG.key, Literal(record["id"]))
    add(art, RG.recordHash, Literal(record_hash(record)))
    for field, prop in (
        ("title", RG.title),
        ("url", RG.url),
        ("source", RG.sourceName),
        ("input_hash", RG.inputHash),
    ):
        if record.get(field):
            add(art, prop, Literal(record[field]))
    if record.get("published"):
        add(art, RG.published, _date(record["published"]))
    seen_nodes: set[URIRef] = set()
    for node in record["nodes"]:
        iri = entity_iri(node["type"], node["key"])
        if iri in seen_nodes:
            continue
        seen_nodes.add(iri)
        add(iri, RDF.type, URIRef(onto.kind_iris[node["type"]]), None)
        add(iri, RG.key, Literal(node["key"]), None)
        add(iri, RG.name, Literal(node["name"]), None)
        if node.get("wikidata"):
            add(iri, RG.wikidata, Literal(node["wikidata"]), None)
        add(art, RG.mentions, iri)
    for topic in dict.fromkeys(record["topics"]):
        add(art, RG.about, URIRef(onto.value_iris[("topic", topic)]))
    seen: set[URIRef] = set()
    for rel in record["relations"]:
        a = assertion_iri(record["id"], rel)
        if a in seen:
            continue
        seen.add(a)
        source, target = _canonical(rel)
        s_iri, t_iri = entity_iri(kinds[source], source), entity_iri(kinds[target], target)
        prop = URIRef(onto.relation(rel["type"]).iri)
        add(s_iri, prop, t_iri)
        add(a, RDF.type, RG.Assertion)
        add(a, RG.relation, prop)
        add(a, RG.source, s_iri)
        add(a, RG.target, t_iri)
        add(a, RG.modality, URIRef(onto.value_iris[("modality", rel["modality"])]))
        add(a, RG.article, art)
        add(a, RG.sentence, Literal(rel["evidence"]))
        when = rel.get("date") or record.get("published")
        if when:
            add(a, RG.date, _date(when))
        if rel.get("confidence") is not None:
            add(a, RG.confidence, _literal(rel["confidence"]))
        if rel.get("rule"):
            add(a, RG.rule, Literal(rel["rule"]))
        for value_set in ("role", "domain", "channel"):
            if rel.get(value_set):
                add(a, RG[value_set], URIRef(onto.value_iris[(value_set, rel[value_set])]))
    return quads


def records_to_dataset(records: Iterable[Mapping[str, Any]], *, validate: bool = True) -> Dataset:
    """An in-memory rdflib ``Dataset`` of records (later ids replace earlier ones).

    Examples:
        >>> ds = records_to_dataset([{"id": "a", "title": "T", "nodes": [], "relations": [],
        ...                           "topics": ["trade"]}])
        >>> len(ds.graph(article_iri("a")))  # type, key, recordHash, title, about
        5
    """
    ds = Dataset()
    for record in records:
        if validate:
            validate_extraction(record)
        ds.remove_graph(ds.graph(article_iri(record["id"])))
        for s, p, o, g in record_quads(record):
            if g is not None:
                ds.graph(g).add((s, p, o))
            elif p in (RG.name, RG.wikidata):
                ds.default_graph.set((s, p, o))  # the latest name wins, as in the stores
            else:
                ds.default_graph.add((s, p, o))
    return ds


# ------------------------------------------------------------------------ SHACL
def validate_shacl(graph: Graph) -> tuple[bool, str]:
    """Validate a relgraph graph against ``schema/shapes.ttl`` with pyshacl.

    A ``Dataset`` (or the view from ``OxigraphStore.to_rdflib()``) is merged
    into one graph first, and the ontology is added, because the shapes check
    entity kinds (default graph) against assertions (article graphs) and the
    allowed endpoint kinds declared in ``schema/relgraph.ttl``.

    Returns:
        ``(conforms, report_text)``.
    """
    from pyshacl import validate

    data = Graph()
    quads = graph.quads((None, None, None, None)) if isinstance(graph, Dataset) else None
    if quads is not None:
        for s, p, o, _ in quads:
            data.add((s, p, o))
    else:
        for triple in graph:
            data.add(triple)
    data.parse(schema_path("relgraph.ttl"), format="turtle")
    shapes = Graph().parse(schema_path("shapes.ttl"), format="turtle")
    conforms, _, text = validate(data, shacl_graph=shapes, advanced=True, inference="none")
    return bool(conforms), str(text)
