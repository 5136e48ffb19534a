"""The command line against Neo4j over Bolt: ingest, load, named and ad-hoc queries, errors.

Against the session's Bolt server (ArcadeDB started by the tests, or
``$RELGRAPH_NEO4J_URI``); the credentials go in through the ``NEO4J_*``
variables, as a user's would.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import cli

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "articles"
NAMED = [
    ("shared_sanctions_exposure", []),
    ("leader_meetings", []),
    ("cooperation_network", []),
    ("state_profile", ["-p", "iso3", "RUS"]),
    ("state_profile", ["-p", "iso3", "prk"]),
    ("path_between", ["-p", "a", "PRK", "-p", "b", "UKR"]),
    ("path_between", ["-p", "a", "UKR", "-p", "b", "USA"]),
    ("arms_flows", []),
    ("adversaries", []),
    ("topic_states", ["-p", "topic", "sanctions"]),
    ("timeline", ["-p", "iso3", "RUS"]),
]


def _run(target, *args, env: dict[str, str] | None = None):
    result = CliRunner().invoke(
        cli, [str(a) for a in args], env=target.env() if env is None else env
    )
    return result


def _json(target, *args):
    result = _run(target, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles ingested into an embedded store."""
    store = tmp_path_factory.mktemp("cli-neo4j") / "graph"
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def test_cli_neo4j_ingest_then_query_and_ingest_again(neo4j_target) -> None:
    uri = neo4j_target.uri
    result = _run(neo4j_target, "ingest", SAMPLES, "--neo4j", uri)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("5 articles read: 5 added, 0 updated, 0 unchanged")
    assert result.output.rstrip().endswith(f"added to {uri}")
    rows = _json(neo4j_target, "query", "shared_sanctions_exposure", "--neo4j", uri,
                 "--format", "json")
    row = next(r for r in rows if (r["state_a"], r["state_b"]) == ("PRK", "RUS"))
    assert "the-west" in row["sanctioners"]
    assert isinstance(row["assertions"], int)
    assert row["assertions"] >= 2

    before = _json(neo4j_target, "stats", "--neo4j", uri, "--format", "json")
    again = _run(neo4j_target, "ingest", SAMPLES, "--neo4j", uri)
    assert again.exit_code == 0, again.output
    assert (
        "0 added, 0 updated, 5 unchanged (5 without extracting them again); "
        "0 nodes and 0 assertions added" in again.output
    )
    assert _json(neo4j_target, "stats", "--neo4j", uri, "--format", "json") == before
    assert before["articles"] == 5
    assert before["relationships"] > sum(before["assertions"].values())  # and links


def test_cli_neo4j_load_copies_the_embedded_store(neo4j_target, embedded: Path) -> None:
    uri = neo4j_target.uri
    result = _run(neo4j_target, "load", "--store", embedded, "--neo4j", uri)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"5 articles copied from {embedded}: 5 added")
    embedded_stats = _json(neo4j_target, "stats", "--store", embedded, "--format", "json")
    neo4j_stats = _json(neo4j_target, "stats", "--neo4j", uri, "--format", "json")
    for key in ("nodes", "assertions", "articles"):
        assert neo4j_stats[key] == embedded_stats[key]

    for name, params in NAMED:
        sparql = _json(neo4j_target, "query", name, *params, "--store", embedded,
                       "--format", "json")
        cypher = _json(neo4j_target, "query", name, *params, "--neo4j", uri, "--format", "json")
        assert cypher == sparql, (name, params)
    assert any(_json(neo4j_target, "query", n, *p, "--store", embedded, "--format", "json")
               for n, p in NAMED)

    again = _run(neo4j_target, "load", "--store", embedded, "--neo4j", uri)
    assert "0 added, 0 updated, 5 unchanged; 0 nodes and 0 assertions added" in again.output
    assert _json(neo4j_target, "stats", "--neo4j", uri, "--format", "json") == neo4j_stats


def test_cli_neo4j_uri_from_the_environment(neo4j_target, embedded: Path) -> None:
    env = {**neo4j_target.env(), "NEO4J_URI": neo4j_target.uri}
    result = _run(neo4j_target, "load", "--store", embedded, "--neo4j", env=env)
    assert result.exit_code == 0, result.output
    result = _run(neo4j_target, "load", "--store", embedded, env=env)  # load is always Neo4j
    assert result.exit_code == 0, result.output
    assert "5 unchanged" in result.output
    missing = _run(neo4j_target, "load", "--store", embedded)
    assert missing.exit_code == 1
    assert missing.output == "Error: no Neo4j URI: give --neo4j URI or set NEO4J_URI\n"
    out = _run(neo4j_target, "cypher", "MATCH (a:Article) RETURN count(a) AS n", env=env)
    assert out.exit_code == 0, out.output
    assert out.output.split() == ["n", "-", "5"]


def test_cli_cypher_binds_parameters_and_refuses_writes(neo4j_target, embedded: Path) -> None:
    uri = neo4j_target.uri
    assert _run(neo4j_target, "load", "--store", embedded, "--neo4j", uri).exit_code == 0
    text = "MATCH (s:State {iso3: $iso3}) RETURN s.iso3 AS iso3, s.name AS name"
    rows = _json(neo4j_target, "cypher", text, "-p", "iso3", "PRK", "--neo4j", uri,
                 "--format", "json")
    assert rows == [{"iso3": "PRK", "name": "North Korea"}]
    evil = "PRK'}) DETACH DELETE s //"
    assert _json(neo4j_target, "cypher", text, "-p", "iso3", evil, "--neo4j", uri,
                 "--format", "json") == []
    empty = _run(neo4j_target, "cypher", text, "-p", "iso3", "XXX", "--neo4j", uri,
                 "--format", "csv")
    assert empty.output == "iso3,name\n"  # an empty answer keeps its header

    before = _json(neo4j_target, "stats", "--neo4j", uri, "--format", "json")
    refused = _run(neo4j_target, "cypher", "MATCH (n) DETACH DELETE n", "--neo4j", uri)
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: query refused by relgraph: it would change")
    assert _json(neo4j_target, "stats", "--neo4j", uri, "--format", "json") == before

    bad = _run(neo4j_target, "cypher", "MATCH (n RETURN n", "--neo4j", uri)
    assert bad.exit_code == 1
    assert bad.output.startswith(f"Error: query rejected by Neo4j at {uri}: ")
    assert len(bad.output.splitlines()) == 1


# ---------------------------------------------------------------------- viz
def _page_data(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="graph-data">(.*?)</script>', text, re.DOTALL).group(1))


# What the server holds, read with a query of the test's own (not through to_networkx).
_HELD = (
    "MATCH (s)-[r]->(t) WHERE r.modality IN ['asserted', 'planned', 'reported'] "
    "RETURN coalesce(s.iso3, s.id) AS source, coalesce(t.iso3, t.id) AS target, "
    "type(r) AS type, r.modality AS modality, r.date AS date"
)
VIEWS = [  # the arguments, and which held rows the page draws (None: not counted here)
    ([], lambda r: True),
    (["--types", "SANCTIONS,CONDEMNS,FIGHTS", "--since", "2014-01-01"],
     lambda r: r["type"] in ("SANCTIONS", "CONDEMNS", "FIGHTS")
     and (r["date"] or "") >= "2014-01-01"),
    (["--level", "state", "--query", "shared_sanctions_exposure"], None),
    (["--state", "RUS", "--radius", "1"], None),
]


def test_cli_neo4j_viz_draws_what_the_server_holds(
    neo4j_target, embedded: Path, tmp_path: Path
) -> None:
    uri = neo4j_target.uri
    assert _run(neo4j_target, "load", "--store", embedded, "--neo4j", uri).exit_code == 0
    with neo4j_target.open_store(read_only=True) as store:
        held = store.query(_HELD).rows
    for i, (args, keep) in enumerate(VIEWS):
        page = tmp_path / f"neo4j-{i}.html"
        result = _run(neo4j_target, "viz", "--neo4j", uri, "-o", page, *args)
        assert result.exit_code == 0, (args, result.output)
        data = _page_data(page)
        if keep is not None:  # the page counts what the server holds
            rows = [r for r in held if keep(r)]
            nodes = {r[end] for r in rows for end in ("source", "target")}
            lines = {(r["source"], r["target"], r["type"], r["modality"]) for r in rows}
            assert sorted(n["id"] for n in data["nodes"]) == sorted(nodes), args
            assert len(data["edges"]) == len(lines), args
            assert sum(e["tip"]["count"] for e in data["edges"]) == len(rows) >= 5, args
            assert result.output.startswith(
                f"wrote {page}: {len(nodes)} nodes, {len(rows)} assertions ("
            ), args
        # and the very page the embedded store's copy of the same articles gives
        same = tmp_path / f"embedded-{i}.html"
        assert _run(neo4j_target, "viz", "--store", embedded, "-o", same, *args).exit_code == 0
        assert data == _page_data(same), args
        if neo4j_target.password:
            assert neo4j_target.password not in result.output + page.read_text(encoding="utf-8")


# ------------------------------------------------------------------- errors
def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _relgraph(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The installed command in a fresh process, as a user runs it."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    return subprocess.run(
        [sys.executable, "-m", "relgraph", *args],
        env={**base, **env}, capture_output=True, text=True, timeout=300,
    )


@pytest.mark.parametrize(
    ("case", "command"),
    [
        ("wrong password", ["query", "adversaries"]),
        ("wrong password", ["load"]),
        ("unreachable server", ["query", "adversaries"]),
        ("unreachable server", ["cypher", "RETURN 1"]),
        ("unknown database", ["query", "adversaries"]),
        ("unknown database", ["ingest", str(SAMPLES / "seed.txt")]),
        ("wrong password", ["viz"]),
        ("unreachable server", ["viz", "--query", "adversaries"]),
    ],
)
def test_cli_neo4j_connection_errors_are_one_line(
    bolt_server, embedded: Path, tmp_path: Path, case: str, command: list[str]
) -> None:
    uri, env = bolt_server.uri, bolt_server.env()
    wrong = "wrong-" + (bolt_server.password or "pw")[::-1]
    if case == "wrong password":
        env["NEO4J_PASSWORD"] = wrong
        expected = f"Error: Neo4j at {uri} refused the credentials of user {bolt_server.user!r} ("
    elif case == "unreachable server":
        uri = f"bolt://127.0.0.1:{_closed_port()}"
        expected = f"Error: cannot reach Neo4j at {uri} ("
    else:
        env["NEO4J_DATABASE"] = "relgraph-no-such-db"
        expected = f"Error: Neo4j at {uri} has no database 'relgraph-no-such-db' ("
    extra = ["--store", str(embedded)] if command == ["load"] else []
    page = tmp_path / "graph.html"
    if command[0] == "viz":
        extra = ["-o", str(page)]
    proc = _relgraph([*command, *extra, "--neo4j", uri], env)
    assert proc.returncode == 1, proc
    assert not page.exists()
    assert proc.stdout == ""
    assert proc.stderr.startswith(expected), proc.stderr
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for secret in (bolt_server.password, wrong):
        if secret:
            assert secret not in proc.stdout + proc.stderr


def test_cli_neo4j_password_in_the_uri_is_never_shown(bolt_server) -> None:
    if not bolt_server.password:
        pytest.fail("the test server must have a password")
    host = bolt_server.uri.split("://", 1)[1]
    uri = f"bolt://{bolt_server.user}:{bolt_server.password}@{host}"
    env = {"NEO4J_DATABASE": "relgraph-no-such-db"}
    proc = _relgraph(["query", "adversaries", "--neo4j", uri], env)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"Error: Neo4j at bolt://{host} has no database")
    assert bolt_server.password not in proc.stdout + proc.stderr
