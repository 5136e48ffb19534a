"""Score extractions against peer event-coding suites (PLOVER, CAMEO): ``score.py peer`` figures."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ._tally import Tally
from .articles import SCORED_TYPES, SYMMETRIC

__all__ = ["CAMEO_PREFIXES", "PLOVER_TYPES", "event_type", "score_peer", "scored_records"]

#: PLOVER event types with a relgraph counterpart.
PLOVER_TYPES = {
    "AGREE": "COOPERATES_WITH",
    "ASSAULT": "FIGHTS",
    "CONSULT": "MEETS",
    "COOPERATE": "COOPERATES_WITH",
    "DISAPPROVE": "CONDEMNS",
    "FIGHT": "FIGHTS",
    "SANCTION": "SANCTIONS",
    "THREATEN": "THREATENS",
}
#: CAMEO code prefixes -> relgraph type (None: no counterpart, not scored); the
#: longest matching prefix decides. "043" (host a visit) is VISITS reversed.
CAMEO_PREFIXES: dict[str, str | None] = {
    "03": None,  # intents, except intent to provide military aid (0332)
    "0332": "SUPPLIES_ARMS",
    "036": None,
    "040": "MEETS",
    "041": "MEETS",
    "042": "VISITS",
    "043": "VISITS",
    "044": "MEETS",
    "045": "MEETS",
    "046": "MEETS",
    "05": "COOPERATES_WITH",
    "051": None,
    "052": None,
    "06": "COOPERATES_WITH",
    "072": "SUPPLIES_ARMS",
    "11": "CONDEMNS",
    "13": "THREATENS",
    "161": "SEVERS_TIES",
    "163": "SANCTIONS",
    "18": "FIGHTS",
    "19": "FIGHTS",
    "20": "FIGHTS",
}
_REVERSED = {"043"}
# CAMEO country codes that are not ISO 3166 alpha-3.
_CAMEO_TO_ISO = {"ITL": "ITA", "JAP": "JPN", "ROM": "ROU", "VTN": "VNM"}
# Actor code prefixes that are no state: organizations, groups, unknown.
_NOT_STATES = ("IGO", "IMG", "NGO", "ISM")

Key = tuple[str, str, str]


def event_type(code: str) -> tuple[str | None, bool]:
    """The relgraph type of a PLOVER or CAMEO event code, and whether its ends swap.

    Examples:
        >>> event_type("CONSULT"), event_type("0431"), event_type("0332"), event_type("0311")
        (('MEETS', False), ('VISITS', True), ('SUPPLIES_ARMS', False), (None, False))
    """
    if code in PLOVER_TYPES:
        return PLOVER_TYPES[code], False
    for n in range(len(code), 1, -1):
        if code[:n] in CAMEO_PREFIXES:
            return CAMEO_PREFIXES[code[:n]], code[:n] in _REVERSED
    return None, False


def _state(actor: str | None) -> str | None:
    """The state of a CAMEO/PLOVER actor code (``USAGOV`` -> ``USA``), or None."""
    if not actor or actor.startswith("---") or actor[:3] in _NOT_STATES:
        return None
    code = actor[:3].upper()
    return _CAMEO_TO_ISO.get(code, code)


def _ordered(t: str, s: str, o: str) -> Key:
    if t in SYMMETRIC and o < s:
        s, o = o, s
    return (t, s, o)


def _expected(record: Mapping[str, Any]) -> tuple[set[Key], bool]:
    """The record's scorable expected relations, and whether any coding was left out."""
    gold: set[Key] = set()
    partial = False
    for event in record.get("expected", []):
        t, swap = event_type(str(event.get("code", "")))
        s, o = _state(event.get("source")), _state(event.get("target"))
        if t is None or not s or not o or s == o:
            partial = True
            continue
        gold.add(_ordered(t, o, s) if swap else _ordered(t, s, o))
    return gold, partial


def _walk(
    records: Sequence[Mapping[str, Any]],
) -> Iterator[tuple[Mapping[str, Any], set[Key] | None, bool]]:
    """(record, expected or None when skipped, partly scorable) for the records that count."""
    for rec in records:
        if rec.get("evaluate") is False or rec.get("expected_error"):
            continue  # marked by the suite as not for evaluation / an input-error test
        gold, partial = _expected(rec)
        yield rec, (None if partial and not gold else gold), partial


def scored_records(records: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The records `score_peer` scores (those worth extracting)."""
    return [rec for rec, gold, _ in _walk(records) if gold is not None]


def score_peer(
    records: Sequence[Mapping[str, Any]],
    predictions: Mapping[str, Mapping[str, Any]],
    *,
    errors: bool = False,
) -> dict[str, Any]:
    """Precision, recall and F1 at state level against event-coded sentences.

    Expected codings map to relgraph types (`PLOVER_TYPES`, `CAMEO_PREFIXES`)
    and their actors to states (first three letters of the actor code).
    A record none of whose codings has a counterpart between two different
    states is skipped; a record with only some is scored only on the types
    it expects. Records with ``evaluate: false`` or ``expected_error`` do not
    count. A record without codings expects no relation.

    Predictions are collapsed to (type, state, state): a State key stands
    for itself (an undeclared three-letter upper-case key counts as a
    state), a leader for the State its LEADER_OF names (the last one);
    negated relations, LEADER_OF, other actors and self-loops drop out.

    Args:
        records: Suite records as returned by `load_suite`.
        predictions: Predicted records by record id; a missing one counts
            as predicting nothing.
        errors: Also list false positives (with the predicted evidence) and
            false negatives (with the record's text) per record.

    Returns:
        ``records_scored``, ``records_skipped``, ``missing_predictions`` (a
        count), ``relations`` and ``by_type`` (figures as in
        `score_articles`), and with `errors` an ``errors`` list.
    """
    total = Tally()
    by_type: dict[str, Tally] = {}
    scored = skipped = missing = 0
    listed = []
    for rec, gold, partial in _walk(records):
        if gold is None:
            skipped += 1
            continue
        rid = str(rec["id"])
        pred = predictions.get(rid)
        if pred is None:
            missing += 1
        found = _state_level(pred or {})
        if partial:
            found = {k: r for k, r in found.items() if k[0] in {g[0] for g in gold}}
        scored += 1
        total.add(found.keys(), gold)
        for t in {k[0] for k in found.keys() | gold}:
            by_type.setdefault(t, Tally()).add(
                {k for k in found if k[0] == t}, {k for k in gold if k[0] == t}
            )
        if errors and (found.keys() ^ gold):
            text = rec.get("text") or ""
            fps = [_entry(k, r.get("evidence") or "") for k, r in found.items() if k not in gold]
            fns = [_entry(k, text) for k in sorted(gold - found.keys())]
            listed.append(
                {
                    "id": rid,
                    "false_positives": fps,
                    "false_negatives": fns,
                    "missing_prediction": pred is None,
                }
            )
    result: dict[str, Any] = {
        "records_scored": scored,
        "records_skipped": skipped,
        "missing_predictions": missing,
        "relations": total.figures(),
        "by_type": {t: by_type[t].figures() for t in sorted(by_type)},
    }
    if errors:
        result["errors"] = listed
    return result


def _state_level(pred: Mapping[str, Any]) -> dict[Key, Mapping[str, Any]]:
    """Predicted relations as (type, state, state) keys, each with its first relation."""
    kinds = {n["key"]: n.get("type") for n in pred.get("nodes", [])}
    rels = pred.get("relations", [])
    leads = {
        r["source"]: r["target"]
        for r in rels
        if r.get("type") == "LEADER_OF" and kinds.get(r["target"]) == "State"
    }

    def state(key: str) -> str | None:
        kind = kinds.get(key)
        if kind == "State" or (kind is None and len(key) == 3 and key.isupper()):
            return key.upper()
        return leads.get(key)

    out: dict[Key, Mapping[str, Any]] = {}
    for r in rels:
        t = r.get("type")
        if t not in SCORED_TYPES or t == "LEADER_OF" or r.get("modality") == "negated":
            continue
        s, o = state(r["source"]), state(r["target"])
        if s and o and s != o:
            out.setdefault(_ordered(t, s, o), r)
    return out


def _entry(key: Key, evidence: str) -> dict[str, str]:
    t, s, o = key
    return {"type": t, "source": s, "target": o, "evidence": evidence}
