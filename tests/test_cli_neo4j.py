"""The command line against Neo4j over Bolt: ingest, load, named and ad-hoc queries, errors.

Against the session's Bolt server (ArcadeDB started by the tests, or
``$RELGRAPH_NEO4J_URI``); the credentials go in through the ``NEO4J_*``
variables, as a user's would.
"""

from __future__ import annotations

import json
import os
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
    assert "0 added, 0 updated, 5 unchanged; 0 nodes and 0 assertions added" in again.output
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
    ],
)
def test_cli_neo4j_connection_errors_are_one_line(
    bolt_server, embedded: Path, case: str, command: list[str]
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
    proc = _relgraph([*command, *extra, "--neo4j", uri], env)
    assert proc.returncode == 1, proc
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
