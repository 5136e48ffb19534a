"""The graph a view draws: a store's assertions through filters, an ego view or a named question."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx

from ..analytics import ego, to_networkx
from ..analytics.graph import check_filters
from ..errors import InputError
from ..ontology import load_ontology

__all__ = ["QUERY_TYPES", "describe", "graph_for_result", "select_graph"]

QUERY_TYPES: dict[str, tuple[str, ...]] = {
    "shared_sanctions_exposure": ("SANCTIONS",),
    "leader_meetings": ("MEETS",),
    "cooperation_network": ("COOPERATES_WITH",),
    "arms_flows": ("SUPPLIES_ARMS",),
}
"""Relation types that draw a named question whose rows name no type themselves."""

_ISO3 = re.compile(r"^[A-Z]{3}$")
_HOP = re.compile(r"^(\S+) ([A-Z_]+) (\S+)$")


def _values(rows: Iterable[Mapping[str, Any]]) -> Iterable[str]:
    for row in rows:
        for value in row.values():
            items = value if isinstance(value, list | tuple) else [value]
            yield from (str(v) for v in items if v is not None)


def graph_for_result(G: nx.MultiDiGraph, name: str, rows: list[dict[str, Any]]) -> nx.MultiDiGraph:
    """The part of ``G`` that a named question's rows name.

    Nodes: every value in the rows that is a node of ``G``. Edges: when the
    rows spell hops as ``"SOURCE TYPE TARGET"`` (``path_between``), exactly
    those; otherwise the edges of ``G`` among those nodes, of the relation
    types the rows name (``adversaries``' types, ``timeline``'s type), else of
    ``QUERY_TYPES[name]``, else of any type.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_nodes_from(["PRK", "RUS", "the-west", "UKR"])
        >>> for u, v, t in [("the-west", "PRK", "SANCTIONS"), ("the-west", "RUS", "SANCTIONS"),
        ...                 ("PRK", "RUS", "COOPERATES_WITH"), ("RUS", "UKR", "FIGHTS")]:
        ...     _ = G.add_edge(u, v, type=t, source=u, target=v)
        >>> rows = [{"state_a": "PRK", "state_b": "RUS", "sanctioners": ["the-west"]}]
        >>> sorted(graph_for_result(G, "shared_sanctions_exposure", rows).edges(data="type"))
        [('the-west', 'PRK', 'SANCTIONS'), ('the-west', 'RUS', 'SANCTIONS')]
        >>> hops = [{"nodes": ["PRK", "RUS", "UKR"], "relations": ["PRK COOPERATES_WITH RUS",
        ...          "RUS FIGHTS UKR"]}]
        >>> sorted(graph_for_result(G, "path_between", hops).edges(data="type"))
        [('PRK', 'RUS', 'COOPERATES_WITH'), ('RUS', 'UKR', 'FIGHTS')]
    """
    relations = load_ontology().relations
    values = set(_values(rows))
    keys = {v for v in values if v in G}
    hops = set()
    for v in values:
        m = _HOP.match(v)
        if m and m.group(2) in relations:
            hops.add((m.group(1), m.group(2), m.group(3)))
    named_types = {v for v in values if v in relations}
    types = named_types or set(QUERY_TYPES.get(name, ())) or set(relations)
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((k, G.nodes[k]) for k in sorted(keys))
    for u, v, k, d in G.edges(keys=True, data=True):
        if hops:
            said = {(d.get("source", u), d["type"], d.get("target", v)), (u, d["type"], v)}
            if d.get("symmetric"):
                said |= {(t, ty, s) for s, ty, t in said}
            keep = bool(said & hops)
        else:
            keep = u in keys and v in keys and d["type"] in types
        if keep:
            H.add_edge(u, v, key=k, **d)
            for n in (u, v):
                H.nodes[n].update(G.nodes[n])
    return H


def select_graph(
    store: Any,
    *,
    types: str | Iterable[str] | None = None,
    modality: str | Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    level: str = "entity",
    state: str | None = None,
    radius: int = 1,
    query: str | None = None,
    params: Mapping[str, object] | None = None,
) -> nx.MultiDiGraph:
    """The graph to draw from an open store, as ``relgraph viz`` selects it.

    The filters go to ``to_networkx``; then ``query`` keeps what the named
    question's result names (``graph_for_result``), then ``state`` keeps the
    ``ego`` view of that state within ``radius`` hops.

    Raises:
        InputError: a bad filter, a bad ISO3 code, or nothing left to draw.
        QueryError: an unknown query or bad parameters.
    """
    f = check_filters(types=types, modality=modality, since=since, until=until, level=level)
    iso3 = None
    if state is not None:
        iso3 = state.strip().upper()
        if not _ISO3.match(iso3):
            raise InputError(f"--state: {state!r} is not an ISO 3166-1 alpha-3 code (e.g. 'RUS')")
    G = to_networkx(store, **f)
    if query is not None:
        from ..query import run_named

        result = run_named(store, query, dict(params or {}))
        if not result.rows:
            raise InputError(f"query {query!r} returned no rows; nothing to draw")
        G = graph_for_result(G, query, result.rows)
    if iso3 is not None:
        G = ego(G, iso3, radius)
    if G.number_of_nodes() == 0:
        raise InputError(f"nothing to draw: no relation passes the filters ({describe(**f)})")
    return G


def describe(
    *,
    types: Iterable[str] | None = None,
    modality: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    level: str = "entity",
    state: str | None = None,
    radius: int = 1,
    query: str | None = None,
    params: Mapping[str, object] | None = None,
) -> str:
    """One line saying what a view shows.

    Examples:
        >>> describe(types=("SANCTIONS",), since="2024-01-01", state="RUS", radius=2)
        'types SANCTIONS; modality asserted, planned, reported; since 2024-01-01; ego view of RUS, radius 2; entity level'
    """
    parts = []
    if query:
        given = ", ".join(f"{k}={v}" for k, v in (params or {}).items())
        parts.append(f"query {query}" + (f" ({given})" if given else ""))
    parts.append("types " + ", ".join(types) if types else "all relation types")
    parts.append("modality " + ", ".join(modality or check_filters()["modality"]))
    if since:
        parts.append(f"since {since}")
    if until:
        parts.append(f"until {until}")
    if state:
        parts.append(f"ego view of {state.upper()}, radius {radius}")
    parts.append(f"{level} level")
    return "; ".join(parts)
