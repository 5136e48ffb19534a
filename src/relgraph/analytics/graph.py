"""A store's assertions as an ``nx.MultiDiGraph``, filtered, at entity or state level."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx

from ..errors import InputError, StoreError
from ..ontology import load_ontology

__all__ = [
    "DEFAULT_MODALITIES",
    "LEVELS",
    "assertion_rows",
    "check_filters",
    "graph_from_rows",
    "to_networkx",
]

DEFAULT_MODALITIES = ("asserted", "planned", "reported")
"""Modalities kept unless asked otherwise: negated relations did not happen."""

LEVELS = ("entity", "state")

_OPTIONAL = ("role", "domain", "channel")


@cache
def _query_text(suffix: str) -> str:
    """``assertions.sparql`` or ``assertions.cypher``, next to this module.

    Twins in the style of ``queries/``: the SPARQL query reads every assertion
    and ``assertion_rows`` filters the rows; the Cypher query filters in Neo4j,
    the filters bound as parameters. They give the same rows on the same data
    (``tests/test_contract.py``).
    """
    return (resources.files("relgraph.analytics") / f"assertions.{suffix}").read_text(
        encoding="utf-8"
    )


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


def _passes(r: Mapping[str, Any], f: Mapping[str, Any]) -> bool:
    """Whether an assertion row passes the (checked) filters ``f``."""
    if f["types"] is not None and r["type"] not in f["types"]:
        return False
    if r["modality"] not in f["modality"]:
        return False
    when = r.get("date")
    if (f["since"] or f["until"]) and not when:
        return False
    return not (f["since"] and when < f["since"] or f["until"] and when > f["until"])


def _is_office(r: Mapping[str, Any]) -> bool:
    return bool(r["type"] == "LEADER_OF" and r["modality"] != "negated")


def _offices(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Leader key -> the State it leads (else the Organization), most attested first.

    Only non-negated LEADER_OF assertions count; dates and other filters do not
    apply, since an office is a standing fact.
    """
    counts: dict[str, Counter[tuple[int, str]]] = {}
    for r in rows:
        if _is_office(r):
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
        if not _passes(r, f):
            continue
        if f["level"] == "state" and r["type"] == "LEADER_OF":
            continue  # at state level an office is the lifting itself, never an edge
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


def _cypher_params(f: Mapping[str, Any]) -> dict[str, object]:
    """The parameters of ``assertions.cypher`` for checked filters."""
    as_date = date.fromisoformat
    return {
        "types": list(f["types"]) if f["types"] is not None else None,
        "modality": list(f["modality"]),
        # Dates go as Dates: Neo4j 5 compares a Date with a string as null, so
        # an ISO string here would keep nothing (ArcadeDB does the same).
        "since": as_date(f["since"]) if f["since"] else None,
        "until": as_date(f["until"]) if f["until"] else None,
        "offices": f["level"] == "state",
        "kinds": list(load_ontology().actor_kinds),
    }


def assertion_rows(
    store: Any,
    *,
    types: str | Iterable[str] | None = None,
    modality: str | Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    level: str = "entity",
) -> list[dict[str, Any]]:
    """The assertion rows ``to_networkx`` builds its graph from, in no set order.

    The rows that pass the filters, and at state level also every non-negated
    LEADER_OF (the offices leaders are lifted through), with the columns
    ``graph_from_rows`` reads: ``id``, ``type``, ``source``, ``source_kind``,
    ``source_name``, ``target``, ``target_kind``, ``target_name``,
    ``modality``, ``date`` (ISO string or None), ``confidence``, ``sentence``,
    ``article``, ``title``, ``rule``, ``role``, ``domain``, ``channel``.
    A SPARQL store answers one query and the rows are filtered here; Neo4j
    filters in its Cypher query, with the filters as parameters. Both give the
    same rows on the same data.

    Raises:
        InputError: a bad filter value.
        StoreError: the store speaks neither SPARQL nor Cypher.
    """
    f = check_filters(types=types, modality=modality, since=since, until=until, level=level)
    language = getattr(store, "language", None)
    if language == "cypher":
        rows: list[dict[str, Any]] = store.query(_query_text("cypher"), _cypher_params(f)).rows
        return rows
    if language == "sparql":
        state = f["level"] == "state"
        every = store.query(_query_text("sparql")).rows
        return [r for r in every if _passes(r, f) or state and _is_office(r)]
    name = getattr(store, "name", type(store).__name__)
    raise StoreError(
        f"to_networkx reads SPARQL or Cypher stores; store {name!r} speaks {language!r}"
    )


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
        store: An open store (``relgraph.stores.open_store``): the embedded
            (SPARQL) store or Neo4j; both give the same graph of the same data.
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
        StoreError: the store speaks neither SPARQL nor Cypher, or fails.

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
    return graph_from_rows(assertion_rows(store, **f), **f)
