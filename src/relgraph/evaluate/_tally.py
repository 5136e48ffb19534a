"""Counts of true positives, false positives and false negatives, as figures."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

__all__ = ["Tally"]


class Tally:
    """Running tp/fp/fn counts over sets of keys.

    Examples:
        >>> t = Tally()
        >>> t.add({1, 2, 3}, {2, 3, 4, 5})
        >>> t.figures()
        {'precision': 0.6667, 'recall': 0.5, 'f1': 0.5714, 'tp': 2, 'fp': 1, 'fn': 2}
    """

    __slots__ = ("fn", "fp", "tp")

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, predicted: Collection[Any], gold: Collection[Any]) -> None:
        """Count one unit (an article, a record): both sides are sets of keys."""
        p, g = set(predicted), set(gold)
        self.tp += len(p & g)
        self.fp += len(p - g)
        self.fn += len(g - p)

    def figures(self) -> dict[str, Any]:
        """Precision, recall and F1 rounded to 4 places (0.0 when undefined), and the counts."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }
