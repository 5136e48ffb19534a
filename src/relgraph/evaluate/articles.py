"""Score article extractions against article gold: the figures of ``score.py articles``."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ._tally import Tally

__all__ = ["NODE_KINDS", "SCORED_TYPES", "SYMMETRIC", "score_articles"]

#: Relation types the gold is scored on, in report order (MEMBER_OF is not scored).
SCORED_TYPES = (
    "MEETS",
    "VISITS",
    "SANCTIONS",
    "COOPERATES_WITH",
    "SUPPLIES_ARMS",
    "CONDEMNS",
    "THREATENS",
    "FIGHTS",
    "SEVERS_TIES",
    "LEADER_OF",
)
#: Types whose two ends are unordered: compared with the ends sorted.
SYMMETRIC = frozenset({"MEETS", "COOPERATES_WITH", "FIGHTS"})
#: Node kinds scored, in report order.
NODE_KINDS = ("State", "Leader", "Organization", "Bloc", "ArmedGroup")
# Kinds whose keys are name slugs: a predicted slug matches a gold one by its tokens.
_SLUG_KINDS = ("Leader", "ArmedGroup")

Key = tuple[str, ...]
Link = Callable[[str, "str | None"], str]


def score_articles(
    gold: Sequence[Mapping[str, Any]],
    predictions: Mapping[str, Mapping[str, Any]],
    *,
    errors: bool = False,
) -> dict[str, Any]:
    """Precision, recall and F1 of predictions against article gold.

    Matching rules (those of ``shared/eval/score.py``):

    - Gold keys are taken as written. A predicted State or Organization key
      is compared in upper case, other keys in lower case.
    - A predicted Leader or ArmedGroup key (or an undeclared lower-case key
      with a hyphen) matches a gold Leader/ArmedGroup when both slugs end in
      the same token and one's tokens are a subset of the other's
      (``putin`` ~ ``vladimir-putin``); accents and case are ignored.
    - MEETS, COOPERATES_WITH and FIGHTS match in either order.
    - ``relations`` compares (type, source, target); ``relations_with_modality``
      adds the modality (``asserted`` when absent); ``relations_state_level``
      replaces each leader by what it leads (the first non-negated LEADER_OF
      of the same article), then drops LEADER_OF and self-loops.
    - Each distinct key counts once per article.

    Args:
        gold: Gold articles as returned by `load_gold`.
        predictions: Predicted records by article id. A gold article without
            a prediction is scored as an empty prediction and listed under
            ``missing_predictions``.
        errors: Also list the false positives and false negatives (at the
            level of ``relations_with_modality``) per article, with the
            evidence sentence of the prediction or of the gold.

    Returns:
        ``articles``, ``missing_predictions``, ``relations_state_level``,
        ``relations``, ``relations_with_modality``, ``by_type``, ``nodes``
        (by kind) and ``topics``; each figure a dict with ``precision``,
        ``recall``, ``f1`` (rounded to 4 places), ``tp``, ``fp`` and ``fn``.
        With `errors`, an ``errors`` list of ``{"id", "false_positives",
        "false_negatives", "missing_prediction"}`` for the articles that have
        any; each error has ``type``, ``source``, ``target``, ``modality``,
        ``evidence`` and the modalities the other side has for the same
        relation (``gold_modalities`` / ``predicted_modalities``).

    Examples:
        >>> gold = [{"id": "a", "nodes": [{"type": "Leader", "key": "vladimir-putin"}],
        ...          "relations": [{"type": "MEETS", "source": "XI", "target": "vladimir-putin"}],
        ...          "topics": []}]
        >>> pred = {"a": {"nodes": [{"type": "Leader", "key": "putin"}],
        ...               "relations": [{"type": "MEETS", "source": "putin", "target": "XI"}]}}
        >>> score_articles(gold, pred)["relations"]
        {'precision': 1.0, 'recall': 1.0, 'f1': 1.0, 'tp': 1, 'fp': 0, 'fn': 0}
    """
    rel, rel_mod, rel_state, topics = Tally(), Tally(), Tally(), Tally()
    by_type: dict[str, Tally] = {}
    nodes: dict[str, Tally] = {}
    missing: list[str] = []
    listed: list[dict[str, Any]] = []
    for g in gold:
        gid = str(g["id"])
        pred = predictions.get(gid)
        if pred is None:
            missing.append(gid)
            pred = {}
        link = _Linker(g.get("nodes", []))
        g_side = _Side(g, _as_written)
        p_side = _Side(pred, link)
        rel.add(p_side.exact.keys(), g_side.exact.keys())
        rel_mod.add(p_side.modal.keys(), g_side.modal.keys())
        rel_state.add(p_side.state_level(), g_side.state_level())
        for t in SCORED_TYPES:
            by_type.setdefault(t, Tally()).add(
                {k for k in p_side.exact if k[0] == t}, {k for k in g_side.exact if k[0] == t}
            )
        for kind in NODE_KINDS:
            nodes.setdefault(kind, Tally()).add(
                {link(n["key"], kind) for n in pred.get("nodes", []) if n.get("type") == kind},
                {n["key"] for n in g.get("nodes", []) if n.get("type") == kind},
            )
        topics.add(set(pred.get("topics", [])), set(g.get("topics", [])))
        if errors:
            found = _errors(gid, p_side, g_side)
            if found:
                listed.append(found | {"missing_prediction": gid in missing})
    result: dict[str, Any] = {
        "articles": len(gold),
        "missing_predictions": missing,
        "relations_state_level": rel_state.figures(),
        "relations": rel.figures(),
        "relations_with_modality": rel_mod.figures(),
        "by_type": {t: v.figures() for t, v in by_type.items()},
        "nodes": {k: v.figures() for k, v in nodes.items()},
        "topics": topics.figures(),
    }
    if errors:
        result["errors"] = listed
    return result


def slug_tokens(key: str) -> tuple[str, ...]:
    """The tokens of a name slug, without accents or case.

    Examples:
        >>> slug_tokens("Hugo_Chávez")
        ('hugo', 'chavez')
    """
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode().lower()
    return tuple(tok for tok in ascii_key.replace("_", "-").split("-") if tok)


class _Linker:
    """Maps a predicted key (and its node kind, if declared) onto the gold's key space."""

    def __init__(self, gold_nodes: Iterable[Mapping[str, Any]]) -> None:
        self.slugs = [
            (n["key"], slug_tokens(n["key"])) for n in gold_nodes if n.get("type") in _SLUG_KINDS
        ]

    def __call__(self, key: str, kind: str | None) -> str:
        undeclared_slug = kind is None and "-" in key and key == key.lower()
        if kind in _SLUG_KINDS or undeclared_slug:
            mine = slug_tokens(key)
            for gold_key, theirs in self.slugs:
                if mine and theirs and mine[-1] == theirs[-1]:
                    a, b = set(mine), set(theirs)
                    if a <= b or b <= a:
                        return gold_key
            return key.lower()
        if kind in ("State", "Organization") or key.isupper():
            return key.upper()
        return key.lower()


def _as_written(key: str, kind: str | None) -> str:
    return key


class _Side:
    """One side (gold or prediction) of one article: its relation keys, first relation for each."""

    def __init__(self, record: Mapping[str, Any], link: Link) -> None:
        kinds = {n["key"]: n.get("type") for n in record.get("nodes", [])}
        self.rels = record.get("relations", [])
        self.exact: dict[Key, Mapping[str, Any]] = {}
        self.modal: dict[Key, Mapping[str, Any]] = {}
        for r in self.rels:
            if r.get("type") not in SCORED_TYPES:
                continue
            source = link(r["source"], kinds.get(r["source"]))
            key = _ordered(r["type"], source, link(r["target"], kinds.get(r["target"])))
            self.exact.setdefault(key, r)
            self.modal.setdefault(key + (r.get("modality", "asserted"),), r)
        self.leads: dict[str, str] = {}
        for r in self.rels:
            if r.get("type") == "LEADER_OF" and r.get("modality", "asserted") != "negated":
                leader = link(r["source"], kinds.get(r["source"]))
                self.leads.setdefault(leader, link(r["target"], kinds.get(r["target"])))

    def state_level(self) -> set[Key]:
        out = set()
        for t, s, o in self.exact:
            if t == "LEADER_OF":
                continue
            s, o = self.leads.get(s, s), self.leads.get(o, o)
            if s != o:
                out.add(_ordered(t, s, o))
        return out


def _ordered(t: str, s: str, o: str) -> Key:
    if t in SYMMETRIC and o < s:
        s, o = o, s
    return (t, s, o)


def _errors(article_id: str, pred: _Side, gold: _Side) -> dict[str, Any] | None:
    """False positives and negatives of one article at the modality level, in text order."""

    def items(side: _Side, other: _Side, also: str) -> list[dict[str, Any]]:
        out = []
        for key, rel in side.modal.items():
            if key in other.modal:
                continue
            t, s, o, modality = key
            entry = {"type": t, "source": s, "target": o, "modality": modality}
            entry["evidence"] = rel.get("evidence") or ""
            entry[also] = sorted({k[3] for k in other.modal if k[:3] == key[:3]})
            out.append(entry)
        return out

    fps = items(pred, gold, "gold_modalities")
    fns = items(gold, pred, "predicted_modalities")
    if not fps and not fns:
        return None
    return {"id": article_id, "false_positives": fps, "false_negatives": fns}
