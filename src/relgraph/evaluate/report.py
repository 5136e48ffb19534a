"""Evaluation results as text for a terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .articles import SYMMETRIC

__all__ = ["format_errors", "format_figures"]


def format_figures(result: Mapping[str, Any]) -> str:
    """The figures of `score_articles` or `score_peer`, one line each.

    Laid out like the reference scorer's output, so the two can be compared
    line by line.

    Examples:
        >>> print(format_figures({"articles": 1, "topics": {"precision": 0.5, "recall": 1.0,
        ...     "f1": 0.6667, "tp": 1, "fp": 1, "fn": 0}}), end="")
        articles: 1
        topics                   P=0.500 R=1.000 F1=0.667  (tp=1 fp=1 fn=0)
    """
    lines = []
    for name, value in result.items():
        if name == "errors":
            continue
        if _is_figure(value):
            lines.append(f"{name:<24} {_figure(value)}")
        elif isinstance(value, Mapping) and value and all(_is_figure(v) for v in value.values()):
            lines.append(f"{name}:")
            lines.extend(f"  {sub:<18} {_figure(fig)}" for sub, fig in value.items())
        else:
            lines.append(f"{name}: {value}")
    return "".join(line + "\n" for line in lines)


def format_errors(result: Mapping[str, Any]) -> str:
    """The ``errors`` of a result, grouped by article (record): each error, then its sentence.

    A false positive (``FP``) quotes the predicted relation's evidence, a
    false negative (``FN``) the gold's. When the same relation is on the
    other side with another modality, the line says so.

    Examples:
        >>> print(format_errors({"errors": [{"id": "a", "false_positives": [], "false_negatives": [
        ...     {"type": "MEETS", "source": "FRA", "target": "DEU", "modality": "planned",
        ...      "evidence": "Paris and Berlin will meet.", "predicted_modalities": ["asserted"]}]}]}),
        ...     end="")
        article a: 0 false positives, 1 false negative
          FN  MEETS FRA <-> DEU [planned]  (predicted as asserted)
              “Paris and Berlin will meet.”
        <BLANKLINE>
    """
    groups = result.get("errors", [])
    if not groups:
        return "no errors: every relation matches the gold\n"
    unit = "record" if "records_scored" in result else "article"
    lines = []
    for group in groups:
        fps, fns = group["false_positives"], group["false_negatives"]
        missing = "no prediction; " if group.get("missing_prediction") else ""
        counts = f"{_count(len(fps), 'false positive')}, {_count(len(fns), 'false negative')}"
        lines.append(f"{unit} {group['id']}: {missing}{counts}")
        for label, items, other, other_name in (
            ("FP", fps, "gold_modalities", "gold has it as"),
            ("FN", fns, "predicted_modalities", "predicted as"),
        ):
            for e in items:
                arrow = "<->" if e["type"] in SYMMETRIC else "->"
                line = f"  {label}  {e['type']} {e['source']} {arrow} {e['target']}"
                if "modality" in e:
                    line += f" [{e['modality']}]"
                if e.get(other):
                    line += f"  ({other_name} {', '.join(e[other])})"
                lines.append(line)
                evidence = " ".join(str(e.get("evidence") or "").split())
                lines.append(f"      \u201c{evidence}\u201d" if evidence else "      (no evidence)")
        lines.append("")
    return "".join(line + "\n" for line in lines)


def _is_figure(value: object) -> bool:
    return isinstance(value, Mapping) and "f1" in value


def _figure(v: Mapping[str, Any]) -> str:
    return (
        f"P={v['precision']:.3f} R={v['recall']:.3f} F1={v['f1']:.3f}"
        f"  (tp={v['tp']} fp={v['fp']} fn={v['fn']})"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
