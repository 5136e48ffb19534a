"""Named queries (``queries/NAME.sparql`` and their ``.cypher`` twins) and result formatting."""

from __future__ import annotations

from .named import NamedQuery, Param, check_params, get_query, list_queries, run_named
from .output import format_rows

__all__ = [
    "NamedQuery",
    "Param",
    "check_params",
    "format_rows",
    "get_query",
    "list_queries",
    "run_named",
]
