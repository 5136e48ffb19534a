"""Embedded-store write throughput, apart from extraction.

Loads N synthetic extraction records (bench/corpus.py ``records``) into a
fresh embedded store with ``store.add`` and prints assertions/s (wall and
CPU), then loads them again (nothing changes: the idempotence check's cost)
and loads the same articles with changed sentences (every article replaced).
Also prints the share of the first load spent validating records and mapping
them to RDF, measured alone. Prints figures; asserts nothing.

Usage: python bench/store_write.py [--records N] [--batch-size N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

from relgraph.rdf import record_quads, validate_extraction  # noqa: E402
from relgraph.stores import open_store  # noqa: E402


def timed(work) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = work()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--records", type=int, default=3000)
    ap.add_argument("--batch-size", type=int, default=200)
    args = ap.parse_args()
    records = list(corpus.records(args.records, seed=1))
    changed = [{**r, "relations": [{**rel, "evidence": rel["evidence"] + " (revised)"}
                                   for rel in r["relations"]]} for r in records]
    n = sum(len(r["relations"]) for r in records)
    load = os.getloadavg()
    print(f"load                {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min, "
          f"{os.cpu_count()} cores)")
    print(f"records             {len(records)} ({n} assertions, batch size {args.batch_size})")
    _, _, validate = timed(lambda: [validate_extraction(r) for r in records])
    _, _, mapping = timed(lambda: [record_quads(r) for r in records])
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "store") as store:
        for label, batch in (("first load", records), ("same again", records),
                             ("all replaced", changed)):
            stats, wall, cpu = timed(lambda b=batch: store.add(b, batch_size=args.batch_size))
            print(f"{label:<19} {n / wall:9,.0f} assertions/s wall  {n / cpu:9,.0f}/s CPU  "
                  f"({wall:.1f} s; {stats})")
    print(f"  of which          validating {validate:.2f} s CPU, mapping to RDF {mapping:.2f} s CPU")


if __name__ == "__main__":
    main()
