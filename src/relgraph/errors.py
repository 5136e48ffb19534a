"""The exceptions relgraph raises on purpose."""

from __future__ import annotations

__all__ = ["RelgraphError", "InputError", "QueryError", "StoreError", "StoreUnavailable"]


class RelgraphError(Exception):
    """Base for every error relgraph raises on purpose."""


class InputError(RelgraphError, ValueError):
    """Bad file, argument or article: fix the input, not the code."""


class QueryError(RelgraphError):
    """Unknown named query, missing or unexpected parameter, or a query the store rejects."""


class StoreError(RelgraphError):
    """The store refused an operation."""


class StoreUnavailable(StoreError):
    """The store cannot be opened or reached."""
