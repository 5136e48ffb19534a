"""The on-disk Oxigraph store: idempotent loading, replacement, reopening, errors."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from relgraph.errors import InputError, QueryError, StoreError, StoreUnavailable
from relgraph.rdf import validate_shacl
from relgraph.stores import LoadStats, default_store_path, open_store
from relgraph.stores.oxigraph_store import OxigraphStore

CORPUS = Path(__file__).parent / "data" / "extractions.jsonl"

STATS = {
    "nodes": {"State": 12, "Leader": 7, "Organization": 3, "ArmedGroup": 1, "Bloc": 1},
    "assertions": {
        "CONDEMNS": 3, "COOPERATES_WITH": 4, "FIGHTS": 2, "LEADER_OF": 7, "MEETS": 4,
        "MEMBER_OF": 4, "SANCTIONS": 8, "SEVERS_TIES": 1, "SUPPLIES_ARMS": 3, "THREATENS": 2,
        "VISITS": 1,
    },
    "articles": 6,
}


def corpus() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "store") as s:
        s.add(corpus())
        yield s


def _without_triples(stats: dict) -> dict:
    return {k: v for k, v in stats.items() if k != "triples"}


def test_add_counts_a_fresh_load(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as s:
        stats = s.add(corpus(), batch_size=4)
        assert stats == LoadStats(articles_added=6, nodes_added=24, assertions_added=39)
        assert _without_triples(s.stats()) == STATS


def test_add_same_records_again_changes_nothing(store: OxigraphStore) -> None:
    before = store.stats()
    again = store.add(corpus())
    assert again == LoadStats(articles_unchanged=6)
    assert store.stats() == before


def test_changed_record_replaces_its_article(store: OxigraphStore) -> None:
    before = store.stats()
    t6 = next(r for r in corpus() if r["id"] == "t6-minsk")
    changed = copy.deepcopy(t6)
    changed["relations"] = [r for r in changed["relations"] if r["type"] != "CONDEMNS"]
    changed["relations"][0]["modality"] = "planned"  # EU -> BLR: a new assertion
    assert store.add([changed]) == LoadStats(articles_updated=1, assertions_added=1)
    after = store.stats()
    assert after["assertions"]["CONDEMNS"] == before["assertions"]["CONDEMNS"] - 1
    assert after["assertions"]["SANCTIONS"] == before["assertions"]["SANCTIONS"]
    assert after["triples"] < before["triples"]
    rows = store.query(
        "SELECT ?m WHERE { ?a rg:relation rg:sanctions ; rg:target ?t ; rg:modality ?m . "
        "?t rg:key 'BLR' }"
    ).tuples()
    assert rows == [("planned",)]
    # putting the old version back restores the original graph exactly
    assert store.add([t6]) == LoadStats(articles_updated=1, assertions_added=2)
    assert store.stats() == before


def test_replacing_drops_entities_no_article_mentions(store: OxigraphStore) -> None:
    t3 = next(r for r in corpus() if r["id"] == "t3-tehran")
    t3["nodes"] = [n for n in t3["nodes"] if n["key"] != "hezbollah"]
    t3["relations"] = [r for r in t3["relations"] if "hezbollah" not in (r["source"], r["target"])]
    store.add([t3])
    assert store.stats()["nodes"]["ArmedGroup"] == 0
    assert store.stats()["nodes"]["State"] == 12  # ISR etc. still mentioned here or elsewhere


def test_latest_name_wins(store: OxigraphStore) -> None:
    t5 = next(r for r in corpus() if r["id"] == "t5-energy")
    t5["nodes"][0]["name"] = "People's Republic of China"
    store.add([t5])
    rows = store.query("SELECT ?n WHERE { ?s rg:key 'CHN' ; rg:name ?n }").tuples()
    assert rows == [("People's Republic of China",)]


def test_invalid_record_stops_load_after_writing_earlier_ones(tmp_path: Path) -> None:
    records = corpus()
    records[2] = dict(records[2], topics=["tennis"])
    with open_store(tmp_path / "s") as s:
        with pytest.raises(InputError, match=r"^record 't3-tehran': \$\.topics\[0\]: 'tennis'"):
            s.add(records)
        assert s.stats()["articles"] == 2


def test_store_survives_close_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with open_store(path) as s:
        s.add(corpus())
        before = s.stats()
    with open_store(path, read_only=True) as s:
        assert s.stats() == before
        with pytest.raises(StoreError, match="open read-only"):
            s.add(corpus()[:1])
    with open_store(str(path)) as s:
        assert s.add(corpus()) == LoadStats(articles_unchanged=6)


def test_store_graph_conforms_to_shapes_through_rdflib(store: OxigraphStore) -> None:
    ds = store.to_rdflib()
    count = ds.query(
        "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/relgraph/ns#Assertion> }"
    )
    assert [int(row[0]) for row in count] == [39]
    conforms, report = validate_shacl(ds)
    assert conforms, report


def test_query_returns_plain_values(store: OxigraphStore) -> None:
    result = store.query(
        "SELECT ?source ?type ?mod ?conf ?date ?n WHERE { "
        "?a rg:relation ?type ; rg:source ?source ; rg:modality ?mod ; rg:confidence ?conf ; "
        "rg:date ?date ; rg:target/rg:key 'DEU' . BIND (1 + 1 AS ?n) }"
    )
    assert result.columns == ["source", "type", "mod", "conf", "date", "n"]
    assert result.rows == [
        {"source": "olaf-scholz", "type": "LEADER_OF", "mod": "asserted", "conf": 0.95,
         "date": "2024-03-04", "n": 2},
    ]


@pytest.mark.parametrize(
    "evil",
    [
        'RUS" } UNION { ?s ?p ?key } #',
        "RUS' . ?s ?p ?o } #",
        "}}} DROP ALL ; SELECT * WHERE { ?s ?p ?o",
        "?key",
    ],
)
def test_query_binds_parameters_never_formats(store: OxigraphStore, evil: str) -> None:
    text = "SELECT ?key ?e WHERE { ?e rg:key ?key }"
    assert store.query(text, {"key": "RUS"}).tuples() == [("RUS", "RUS")]
    assert store.query(text, {"key": evil}).rows == []


def test_query_errors_are_query_errors(store: OxigraphStore) -> None:
    with pytest.raises(QueryError, match="query rejected by oxigraph store at .*: "):
        store.query("SELECT ?x WHERE { ?x ")
    with pytest.raises(InputError, match=r"parameter 'x': cannot bind a list"):
        store.query("SELECT ?x WHERE { ?x ?p ?o }", {"x": [1]})


def test_read_only_missing_store(tmp_path: Path) -> None:
    path = tmp_path / "nope"
    with pytest.raises(StoreUnavailable, match=rf"^{path}: no such folder; load articles"):
        open_store(path, read_only=True)
    assert not path.exists()


def test_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(StoreUnavailable, match=rf"^{tmp_path}: not a relgraph store \(the folder"):
        open_store(tmp_path)
    with pytest.raises(StoreUnavailable, match=r"not a store \(a file, expected a folder\)"):
        open_store(tmp_path / "notes.txt")


def test_locked_store(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with open_store(path):
        with pytest.raises(StoreUnavailable, match=rf"^{path}: store is locked"):
            open_store(path)
    with open_store(path) as again:  # the lock went with close()
        assert again.stats()["articles"] == 0


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    s = open_store(tmp_path / "s")
    s.close()
    s.close()
    with pytest.raises(StoreError, match="store is closed"):
        s.stats()


def test_unknown_scheme() -> None:
    known = "bolt, bolt\\+s, bolt\\+ssc, neo4j, neo4j\\+s, neo4j\\+ssc, oxigraph"
    with pytest.raises(InputError, match=f"^unknown store 'neo4' in 'neo4://x'; expected one of: {known}$"):
        open_store("neo4://x")
    with pytest.raises(InputError, match="^unknown store 'neo4' in 'neo4://host:1'"):
        open_store("neo4://ann:secret@host:1")  # credentials are never echoed


def test_default_store_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RELGRAPH_STORE", str(tmp_path / "env"))
    assert default_store_path() == tmp_path / "env"
    monkeypatch.delenv("RELGRAPH_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "xdg" / "relgraph" / "store"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_store_path() == tmp_path / ".local" / "share" / "relgraph" / "store"


def test_batch_size_must_be_positive(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as s, pytest.raises(InputError, match="batch_size"):
        s.add(corpus(), batch_size=0)
