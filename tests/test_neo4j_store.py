"""The Neo4j store on a real Bolt server: the graph model, values, parameters, errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relgraph.errors import QueryError, StoreError, StoreUnavailable
from relgraph.ontology import load_ontology
from relgraph.rdf import assertion_id
from relgraph.stores import LoadStats
from relgraph.stores.neo4j_store import schema_statements

pytestmark = pytest.mark.neo4j

CORPUS = Path(__file__).parent / "data" / "extractions.jsonl"


def corpus() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def store(open_neo4j):
    s = open_neo4j()
    s.add(corpus())
    return s


def test_schema_constraints_exist(store) -> None:
    names = {row["name"] for row in store.query("SHOW CONSTRAINTS").rows}
    wanted = {s.split()[2] for s in schema_statements() if s.startswith("CREATE CONSTRAINT")}
    assert wanted <= names


def test_model_one_relationship_per_assertion_with_provenance(store) -> None:
    t1 = corpus()[0]
    meets = next(r for r in t1["relations"] if r["type"] == "MEETS")
    rows = store.query(
        "MATCH (a:Leader)-[r:MEETS]->(b:Leader) WHERE r.article_id = $article "
        "RETURN a, b.id AS b, r.id AS id, r.modality AS modality, r.date AS date, "
        "r.confidence AS confidence, r.sentence AS sentence, r.channel AS channel, "
        "r.rule AS rule, r.domain AS domain",
        {"article": "t1-paris-summit"},
    ).rows
    assert rows == [{
        "a": "emmanuel-macron", "b": "olaf-scholz", "id": assertion_id("t1-paris-summit", meets),
        "modality": "asserted", "date": "2024-03-04", "confidence": 0.9,
        "sentence": "Macron met Scholz in Paris on Monday to discuss defence.",
        "channel": "in-person", "rule": "meet.met", "domain": None,
    }]
    # a relation without a date of its own takes the article's
    (row,) = store.query(
        "MATCH (:Leader {id: 'olaf-scholz'})-[r:LEADER_OF]->(s:State) "
        "RETURN s.iso3 AS state, r.role AS role, r.date AS date"
    ).rows
    assert row == {"state": "DEU", "role": "chancellor", "date": "2024-03-04"}
    # symmetric relations are stored once, in key order
    assert store.query(
        "MATCH (s)-[r:COOPERATES_WITH]->(t) WHERE r.article_id = 't1-paris-summit' "
        "RETURN s.iso3 AS s, t.iso3 AS t, r.domain AS domain"
    ).tuples() == [("DEU", "FRA", "military")]


def test_model_articles_mention_entities_and_are_about_topics(store) -> None:
    (row,) = store.query(
        "MATCH (a:Article {id: 't1-paris-summit'}) "
        "RETURN a.title AS title, a.published AS published, a.url AS url, a.source AS source, "
        "[(a)-[:MENTIONS]->(n) | n] AS mentions, [(a)-[:ABOUT]->(t:Topic) | t.id] AS topics"
    ).rows
    assert row["published"] == "2024-03-04"
    assert row["source"] == "Example Wire"
    assert row["url"] == "https://example.org/news/paris-summit"
    assert sorted(row["mentions"]) == sorted(n["key"] for n in corpus()[0]["nodes"])
    assert sorted(row["topics"]) == ["diplomacy", "military-cooperation", "sanctions"]


def test_model_labels_and_types_come_from_the_schema(store) -> None:
    onto = load_ontology()
    labels = {r["label"] for r in store.query("CALL db.labels() YIELD label RETURN label").rows}
    types = store.query(
        "MATCH ()-[r]->() RETURN DISTINCT type(r) AS t ORDER BY t"
    ).tuples()
    assert labels <= set(onto.node_kinds)
    assert {t for (t,) in types} == set(onto.relations) | {"MENTIONS", "ABOUT"}


EVIL = [
    "x'}) DETACH DELETE n //",
    'quote " and backslash \\ and `backtick`',
    "$rows } MERGE (z:Hacked) {",
    "Ünïcødé — \u2018curly\u2019 中文 🙂",
]


def test_article_text_is_bound_never_formatted(open_neo4j) -> None:
    store = open_neo4j()
    record = {
        "id": EVIL[0], "title": EVIL[1], "published": "2024-01-02", "url": EVIL[2],
        "source": EVIL[3], "topics": ["trade"],
        "nodes": [{"type": "State", "key": "FRA", "name": EVIL[2]},
                  {"type": "Leader", "key": "x-y", "name": EVIL[0]}],
        "relations": [{"type": "CONDEMNS", "source": "x-y", "target": "FRA",
                       "modality": "asserted", "evidence": EVIL[1], "rule": EVIL[3]}],
    }
    assert store.add([record]) == LoadStats(articles_added=1, nodes_added=2, assertions_added=1)
    (row,) = store.query(
        "MATCH (a:Article)-[:MENTIONS]->(l:Leader)-[r:CONDEMNS]->(s:State) "
        "RETURN a.id AS id, a.title AS title, a.url AS url, a.source AS source, l.name AS l, "
        "s.name AS s, r.sentence AS sentence, r.rule AS rule"
    ).rows
    assert row == {"id": EVIL[0], "title": EVIL[1], "url": EVIL[2], "source": EVIL[3],
                   "l": EVIL[0], "s": EVIL[2], "sentence": EVIL[1], "rule": EVIL[3]}
    labels = {r["label"] for r in store.query("CALL db.labels() YIELD label RETURN label").rows}
    assert "Hacked" not in labels
    assert store.add([record]) == LoadStats(articles_unchanged=1)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40),
    sentence=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=80),
    when=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    confidence=st.floats(0, 1),
)
def test_values_round_trip(open_neo4j, name: str, sentence: str, when: date,
                           confidence: float) -> None:
    store = open_neo4j()
    record = {
        "id": "hypothesis", "title": None, "topics": [],
        "nodes": [{"type": "State", "key": "FRA", "name": name},
                  {"type": "State", "key": "DEU", "name": "Germany"}],
        "relations": [{"type": "MEETS", "source": "FRA", "target": "DEU", "modality": "planned",
                       "evidence": sentence, "date": when.isoformat(),
                       "confidence": confidence}],
    }
    store.add([record])
    (row,) = store.query(
        "MATCH (d:State {iso3: 'DEU'})-[r:MEETS]->(f:State {iso3: 'FRA'}) "
        "RETURN f.name AS name, r.sentence AS sentence, r.date AS date, r.confidence AS c"
    ).rows
    assert row == {"name": name, "sentence": sentence, "date": when.isoformat(), "c": confidence}


def test_query_values_and_parameters(store) -> None:
    result = store.query(
        "MATCH p = (s:State {iso3: $iso3})-[r:FIGHTS]-(o) "
        "RETURN s, r, p, $when AS when, $n + 1 AS n, [$iso3, null] AS list, {k: $n} AS map",
        {"iso3": "RUS", "when": date(2024, 1, 2), "n": 41},
    )
    assert result.columns == ["s", "r", "p", "when", "n", "list", "map"]
    assert result.rows == [{"s": "RUS", "r": "FIGHTS", "p": ["RUS", "UKR"], "when": "2024-01-02",
                            "n": 42, "list": ["RUS", None], "map": {"k": 41}}]


def test_query_refuses_writes_and_reports_syntax_errors(store) -> None:
    before = store.stats()
    for text in ("MATCH (n) DETACH DELETE n", "CREATE (:State {iso3: 'ZZZ'})",
                 "MATCH (s:State) SET s.name = 'x'"):
        with pytest.raises(QueryError, match=r"^query refused by relgraph: it would change "):
            store.query(text)
    assert store.stats() == before
    with pytest.raises(QueryError, match=rf"^query rejected by Neo4j at {store.uri}: "):
        store.query("MATCH (n RETURN n")


def test_read_only_and_closed_stores_refuse(neo4j_target, store) -> None:
    reader = neo4j_target.open_store(read_only=True)
    try:
        assert reader.stats() == store.stats()
        with pytest.raises(StoreError, match="open read-only"):
            reader.add(corpus())
    finally:
        reader.close()
    reader.close()  # idempotent
    with pytest.raises(StoreError, match="store is closed"):
        reader.stats()


def test_connection_errors_name_the_uri_and_the_cause(bolt_server) -> None:
    from relgraph.stores import open_store

    with pytest.raises(StoreUnavailable) as info:
        open_store(bolt_server.uri, user=bolt_server.user, password="not-" + "the-password",
                   database=bolt_server.database)
    assert str(info.value).startswith(f"Neo4j at {bolt_server.uri} refused the credentials")
    assert "not-the-password" not in str(info.value)
    with pytest.raises(StoreUnavailable, match=r"has no database 'nope' \("):
        open_store(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                   database="nope")
    with pytest.raises(StoreUnavailable, match=r"^cannot reach Neo4j at bolt://127\.0\.0\.1:1 \("):
        open_store("bolt://127.0.0.1:1", password="x")
