"""How the graph looks, shared by the HTML page and the static figure.

Node kind -> colour and shape; relation type -> colour; modality -> line
pattern (solid when asserted, dashed when planned, dotted when reported,
sparse dots when negated); size grows with the number of partners. Arrows only
on directed types: the ontology's symmetric types (MEETS, COOPERATES_WITH,
FIGHTS) have none. Colours keep hostile relations warm, friendly ones cool,
affiliations grey.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..ontology import load_ontology

__all__ = [
    "KIND_STYLE",
    "MODALITY_DASHES",
    "RELATION_COLOURS",
    "EdgeGroup",
    "KindStyle",
    "edge_groups",
    "node_size",
    "parallel_offsets",
    "partners",
]


@dataclass(frozen=True, slots=True)
class KindStyle:
    """Colour (fill), vis-network shape and matplotlib marker of a node kind."""

    colour: str
    shape: str
    marker: str
    label: str


KIND_STYLE: dict[str, KindStyle] = {
    "State": KindStyle("#4C78A8", "dot", "o", "state"),
    "Leader": KindStyle("#F2A541", "triangle", "^", "leader"),
    "Organization": KindStyle("#54A24B", "square", "s", "organization"),
    "ArmedGroup": KindStyle("#E45756", "diamond", "D", "armed group"),
    "Bloc": KindStyle("#B279A2", "hexagon", "h", "bloc"),
}

RELATION_COLOURS: dict[str, str] = {
    "MEETS": "#17A2B8",
    "VISITS": "#1F5FBF",
    "COOPERATES_WITH": "#2CA02C",
    "SUPPLIES_ARMS": "#8C564B",
    "SANCTIONS": "#D62728",
    "CONDEMNS": "#FF7F0E",
    "THREATENS": "#E377C2",
    "FIGHTS": "#6B0F1A",
    "SEVERS_TIES": "#9467BD",
    "LEADER_OF": "#8A8A8A",
    "MEMBER_OF": "#B5B522",
}

MODALITY_DASHES: dict[str, list[int] | None] = {
    "asserted": None,
    "planned": [10, 6],
    "reported": [3, 5],
    "negated": [1, 9],
}
"""Dash pattern (on, off in pixels) per modality; None is a solid line."""

_EVIDENCE = 6  # sentences shown per edge; the rest are counted


def partners(G: nx.MultiDiGraph, node: str) -> int:
    """Number of distinct other nodes linked to ``node`` (any type, any direction).

    Examples:
        >>> G = nx.MultiDiGraph([("A", "B"), ("B", "A"), ("A", "C")])
        >>> partners(G, "A")
        2
    """
    return len((set(G.successors(node)) | set(G.predecessors(node))) - {node})


def node_size(degree: int) -> float:
    """Marker size in pixels: 12 for an isolated node, growing with the square root.

    Examples:
        >>> node_size(0), node_size(4)
        (12.0, 22.0)
    """
    return 12.0 + 5.0 * math.sqrt(degree)


@dataclass(slots=True)
class EdgeGroup:
    """The assertions drawn as one line: same ends, type and modality."""

    source: str
    target: str
    type: str
    modality: str
    symmetric: bool
    assertions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def colour(self) -> str:
        return RELATION_COLOURS.get(self.type, "#555555")

    @property
    def dashes(self) -> list[int] | None:
        return MODALITY_DASHES.get(self.modality)

    @property
    def dates(self) -> tuple[str | None, str | None]:
        """Earliest and latest date of the assertions (None when none is dated)."""
        days = sorted(d for a in self.assertions if (d := a.get("date")))
        return (days[0], days[-1]) if days else (None, None)

    def tooltip(self, names: dict[str, str]) -> dict[str, Any]:
        """What hovering the line shows, as plain data (the page builds the markup)."""
        label = load_ontology().relation(self.type).label
        first, last = self.dates
        evidence = []
        for a in self.assertions[:_EVIDENCE]:
            stated = ""
            said = (a.get("source", self.source), a.get("target", self.target))
            if said != (self.source, self.target):
                stated = f"{names.get(said[0], said[0])} {label} {names.get(said[1], said[1])}"
            evidence.append(
                {
                    "sentence": a.get("sentence") or "",
                    "title": a.get("title") or a.get("article") or "",
                    "date": a.get("date") or "",
                    "stated": stated,
                }
            )
        return {
            "head": f"{names.get(self.source, self.source)} {label} "
            f"{names.get(self.target, self.target)}",
            "type": self.type,
            "modality": self.modality,
            "dates": (first if first == last else f"{first} to {last}") if first else "undated",
            "count": len(self.assertions),
            "evidence": evidence,
            "more": max(0, len(self.assertions) - _EVIDENCE),
        }


def edge_groups(G: nx.MultiDiGraph) -> list[EdgeGroup]:
    """The lines to draw: one per (source, target, type, modality) of ``G``'s edges.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> for m in ("asserted", "planned", "asserted"):
        ...     _ = G.add_edge("PRK", "RUS", type="COOPERATES_WITH", modality=m, symmetric=True)
        >>> [(g.type, g.modality, len(g.assertions)) for g in edge_groups(G)]
        [('COOPERATES_WITH', 'asserted', 2), ('COOPERATES_WITH', 'planned', 1)]
    """
    groups: dict[tuple[str, str, str, str], EdgeGroup] = {}
    for u, v, d in G.edges(data=True):
        key = (u, v, d["type"], d.get("modality", "asserted"))
        if key not in groups:
            groups[key] = EdgeGroup(u, v, key[2], key[3], bool(d.get("symmetric")))
        groups[key].assertions.append(d)
    return [groups[k] for k in sorted(groups)]


def parallel_offsets(groups: list[EdgeGroup]) -> Iterator[float]:
    """For each group, its signed offset among the lines joining the same pair.

    0 for a pair's only line; otherwise spread symmetrically (-0.5, 0.5 for
    two; -1, 0, 1 for three), signed relative to the pair in key order, so
    lines of opposite directions between the same pair do not coincide.

    Examples:
        >>> gs = [EdgeGroup("A", "B", "MEETS", "asserted", True),
        ...       EdgeGroup("B", "A", "CONDEMNS", "asserted", False),
        ...       EdgeGroup("A", "C", "MEETS", "asserted", True)]
        >>> list(parallel_offsets(gs))
        [-0.5, -0.5, 0.0]
    """
    pairs: dict[tuple[str, str], list[int]] = {}
    for i, g in enumerate(groups):
        pairs.setdefault((min(g.source, g.target), max(g.source, g.target)), []).append(i)
    offsets = [0.0] * len(groups)
    for (low, _), members in pairs.items():
        k = len(members)
        for j, i in enumerate(members):
            offset = j - (k - 1) / 2
            # the same offset drawn from the other end bends to the other side
            offsets[i] = offset if groups[i].source == low else -offset
    yield from offsets
