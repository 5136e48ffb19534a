"""relgraph export: each format read back by another tool and compared with the store."""

from __future__ import annotations

import copy
import csv
import gzip
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from test_contract import _calls
from test_store import corpus

from relgraph.analytics import to_networkx
from relgraph.cli import cli
from relgraph.errors import InputError
from relgraph.export import export_store
from relgraph.query import run_named
from relgraph.stores import open_store
from relgraph.stores.oxigraph_store import ONTOLOGY_GRAPH, OxigraphStore

ALL_MODALITIES = "asserted,planned,reported,negated"
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
TRICKY = 'Kyiv said, "enough"; Moscow\nreplied: ""no"", then left.'


def _records() -> list[dict]:
    """The hand-made corpus plus an article whose texts need CSV quoting."""
    records = corpus()
    extra = copy.deepcopy(records[0])
    extra["id"] = "x-quoting"
    extra["title"] = 'Talks, "at last"\nand a second line'
    for rel in extra["relations"]:
        rel["evidence"] = f"{rel['evidence']} {TRICKY}"
    return [*records, extra]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "store"
    with open_store(path) as store:
        store.add(_records())
    return path


@pytest.fixture
def store(store_dir):
    with open_store(store_dir, read_only=True) as s:
        yield s


def _export(store_dir: Path, *args: str) -> str:
    res = CliRunner().invoke(cli, ["export", "--store", str(store_dir), *args])
    assert res.exit_code == 0, res.output
    return res.output


def _graph_id(g) -> str | None:
    ident = getattr(g, "identifier", g)
    text = str(ident) if ident is not None else ""
    return None if not text or text.startswith("urn:x-rdflib:") else text


def _plain_string(term):
    """RDF 1.1: a literal without datatype is an xsd:string (the rdflib view spells it out)."""
    if isinstance(term, Literal) and term.datatype == XSD_STRING and not term.language:
        return Literal(str(term))
    return term


def _store_quads(store) -> set[tuple]:
    """The store's quads as rdflib terms, through the rdflib view (not the exporter's path)."""
    ds = store.to_rdflib()
    return {
        (s, p, _plain_string(o), _graph_id(g)) for s, p, o, g in ds.quads((None, None, None, None))
    }


# ------------------------------------------------------------------- N-Quads
def _calls_sample(records):
    calls = _calls(records)
    paths = [c for c in calls if c[0] == "path_between"][:4]
    return [c for c in calls if c[0] != "path_between"] + paths


def test_nquads_round_trip_gives_the_same_store(store_dir, store, tmp_path):
    import pyoxigraph as ox

    out = tmp_path / "graph.nq"
    msg = _export(store_dir, "--format", "nquads", str(out))
    assert (
        msg
        == f"wrote {out}: {len(out.read_text(encoding='utf-8').splitlines())} quads"
        + (msg[msg.index(" in ") :])
    )
    fresh = tmp_path / "fresh"
    OxigraphStore(fresh).close()  # an empty relgraph store (it holds the ontology)
    loader = ox.Store(str(fresh))
    loader.load(path=str(out), format=ox.RdfFormat.N_QUADS)
    loader.flush()
    del loader
    with OxigraphStore(fresh, read_only=True) as copy_:
        assert list(copy_.records()) == list(store.records())
        assert copy_.stats() == store.stats()
        calls = _calls_sample(_records())
        answered = 0
        for name, params in calls:
            want = run_named(store, name, params)
            assert run_named(copy_, name, params) == want, (name, params)
            answered += bool(want.rows)
        assert answered > len(calls) // 3


def test_nquads_gzip_and_without_ontology(store_dir, store, tmp_path):
    plain, packed, bare = tmp_path / "a.nq", tmp_path / "a.nq.gz", tmp_path / "b.nq"
    _export(store_dir, "--format", "nquads", str(plain))
    _export(store_dir, "--format", "nquads", str(packed))
    _export(store_dir, "--format", "nquads", "--no-ontology", str(bare))
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    full = Dataset().parse(plain, format="nquads")
    without = Dataset().parse(bare, format="nquads")
    onto = {q for q in full.quads((None, None, None, None)) if _graph_id(q[3]) == ONTOLOGY_GRAPH}
    assert onto  # the ontology graph is in the full export ...
    assert not any(
        _graph_id(q[3]) == ONTOLOGY_GRAPH for q in without.quads((None, None, None, None))
    )
    assert len(without) == len(full) - len(onto)  # ... and only it is left out


# -------------------------------------------------------------- JSON-LD, Turtle
def test_jsonld_parses_to_the_stores_quads(store_dir, store, tmp_path):
    out = tmp_path / "graph.jsonld"
    _export(store_dir, "--format", "jsonld", str(out))
    ds = Dataset().parse(out, format="json-ld")
    got = {(s, p, o, _graph_id(g)) for s, p, o, g in ds.quads((None, None, None, None))}
    want = _store_quads(store)
    assert len(want) > 1000
    assert got == want
    # one named graph per article, as in the store
    graphs = {g for *_, g in got if g and "/id/article/" in g}
    assert len(graphs) == len(_records())


def test_turtle_parses_to_the_union_of_the_stores_graphs(store_dir, store, tmp_path):
    out = tmp_path / "graph.ttl"
    msg = _export(store_dir, "--format", "turtle", str(out))
    g = Graph().parse(out, format="turtle")
    want = {(s, p, o) for s, p, o, _ in _store_quads(store)}
    assert set(g) == want
    # each triple once, though a direct triple stated by two articles is in two graphs
    assert f"wrote {out}: {len(want)} triples" in msg
    assert "@prefix state: <https://w3id.org/relgraph/id/state/>" in out.read_text("utf-8")


# ------------------------------------------------------------------- GraphML
def _without_none(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None}


def _compare_graphml(path: Path, G: nx.MultiDiGraph) -> None:
    H = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    assert dict(H.nodes(data=True)) == {n: _without_none(d) for n, d in G.nodes(data=True)}
    got = {(u, v, k): d for u, v, k, d in H.edges(keys=True, data=True)}
    want = {(u, v, k): _without_none(d) for u, v, k, d in G.edges(keys=True, data=True)}
    assert got == want
    assert H.graph["level"] == G.graph["level"]


def test_graphml_reads_back_as_to_networkx(store_dir, store, tmp_path):
    out = tmp_path / "graph.graphml"
    msg = _export(store_dir, "--format", "graphml", str(out))
    G = to_networkx(store, modality=ALL_MODALITIES)
    assert any(d["modality"] == "negated" for *_, d in G.edges(data=True))  # all kept
    assert any(isinstance(d.get("confidence"), float) for *_, d in G.edges(data=True))
    _compare_graphml(out, G)
    assert (
        msg.strip() == f"wrote {out}: {G.number_of_nodes()} nodes and {G.number_of_edges()} edges"
    )
    # the filters of viz apply
    state = tmp_path / "state.graphml"
    _export(store_dir, "--format", "graphml", "--level", "state", "--types", "SANCTIONS,FIGHTS",
            str(state))  # fmt: skip
    S = to_networkx(store, level="state", types="SANCTIONS,FIGHTS", modality=ALL_MODALITIES)
    assert 0 < S.number_of_edges() < G.number_of_edges()
    _compare_graphml(state, S)


# ----------------------------------------------------------------- Neo4j CSV
_TYPES = {"date": date.fromisoformat, "double": float, "float": float, "int": int, "long": int,
          "boolean": lambda v: v == "true", "string": str}  # fmt: skip


def _read_import(folder: Path):
    """Read CSV files as neo4j-admin import does: headers, ID spaces, types, empty = unset."""
    nodes: dict[tuple[str, str], tuple[str, dict]] = {}
    rels = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for row in reader:
                assert len(row) == len(header), (path.name, row)
                props, ident, label, start, end, rtype = {}, None, None, None, None, None
                for spec, cell in zip(header, row, strict=True):
                    name, _, kind = spec.partition(":")
                    if kind.startswith("ID("):
                        space = kind[3:-1]
                        ident = (space, cell)
                        if name:
                            props[name] = cell
                    elif kind.startswith("START_ID("):
                        start = (kind[9:-1], cell)
                    elif kind.startswith("END_ID("):
                        end = (kind[7:-1], cell)
                    elif kind == "LABEL":
                        label = cell
                    elif kind == "TYPE":
                        rtype = cell
                    elif cell != "":
                        props[name] = _TYPES[kind or "string"](cell)
                if ident is not None:
                    assert ident not in nodes, f"duplicate id {ident} in {path.name}"
                    nodes[ident] = (label, props)
                else:
                    rels.append((rtype, start, end, props))
    return nodes, rels


def test_neo4j_csv_ids_unique_endpoints_exist_and_quoting_survives(store_dir, store, tmp_path):
    out = tmp_path / "csv"
    msg = _export(store_dir, "--format", "neo4j-csv", str(out))
    nodes, rels = _read_import(out)
    for rtype, start, end, _ in rels:
        assert start in nodes and end in nodes, (rtype, start, end)
    # one relationship per assertion of the store, each with its sentence intact
    stats = store.stats()
    assertion_rels = [r for r in rels if r[0] not in ("MENTIONS", "ABOUT")]
    assert len(assertion_rels) == sum(stats["assertions"].values())
    tricky = [r for r in assertion_rels if r[3]["article_id"] == "x-quoting"]
    assert tricky and all(r[3]["sentence"].endswith(TRICKY) for r in tricky)
    assert nodes[("Article", "x-quoting")][1]["title"] == 'Talks, "at last"\nand a second line'
    lines = msg.splitlines()
    assert lines[0] == (
        f"wrote {len(list(out.glob('*.csv')))} CSV files to {out}: {len(nodes)} nodes and "
        f"{len(rels)} relationships (schema.cypher and import.sh beside them)"
    )
    command = lines[2].strip()
    assert command.startswith("neo4j-admin database import full neo4j --nodes=")
    assert command.endswith("--multiline-fields=true")  # the title spans two lines
    named = {p.split("=", 1)[1] for p in command.split() if p.startswith("--")}
    assert {str(p) for p in out.glob("*.csv")} <= named | {"true"}
    assert (out / "import.sh").read_text("utf-8").splitlines()[-1] == command
    # a second export needs --force, which replaces the files
    res = CliRunner().invoke(cli, ["export", "--store", str(store_dir), "--format", "neo4j-csv",
                                   str(out)])  # fmt: skip
    assert res.exit_code == 1
    assert (
        res.output.strip() == f"Error: {out}: folder is not empty; choose a new one or give --force"
    )
    _export(store_dir, "--format", "neo4j-csv", "--force", str(out))
    assert _read_import(out) == (nodes, rels)


@pytest.mark.neo4j
def test_neo4j_csv_equals_what_relgraph_load_writes(store_dir, store, tmp_path, open_neo4j):
    out = tmp_path / "csv"
    _export(store_dir, "--format", "neo4j-csv", str(out))
    nodes, rels = _read_import(out)
    neo = open_neo4j()
    neo.add(store.records())
    got_nodes = neo.query("MATCH (n) RETURN labels(n)[0] AS label, properties(n) AS props").rows
    want_nodes = sorted(
        (label, sorted((k, v.isoformat() if isinstance(v, date) else v) for k, v in props.items()))
        for label, props in nodes.values()
    )
    assert sorted((r["label"], sorted(r["props"].items())) for r in got_nodes) == want_nodes
    got_rels = neo.query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a)[0] AS sl, "
        "coalesce(a.iso3, a.id) AS sk, labels(b)[0] AS tl, coalesce(b.iso3, b.id) AS tk, "
        "properties(r) AS props"
    ).rows
    key = lambda r: (r[0], r[1], r[2], sorted(r[3].items()))
    want_rels = sorted(
        key((t, s, e, {k: v.isoformat() if isinstance(v, date) else v for k, v in p.items()}))
        for t, s, e, p in rels
    )
    got = sorted(
        key((r["type"], (r["sl"], r["sk"]), (r["tl"], r["tk"]), r["props"])) for r in got_rels
    )
    assert len(got) == len(want_rels) > 100
    assert got == want_rels


# ------------------------------------------------------------------- errors
def test_export_errors_are_one_line(store_dir, tmp_path):
    def run(*args):
        res = CliRunner().invoke(cli, ["export", *args])
        assert res.exit_code != 0
        assert "Traceback" not in res.output
        return res.output.strip().splitlines()[-1]

    assert run("--store", str(store_dir), "--format", "nquads", "--types", "MEETS",
               str(tmp_path / "x.nq")) == "Error: types: only with --format graphml"  # fmt: skip
    assert run("--format", "nquads", "--neo4j", "bolt://localhost:1", str(tmp_path / "x.nq")) == (
        "Error: --neo4j: only with --format graphml; the other formats read --store"
    )
    assert run("--store", str(store_dir), "--format", "turtle", str(tmp_path)) == (
        f"Error: {tmp_path}: is a folder; turtle writes one file"
    )
    assert run("--store", str(tmp_path / "none"), "--format", "nquads", str(tmp_path / "y.nq")) == (
        f"Error: {tmp_path / 'none'}: no such folder; load articles into it first"
    )
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert run("--store", str(store_dir), "--format", "turtle", str(blocker / "g.ttl")) == (
        f"Error: {blocker / 'g.ttl'}: cannot write ({blocker} is a file, not a folder)"
    )
    assert run("--store", str(store_dir), "--format", "neo4j-csv", str(blocker / "csv")) == (
        f"Error: {blocker / 'csv'}: cannot write (not a directory)"
    )
    with pytest.raises(InputError, match="unknown export format 'rdfxml'"):
        export_store(None, "rdfxml", tmp_path / "z")
