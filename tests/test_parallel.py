"""Parallel, streaming extraction and resumable ingest (issue #6).

Workers are real processes; stores are real on-disk stores; the interrupted
ingest is a real ``relgraph ingest`` process that gets Ctrl-C (SIGINT to its
process group, as a terminal sends it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import cli
from relgraph.errors import StoreUnavailable
from relgraph.extract import Extractor
from relgraph.extract.parallel import extract_parallel
from relgraph.io import read_articles
from relgraph.model import Article
from relgraph.stores.oxigraph_store import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "articles"


@pytest.fixture(scope="module")
def rules():
    """Rules alone: the parallel machinery does not depend on the parser, and this is quick."""
    return Extractor(syntax=False)


def _corpus(n: int) -> list[Article]:
    """``n`` articles made from the samples under new ids (each with its own text)."""
    base = list(read_articles([SAMPLES]))
    return [
        replace(a, id=f"{a.id}-{i}", text=f"{a.text}\n\nUpdate {i}: the talks went on.")
        for i in range(n // len(base) + 1)
        for a in base
    ][:n]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_parallel_records_equal_one_process_in_order(rules, method):
    arts = _corpus(23)
    want = list(rules.extract_many(arts))
    got = list(extract_parallel(arts, jobs=2, extractor=rules, chunk=4, start_method=method))
    assert [r["id"] for r in got] == [a.id for a in arts]
    assert got == want


def test_parallel_reads_input_lazily(rules):
    """At most a few chunks per worker are read ahead: memory does not grow with the corpus."""
    arts = _corpus(200)
    pulled = 0

    def stream():
        nonlocal pulled
        for a in arts:
            pulled += 1
            yield a

    records = extract_parallel(stream(), jobs=2, extractor=rules, chunk=5)
    first = next(records)
    assert first["id"] == arts[0].id
    assert pulled <= (2 * 2 + 1) * 5  # chunks in flight, plus the one being handed out
    assert len(list(records)) == 199
    assert pulled == 200


def test_parallel_small_input_and_bad_arguments(rules):
    arts = _corpus(3)
    assert list(extract_parallel(arts, jobs=4, extractor=rules)) == list(rules.extract_many(arts))
    assert list(extract_parallel([], jobs=2, extractor=rules)) == []
    with pytest.raises(ValueError, match="jobs"):
        list(extract_parallel(arts, jobs=0, extractor=rules))


def test_input_hash_follows_the_text_and_the_extractor(rules, small_gazetteer):
    a = _corpus(1)[0]
    h = rules.input_hash(a)
    assert h is not None and len(h) == 32
    assert rules.extract(a)["input_hash"] == h
    assert rules.input_hash(replace(a, text=a.text + " More.")) != h
    assert rules.input_hash(replace(a, published="1999-01-01")) != h
    # the parser model is part of the extractor: with it, another hash
    full = Extractor()
    assert full.relations.parser is not None
    assert full.input_hash(a) not in (None, h)
    # built from objects passed in, there are no files to hash: no input hash
    custom = Extractor(gazetteer=small_gazetteer, syntax=False)
    assert custom.input_hash(a) is None
    assert "input_hash" not in custom.extract(a)


def _ingest(*args):
    return CliRunner().invoke(cli, ["ingest", *[str(x) for x in args]])


def _write(folder: Path, arts: list[Article]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for a in arts:
        (folder / f"{a.id}.txt").write_text(f"{a.title}\n\n{a.text}\n", encoding="utf-8")


def _snapshot(store_dir: Path) -> list[dict]:
    with OxigraphStore(store_dir, read_only=True) as store:
        return list(store.records())


def test_ingest_jobs_give_the_same_store_and_rerun_skips(tmp_path):
    corpus = tmp_path / "in"
    _write(corpus, _corpus(80))
    one, two = tmp_path / "one", tmp_path / "two"
    r1 = _ingest(corpus, "--store", one, "--jobs", 1)
    r2 = _ingest(corpus, "--store", two, "--jobs", 2)
    assert r1.exit_code == 0 and r2.exit_code == 0, (r1.output, r2.output)
    assert "80 added" in r1.output and "80 added" in r2.output
    assert _snapshot(one) == _snapshot(two)

    again = _ingest(corpus, "--store", two, "--jobs", 2)
    assert again.exit_code == 0, again.output
    assert "0 added, 0 updated, 80 unchanged (80 without extracting them again)" in again.output

    # one article changed on disk: only it is extracted and replaced
    changed = sorted(corpus.glob("*.txt"))[7]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nFrance condemned Iran.\n", encoding="utf-8"
    )
    third = _ingest(corpus, "--store", two)
    assert "0 added, 1 updated, 79 unchanged (79 without extracting them again)" in third.output
    stored = {r["id"]: r for r in _snapshot(two)}
    rels = {(r["type"], r["source"], r["target"]) for r in stored[changed.stem]["relations"]}
    assert ("CONDEMNS", "FRA", "IRN") in rels

    forced = _ingest(corpus, "--store", two, "--force")
    assert "80 unchanged;" in forced.output  # extracted again, found identical, nothing written


def test_ctrl_c_leaves_whole_batches_and_a_rerun_finishes(tmp_path):
    corpus = tmp_path / "in"
    _write(corpus, _corpus(120))
    store = tmp_path / "graph"
    cmd = [
        sys.executable,
        "-m",
        "relgraph",
        "ingest",
        str(corpus),
        "--store",
        str(store),
        "--batch-size",
        "5",
        "--jobs",
        "2",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 120
    try:
        # wait until some batches are in (a reader may open the store meanwhile),
        # then press Ctrl-C
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with OxigraphStore(store, read_only=True) as reader:
                    if reader.stats()["articles"] >= 10:
                        break
            except StoreUnavailable:
                pass  # not created yet
            time.sleep(0.1)
        assert proc.poll() is None, "ingest finished before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert "interrupted: every batch written so far is whole" in err
    assert "Run the same command again" in err

    part = {r["id"]: r for r in _snapshot(store)}
    assert 0 < len(part) < 120
    assert len(part) % 5 == 0  # whole batches only

    done = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"{len(part)} unchanged ({len(part)} without extracting them again)" in done.stdout
    clean = tmp_path / "clean"
    subprocess.run(
        [*cmd[:4], str(corpus), "--store", str(clean)], check=True, capture_output=True, timeout=600
    )
    want = {r["id"]: r for r in _snapshot(clean)}
    # what the interrupted run stored was complete, article by article
    assert {rid: want[rid] for rid in part} == part
    assert {r["id"]: r for r in _snapshot(store)} == want
