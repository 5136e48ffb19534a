"""A store's assertions as an ``nx.MultiDiGraph``, filtered, at entity or state level."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx

from ..errors import InputError, StoreError
from ..ontology import load_ontology

__all__ = ["DEFAULT_MODALITIES", "LEVELS", "check_filters", "graph_from_rows", "to_networkx"]

DEFAULT_MODALITIES = ("asserted", "planned", "reported")
"""Modalities kept unless asked otherwise: negated relations did not happen."""

LEVELS = ("entity", "state")

# One row per assertion with both ends described. Every assertion resource lives
# in its article's graph only, so the union default graph matches it once.
_ASSERTIONS = """
SELECT DISTINCT ?id ?type ?source ?source_kind ?source_name ?target ?target_kind
       ?target_name ?modality ?date ?confidence ?sentence ?article ?title ?rule
       ?role ?domain ?channel
WHERE {
  ?id a rg:Assertion ; rg:relation ?type ; rg:source ?s ; rg:target ?t ;
      rg:modality ?modality ; rg:article ?a ; rg:sentence ?sentence .
  ?s rg:key ?source ; a ?sc . ?sc rg:kind ?source_kind .
  ?t rg:key ?target ; a ?tc . ?tc rg:kind ?target_kind .
  ?a rg:key ?article .
  OPTIONAL { ?s rg:name ?source_name }
  OPTIONAL { ?t rg:name ?target_name }
  OPTIONAL { ?a rg:title ?title }
  OPTIONAL { ?id rg:date ?date }
  OPTIONAL { ?id rg:confidence ?confidence }
  OPTIONAL { ?id rg:rule ?rule }
  OPTIONAL { ?id rg:role ?role }
  OPTIONAL { ?id rg:domain ?domain }
  OPTIONAL { ?id rg:channel ?channel }
}
"""

_OPTIONAL = ("role", "domain", "channel")


def _as_date(name: str, value: date | str | None) -> str | None:
    if value is None or isinstance(value, date):
        return value.isoformat() if value else None
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InputError(f"{name}: {value!r} is not a date (expected YYYY-MM-DD)") from None


def _as_names(
    what: str, value: str | Iterable[str] | None, known: Iterable[str], *, upper: bool
) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    names = [str(v).strip() for v in items if str(v).strip()]
    names = [n.upper() if upper else n.lower() for n in names]
    choices = tuple(known)
    if not names:
        raise InputError(f"no {what} given; expected one or more of: {', '.join(choices)}")
    bad = [n for n in names if n not in choices]
    if bad:
        got = ", ".join(map(repr, bad))
        raise InputError(f"unknown {what} {got}; expected one of: {', '.join(choices)}")
    return tuple(dict.fromkeys(names))


def check_filters(
    *,
    types: str | Iterable[str] | None = None,
    modality: str | Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    level: str = "entity",
) -> dict[str, Any]:
    """Validate and normalise the filters of ``to_networkx``.

    Names may come comma-separated in one string and in any case.

    Raises:
        InputError: an unknown type, modality or level, a bad date, or
            ``since`` after ``until``.

    Examples:
        >>> check_filters(types="sanctions, fights", since="2024-01-01")["types"]
        ('SANCTIONS', 'FIGHTS')
        >>> check_filters(modality="sure")
        Traceback (most recent call last):
        ...
        relgraph.errors.InputError: unknown modality 'sure'; expected one of: asserted, planned, reported, negated
    """
    onto = load_ontology()
    out: dict[str, Any] = {
        "types": _as_names("relation type", types, onto.relations, upper=True),
        "modality": _as_names("modality", modality, onto.modalities, upper=False)
        or DEFAULT_MODALITIES,
        "since": _as_date("since", since),
        "until": _as_date("until", until),
        "level": level,
    }
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; expected one of: {', '.join(LEVELS)}")
    if out["since"] and out["until"] and out["since"] > out["until"]:
        raise InputError(f"since {out['since']} is after until {out['until']}; swap them")
    return out


def _offices(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Leader key -> the State it leads (else the Organization), most attested first.

    Only non-negated LEADER_OF assertions count; dates and other filters do not
    apply, since an office is a standing fact.
    """
    counts: dict[str, Counter[tuple[int, str]]] = {}
    for r in rows:
        if r["type"] == "LEADER_OF" and r["modality"] != "negated":
            rank = 0 if r["target_kind"] == "State" else 1
            counts.setdefault(r["source"], Counter())[(rank, r["target"])] += 1
    return {leader: min(c, key=lambda k: (k[0], -c[k], k[1]))[1] for leader, c in counts.items()}


def graph_from_rows(
    rows: Iterable[Mapping[str, Any]],
    *,
    types: str | Iterable[str] | None = None,
    modality: str | Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    level: str = "entity",
) -> nx.MultiDiGraph:
    """Build the graph of ``to_networkx`` from assertion rows (as its query returns them).

    Each row is a mapping with ``id``, ``type``, ``source``/``target`` (keys),
    ``source_kind``/``target_kind``, ``source_name``/``target_name``,
    ``modality`` and optionally ``date``, ``confidence``, ``sentence``,
    ``article``, ``title``, ``rule``, ``role``, ``domain``, ``channel``.

    Examples:
        >>> rows = [
        ...     {"id": "a1", "type": "LEADER_OF", "modality": "asserted",
        ...      "source": "vladimir-putin", "source_kind": "Leader", "source_name": "Vladimir Putin",
        ...      "target": "RUS", "target_kind": "State", "target_name": "Russia"},
        ...     {"id": "a2", "type": "VISITS", "modality": "asserted", "date": "2024-06-19",
        ...      "source": "vladimir-putin", "source_kind": "Leader", "source_name": "Vladimir Putin",
        ...      "target": "PRK", "target_kind": "State", "target_name": "North Korea"}]
        >>> sorted(graph_from_rows(rows).edges(data="type"))
        [('vladimir-putin', 'PRK', 'VISITS'), ('vladimir-putin', 'RUS', 'LEADER_OF')]
        >>> G = graph_from_rows(rows, level="state")
        >>> list(G.edges(keys=True, data="source"))
        [('RUS', 'PRK', 'a2', 'vladimir-putin')]
    """
    f = check_filters(types=types, modality=modality, since=since, until=until, level=level)
    rows = list(rows)
    onto = load_ontology()
    lift = _offices(rows) if f["level"] == "state" else {}
    kinds = {r[end]: r[f"{end}_kind"] for r in rows for end in ("source", "target")}
    names = {r[end]: r.get(f"{end}_name") or r[end] for r in rows for end in ("source", "target")}
    kept = []
    for r in rows:
        if f["types"] is not None and r["type"] not in f["types"]:
            continue
        if r["modality"] not in f["modality"]:
            continue
        when = r.get("date")
        if (f["since"] or f["until"]) and not when:
            continue
        if f["since"] and when < f["since"] or f["until"] and when > f["until"]:
            continue
        if lift and r["type"] == "LEADER_OF":
            continue  # at state level an office is the lifting itself
        u, v = lift.get(r["source"], r["source"]), lift.get(r["target"], r["target"])
        if u == v and (u, v) != (r["source"], r["target"]):
            continue  # a leader and their own state: nothing between states
        if v < u and onto.relation(r["type"]).symmetric:
            u, v = v, u  # lifting may undo the key order of a symmetric relation
        kept.append((u, v, r))
    G = nx.MultiDiGraph(level=f["level"])
    for key in sorted({k for u, v, _ in kept for k in (u, v)}):
        G.add_node(key, kind=kinds[key], name=names[key])
    kept.sort(key=lambda e: (e[2].get("date") or "", e[2]["type"], e[0], e[1], e[2]["id"]))
    for u, v, r in kept:
        attrs = {
            "type": r["type"],
            "modality": r["modality"],
            "date": r.get("date"),
            "confidence": r.get("confidence"),
            "sentence": r.get("sentence"),
            "article": r.get("article"),
            "title": r.get("title"),
            "rule": r.get("rule"),
            "source": r["source"],
            "target": r["target"],
            "symmetric": onto.relation(r["type"]).symmetric,
        }
        attrs.update({p: r[p] for p in _OPTIONAL if r.get(p)})
        G.add_edge(u, v, key=r["id"], **attrs)
    return G


def to_networkx(
    store: Any,
    *,
    types: str | Iterable[str] | None = None,
    modality: str | Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    level: str = "entity",
) -> nx.MultiDiGraph:
    """The assertions of a store as a directed multigraph, one edge per assertion.

    Nodes are entity keys (``"RUS"``, ``"vladimir-putin"``) with ``kind`` and
    ``name``; only the ends of kept assertions are nodes. Each edge is keyed by
    the assertion id and carries ``type``, ``modality``, ``date`` (ISO string
    or None), ``confidence``, ``sentence``, ``article`` (id), ``title`` (of the
    article), ``rule``, ``source``/``target`` (the keys as stated, before any
    lifting), ``symmetric`` (the type is; the edge then runs in key order) and
    ``role``/``domain``/``channel`` where given.

    Args:
        store: An open SPARQL store (``relgraph.stores.open_store``).
        types: Relation types to keep (names, or one comma-separated string);
            None keeps all.
        modality: Modalities to keep; None keeps ``DEFAULT_MODALITIES``
            (asserted, planned, reported: negated relations did not happen).
        since: Keep assertions dated on or after this day (undated ones go).
        until: Keep assertions dated on or before this day (undated ones go).
        level: ``"entity"`` keeps every node as stated; ``"state"`` lifts each
            leader to the State it leads by a non-negated LEADER_OF (else to
            the Organization it heads; the most attested office wins), drops
            LEADER_OF edges and any edge between a leader and their own office.

    Raises:
        InputError: a bad filter value.
        StoreError: the store speaks no SPARQL.

    Examples:
        >>> import tempfile
        >>> from relgraph.stores import open_store
        >>> node = lambda kind, key, name: {"type": kind, "key": key, "name": name}
        >>> rec = {"id": "a1", "title": "Putin in Pyongyang", "published": "2024-06-19",
        ...     "topics": [], "nodes": [node("State", "RUS", "Russia"),
        ...     node("State", "PRK", "North Korea"), node("Leader", "vladimir-putin", "Vladimir Putin")],
        ...     "relations": [
        ...     {"type": "LEADER_OF", "source": "vladimir-putin", "target": "RUS",
        ...      "modality": "asserted", "evidence": "President Vladimir Putin."},
        ...     {"type": "VISITS", "source": "vladimir-putin", "target": "PRK",
        ...      "modality": "asserted", "evidence": "Putin arrived in Pyongyang."}]}
        >>> with tempfile.TemporaryDirectory() as tmp, open_store(tmp + "/s") as store:
        ...     _ = store.add([rec])
        ...     E = to_networkx(store)
        ...     S = to_networkx(store, level="state")
        >>> sorted(E.edges(data="type"))
        [('vladimir-putin', 'PRK', 'VISITS'), ('vladimir-putin', 'RUS', 'LEADER_OF')]
        >>> [(u, v, d["type"], d["source"], d["date"]) for u, v, d in S.edges(data=True)]
        [('RUS', 'PRK', 'VISITS', 'vladimir-putin', '2024-06-19')]
    """
    f = check_filters(types=types, modality=modality, since=since, until=until, level=level)
    language = getattr(store, "language", None)
    if language != "sparql":
        name = getattr(store, "name", type(store).__name__)
        raise StoreError(f"to_networkx reads SPARQL stores; store {name!r} speaks {language!r}")
    return graph_from_rows(store.query(_ASSERTIONS).rows, **f)
