"""Measure extraction against gold annotations: the figures of ``shared/eval/score.py``.

Two kinds of gold: a folder of annotated articles (``NAME.json`` in the shape
of ``relgraph extract`` output) and peer suites of event-coded sentences
(PLOVER, PETRARCH2). Scoring takes plain dicts and returns plain dicts.

Examples:
    >>> from relgraph.evaluate import load_gold, score_articles
    >>> from relgraph.extract import Extractor
    >>> from relgraph.io import read_articles
    >>> gold = load_gold("gold")  # doctest: +SKIP
    >>> ids = {g["id"] for g in gold}  # doctest: +SKIP
    >>> preds = predict(Extractor(), (a for a in read_articles(["articles"]) if a.id in ids))  # doctest: +SKIP
    >>> score_articles(gold, preds)["relations_state_level"]["f1"]  # doctest: +SKIP
    0.939
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import InputError
from ..model import Article
from .articles import NODE_KINDS, SCORED_TYPES, SYMMETRIC, score_articles, slug_tokens
from .load import load_gold, load_predictions, load_suite
from .peer import event_type, score_peer, scored_records
from .report import format_errors, format_figures

__all__ = [
    "NODE_KINDS",
    "SCORED_TYPES",
    "SYMMETRIC",
    "event_type",
    "format_errors",
    "format_figures",
    "load_gold",
    "load_predictions",
    "load_suite",
    "predict",
    "score_articles",
    "score_peer",
    "scored_records",
    "slug_tokens",
    "suite_articles",
]


def predict(extractor: Any, articles: Iterable[Article]) -> dict[str, dict[str, Any]]:
    """Extract each article; records by article id (a later article with the same id wins)."""
    return {str(rec["id"]): rec for rec in extractor.extract_many(articles)}


def suite_articles(records: Sequence[Mapping[str, Any]]) -> list[Article]:
    """The sentences of peer suite records as articles: the record's id and text only.

    Raises:
        InputError: A record has no text.
    """
    out = []
    for rec in records:
        text = str(rec.get("text") or "").strip()
        where = str(rec.get("_where", rec["id"]))
        if not text:
            raise InputError(f"{where}: record {rec['id']!r} has no 'text' to extract from")
        out.append(Article(id=str(rec["id"]), text=text, origin=where))
    return out
