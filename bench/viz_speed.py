"""How long `relgraph viz` takes to write a page, and the page to show its graph in Chromium.

Synthetic graphs of N nodes (a seeded random graph with 1.5 N relations,
kinds and types in turn). For each: layout + page writing time, page size,
figure (SVG) time, and, when Debian's chromium is there, the time from
opening the file to the first drawing in headless Chromium (no physics
settles: positions are computed beforehand). Prints figures; asserts nothing.

Usage: python bench/viz_speed.py [N ...]   (default: 100 300 1000)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import networkx as nx

from relgraph.ontology import load_ontology
from relgraph.viz import write_figure, write_html

CHROMIUM = Path("/usr/bin/chromium")
KINDS = ("State", "Leader", "Organization", "Bloc")
TYPES = ("MEETS", "SANCTIONS", "COOPERATES_WITH", "CONDEMNS", "VISITS", "FIGHTS")


def synthetic(n: int) -> nx.MultiDiGraph:
    onto = load_ontology()
    R = nx.gnm_random_graph(n, int(1.5 * n), seed=1)
    G = nx.MultiDiGraph()
    for v in R:
        G.add_node(f"N{v}", kind=KINDS[v % len(KINDS)], name=f"Actor number {v}")
    for i, (u, v) in enumerate(R.edges()):
        t = TYPES[i % len(TYPES)]
        G.add_edge(
            f"N{u}",
            f"N{v}",
            type=t,
            modality="asserted" if i % 3 else "planned",
            symmetric=onto.relation(t).symmetric,
            sentence=f"Sentence {i}.",
            title=f"Article {i % 50}",
            date="2024-01-01",
        )
    return G


def open_time(page: Path) -> float | None:
    if not CHROMIUM.is_file():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        tab = ctx.new_page()
        t0 = time.perf_counter()
        tab.goto(page.resolve().as_uri())
        tab.wait_for_function("document.body.dataset.ready === 'true'", timeout=120_000)
        took = time.perf_counter() - t0
        ctx.close()
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("sizes", nargs="*", type=int, default=[100, 300, 1000])
    args = ap.parse_args()
    print(f"{'nodes':>6} {'edges':>6} {'html s':>7} {'KiB':>6} {'svg s':>6} {'open s':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            G = synthetic(n)
            page, figure = Path(tmp) / f"g{n}.html", Path(tmp) / f"g{n}.svg"
            t0 = time.perf_counter()
            write_html(G, page)
            html_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            write_figure(G, figure)
            svg_s = time.perf_counter() - t0
            opened = open_time(page)
            shown = f"{opened:7.2f}" if opened is not None else "    n/a"
            print(
                f"{n:6d} {G.number_of_edges():6d} {html_s:7.2f} "
                f"{page.stat().st_size // 1024:6d} {svg_s:6.2f} {shown}"
            )


if __name__ == "__main__":
    main()
