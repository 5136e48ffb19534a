"""Extraction throughput on one core, against spaCy's bare tokenizer over the same text.

Prints figures; asserts nothing. Usage: python bench/extract_speed.py [PATH ...] [--repeat N]
(default: the sample articles in data/articles, repeated 20 times).
"""

from __future__ import annotations

import argparse
import time

from relgraph.extract import Extractor, make_nlp
from relgraph.io import read_articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="*", default=["data/articles"])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    articles = list(read_articles(args.paths)) * args.repeat
    words = sum(len((a.title or "").split()) + len(a.text.split()) for a in articles)

    t0 = time.perf_counter()
    ex = Extractor()
    build = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_rel = sum(len(rec["relations"]) for rec in ex.extract_many(articles))
    took = time.perf_counter() - t0

    nlp = make_nlp()
    t0 = time.perf_counter()
    for a in articles:
        nlp.make_doc((a.title or "") + "\n" + a.text)
    tok = time.perf_counter() - t0

    print(f"articles            {len(articles)}")
    print(f"words               {words}")
    print(f"extractor build     {build:.2f} s")
    print(
        f"extraction          {words / took:,.0f} words/s  {len(articles) / took:,.1f} articles/s  ({n_rel} relations)"
    )
    print(f"bare tokenizer      {words / tok:,.0f} words/s")
    print(f"ratio               extraction is {tok / took:.3f} of tokenizer speed")


if __name__ == "__main__":
    main()
