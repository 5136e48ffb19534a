"""Injection: hostile parameters and article text never change what a query means.

On both backends (the embedded store and Neo4j over Bolt): hostile values
bound to the named questions give the rows of a benign value that matches
nothing; hostile text in names, evidence and article fields comes back
exactly and adds no node, label, class, relationship type or predicate; the
``sparql`` and ``cypher`` commands bind ``-p`` values the same way.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store import corpus

from relgraph.cli import cli
from relgraph.errors import QueryError
from relgraph.query import get_query, run_named
from relgraph.stores import open_store

HOSTILE = [
    "RUS' OR '1'='1",
    'RUS" } UNION { ?s ?p ?o } #',
    "RUS'}) MATCH (n) DETACH DELETE n //",
    "}}} ; DROP ALL ; INSERT DATA { <x:a> <x:b> <x:c> } #",
    "RUS\") RETURN 1 UNION MATCH (n) RETURN n.iso3 AS iso3 //",
    "$iso3",
    "?iso3",
    "RUS // comment",
    "RUS # comment",
    "`Hacked`",
    ":Hacked",
    "n:State:Hacked",
    "(x:Hacked {id: 'x'})-[:SANCTIONS]->(y)",
    "SELECT * WHERE { ?s ?p ?o }",
    "CALL db.labels() YIELD label RETURN label",
    "\\'; \\\"; \\u0027",
    "RUS\u0000",
    "RUS\n} ; CLEAR ALL",
]
BENIGN_NOTHING = "ZZZ"  # well formed, names no state
NAMED_PARAMS = {  # named question -> the parameter hostile values go into
    "state_profile": "iso3",
    "timeline": "iso3",
    "path_between": "a",
    "topic_states": "topic",
}
OTHER = {"path_between": {"b": "UKR"}}


@pytest.fixture(params=["oxigraph", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """A store of each backend holding the hand-made corpus of the store tests."""
    if request.param == "neo4j":
        s = request.getfixturevalue("open_neo4j")()
    else:
        s = open_store(tmp_path / "store")
    s.add(corpus())
    yield s
    s.close()


def _shape(store) -> dict:
    """Every kind of thing the graph holds: labels/classes, relationship types/predicates."""
    if store.language == "cypher":
        labels = store.query("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l ORDER BY l")
        types = store.query("MATCH ()-[r]->() RETURN DISTINCT type(r) AS t ORDER BY t")
        return {"labels": [r["l"] for r in labels.rows], "types": [r["t"] for r in types.rows]}
    classes = store.query(
        "SELECT DISTINCT ?c WHERE { GRAPH ?g { ?s a ?c } FILTER(?g != <https://w3id.org/relgraph/ns>) } ORDER BY ?c"
    )
    preds = store.query(
        "SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/relgraph/ns>) } ORDER BY ?p"
    )
    return {"classes": [r["c"] for r in classes.rows], "predicates": [r["p"] for r in preds.rows]}


@pytest.mark.parametrize("name", sorted(NAMED_PARAMS))
def test_named_questions_with_hostile_parameters(store, name: str) -> None:
    param = NAMED_PARAMS[name]
    query = get_query(name, store.language)
    before = (store.stats(), _shape(store))
    benign = {**OTHER.get(name, {}), param: BENIGN_NOTHING}
    nothing = store.query(query.text, benign).rows
    assert nothing == []
    real = "sanctions" if param == "topic" else "RUS"
    assert run_named(store, name, {**benign, param: real}).rows  # the question does answer
    for evil in HOSTILE:
        # through the named-question API: refused as a bad value, never run
        with pytest.raises(QueryError, match=f"parameter {param!r}"):
            run_named(store, name, {**benign, param: evil})
        # bound straight to the query text: matches what the benign value matches
        assert store.query(query.text, {**benign, param: evil}).rows == nothing, evil
    assert (store.stats(), _shape(store)) == before


def _hostile_record() -> dict:
    evil = HOSTILE
    return {
        "id": evil[2],
        "title": evil[3],
        "published": "2024-03-04",
        "url": evil[4],
        "source": evil[12],
        "topics": ["sanctions"],
        "nodes": [
            {"type": "State", "key": "FRA", "name": evil[1]},
            {"type": "State", "key": "IRN", "name": evil[10]},
            {"type": "Leader", "key": "x'}]->(n)//", "name": evil[11]},
            {"type": "Organization", "key": "`Hacked`", "name": evil[13]},
        ],
        "relations": [
            {"type": "SANCTIONS", "source": "FRA", "target": "IRN", "modality": "asserted",
             "evidence": evil[0] + " " + evil[5], "rule": evil[14]},
            {"type": "CONDEMNS", "source": "x'}]->(n)//", "target": "IRN", "modality": "reported",
             "evidence": evil[12], "date": "2024-03-01"},
            {"type": "SANCTIONS", "source": "`Hacked`", "target": "FRA", "modality": "planned",
             "evidence": evil[17]},
        ],
    }  # fmt: skip


def _read_back(store, article_id: str) -> dict:
    if store.language == "sparql":
        (rec,) = [r for r in store.records() if r["id"] == article_id]
        return {
            "article": (rec["title"], rec["url"], rec["source"]),
            "nodes": {(n["key"], n["name"]) for n in rec["nodes"]},
            "evidence": {(r["type"], r["source"], r["evidence"]) for r in rec["relations"]},
        }
    (a,) = store.query(
        "MATCH (a:Article {id: $id}) RETURN a.title AS t, a.url AS u, a.source AS s", {"id": article_id}
    ).rows
    nodes = store.query(
        "MATCH (:Article {id: $id})-[:MENTIONS]->(e) RETURN coalesce(e.iso3, e.id) AS k, e.name AS n",
        {"id": article_id},
    ).rows
    rels = store.query(
        "MATCH (s)-[r]->() WHERE r.article_id = $id RETURN type(r) AS t, coalesce(s.iso3, s.id) AS s, "
        "r.sentence AS e",
        {"id": article_id},
    ).rows
    return {
        "article": (a["t"], a["u"], a["s"]),
        "nodes": {(n["k"], n["n"]) for n in nodes},
        "evidence": {(r["t"], r["s"], r["e"]) for r in rels},
    }


def test_hostile_article_text_round_trips_and_adds_nothing_else(store) -> None:
    shape = _shape(store)
    before = store.stats()
    record = _hostile_record()
    stats = store.add([record])
    assert (stats.articles_added, stats.assertions_added) == (1, 3)
    back = _read_back(store, record["id"])
    assert back["article"] == (record["title"], record["url"], record["source"])
    assert back["nodes"] == {(n["key"], n["name"]) for n in record["nodes"]}
    assert back["evidence"] == {(r["type"], r["source"], r["evidence"]) for r in record["relations"]}
    after = store.stats()
    assert after["articles"] == before["articles"] + 1
    new_nodes = sum(after["nodes"].values()) - sum(before["nodes"].values())
    assert new_nodes == stats.nodes_added <= 4
    assert sum(after["assertions"].values()) - sum(before["assertions"].values()) == 3
    assert _shape(store) == shape  # no new label, class, relationship type or predicate
    # the named questions still answer as before for the data they were given
    again = copy.deepcopy(record)
    assert store.add([again]).articles_unchanged == 1


def test_cli_sparql_binds_hostile_parameters(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with open_store(store) as s:
        s.add(corpus())
    text = "SELECT ?iso3 ?name WHERE { ?s a rg:State ; rg:key ?iso3 ; rg:name ?name }"

    def run(value: str) -> list:
        result = CliRunner().invoke(
            cli, ["sparql", text, "-p", "iso3", value, "--store", str(store), "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    assert [r["iso3"] for r in run("RUS")] == ["RUS"]
    for evil in HOSTILE:
        assert run(evil) == [], evil
    # a write smuggled in as the query itself is refused by the read-only store
    refused = CliRunner().invoke(cli, ["sparql", "DROP ALL", "--store", str(store)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    with open_store(store, read_only=True) as s:
        assert s.stats()["articles"] == len(corpus())


@pytest.mark.neo4j
def test_cli_cypher_binds_hostile_parameters(neo4j_target) -> None:
    with neo4j_target.open_store() as s:
        s.add(corpus())
        before = s.stats()
    text = "MATCH (s:State) WHERE s.iso3 = $iso3 RETURN s.iso3 AS iso3, s.name AS name"

    def run(value: str) -> list:
        result = CliRunner().invoke(
            cli,
            ["cypher", text, "-p", "iso3", value, "--neo4j", neo4j_target.uri, "--format", "json"],
            env=neo4j_target.env(),
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    assert [r["iso3"] for r in run("RUS")] == ["RUS"]
    for evil in HOSTILE:
        assert run(evil) == [], evil
    with neo4j_target.open_store() as s:
        assert s.stats() == before
