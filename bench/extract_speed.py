"""Extraction throughput on one core, against spaCy's bare tokenizer over the same text.

Prints figures (CPU time, best of three runs); asserts nothing. Usage:
python bench/extract_speed.py [PATH ...] [--repeat N] [--generated N [--seed S]]
(default: the sample articles in data/articles, repeated 20 times; --generated
adds N articles of the seeded news-like generator, bench/corpus.py, once each).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from relgraph.extract import Extractor, make_nlp
from relgraph.io import read_articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="*", default=["data/articles"])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--generated", type=int, default=0, metavar="N",
                    help="also N generated articles (bench/corpus.py)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the generated articles")
    args = ap.parse_args()
    articles = list(read_articles(args.paths)) * args.repeat
    if args.generated:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import corpus

        articles += [corpus.as_article(a) for a in corpus.articles(args.generated, args.seed)]
    words = sum(len((a.title or "").split()) + len(a.text.split()) for a in articles)

    t0 = time.perf_counter()
    ex = Extractor()
    build = time.perf_counter() - t0
    rules = Extractor(syntax=False)

    # CPU time of this process, best of three: steadier than wall time on a busy machine
    def timed(extractor: Extractor) -> tuple[float, int]:
        best, n = float("inf"), 0
        for _ in range(3):
            t0 = time.process_time()
            n = sum(len(rec["relations"]) for rec in extractor.extract_many(articles))
            best = min(best, time.process_time() - t0)
        return best, n

    took, n_rel = timed(ex)
    parser = ex.relations.parser
    parsed = parser.calls // 3 if parser else 0
    took_rules, n_rules = timed(rules)

    nlp = make_nlp()
    tok = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        for a in articles:
            nlp.make_doc((a.title or "") + "\n" + a.text)
        tok = min(tok, time.process_time() - t0)

    print(f"articles            {len(articles)} ({args.generated} generated)")
    print(f"words               {words}")
    print(f"extractor build     {build:.2f} s")
    print(
        f"extraction          {words / took:,.0f} words/s  {len(articles) / took:,.1f} articles/s  ({n_rel} relations)"
    )
    print(f"  sentences parsed  {parsed} ({'no model' if parser is None else 'dependency parser'})")
    print(
        f"rules alone         {words / took_rules:,.0f} words/s  {len(articles) / took_rules:,.1f} articles/s  ({n_rules} relations)"
    )
    print(f"bare tokenizer      {words / tok:,.0f} words/s")
    print(f"ratio               extraction is {tok / took:.3f} of tokenizer speed")


if __name__ == "__main__":
    main()
