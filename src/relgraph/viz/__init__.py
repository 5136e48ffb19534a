"""Views of the graph: a self-contained interactive HTML page and a static figure.

``write_html`` draws with pyvis/vis-network, ``write_figure`` with matplotlib;
both take a graph from ``relgraph.analytics.to_networkx`` (``select_graph``
builds one from a store with the CLI's filters) and look the same: node kind
as colour and shape, degree as size, relation type as line colour, dashed
lines for planned and reported relations, arrows only on directed types.
"""

from __future__ import annotations

from .figure import write_figure
from .html import render_html, write_html
from .select import QUERY_TYPES, describe, select_graph

__all__ = [
    "QUERY_TYPES",
    "describe",
    "render_html",
    "select_graph",
    "write_figure",
    "write_html",
]
