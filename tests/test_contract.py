"""The store contract, checked on every backend: the embedded store and Neo4j (over Bolt).

Each test runs on the on-disk Oxigraph store and on the Bolt server of the
session (ArcadeDB started by the tests, or ``$RELGRAPH_NEO4J_URI``): loading
counts, idempotent reloads, replacement, atomic batches, concurrent loaders,
and the same rows from every named question in SPARQL and in Cypher.
"""

from __future__ import annotations

import copy
import random
import threading
from pathlib import Path

import pytest

# the hand-made records and their counts, as the embedded store tests know them
from test_store import STATS as COUNTS
from test_store import corpus

from relgraph.errors import InputError, StoreError
from relgraph.query import run_named
from relgraph.stores import LoadStats, open_store

ROOT = Path(__file__).resolve().parents[1]


def counts(store) -> dict:
    """What both backends count alike (the raw triple/relationship totals differ by design)."""
    return {k: v for k, v in store.stats().items() if k in COUNTS}


@pytest.fixture(params=["oxigraph", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def open_backend(request: pytest.FixtureRequest, tmp_path: Path):
    """Open a store of the backend: a folder for Oxigraph, the emptied test database for Neo4j."""
    if request.param == "neo4j":
        yield request.getfixturevalue("open_neo4j")
        return
    opened = []

    def open_oxigraph(**options):
        store = open_store(tmp_path / "store", **options)
        opened.append(store)
        return store

    yield open_oxigraph
    for store in opened:
        store.close()


@pytest.fixture
def loaded(open_backend):
    store = open_backend()
    store.add(corpus())
    return store


def test_contract_fresh_load_counts(open_backend) -> None:
    store = open_backend()
    stats = store.add(corpus(), batch_size=4)
    assert stats == LoadStats(articles_added=6, nodes_added=24, assertions_added=39)
    assert counts(store) == COUNTS


def test_contract_reload_changes_nothing(loaded) -> None:
    before = loaded.stats()  # relationships or triples too
    assert loaded.add(corpus(), batch_size=1) == LoadStats(articles_unchanged=6)
    assert loaded.add(list(reversed(corpus()))) == LoadStats(articles_unchanged=6)
    assert loaded.stats() == before


def test_contract_changed_record_replaces_its_article(loaded) -> None:
    before = loaded.stats()
    rows_before = run_named(loaded, "adversaries", {}).rows
    t6 = next(r for r in corpus() if r["id"] == "t6-minsk")
    changed = copy.deepcopy(t6)
    changed["relations"] = [r for r in changed["relations"] if r["type"] != "CONDEMNS"]
    changed["relations"][0]["modality"] = "planned"  # EU -> BLR: a new assertion
    assert loaded.add([changed]) == LoadStats(articles_updated=1, assertions_added=1)
    after = counts(loaded)
    assert after["assertions"]["CONDEMNS"] == COUNTS["assertions"]["CONDEMNS"] - 1
    assert after["assertions"]["SANCTIONS"] == COUNTS["assertions"]["SANCTIONS"]
    blr = [r for r in run_named(loaded, "state_profile", {"iso3": "BLR"}).rows
           if r["type"] == "SANCTIONS"]
    assert [(r["other"], r["modality"]) for r in blr] == [("EU", "planned")]
    # putting the old version back restores the original graph exactly
    assert loaded.add([t6]) == LoadStats(articles_updated=1, assertions_added=2)
    assert loaded.stats() == before
    assert run_named(loaded, "adversaries", {}).rows == rows_before


def test_contract_replacing_drops_entities_no_article_mentions(loaded) -> None:
    t3 = next(r for r in corpus() if r["id"] == "t3-tehran")
    t3["nodes"] = [n for n in t3["nodes"] if n["key"] != "hezbollah"]
    t3["relations"] = [r for r in t3["relations"] if "hezbollah" not in (r["source"], r["target"])]
    loaded.add([t3])
    assert counts(loaded)["nodes"] == {**COUNTS["nodes"], "ArmedGroup": 0}
    assert ("ISR", "hezbollah") not in {
        (r["actor_a"], r["actor_b"]) for r in run_named(loaded, "adversaries", {}).rows
    }


def test_contract_latest_name_wins(loaded) -> None:
    t5 = next(r for r in corpus() if r["id"] == "t5-energy")
    t5["nodes"][0]["name"] = "People's Republic of China"
    loaded.add([t5])
    rows = run_named(loaded, "topic_states", {"topic": "energy"}).tuples()
    assert ("CHN", "People's Republic of China", 1) in rows


def test_contract_invalid_record_stops_after_earlier_ones(open_backend) -> None:
    records = corpus()
    records[2] = dict(records[2], topics=["tennis"])
    store = open_backend()
    with pytest.raises(InputError, match=r"^record 't3-tehran': \$\.topics\[0\]: 'tennis'"):
        store.add(records)
    assert counts(store)["articles"] == 2


def _break_writes(store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the store's next batch fail after part of it has reached the store."""
    if store.name == "neo4j":
        from relgraph.stores import neo4j_store

        real = neo4j_store.assertion_statement

        def broken(rel_type: str, source_kind: str, target_kind: str, **how) -> str:
            if rel_type == "SUPPLIES_ARMS":  # after the articles, entities and links
                return "UNWIND $rows AS row THIS IS NOT CYPHER"
            return real(rel_type, source_kind, target_kind, **how)

        monkeypatch.setattr(neo4j_store, "assertion_statement", broken)
        real_pairs = neo4j_store.create_pairs_statement

        def broken_pairs(rel_type: str, source_kind: str, target_kind: str) -> str:
            if rel_type == "SUPPLIES_ARMS":
                return "UNWIND $pairs AS pair THIS IS NOT CYPHER"
            return real_pairs(rel_type, source_kind, target_kind)

        monkeypatch.setattr(neo4j_store, "create_pairs_statement", broken_pairs)
    else:
        real_update = type(store)._update

        def failing(self, text: str) -> None:  # the request fails while it runs
            real_update(self, text + " ;\nLOAD <file:///nonexistent/relgraph-test.ttl>")

        monkeypatch.setattr(type(store), "_update", failing)
        real_extend = type(store)._extend

        def failing_extend(self, quads) -> None:  # the insert fails half-way through
            quads = list(quads)

            def half_then_fail():
                yield from quads[: len(quads) // 2]
                raise OSError("disk full (simulated)")

            real_extend(self, half_then_fail())

        monkeypatch.setattr(type(store), "_extend", failing_extend)


def test_contract_failed_batch_leaves_no_partial_writes(open_backend, monkeypatch) -> None:
    store = open_backend()
    records = corpus()
    store.add(records[:2])
    before = store.stats()
    with monkeypatch.context() as patch:
        _break_writes(store, patch)
        with pytest.raises(StoreError):
            store.add(records[2:])  # one batch: t3 (SUPPLIES_ARMS IRN -> RUS) and later
    assert store.stats() == before
    assert run_named(store, "topic_states", {"topic": "energy"}).rows == []  # t5 is not there
    assert store.add(records) == LoadStats(
        articles_added=4, articles_unchanged=2, nodes_added=12, assertions_added=22
    )
    assert counts(store) == COUNTS


def test_contract_concurrent_loaders_create_no_duplicates(open_backend) -> None:
    loaders = 4
    # Neo4j: one store (driver, connections) per loader, as separate processes
    # would have. The embedded store admits one process: its loaders share it.
    first = open_backend()
    stores = [first] + [
        open_backend() if first.name == "neo4j" else first for _ in range(loaders - 1)
    ]
    start = threading.Barrier(loaders)
    results: list[LoadStats | BaseException] = [LoadStats()] * loaders

    def load(i: int) -> None:
        records = corpus()
        random.Random(i).shuffle(records)
        start.wait()
        try:
            results[i] = stores[i].add(records, batch_size=1 + i % 2)
        except BaseException as err:  # reported by the assertion below
            results[i] = err

    threads = [threading.Thread(target=load, args=(i,)) for i in range(loaders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert [r for r in results if isinstance(r, BaseException)] == []
    for stats in results:
        assert isinstance(stats, LoadStats)
        assert stats.articles_added + stats.articles_updated + stats.articles_unchanged == 6
    assert counts(first) == COUNTS
    assert first.add(corpus()) == LoadStats(articles_unchanged=6)
    if first.name == "neo4j":
        for check in (
            "MATCH (n) WITH labels(n)[0] AS kind, coalesce(n.iso3, n.id) AS key, count(*) AS c "
            "WHERE c > 1 RETURN kind, key",
            "MATCH ()-[r]->() WHERE r.id IS NOT NULL WITH r.id AS id, count(*) AS c "
            "WHERE c > 1 RETURN id",
            "MATCH (a:Article)-[m]->(n) WITH a, type(m) AS t, n, count(*) AS c "
            "WHERE c > 1 RETURN a.id, t",
        ):
            assert first.query(check).rows == [], check
        # assertions, then MENTIONS and ABOUT: one per distinct node and topic of each record
        assert first.stats()["relationships"] == 39 + 35 + 14


# ------------------------------------------------- the same answers, both languages
@pytest.fixture(scope="module")
def sample_records() -> list[dict]:
    """The sample articles of data/articles, extracted once by the real extractor."""
    from relgraph.extract import Extractor
    from relgraph.io import read_articles

    return list(Extractor().extract_many(read_articles([str(ROOT / "data" / "articles")])))


def _calls(records: list[dict]) -> list[tuple[str, dict[str, str]]]:
    """Every named question, with each state and topic of the records as parameters."""
    states = sorted({n["key"] for r in records for n in r["nodes"] if n["type"] == "State"})
    topics = sorted({t for r in records for t in r["topics"]})
    calls: list[tuple[str, dict[str, str]]] = []
    for name in ("adversaries", "arms_flows", "cooperation_network", "leader_meetings",
                 "shared_sanctions_exposure"):
        calls.append((name, {}))
    calls += [("state_profile", {"iso3": s}) for s in states]
    calls += [("timeline", {"iso3": s}) for s in states]
    calls += [("topic_states", {"topic": t}) for t in topics]
    # The SPARQL path query takes ~0.2 s a pair: a fixed sample of the pairs.
    pairs = [(a, b) for a in states for b in states if a < b]
    calls += [("path_between", {"a": a, "b": b})
              for a, b in sorted(random.Random(4).sample(pairs, min(24, len(pairs))))]
    return calls


@pytest.mark.neo4j
@pytest.mark.parametrize("data", ["corpus", "sample articles"])
def test_contract_every_named_question_same_rows_in_sparql_and_cypher(
    data: str, sample_records, tmp_path: Path, open_neo4j
) -> None:
    records = corpus() if data == "corpus" else sample_records
    neo = open_neo4j()
    neo.add(records)
    calls = _calls(records)
    assert len({name for name, _ in calls}) == 9
    with open_store(tmp_path / "embedded") as ox:
        ox.add(records)
        answered = 0
        for name, params in calls:
            sparql, cypher = run_named(ox, name, params), run_named(neo, name, params)
            assert cypher.columns == sparql.columns, (name, params)
            assert cypher.rows == sparql.rows, (name, params)
            answered += bool(sparql.rows)
    assert answered >= len(calls) // 4  # the comparison is not over empty answers


# ------------------------------------------- the same networkx graph, both backends
GRAPH_FILTERS = [
    {},
    {"level": "state"},
    {"modality": "asserted,planned,reported,negated"},
    {"modality": "negated", "level": "state"},
    {"types": "SANCTIONS,CONDEMNS,THREATENS,FIGHTS", "level": "state"},
    {"types": ["MEETS", "VISITS", "LEADER_OF"]},
    {"since": "2024-04-14"},  # a day assertions of the corpus have: bounds are inclusive
    {"until": "2024-04-14", "level": "state"},
    {"since": "2014-01-01", "until": "2014-12-31"},
    {"since": "2024-03-04", "until": "2024-05-02", "modality": "asserted", "level": "state"},
]


def _edges(G) -> list[tuple]:
    """Every edge with its key and attributes: the edge multiset, as a sorted list."""
    return sorted((u, v, k, sorted(d.items())) for u, v, k, d in G.edges(keys=True, data=True))


def _by_id(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: r["id"])


@pytest.mark.neo4j
@pytest.mark.parametrize("data", ["corpus", "sample articles"])
def test_contract_to_networkx_same_graph_from_sparql_and_cypher(
    data: str, sample_records, tmp_path: Path, open_neo4j
) -> None:
    from relgraph.analytics import to_networkx
    from relgraph.analytics.graph import assertion_rows

    records = corpus() if data == "corpus" else sample_records
    neo = open_neo4j()
    neo.add(records)
    sizes = []
    with open_store(tmp_path / "embedded") as ox:
        ox.add(records)
        for f in GRAPH_FILTERS:
            # The rows first: Neo4j filters in its Cypher query, the SPARQL rows
            # are filtered in Python; the graph would hide a filter that keeps
            # too much, since graph_from_rows filters again.
            sparql_rows = _by_id(assertion_rows(ox, **f))
            assert _by_id(assertion_rows(neo, **f)) == sparql_rows, f
            A, B = to_networkx(ox, **f), to_networkx(neo, **f)
            assert dict(B.nodes(data=True)) == dict(A.nodes(data=True)), f
            assert _edges(B) == _edges(A), f
            assert B.graph == A.graph == {"level": f.get("level", "entity")}, f
            sizes.append(A.number_of_edges())
    # the comparison is not over empty graphs
    assert max(sizes) >= 20 and sum(map(bool, sizes)) >= len(GRAPH_FILTERS) // 2, sizes
