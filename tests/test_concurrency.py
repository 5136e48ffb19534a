"""Concurrent use of one embedded store: one writer at a time, readers any time.

RocksDB (under pyoxigraph) lets one process open the store for writing; a
second writer fails at once with one line. Read-only opens take no lock: they
read a consistent snapshot while a writer works, so ``query``, ``stats`` and
``sparql`` run during an ingest (each sees the batches committed when it
started).
"""

from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner
from reliability_corpus import (
    article_count,
    orphan_assertions,
    popen,
    records,
    relgraph,
    wait_until,
    write_corpus,
)

from relgraph.cli import cli
from relgraph.stores import open_store

N = 450


def _locked_line(store) -> str:
    return (
        f"Error: {store}: store is locked by another process or handle writing to it; "
        "run this again when that ends (reading works meanwhile: query, stats, sparql, "
        "or read_only=True)"
    )


def test_second_writer_fails_with_one_line_and_changes_nothing(tmp_path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "late", "text": "France condemned Iran."}\n', encoding="utf-8")
    store = tmp_path / "graph"
    record = {"id": "first", "title": None, "topics": [], "nodes": [], "relations": []}
    with open_store(store) as writer:  # this process holds the write lock
        writer.add([record])
        proc = subprocess.run(relgraph("ingest", src, "--store", store), capture_output=True,
                              text=True)  # fmt: skip
        assert proc.returncode == 1
        assert proc.stdout == ""
        assert proc.stderr.splitlines() == [_locked_line(store)]
        # readers are not blocked by the writer
        stats = CliRunner().invoke(cli, ["stats", "--store", str(store), "--format", "json"])
        assert stats.exit_code == 0, stats.output
        assert json.loads(stats.output)["articles"] == 1
    assert set(records(store)) == {"first"}
    again = CliRunner().invoke(cli, ["ingest", str(src), "--store", str(store)])  # lock released
    assert again.exit_code == 0, again.output
    assert set(records(store)) == {"first", "late"}


def test_two_ingests_at_once_and_readers_meanwhile(tmp_path) -> None:
    src = tmp_path / "articles.jsonl"
    write_corpus(src, N)
    store = tmp_path / "graph"
    a = popen("ingest", src, "--store", store, "--batch-size", "1")
    b = popen("ingest", src, "--store", store, "--batch-size", "1")
    seen: list[int] = []
    during = 0  # reads that began and ended while an ingest was running
    try:
        # (the loser fails at once: the store is opened before the extractor is built)
        assert wait_until(
            lambda: article_count(store) >= 10 or (a.poll() is not None and b.poll() is not None)
        )
        # readers while a writer is at work: each succeeds and sees whole batches
        while len(seen) < 3 and (a.poll() is None or b.poll() is None):
            stats = CliRunner().invoke(cli, ["stats", "--store", str(store), "--format", "json"])
            assert stats.exit_code == 0, stats.output
            seen.append(json.loads(stats.output)["articles"])
            query = CliRunner().invoke(
                cli, ["query", "adversaries", "--store", str(store), "--format", "json"]
            )
            assert query.exit_code == 0, query.output
            assert isinstance(json.loads(query.output), list)
            during += a.poll() is None or b.poll() is None
        outs = [p.communicate(timeout=300) for p in (a, b)]
    finally:
        for p in (a, b):
            p.kill()
    assert during >= 1, "the ingest ended before a reader ran"
    codes = sorted((a.returncode, b.returncode))
    assert codes == [0, 1], (codes, outs)
    loser = outs[[a.returncode, b.returncode].index(1)]
    winner = outs[[a.returncode, b.returncode].index(0)]
    assert loser[1].splitlines()[-1] == _locked_line(store)
    assert len(loser[1].splitlines()) == 1 and loser[0] == ""
    assert winner[0].startswith(f"{N} articles read: {N} added")
    for out, err in outs:
        assert "Traceback" not in out + err
    assert seen == sorted(seen) and 10 <= seen[0] and seen[-1] <= N
    stored = records(store)
    assert len(stored) == N
    assert orphan_assertions(store) == 0
    assert all(r["relations"] for r in stored.values())


@pytest.mark.parametrize("command", [["stats"], ["query", "adversaries"], ["sparql", "ASK {}"]])
def test_readers_of_a_store_not_yet_created_say_so_in_one_line(tmp_path, command) -> None:
    missing = tmp_path / "none"
    result = CliRunner().invoke(cli, [*command, "--store", str(missing)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {missing}: no such folder; load articles into it first"
    ]


def test_a_store_being_created_is_not_taken_for_a_foreign_folder(tmp_path) -> None:
    """RocksDB writes LOCK before CURRENT: a second ingest arriving in between
    must see a store (and then its lock), not "a folder holding other files"."""
    store = tmp_path / "graph"
    store.mkdir()
    (store / "LOCK").touch()  # what a writer creating the store has made so far
    with open_store(store) as s:  # nobody holds it here, so it opens and completes
        assert s.stats()["articles"] == 0
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").touch()
    with pytest.raises(Exception, match="not a relgraph store"):
        open_store(tmp_path / "other")
