"""Extraction quality on an annotated folder (gold JSON in the shape of shared/eval), as figures.

Usage: python bench/quality.py [ARTICLES_DIR GOLD_DIR]
(default: the held-out set in bench/heldout). Prints state-level, exact and
modality-aware precision/recall/F1 using the project's scorer when the
shared evaluation folder is present beside the repository.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCORER = HERE.parents[1] / "shared" / "eval" / "score.py"


def main() -> None:
    articles = Path(sys.argv[1]) if len(sys.argv) > 2 else HERE / "heldout" / "articles"
    gold = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "heldout" / "gold"
    from relgraph.extract import Extractor
    from relgraph.io import read_articles

    ex = Extractor()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for rec in ex.extract_many(read_articles([articles])):
            fh.write(json.dumps(rec) + "\n")
    if not SCORER.is_file():
        sys.exit(f"scorer not found at {SCORER}; predictions are in {fh.name}")
    subprocess.run([sys.executable, str(SCORER), "articles", str(gold), fh.name], check=True)


if __name__ == "__main__":
    main()
