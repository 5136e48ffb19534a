"""Server faults on the Neo4j path, with a Bolt server (ArcadeDB) of the test's own
that it stops and starts: stopped before a load, stopped mid-load, wrong
credentials, unknown database. Each ends with one line naming the URI (never
the password) and a non-zero exit; a re-run once the server is back completes
the load with no duplicates (the counts of a clean load).
"""

from __future__ import annotations

import secrets
import subprocess
import time

import pytest
from bolt_server import BoltServer
from click.testing import CliRunner
from reliability_corpus import popen, relgraph, wait_until, write_corpus

from relgraph.cli import cli
from relgraph.stores import open_store

pytestmark = pytest.mark.neo4j

N = 160
COUNTED = ("nodes", "assertions", "articles")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    srv = BoltServer(tmp_path_factory.mktemp("faults"), password=f"rg-{secrets.token_hex(8)}-pw")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    """The articles, and what a clean load of them holds (counted on the embedded store)."""
    folder = tmp_path_factory.mktemp("faults-corpus")
    path = folder / "articles.jsonl"
    write_corpus(path, N)
    result = CliRunner().invoke(cli, ["ingest", str(path), "--store", str(folder / "clean")])
    assert result.exit_code == 0, result.output
    with open_store(folder / "clean", read_only=True) as store:
        clean = {k: v for k, v in store.stats().items() if k in COUNTED}
        per_article = {r["id"]: len(r["relations"]) for r in store.records()}
    return path, folder / "clean", clean, per_article


def _env(server: BoltServer, **changes: str) -> dict[str, str]:
    env = {**server.target.env(), "RELGRAPH_NEO4J_RETRY_SECONDS": "1"}
    env.update(changes)
    return env


def _run(server: BoltServer, *args: object, **env: str) -> subprocess.CompletedProcess[str]:
    """The command line in this process (the same code, without a Python start-up each time)."""
    result = CliRunner().invoke(cli, [str(a) for a in args], env=_env(server, **env))
    code = result.exit_code
    return subprocess.CompletedProcess(args, code, result.stdout, result.stderr)


def _env_base() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}


def _one_line_error(proc: subprocess.CompletedProcess[str], server: BoltServer, start: str) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "Traceback" not in out
    assert server.password not in out
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(start), lines[0]
    assert server.target.uri in lines[0]


def _held(server: BoltServer) -> dict:
    with server.target.open_store(read_only=True) as store:
        stats = {k: v for k, v in store.stats().items() if k in COUNTED}
        rows = store.query(
            "MATCH (a:Article) OPTIONAL MATCH ()-[r]->() WHERE r.article_id = a.id "
            "RETURN a.id AS id, count(r) AS n"
        ).rows
        (orphans,) = store.query(
            "MATCH ()-[r]->() WHERE r.article_id IS NOT NULL "
            "AND NOT EXISTS { MATCH (a:Article) WHERE a.id = r.article_id } RETURN count(r) AS n"
        ).rows
        (dups,) = store.query(
            "MATCH (a:Article) WITH a.id AS id, count(*) AS c WHERE c > 1 RETURN count(id) AS n"
        ).rows
    return {"stats": stats, "per_article": {r["id"]: r["n"] for r in rows},
            "orphans": orphans["n"], "duplicate_articles": dups["n"]}  # fmt: skip


def _articles(server: BoltServer) -> int:
    try:
        with server.target.open_store(read_only=True) as store:
            return int(store.stats()["articles"])
    except Exception:
        return 0


def test_server_faults_then_a_rerun_completes_without_duplicates(server, corpus) -> None:
    path, clean_dir, clean, per_article = corpus
    uri = server.target.uri
    unreachable = f"Error: cannot reach Neo4j at {uri} ("

    # 1. wrong credentials, 2. unknown database
    wrong = _run(server, "stats", "--neo4j", uri, NEO4J_PASSWORD="wrong-password")
    _one_line_error(wrong, server, f"Error: Neo4j at {uri} refused the credentials of user")
    assert "wrong-password" not in wrong.stdout + wrong.stderr
    nodb = _run(server, "load", "--store", clean_dir, "--neo4j", uri, NEO4J_DATABASE="no-such-db")
    _one_line_error(nodb, server, f"Error: Neo4j at {uri} has no database 'no-such-db'")
    assert _articles(server) == 0

    # 3. stopped mid-load: the ingest stops with one line; what was written is whole
    env = {**_env_base(), **_env(server)}
    proc = popen("ingest", path, "--neo4j", uri, "--batch-size", "2", env=env)
    try:
        assert wait_until(lambda: _articles(server) >= 10 or proc.poll() is not None, step=0.2)
        assert proc.poll() is None, "the load ended before the server could be stopped"
        started = time.monotonic()
        server.stop()
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    # how the loss shows depends on where the server was in its shutdown: the
    # connection refused or dropped, the session's login dropped, or the statement
    # failing; each is one line naming the server
    _one_line_error(subprocess.CompletedProcess(proc.args, proc.returncode, out, err), server,
                    "Error: ")  # fmt: skip
    assert time.monotonic() - started < 60

    # 4. stopped before a load: nothing starts, one line
    _one_line_error(_run(server, "ingest", path, "--neo4j", uri), server, unreachable)
    _one_line_error(_run(server, "stats", "--neo4j", uri), server, unreachable)

    server.restart()
    held = _held(server)
    assert 10 <= held["stats"]["articles"] < N
    assert held["orphans"] == 0 and held["duplicate_articles"] == 0
    for rid, n in held["per_article"].items():  # no half batch: each article whole
        assert n == per_article[rid], rid

    # 5. the re-run completes it: the counts of a clean load, nothing twice
    again = _run(server, "ingest", path, "--neo4j", uri)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stdout + again.stderr
    assert again.stdout.startswith(f"{N} articles read: ")
    done = _held(server)
    assert done["stats"] == clean
    assert done["per_article"] == per_article
    assert done["orphans"] == 0 and done["duplicate_articles"] == 0
