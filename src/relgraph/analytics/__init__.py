"""Analytics on networkx views of the graph: plain functions, rows as plain dicts.

``to_networkx(store)`` reads every assertion of a store into an
``nx.MultiDiGraph`` (one edge per assertion, keyed by the assertion id); the
other functions take such a graph, or any graph with the same attributes, and
return plain dicts and lists that load straight into ``pandas.DataFrame``.
"""

from __future__ import annotations

from .graph import DEFAULT_MODALITIES, LEVELS, to_networkx
from .measures import (
    FAMILIES,
    SIGNS,
    balance,
    blocs,
    centrality,
    ego,
    sanctions_exposure,
)

__all__ = [
    "DEFAULT_MODALITIES",
    "FAMILIES",
    "LEVELS",
    "SIGNS",
    "balance",
    "blocs",
    "centrality",
    "ego",
    "sanctions_exposure",
    "to_networkx",
]
