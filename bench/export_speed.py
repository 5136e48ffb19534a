"""Export speed: `relgraph export` in every format from an embedded store, in triples/s.

The store holds the sample articles (data/articles) extracted once, copied
under new ids until it holds --articles articles (each copy's assertions are
distinct: assertion ids include the article id). Every format is written
once; the figure is the store's triples divided by the seconds taken
(N-Quads, JSON-LD and Turtle also print what they wrote), so the formats
compare on the same work.

    python bench/export_speed.py                 # 2,000 articles
    python bench/export_speed.py --articles 20000
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from relgraph.export import FORMATS, export_store
from relgraph.extract import Extractor
from relgraph.io import read_articles
from relgraph.stores import open_store

_FILES = {"nquads": "graph.nq", "turtle": "graph.ttl", "jsonld": "graph.jsonld",
          "graphml": "graph.graphml", "neo4j-csv": "neo4j-csv"}  # fmt: skip


def build(path: Path, n: int) -> None:
    base = list(Extractor().extract_many(read_articles([ROOT / "data" / "articles"])))
    with open_store(path) as store:
        batch = []
        for i in range(n):
            rec = copy.deepcopy(base[i % len(base)])
            rec["id"] = f"{rec['id']}-{i:06d}"
            batch.append(rec)
            if len(batch) == 500:
                store.add(batch)
                batch = []
        if batch:
            store.add(batch)


def size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000, help="articles in the store")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "store"
        t = time.perf_counter()
        build(store_dir, args.articles)
        print(f"store: {args.articles} articles built in {time.perf_counter() - t:.1f} s")
        with open_store(store_dir, read_only=True) as store:
            stats = store.stats()
            triples = stats["triples"]
            print(f"       {triples} triples, {sum(stats['assertions'].values())} assertions")
            print(f"{'format':<10} {'seconds':>8} {'store triples/s':>16} {'MB':>8}  wrote")
            for fmt in FORMATS:
                out = Path(tmp) / _FILES[fmt]
                t = time.perf_counter()
                res = export_store(store, fmt, out)
                secs = time.perf_counter() - t
                wrote = (
                    f"{res.triples} {'triples' if fmt == 'turtle' else 'quads'}"
                    if res.triples
                    else f"{res.nodes} nodes, {res.relationships} edges/relationships"
                )
                print(
                    f"{fmt:<10} {secs:>8.2f} {triples / secs:>16,.0f} "
                    f"{size(out) / 1e6:>8.1f}  {wrote}"
                )
    print(f"(python {sys.version.split()[0]}, {os.cpu_count()} cpus)")


if __name__ == "__main__":
    main()
