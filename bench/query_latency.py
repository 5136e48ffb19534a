"""Named-query latency on the embedded store at growing sizes, and store write throughput.

Builds (once; cached in bench/.cache/stores/) embedded stores of about 10k,
100k and 1M assertions from synthetic extraction records (bench/corpus.py
``records``: Zipf-like busy states, leaders, organizations, armed groups),
timing ``store.add`` on the way (assertions/s: validation, RDF mapping and
writes, no extraction). Then runs each of the nine named questions with
realistic parameters (the busiest state, a pair of linked states, a common
topic; path_between also for a quiet pair) and prints, per size, the best
wall and CPU time of three runs (after one warm-up run) and the rows returned. Each
query runs in a child process with a time limit, so a slow one cannot stall
the bench. Prints figures; asserts nothing.

Usage: python bench/query_latency.py [--sizes 10000,100000,1000000] [--timeout S]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache" / "stores"
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

# name, label, parameters
QUERIES: list[tuple[str, str, dict[str, str]]] = [
    ("adversaries", "adversaries", {}),
    ("arms_flows", "arms_flows", {}),
    ("cooperation_network", "cooperation_network", {}),
    ("leader_meetings", "leader_meetings", {}),
    ("path_between", "path_between USA-RUS", {"a": "USA", "b": "RUS"}),
    ("path_between", "path_between USA-<quiet>", {"a": "USA", "b": "QUIET"}),
    ("shared_sanctions_exposure", "shared_sanctions_exposure", {}),
    ("state_profile", "state_profile USA", {"iso3": "USA"}),
    ("timeline", "timeline USA", {"iso3": "USA"}),
    ("topic_states", "topic_states sanctions", {"topic": "sanctions"}),
]


def _bulk(store: object, recs: list[dict]) -> object:
    """Load new records with pyoxigraph's bulk loader: fast, but not transactional.

    Only for building benchmark stores: the quads are those ``store.add``
    writes for new articles (``record_quads``), without its per-batch
    transactions, checks and counts.
    """
    import pyoxigraph as ox

    from relgraph.rdf import record_quads, validate_extraction
    from relgraph.stores.base import LoadStats
    from relgraph.stores.oxigraph_store import _to_ox

    def quads():
        for rec in recs:
            validate_extraction(rec)
            art = None
            for s, p, o, g in record_quads(rec):
                if g is not None and art is None:
                    art = _to_ox(g)
                yield ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o),
                              art if g is not None else ox.DefaultGraph())

    store._ox.bulk_extend(quads())  # type: ignore[attr-defined]
    # the bulk loader leaves many unmerged files behind: compact them, as
    # RocksDB does on its own over a store written batch by batch (lookups
    # are otherwise several times slower)
    store._ox.optimize()  # type: ignore[attr-defined]
    return LoadStats(articles_added=len(recs),
                     assertions_added=sum(len(r["relations"]) for r in recs))


def build(size: int, batch_size: int, bulk: bool = False) -> tuple[Path, dict[str, float] | None]:
    """The cached store of about ``size`` assertions; load figures when built now."""
    from relgraph.stores import open_store

    path = CACHE / f"assertions-{size}"
    if (path / "BUILT.json").exists():
        return path, None
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    recs, total = [], 0
    for rec in corpus.records(10**9, seed=0):
        recs.append(rec)
        total += len(rec["relations"])
        if total >= size:
            break
    with open_store(path / "store") as store:
        wall, cpu = time.perf_counter(), time.process_time()
        stats = _bulk(store, recs) if bulk else store.add(recs, batch_size=batch_size)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    figures = {"records": len(recs), "assertions": stats.assertions_added, "wall": wall,
               "cpu": cpu, "bulk": bulk}
    (path / "BUILT.json").write_text(json.dumps(figures))
    return path, figures


def quiet_state(store_path: Path) -> str:
    """A state with few assertions that path_between can still reach (the last busy-ranked one)."""
    from relgraph.stores import open_store

    with open_store(store_path / "store", read_only=True) as store:
        rows = store.query(
            "SELECT ?k (COUNT(?e) AS ?n) WHERE { ?s a rg:State ; rg:key ?k . ?e rg:source ?s } "
            "GROUP BY ?k ORDER BY ?n ?k LIMIT 1").rows
    return str(rows[0]["k"]) if rows else "USA"


def one(store_dir: str, name: str, params_json: str, repeat: int) -> None:
    """Child process: run one named query, print its timings as JSON."""
    from relgraph.query import run_named
    from relgraph.stores import open_store

    params = json.loads(params_json)
    with open_store(store_dir, read_only=True) as store:
        run_named(store, name, params)  # warm-up: page cache, query parsing
        best_wall = best_cpu = float("inf")
        rows = 0
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            rows = len(run_named(store, name, params).rows)
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
    print(json.dumps({"wall": best_wall, "cpu": best_cpu, "rows": rows}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per query run")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--only", help="comma-separated query names")
    ap.add_argument("--build-only", action="store_true", help="build (cache) the stores, run nothing")
    ap.add_argument("--bulk", action="store_true",
                    help="build stores with pyoxigraph's bulk loader (fast; no store.add figure)")
    ap.add_argument("--one", nargs=3, metavar=("STORE", "NAME", "PARAMS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one(*args.one, args.repeat)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    load = os.getloadavg()
    print(f"load                {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min, "
          f"{os.cpu_count()} cores)")
    results: dict[tuple[str, int], str] = {}
    for size in sizes:
        path, built = build(size, args.batch_size, args.bulk)
        if built and built["bulk"]:
            print(f"built {size:>8}     {built['records']} records, {built['assertions']} "
                  f"assertions with the bulk loader in {built['wall']:.0f} s", flush=True)
        elif built:
            print(f"built {size:>8}     {built['records']} records, {built['assertions']} "
                  f"assertions: {built['assertions'] / built['wall']:,.0f} assertions/s wall, "
                  f"{built['assertions'] / built['cpu']:,.0f}/s CPU (store.add, batch "
                  f"{args.batch_size})", flush=True)
        if args.build_only:
            continue
        quiet = quiet_state(path)
        for name, label, params in QUERIES:
            if args.only and name not in args.only.split(","):
                continue
            params = {k: (quiet if v == "QUIET" else v) for k, v in params.items()}
            cmd = [sys.executable, __file__, "--repeat", str(args.repeat), "--one",
                   str(path / "store"), name, json.dumps(params)]
            try:
                out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
                got = json.loads(out.stdout.strip().splitlines()[-1])
                cell = (f"{got['wall'] * 1000:7.0f} ms ({got['cpu'] * 1000:.0f} CPU) "
                        f"{got['rows']} rows")
            except subprocess.TimeoutExpired:
                cell = f"  > {args.timeout:.0f} s (timed out)"
            except (ValueError, IndexError):
                cell = "  failed: " + (out.stderr.strip().splitlines() or ["?"])[-1][:60]
            results[label, size] = cell
            print(f"  {size:>8} {label:<28} {cell}", flush=True)
    labels = list(dict.fromkeys(label for label, _ in results))
    print()
    print(f"{'query (best of ' + str(args.repeat) + ': wall (CPU) ms, rows)':<30}"
          + "".join(f"{s:>34,}" for s in sizes))
    for label in labels:
        print(f"{label:<30}" + "".join(f"{results.get((label, s), ''):>34}" for s in sizes))


if __name__ == "__main__":
    main()
