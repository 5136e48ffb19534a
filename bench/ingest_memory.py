"""Peak memory of ``relgraph ingest`` into the embedded store, by corpus size.

For each size N, writes N generated articles (bench/corpus.py, seed 0;
cached in bench/.cache/) as a folder of .txt files with a MANIFEST.tsv (or,
with --input jsonl, one JSON Lines file) and runs ``relgraph ingest PATH
--store TMP`` in a subprocess, then reports that child's peak resident
memory (``ru_maxrss`` of the waited-for child, via ``os.wait4``), its wall and
CPU time, articles/s and what the store holds. Memory must not grow with the
corpus: the last line gives the largest size's peak over the smallest's.
Prints figures; asserts nothing.

Usage: python bench/ingest_memory.py [--sizes 1000,10000,100000] [--input txt|jsonl] [--jobs N] [--trace S]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402


def corpus_file(n: int, seed: int = 0, fmt: str = "txt") -> Path:
    """N generated articles, a folder of .txt files or one JSON Lines file, written once and cached."""
    CACHE.mkdir(exist_ok=True)
    if fmt == "jsonl":
        path = CACHE / f"articles-{seed}-{n}.jsonl"
        if not path.exists():
            tmp = path.with_suffix(".part")
            corpus.write_jsonl(tmp, corpus.articles(n, seed))
            tmp.replace(path)
        return path
    path = CACHE / f"articles-{seed}-{n}"
    if not (path / "MANIFEST.tsv").exists():
        shutil.rmtree(path, ignore_errors=True)
        tmp = path.with_name(path.name + ".part")
        shutil.rmtree(tmp, ignore_errors=True)
        corpus.write_txt(tmp, corpus.articles(n, seed))
        tmp.replace(path)
    return path


def _trace(pid: int, n: int, every: float, store: Path) -> None:
    """Print the ingest's resident memory (with its children) and store size every few seconds."""
    import psutil

    t0 = time.perf_counter()
    try:
        proc = psutil.Process(pid)
        while proc.is_running():
            rss = proc.memory_info().rss + sum(
                c.memory_info().rss for c in proc.children(recursive=True))
            disk = sum(f.stat().st_size for f in store.glob("*") if f.is_file())
            print(f"  trace {n}: {time.perf_counter() - t0:7.0f} s  RSS {rss / 2**20:6.0f} MB  "
                  f"store {disk / 2**20:6.0f} MB", flush=True)
            time.sleep(every)
    except (psutil.Error, OSError):
        return


def run(n: int, jobs: int | None, keep: bool, trace: float = 0, fmt: str = "txt") -> dict[str, float]:
    src = corpus_file(n, fmt=fmt)
    store = Path(tempfile.mkdtemp(prefix=f"rg-mem-{n}-")) / "store"
    relgraph = Path(sys.executable).with_name("relgraph")
    cmd = [str(relgraph), "ingest", str(src), "--store", str(store)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if trace:
        threading.Thread(target=_trace, args=(proc.pid, n, trace, store), daemon=True).start()
    stderr = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        print(f"  relgraph ingest exited {proc.returncode}: {stderr.strip()[-400:]}")
    stats = subprocess.run([str(relgraph), "stats", "--store", str(store), "--format", "json"],
                           capture_output=True, text=True)
    try:
        held = json.loads(stats.stdout)
        assertions = sum(held.get("assertions", {}).values())
        articles = held.get("articles", 0)
    except (ValueError, AttributeError):
        assertions = articles = -1
    if not keep:
        shutil.rmtree(store.parent, ignore_errors=True)
    # ru_maxrss: kilobytes on Linux; covers the child and any worker processes it waited for
    return {"n": n, "rss_mb": usage.ru_maxrss / 1024, "wall": wall,
            "cpu": usage.ru_utime + usage.ru_stime, "articles": articles, "assertions": assertions}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000",
                    help="comma-separated article counts (default 1000,10000; the issue's "
                         "figure adds 100000, which takes 30-60 min)")
    ap.add_argument("--jobs", type=int, default=None, help="passed to relgraph ingest --jobs")
    ap.add_argument("--keep-store", action="store_true")
    ap.add_argument("--input", choices=["txt", "jsonl"], default="txt",
                    help="a folder of .txt files and MANIFEST.tsv (default) or one JSON Lines file")
    ap.add_argument("--trace", type=float, default=0, metavar="S",
                    help="also print the ingest's RSS and store size every S seconds")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"load                {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f} (1/5/15 min, {os.cpu_count()} cores)")
    rows = []
    for n in sizes:
        r = run(n, args.jobs, args.keep_store, args.trace, args.input)
        rows.append(r)
        print(f"ingest {n:>7} articles  peak RSS {r['rss_mb']:7.0f} MB  wall {r['wall']:8.1f} s  "
              f"cpu {r['cpu']:8.1f} s  {n / r['wall']:6.1f} articles/s  "
              f"store: {r['articles']} articles, {r['assertions']} assertions", flush=True)
    if len(rows) > 1:
        print(f"peak RSS growth     {rows[-1]['rss_mb'] / rows[0]['rss_mb']:.2f}x from "
              f"{rows[0]['n']} to {rows[-1]['n']} articles")


if __name__ == "__main__":
    main()
