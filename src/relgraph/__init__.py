"""relgraph: news articles about international relations as a queryable knowledge graph."""

from __future__ import annotations

from .errors import InputError, QueryError, RelgraphError, StoreError, StoreUnavailable
from .model import Article

__all__ = [
    "Article",
    "InputError",
    "QueryError",
    "RelgraphError",
    "StoreError",
    "StoreUnavailable",
    "__version__",
]

__version__ = "0.1.0"
