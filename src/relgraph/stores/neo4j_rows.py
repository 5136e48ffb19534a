"""Extraction records as the parameter rows and Cypher statements of the Neo4j loader.

Graph model (documented for users in ``schema/README.md``):

* one node per entity, labelled by its kind and keyed as in the ontology:
  ``(:State {iso3, name, wikidata})``, ``(:Leader {id, name, wikidata})``,
  ``(:Organization {id, …})``, ``(:ArmedGroup {id, …})``, ``(:Bloc {id, …})``;
* ``(:Article {id, title, published, url, source, input_hash, record_hash})`` with
  ``-[:MENTIONS]->`` each entity it names and ``-[:ABOUT]->`` ``(:Topic {id})``;
* one relationship per assertion, typed by the relation type and keyed by the
  stable assertion id (:func:`relgraph.rdf.assertion_id`), carrying
  ``article_id``, ``modality``, ``date``, ``confidence``, ``sentence``,
  ``rule`` and ``role``/``domain``/``channel`` where the type allows them.
  Symmetric types are stored once, source key <= target key, as in RDF.
  ``date`` is the relation's date, else the article's publication date.

Labels, relationship types and key properties are read from the ontology
(``schema/relgraph.ttl``) and checked to be plain identifiers before they are
written into statement text: Cypher cannot take them as parameters, and
nothing from an article ever reaches them. Every value travels as a parameter.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from ..ontology import load_ontology
from ..rdf import assertion_id

__all__ = [
    "ABOUT",
    "MENTIONS",
    "Prepared",
    "assertion_statement",
    "content_hash",
    "create_pairs_statement",
    "entity_key_expr",
    "entity_mention_statement",
    "entity_statement",
    "mention_statement",
    "merge_rows",
    "orphan_statement",
    "pair_rows",
    "prepare",
]

MENTIONS = "MENTIONS"
ABOUT = "ABOUT"
# Part of every content hash: bump it when the graph model changes so that
# loaders rewrite articles stored under the old model.
MODEL_VERSION = "neo4j-1"
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _ident(name: str) -> str:
    """A label, type or property name, checked before it enters statement text."""
    if not _IDENT.match(name):
        raise ValueError(f"not a Cypher identifier: {name!r}")
    return name


@cache
def entity_key_expr(var: str = "n") -> str:
    """Cypher expression of an entity node's key, whatever its kind.

    Examples:
        >>> entity_key_expr("s")
        'coalesce(s.iso3, s.id)'
    """
    props = dict.fromkeys(load_ontology().key_properties.values())
    return "coalesce(" + ", ".join(f"{_ident(var)}.{_ident(p)}" for p in props) + ")"


def _node(kind: str, var: str, value: str) -> str:
    key = load_ontology().key_properties[kind]
    return f"({_ident(var)}:{_ident(kind)} {{{_ident(key)}: {value}}})"


@cache
def entity_statement(kind: str) -> str:
    """MERGE the entities of one kind; the latest name wins, a Wikidata id is kept.

    Examples:
        >>> entity_statement("State")  # doctest: +NORMALIZE_WHITESPACE
        'UNWIND $rows AS row MERGE (n:State {iso3: row.key})
         SET n.name = row.name, n.wikidata = coalesce(row.wikidata, n.wikidata)'
    """
    return (
        f"UNWIND $rows AS row MERGE {_node(kind, 'n', 'row.key')} "
        "SET n.name = row.name, n.wikidata = coalesce(row.wikidata, n.wikidata)"
    )


@cache
def mention_statement(kind: str) -> str:
    """MERGE ``(:Article)-[:MENTIONS]->`` entities of one kind."""
    return (
        "UNWIND $rows AS row MATCH (a:Article {id: row.article}) "
        f"MATCH {_node(kind, 'n', 'row.key')} MERGE (a)-[:{MENTIONS}]->(n)"
    )


@cache
def entity_mention_statement(kind: str) -> str:
    """MERGE the entities of one kind and CREATE their articles' MENTIONS, in one statement.

    Each row carries ``articles``, the ids of the batch's articles naming the
    entity: those articles are new or have just had their links dropped, so
    no MENTIONS between them exists yet and CREATE needs no lookup.
    """
    return (
        entity_statement(kind) + " WITH n, row UNWIND row.articles AS article "
        f"MATCH (a:Article {{id: article}}) CREATE (a)-[:{MENTIONS}]->(n)"
    )


@cache
def orphan_statement(kind: str) -> str:
    """Delete entities of one kind, among the given keys, that no article mentions."""
    return (
        f"UNWIND $keys AS key MATCH {_node(kind, 'n', 'key')} "
        f"WHERE NOT EXISTS {{ (:Article)-[:{MENTIONS}]->(n) }} DETACH DELETE n"
    )


@cache
def assertion_statement(
    rel_type: str, source_kind: str, target_kind: str, *, create: bool = False
) -> str:
    """MERGE assertions of one type between entities of two kinds, by assertion id.

    With ``create``, CREATE instead: for assertions of articles the database
    does not hold (their ids, derived from the article id, cannot exist yet;
    the relationship uniqueness constraint turns a concurrent duplicate into
    a constraint error, which the loader retries), saving the MERGE lookup.

    Examples:
        >>> print(assertion_statement("LEADER_OF", "Leader", "State"))
        UNWIND $rows AS row
        MATCH (s:Leader {id: row.source}) MATCH (t:State {iso3: row.target})
        MERGE (s)-[r:LEADER_OF {id: row.id}]->(t)
        SET r.article_id = row.article_id, r.modality = row.modality, r.date = row.date, \
r.confidence = row.confidence, r.sentence = row.sentence, r.rule = row.rule, r.role = row.role
    """
    spec = load_ontology().relation(rel_type)
    props = ["article_id", "modality", "date", "confidence", "sentence", "rule"]
    props += sorted(spec.properties)
    sets = ", ".join(f"r.{_ident(p)} = row.{_ident(p)}" for p in props)
    return "\n".join(
        [
            "UNWIND $rows AS row",
            f"MATCH {_node(source_kind, 's', 'row.source')} "
            f"MATCH {_node(target_kind, 't', 'row.target')}",
            f"{'CREATE' if create else 'MERGE'} (s)-[r:{_ident(spec.name)} {{id: row.id}}]->(t)",
            f"SET {sets}",
        ]
    )


@cache
def create_pairs_statement(rel_type: str, source_kind: str, target_kind: str) -> str:
    """CREATE new assertions of one type, grouped by their two ends.

    Each row of ``$pairs`` is ``{source, target, rels}``: both ends are
    looked up once for all the assertions between them, and each
    relationship gets its properties in one ``SET r = props`` (null values
    left out, as Neo4j stores no nulls). For assertions of articles the
    database does not hold (see ``assertion_statement(create=True)``).

    Examples:
        >>> print(create_pairs_statement("FIGHTS", "State", "ArmedGroup"))
        UNWIND $pairs AS pair
        MATCH (s:State {iso3: pair.source}) MATCH (t:ArmedGroup {id: pair.target})
        UNWIND pair.rels AS props
        CREATE (s)-[r:FIGHTS]->(t) SET r = props
    """
    spec = load_ontology().relation(rel_type)
    return "\n".join(
        [
            "UNWIND $pairs AS pair",
            f"MATCH {_node(source_kind, 's', 'pair.source')} "
            f"MATCH {_node(target_kind, 't', 'pair.target')}",
            "UNWIND pair.rels AS props",
            f"CREATE (s)-[r:{_ident(spec.name)}]->(t) SET r = props",
        ]
    )


def pair_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Assertion rows grouped by (source, target) for ``create_pairs_statement``."""
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        props = {k: v for k, v in row.items() if v is not None and k not in ("source", "target")}
        pairs.setdefault((row["source"], row["target"]), []).append(props)
    return [{"source": s, "target": t, "rels": rels} for (s, t), rels in pairs.items()]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(slots=True)
class Prepared:
    """One record as rows for the loader's statements (before knowing what the store holds)."""

    id: str
    hash: str
    article: dict[str, Any]
    entities: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    assertions: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def assertion_ids(self) -> list[str]:
        """Ids of every assertion of the record."""
        return [row["id"] for rows in self.assertions.values() for row in rows]


def content_hash(record: Mapping[str, Any]) -> str:
    """Hash of what a record puts into the graph (and of the model version).

    Two records that write the same nodes, properties and relationships get
    the same hash, whatever their key order, duplicates, unused fields, or
    whether a relation's date is given or inherited from the article. So a
    record rebuilt from the embedded store hashes like the one first ingested.

    Examples:
        >>> a = {"id": "a", "title": "T", "published": "2024-01-02", "nodes": [],
        ...      "relations": [], "topics": ["trade", "energy"], "license": "CC0"}
        >>> content_hash(a) == content_hash({**a, "topics": ["energy", "trade"], "license": None})
        True
    """
    return hashlib.sha256(json.dumps(_content(record), sort_keys=True).encode()).hexdigest()[:32]


def _content(record: Mapping[str, Any]) -> list[Any]:
    onto = load_ontology()
    published = record.get("published") or None
    nodes = sorted(
        {(n["type"], n["key"]): [n["type"], n["key"], n["name"], n.get("wikidata") or None]
         for n in record["nodes"]}.values()
    )
    rels: dict[str, list[Any]] = {}
    for rel in record["relations"]:
        rid = assertion_id(record["id"], rel)
        if rid in rels:
            continue
        source, target = rel["source"], rel["target"]
        if onto.relation(rel["type"]).symmetric and target < source:
            source, target = target, source
        conf = rel.get("confidence")
        rels[rid] = [
            rid, rel["type"], source, target, rel["modality"], rel.get("date") or published,
            None if conf is None else float(conf), rel["evidence"], rel.get("rule") or None,
            *(rel.get(p) or None for p in ("role", "domain", "channel")),
        ]
    article = [record["id"],
               *(record.get(f) or None for f in ("title", "url", "source", "input_hash"))]
    return [MODEL_VERSION, article, published, nodes, sorted(set(record["topics"])),
            [rels[k] for k in sorted(rels)]]


def prepare(record: Mapping[str, Any]) -> Prepared:
    """The rows one (valid) record contributes to the loader's statements."""
    onto = load_ontology()
    rid = record["id"]
    published = _date(record.get("published"))
    prepared = Prepared(
        id=rid,
        hash=content_hash(record),
        article={
            "id": rid,
            "title": record.get("title") or None,
            "published": published,
            "url": record.get("url") or None,
            "source": record.get("source") or None,
            "input_hash": record.get("input_hash") or None,
        },
    )
    kinds: dict[str, str] = {}
    for node in record["nodes"]:
        kinds.setdefault(node["key"], node["type"])
        prepared.entities[node["type"], node["key"]] = {
            "key": node["key"],
            "name": node["name"],
            "wikidata": node.get("wikidata") or None,
        }
    prepared.topics = list(dict.fromkeys(record["topics"]))
    seen: set[str] = set()
    for rel in record["relations"]:
        aid = assertion_id(rid, rel)
        if aid in seen:  # the same statement twice in one article: keep the first
            continue
        seen.add(aid)
        spec = onto.relation(rel["type"])
        source, target = rel["source"], rel["target"]
        if spec.symmetric and target < source:
            source, target = target, source
        conf = rel.get("confidence")
        row = {
            "id": aid,
            "source": source,
            "target": target,
            "article_id": rid,
            "modality": rel["modality"],
            "date": _date(rel.get("date")) or published,
            "confidence": None if conf is None else float(conf),
            "sentence": rel["evidence"],
            "rule": rel.get("rule") or None,
        }
        row.update({p: rel.get(p) or None for p in spec.properties})
        group = (spec.name, kinds[source], kinds[target])
        prepared.assertions.setdefault(group, []).append(row)
    return prepared


def merge_rows(prepared: Iterable[Prepared]) -> dict[str, Any]:
    """Rows of several prepared records, grouped per statement.

    Entities named by several records take the last record's name (as a
    later write would).
    """
    entities: dict[str, dict[str, dict[str, Any]]] = {}
    mentions: dict[str, list[dict[str, str]]] = {}
    topics: list[dict[str, str]] = []
    assertions: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    articles: list[dict[str, Any]] = []
    for p in prepared:
        articles.append({**p.article, "hash": p.hash})
        for (kind, key), row in p.entities.items():
            entities.setdefault(kind, {})[key] = row
            mentions.setdefault(kind, []).append({"article": p.id, "key": key})
        topics += [{"article": p.id, "topic": t} for t in p.topics]
        for group, rows in p.assertions.items():
            assertions.setdefault(group, []).extend(rows)
    return {
        "articles": articles,
        "entities": {kind: list(rows.values()) for kind, rows in entities.items()},
        "mentions": mentions,
        "topics": topics,
        "assertions": assertions,
    }
