"""Measures over the graph of ``to_networkx``: centrality, blocs, balance, exposure, ego views.

Every function takes an ``nx.MultiDiGraph`` whose edges carry ``type`` (a
relation type name) and, for ``ego``, whose nodes may carry ``kind``; results
are plain dicts and lists (``pandas.DataFrame(rows)`` reads them as they are).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from ..errors import InputError

__all__ = [
    "FAMILIES",
    "MEASURES",
    "SIGNS",
    "balance",
    "blocs",
    "centrality",
    "ego",
    "sanctions_exposure",
]

FAMILIES: dict[str, tuple[str, ...]] = {
    "cooperation": ("COOPERATES_WITH", "SUPPLIES_ARMS"),
    "diplomacy": ("MEETS", "VISITS"),
    "conflict": ("CONDEMNS", "FIGHTS", "SANCTIONS", "SEVERS_TIES", "THREATENS"),
    "affiliation": ("LEADER_OF", "MEMBER_OF"),
}
"""Relation families, each ranked separately by ``centrality``."""

SIGNS: dict[str, int] = {
    **{t: +1 for t in FAMILIES["cooperation"] + FAMILIES["diplomacy"]},
    **{t: -1 for t in FAMILIES["conflict"]},
}
"""The signed network of ``balance``: cooperation, arms supply, meetings and
visits are friendly (+1); sanctions, condemnation, threats, fighting and
severed ties are hostile (-1); affiliation has no sign."""

MEASURES = ("degree", "in_degree", "out_degree", "betweenness")


def _family_graph(G: nx.MultiDiGraph, types: Iterable[str]) -> nx.DiGraph:
    """Simple digraph of the given types: an arc per linked pair (both ways when
    the type is symmetric), ``weight`` = number of assertions."""
    wanted = set(types)
    H = nx.DiGraph()
    for u, v, d in G.edges(data=True):
        if d.get("type") not in wanted or u == v:
            continue
        for a, b in [(u, v), (v, u)] if d.get("symmetric") else [(u, v)]:
            w = H.get_edge_data(a, b, {"weight": 0})["weight"]
            H.add_edge(a, b, weight=w + 1)
    return H


def centrality(
    G: nx.MultiDiGraph,
    *,
    measure: str = "degree",
    families: Mapping[str, Iterable[str]] | None = None,
    top: int | None = None,
) -> list[dict[str, Any]]:
    """Rank nodes by centrality within each relation family.

    Each family's assertions are collapsed to one link per pair of nodes (an
    arc per direction stated; symmetric types link both ways), over the nodes
    the family touches. Measures: ``degree`` (distinct partners / (n - 1)),
    ``in_degree`` and ``out_degree`` (distinct sources / targets / (n - 1),
    e.g. who is sanctioned by most), ``betweenness`` (shortest paths through
    the node, ignoring direction, normalised).

    Args:
        G: A graph from ``to_networkx``.
        measure: One of ``MEASURES``.
        families: Family name -> relation types; default ``FAMILIES``.
        top: Keep the first ``top`` rows of each family.

    Returns:
        Rows ``{"family", "rank", "node", "name", "kind", "score"}``, by family
        (in the order given), then score (highest first), then node key; rank
        counts from 1 within the family. A family with no edges has no rows.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_edge("USA", "IRN", type="SANCTIONS")
        0
        >>> G.add_edge("EU", "IRN", type="SANCTIONS")
        0
        >>> G.add_edge("FRA", "DEU", type="COOPERATES_WITH", symmetric=True)
        0
        >>> for r in centrality(G, measure="in_degree"):
        ...     print(r["family"], r["rank"], r["node"], r["score"])
        cooperation 1 DEU 1.0
        cooperation 2 FRA 1.0
        conflict 1 IRN 1.0
        conflict 2 EU 0.0
        conflict 3 USA 0.0
    """
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r}; expected one of: {', '.join(MEASURES)}")
    rows: list[dict[str, Any]] = []
    for family, types in (families or FAMILIES).items():
        H = _family_graph(G, types)
        if not H:
            continue
        if measure == "degree":
            scores = nx.degree_centrality(H.to_undirected())
        elif measure == "in_degree":
            scores = nx.in_degree_centrality(H)
        elif measure == "out_degree":
            scores = nx.out_degree_centrality(H)
        else:
            scores = nx.betweenness_centrality(H.to_undirected())
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        for rank, (node, score) in enumerate(ranked, start=1):
            attrs = G.nodes[node] if node in G else {}
            rows.append(
                {
                    "family": family,
                    "rank": rank,
                    "node": node,
                    "name": attrs.get("name", node),
                    "kind": attrs.get("kind"),
                    "score": float(score),
                }
            )
    return rows


def blocs(
    G: nx.MultiDiGraph, *, types: Iterable[str] | None = None, resolution: float = 1.0
) -> list[dict[str, Any]]:
    """Communities of the cooperation network.

    The network links two nodes when any assertion of ``types`` joins them
    (default: the cooperation family of ``FAMILIES``, cooperation and arms
    supply; meetings are left out, since adversaries meet too), weighted by
    the number of assertions, direction ignored. Communities maximise modularity greedily (Clauset-Newman-Moore,
    ``networkx.community.greedy_modularity_communities``), which is
    deterministic.

    Returns:
        Rows ``{"bloc", "size", "members"}``: bloc numbers from 1, largest
        first (ties by first member); members sorted by key.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> for u, v in [("FRA", "DEU"), ("DEU", "POL"), ("FRA", "POL"),
        ...              ("RUS", "PRK"), ("PRK", "CHN"), ("RUS", "CHN"), ("POL", "CHN")]:
        ...     _ = G.add_edge(u, v, type="COOPERATES_WITH", symmetric=True)
        >>> for row in blocs(G):
        ...     print(row)
        {'bloc': 1, 'size': 3, 'members': ['CHN', 'PRK', 'RUS']}
        {'bloc': 2, 'size': 3, 'members': ['DEU', 'FRA', 'POL']}
    """
    wanted = set(types if types is not None else FAMILIES["cooperation"])
    weight: Counter[tuple[str, str]] = Counter(
        (min(u, v), max(u, v)) for u, v, t in G.edges(data="type") if t in wanted and u != v
    )
    if not weight:
        return []
    H = nx.Graph()
    H.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(weight.items()))
    found = nx.community.greedy_modularity_communities(H, weight="weight", resolution=resolution)
    groups = sorted((sorted(c) for c in found), key=lambda m: (-len(m), m))
    return [{"bloc": i, "size": len(m), "members": m} for i, m in enumerate(groups, start=1)]


def _signed_pairs(
    G: nx.MultiDiGraph, signs: Mapping[str, int]
) -> tuple[dict[tuple[str, str], int], list[list[str]]]:
    """Pair (in key order) -> +1/-1 by the sum of its assertions' signs; and the
    ambivalent pairs, whose signs cancel out."""
    total: Counter[tuple[str, str]] = Counter()
    for u, v, d in G.edges(data=True):
        s = signs.get(d.get("type", ""), 0)
        if s and u != v:
            total[(min(u, v), max(u, v))] += s
    signed = {p: (1 if t > 0 else -1) for p, t in total.items() if t}
    ambivalent = sorted([list(p) for p, t in total.items() if not t])
    return signed, ambivalent


def balance(G: nx.MultiDiGraph, *, signs: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Structural balance of the signed network.

    Each linked pair of nodes gets the sign of the sum of its assertions'
    signs (``SIGNS`` by default; direction ignored): friendly when positive,
    hostile when negative, ambivalent (left out) when they cancel. A triad
    (three nodes all pairwise signed) is balanced when the product of its
    three signs is positive: "the friend of my friend is my friend", "the
    enemy of my enemy is my friend".

    Returns:
        ``{"pairs": {"positive": n, "negative": n, "ambivalent": [[a, b], ...]},
        "triads": n, "balanced": n, "share_balanced": float or None (no
        triads), "unbalanced": [{"a", "b", "c", "ab", "ac", "bc"}, ...]}``
        with ``a < b < c`` by key and each sign as +1 or -1.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_edge("RUS", "PRK", type="COOPERATES_WITH")
        0
        >>> G.add_edge("the-west", "RUS", type="SANCTIONS")
        0
        >>> G.add_edge("the-west", "PRK", type="SANCTIONS")
        0
        >>> G.add_edge("USA", "the-west", type="MEETS")
        0
        >>> G.add_edge("USA", "PRK", type="MEETS")
        0
        >>> b = balance(G)
        >>> b["triads"], b["balanced"], b["share_balanced"]
        (2, 1, 0.5)
        >>> b["unbalanced"]
        [{'a': 'PRK', 'b': 'USA', 'c': 'the-west', 'ab': 1, 'ac': -1, 'bc': 1}]
    """
    signed, ambivalent = _signed_pairs(G, SIGNS if signs is None else signs)
    H = nx.Graph()
    H.add_edges_from(signed)
    unbalanced = []
    triads = 0
    for a, b in sorted(signed):
        for c in sorted(set(H[a]) & set(H[b])):
            if c <= b:
                continue  # each triad once, as a < b < c
            triads += 1
            ab, ac, bc = signed[(a, b)], signed[(a, c)], signed[(b, c)]
            if ab * ac * bc < 0:
                unbalanced.append({"a": a, "b": b, "c": c, "ab": ab, "ac": ac, "bc": bc})
    positive = sum(1 for s in signed.values() if s > 0)
    return {
        "pairs": {
            "positive": positive,
            "negative": len(signed) - positive,
            "ambivalent": ambivalent,
        },
        "triads": triads,
        "balanced": triads - len(unbalanced),
        "share_balanced": (triads - len(unbalanced)) / triads if triads else None,
        "unbalanced": unbalanced,
    }


def sanctions_exposure(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Which states are sanctioned by whom, with the number of assertions.

    Only SANCTIONS edges whose target node is a State (``kind == "State"``)
    count; run it on a ``level="state"`` graph to count sanctions on leaders
    against their states.

    Returns:
        Rows ``{"state", "sanctioner", "sanctioner_kind", "assertions"}`` by
        state, then sanctioner key; pivot with pandas for a states x
        sanctioners table.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_nodes_from([("RUS", {"kind": "State"}), ("PRK", {"kind": "State"}),
        ...                   ("EU", {"kind": "Organization"})])
        >>> for s, t in [("EU", "RUS"), ("EU", "RUS"), ("the-west", "PRK"), ("the-west", "RUS")]:
        ...     _ = G.add_edge(s, t, type="SANCTIONS")
        >>> for row in sanctions_exposure(G):
        ...     print(row)
        {'state': 'PRK', 'sanctioner': 'the-west', 'sanctioner_kind': None, 'assertions': 1}
        {'state': 'RUS', 'sanctioner': 'EU', 'sanctioner_kind': 'Organization', 'assertions': 2}
        {'state': 'RUS', 'sanctioner': 'the-west', 'sanctioner_kind': None, 'assertions': 1}
    """
    counts: Counter[tuple[str, str]] = Counter(
        (v, u)
        for u, v, t in G.edges(data="type")
        if t == "SANCTIONS" and G.nodes[v].get("kind") == "State"
    )
    return [
        {
            "state": state,
            "sanctioner": who,
            "sanctioner_kind": G.nodes[who].get("kind"),
            "assertions": n,
        }
        for (state, who), n in sorted(counts.items())
    ]


def ego(G: nx.MultiDiGraph, key: str, radius: int = 1) -> nx.MultiDiGraph:
    """The part of ``G`` within ``radius`` hops of a node, direction ignored.

    When ``key`` is a State, the leaders linked to it by LEADER_OF in ``G``
    are the centre too (at distance 0), so an entity-level graph shows what
    the state's leaders did as well.

    Raises:
        InputError: ``key`` is not a node of ``G``, or ``radius`` is negative.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_nodes_from([("RUS", {"kind": "State"}), ("vladimir-putin", {"kind": "Leader"})])
        >>> for u, v, t in [("vladimir-putin", "RUS", "LEADER_OF"), ("vladimir-putin", "PRK", "VISITS"),
        ...                 ("PRK", "CHN", "COOPERATES_WITH"), ("CHN", "USA", "MEETS")]:
        ...     _ = G.add_edge(u, v, type=t)
        >>> sorted(ego(G, "RUS", 1))
        ['PRK', 'RUS', 'vladimir-putin']
        >>> sorted(ego(G, "RUS", 2))
        ['CHN', 'PRK', 'RUS', 'vladimir-putin']
    """
    if key not in G:
        raise InputError(
            f"{key!r} is not a node of the graph ({G.number_of_nodes()} nodes); "
            "it has no relation that passes the filters"
        )
    if radius < 0:
        raise InputError(f"radius must be 0 or more, got {radius!r}")
    centre = {key}
    if G.nodes[key].get("kind") == "State":
        centre |= {u for u, _, t in G.in_edges(key, data="type") if t == "LEADER_OF"}
    U = G.to_undirected(as_view=True)
    seen = set(centre)
    frontier = set(centre)
    for _ in range(radius):
        frontier = {n for f in frontier for n in U[f]} - seen
        seen |= frontier
    return G.subgraph(seen).copy()
