"""RDF mapping, JSON Schema and SHACL checks of extraction records."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from rdflib import RDF, XSD, Dataset, Literal, URIRef

from relgraph.errors import InputError
from relgraph.ontology import RG, RGT, load_ontology
from relgraph.rdf import (
    article_iri,
    assertion_iri,
    entity_iri,
    parse_entity_iri,
    record_quads,
    records_to_dataset,
    validate_extraction,
    validate_shacl,
)
from relgraph.resources import schema_path

CORPUS = Path(__file__).parent / "data" / "extractions.jsonl"
ID = "https://w3id.org/relgraph/id/"


def corpus() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def record(rid: str) -> dict:
    return copy.deepcopy(next(r for r in corpus() if r["id"] == rid))


# ------------------------------------------------------------------ IRIs
@pytest.mark.parametrize(
    ("kind", "key", "iri"),
    [
        ("State", "RUS", f"{ID}state/RUS"),
        ("ArmedGroup", "al-shabab", f"{ID}armedgroup/al-shabab"),
        ("Leader", "a b/c#d>e", f"{ID}leader/a%20b%2Fc%23d%3Ee"),
        ("Organization", "Ünion", f"{ID}organization/%C3%9Cnion"),
    ],
)
def test_entity_iri_encodes_key_and_round_trips(kind: str, key: str, iri: str) -> None:
    assert str(entity_iri(kind, key)) == iri
    assert parse_entity_iri(iri) == (kind.lower(), key)


def test_assertion_iri_is_stable_and_tells_statements_apart() -> None:
    rel = {"type": "SANCTIONS", "source": "EU", "target": "RUS", "modality": "asserted",
           "evidence": "The EU extended its sanctions.", "confidence": 0.5, "rule": "r1"}
    same = {**rel, "confidence": 0.9, "rule": "r2"}
    assert assertion_iri("a", rel) == assertion_iri("a", same)
    assert assertion_iri("a", rel) != assertion_iri("b", rel)
    assert assertion_iri("a", rel) != assertion_iri("a", {**rel, "modality": "negated"})
    assert str(assertion_iri("a", rel)).startswith(f"{ID}assertion/")


# ------------------------------------------------------------ JSON Schema
def _schema() -> dict:
    return json.loads(schema_path("extraction.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("definition", "values"),
    [
        ("nodeType", lambda o: o.actor_kinds),
        ("relationType", lambda o: tuple(o.relations)),
        ("modality", lambda o: o.modalities),
        ("role", lambda o: o.roles),
        ("domain", lambda o: o.domains),
        ("channel", lambda o: o.channels),
        ("topic", lambda o: o.topics),
    ],
)
def test_schema_enums_equal_the_ontology(definition: str, values) -> None:
    assert sorted(_schema()["$defs"][definition]["enum"]) == sorted(values(load_ontology()))


@pytest.mark.parametrize("rec", corpus(), ids=lambda r: r["id"])
def test_validate_extraction_accepts_the_corpus(rec: dict) -> None:
    assert validate_extraction(rec) is None


def _broken(change) -> dict:
    rec = record("t2-pyongyang")
    change(rec)
    return rec


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["relations"][2].update(modality="certain"),
         "record 't2-pyongyang': $.relations[2].modality: 'certain' is not one of "
         "['asserted', 'planned', 'reported', 'negated']"),
        (lambda r: r["relations"][0].pop("evidence"),
         "record 't2-pyongyang': $.relations[0]: 'evidence' is a required property"),
        (lambda r: r["nodes"][0].update(key="Korea"),
         "record 't2-pyongyang': $.nodes[0].key: 'Korea' does not match '^[A-Z]{3}$'"),
        (lambda r: r.update(published="2024-13-01"),
         "record 't2-pyongyang': $.published: '2024-13-01' is not a 'date'"),
        (lambda r: r["relations"][8].update(target="SYR"),
         "record 't2-pyongyang': $.relations[8].target: 'SYR' is not a node of the record"),
        (lambda r: r["relations"][5].update(source="kim-jong-un"),
         "record 't2-pyongyang': $.relations[5]: SANCTIONS cannot link Leader 'kim-jong-un' to "
         "State 'RUS'; expected Bloc/Organization/State -> Leader/Organization/State"),
        (lambda r: r["relations"][3].update(role="president"),
         "record 't2-pyongyang': $.relations[3].role: MEETS takes no role (allowed: channel)"),
        (lambda r: r.update(extra=1),
         "record 't2-pyongyang': $: Additional properties are not allowed ('extra' was unexpected)"),
    ],
)
def test_validate_extraction_names_record_and_path(change, message: str) -> None:
    with pytest.raises(InputError) as info:
        validate_extraction(_broken(change))
    assert str(info.value) == message


def test_validate_extraction_lists_first_problems_on_one_line() -> None:
    rec = record("t1-paris-summit")
    for rel in rec["relations"]:
        rel["modality"] = "sure"
    with pytest.raises(InputError) as info:
        validate_extraction(rec)
    text = str(info.value)
    assert "\n" not in text
    assert text.count("is not one of") == 3
    assert text.endswith("; and 4 more")


def test_validate_extraction_without_id() -> None:
    with pytest.raises(InputError, match=r"^record <no id>: \$: 'id' is a required property"):
        validate_extraction({"title": "t", "nodes": [], "relations": [], "topics": []})


# ---------------------------------------------------------------- mapping
def test_record_quads_layout() -> None:
    rec = record("t1-paris-summit")
    quads = set(record_quads(rec))
    art = article_iri("t1-paris-summit")
    fra, deu, eu = entity_iri("State", "FRA"), entity_iri("State", "DEU"), entity_iri("Organization", "EU")
    macron = entity_iri("Leader", "emmanuel-macron")
    # entity descriptions in the default graph
    assert (fra, RDF.type, RG.State, None) in quads
    assert (fra, RG.key, Literal("FRA"), None) in quads
    assert (macron, RG.wikidata, Literal("Q3052772"), None) in quads
    assert (macron, RG.name, Literal("Emmanuel Macron"), None) in quads
    # article in its own graph
    assert (art, RDF.type, RG.Article, art) in quads
    assert (art, RG.published, Literal("2024-03-04", datatype=XSD.date), art) in quads
    assert (art, RG.sourceName, Literal("Example Wire"), art) in quads
    assert (art, RG.url, Literal("https://example.org/news/paris-summit"), art) in quads
    assert (art, RG.mentions, eu, art) in quads
    assert (art, RG.about, RGT["military-cooperation"], art) in quads
    # direct triple (symmetric: key order) + assertion resource
    coop = rec["relations"][3]
    a = assertion_iri(rec["id"], coop)
    assert (deu, RG.cooperatesWith, fra, art) in quads
    assert (fra, RG.cooperatesWith, deu, art) not in quads
    expected = {
        (a, RDF.type, RG.Assertion), (a, RG.relation, RG.cooperatesWith),
        (a, RG.source, deu), (a, RG.target, fra), (a, RG.modality, RG.asserted),
        (a, RG.article, art), (a, RG.domain, RG["domain-military"]),
        (a, RG.sentence, Literal(coop["evidence"])),
        (a, RG.date, Literal("2024-03-04", datatype=XSD.date)),
        (a, RG.confidence, Literal("0.85", datatype=XSD.decimal)),
    }
    assert {(s, p, o) for s, p, o, g in quads if s == a and g == art} == expected
    meets = assertion_iri(rec["id"], rec["relations"][2])
    assert (meets, RG.rule, Literal("meet.met"), art) in quads
    assert (meets, RG.channel, RG["channel-in-person"], art) in quads


def test_record_quads_canonicalise_symmetric_and_date_fallback() -> None:
    rec = {"id": "x", "title": "T", "published": None, "topics": [],
           "nodes": [{"type": "State", "key": "UKR", "name": "Ukraine"},
                     {"type": "State", "key": "RUS", "name": "Russia"}],
           "relations": [{"type": "FIGHTS", "source": "UKR", "target": "RUS",
                          "modality": "negated", "evidence": "No clashes."}]}
    quads = record_quads(rec)
    rus, ukr = entity_iri("State", "RUS"), entity_iri("State", "UKR")
    assert (rus, RG.fights, ukr, article_iri("x")) in quads  # kept for every modality
    assert not [q for q in quads if q[1] in (RG.date, RG.published)]
    rec["published"] = "2024-01-31"
    assert [q[2] for q in record_quads(rec) if q[1] == RG.date] == [
        Literal("2024-01-31", datatype=XSD.date)
    ]


def test_record_quads_keeps_first_of_duplicate_relations() -> None:
    rec = record("t4-istanbul")
    rec["relations"].append(dict(rec["relations"][-1], confidence=0.1))
    types = [q for q in record_quads(rec) if q[1] == RDF.type and q[2] == RG.Assertion]
    assert len(types) == 5


def test_records_to_dataset_replaces_same_id() -> None:
    rec = record("t6-minsk")
    changed = copy.deepcopy(rec)
    changed["relations"] = changed["relations"][:1]
    ds = records_to_dataset([rec, changed])
    assertions = set(ds.graph(article_iri("t6-minsk")).subjects(RDF.type, RG.Assertion))
    assert assertions == {assertion_iri("t6-minsk", rec["relations"][0])}


# ------------------------------------------------------------------ SHACL
def test_corpus_graph_conforms_to_shapes() -> None:
    conforms, report = validate_shacl(records_to_dataset(corpus()))
    assert conforms, report


def _break_graph(ds: Dataset, how: str) -> None:
    rec = record("t2-pyongyang")
    art = article_iri(rec["id"])
    sanctions = assertion_iri(rec["id"], rec["relations"][5])  # the-west -> RUS
    g = ds.graph(art)
    if how == "no-modality":
        g.remove((sanctions, RG.modality, None))
    elif how == "confidence":
        g.add((sanctions, RG.confidence, Literal("1.5", datatype=XSD.decimal)))
    elif how == "two-sources":
        g.add((sanctions, RG.source, entity_iri("State", "USA")))
    elif how == "endpoint-kind":
        g.remove((sanctions, RG.source, None))
        g.add((sanctions, RG.source, entity_iri("Leader", "kim-jong-un")))
        g.add((entity_iri("Leader", "kim-jong-un"), RG.sanctions, entity_iri("State", "RUS")))
    elif how == "state-key":
        ds.remove((entity_iri("State", "RUS"), RG.key, None))
        ds.add((entity_iri("State", "RUS"), RG.key, Literal("rus")))
    elif how == "modality-value":
        g.remove((sanctions, RG.modality, None))
        g.add((sanctions, RG.modality, URIRef("https://w3id.org/relgraph/ns#certain")))
    elif how == "no-direct-triple":
        g.remove((entity_iri("Bloc", "the-west"), RG.sanctions, entity_iri("State", "RUS")))


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("no-modality", "Less than 1 values on"),
        ("confidence", "Value is not <= Literal(\"1\""),
        ("two-sources", "More than 1 values on"),
        ("endpoint-kind", "SANCTIONS cannot link a https://w3id.org/relgraph/ns#Leader"),
        ("state-key", "a State has exactly one key, an ISO 3166-1 alpha-3 code"),
        ("modality-value", "Value does not have class rg:Modality"),
        ("no-direct-triple", "the assertion has no direct triple"),
    ],
)
def test_broken_graph_fails_shapes(how: str, expected: str) -> None:
    ds = records_to_dataset(corpus())
    _break_graph(ds, how)
    conforms, report = validate_shacl(ds)
    assert not conforms
    assert expected in report
