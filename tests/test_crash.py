"""Crash safety: an ingest killed with SIGKILL part-way leaves a consistent store,
and running the ingest again completes it.

Each batch of articles is one write transaction of the store, so a kill can
only land between batches: every stored article has all of its assertions.
"""

from __future__ import annotations

import json
import signal

import pytest
from click.testing import CliRunner
from reliability_corpus import (
    article_count,
    orphan_assertions,
    popen,
    records,
    wait_until,
    write_corpus,
)

from relgraph.cli import cli
from relgraph.extract import Extractor
from relgraph.io import read_articles
from relgraph.stores import open_store

N = 300
SYMMETRIC = {"MEETS", "COOPERATES_WITH", "FIGHTS"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    """The articles, the extractor's output for them, and a clean store of it."""
    folder = tmp_path_factory.mktemp("crash")
    path = folder / "articles.jsonl"
    ids = write_corpus(path, N)
    extracted = list(Extractor().extract_many(read_articles([path])))  # what `ingest` runs
    clean = folder / "clean"
    with open_store(clean) as store:
        store.add(extracted, batch_size=50)
    return path, ids, clean, {r["id"]: r for r in extracted}


def _assertions(record: dict) -> set[tuple]:
    out = set()
    for r in record["relations"]:
        ends = (r["source"], r["target"])
        if r["type"] in SYMMETRIC:
            ends = tuple(sorted(ends))
        out.add((r["type"], *ends, r["modality"], r["evidence"]))
    return out


def test_sigkill_mid_ingest_then_rerun_completes(corpus, tmp_path) -> None:
    path, ids, clean_dir, extracted = corpus
    clean = records(clean_dir)
    assert set(clean) == set(ids)
    for rid in ids:  # the clean store holds what the extractor found, all of it
        assert _assertions(clean[rid]) == _assertions(extracted[rid]) != set()

    store = tmp_path / "graph"
    proc = popen("ingest", path, "--store", store, "--batch-size", "1")
    try:
        assert wait_until(lambda: article_count(store) >= 10 or proc.poll() is not None)
        assert proc.poll() is None, "the ingest ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert "Traceback" not in out + err

    # the store opens, holds only whole articles, each with all its assertions
    stored = records(store)
    assert 10 <= len(stored) < N, len(stored)
    assert orphan_assertions(store) == 0
    for rid, record in stored.items():
        assert record == clean[rid], rid
        assert _assertions(record) == _assertions(extracted[rid])
    assert set(stored) == set(ids[: len(stored)])  # written in input order: no gap
    lost = sum(len(_assertions(r)) for r in stored.values()) - sum(
        len(_assertions(clean[rid])) for rid in stored
    )
    assert lost == 0

    # running it again completes it: the same store as one clean ingest
    again = CliRunner().invoke(cli, ["ingest", str(path), "--store", str(store)])
    assert again.exit_code == 0, again.output
    assert "Traceback" not in again.output
    assert again.stdout.startswith(
        f"{N} articles read: {N - len(stored)} added, 0 updated, {len(stored)} unchanged"
    )
    assert records(store) == clean
    assert orphan_assertions(store) == 0
    stats = [
        json.loads(CliRunner().invoke(cli, ["stats", "--store", str(d), "--format", "json"]).output)
        for d in (store, clean_dir)
    ]
    assert stats[0] == stats[1]  # triples included
    assert stats[0]["articles"] == N
