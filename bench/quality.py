"""Extraction quality on an annotated folder, as figures (precision, recall, F1).

Usage: python bench/quality.py [GOLD_DIR ARTICLES_DIR]
(default: the fresh held-out set in bench/heldout2). The same figures as
`relgraph eval GOLD_DIR ARTICLES_DIR`, which this runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    if len(sys.argv) > 2:
        gold, articles = sys.argv[1], sys.argv[2]
    else:
        gold, articles = str(HERE / "heldout2" / "gold"), str(HERE / "heldout2" / "articles")
    from relgraph.cli import cli

    cli.main(["eval", gold, articles], prog_name="relgraph")


if __name__ == "__main__":
    main()
