"""Graph stores behind one small Protocol; backends are imported only when chosen."""

from __future__ import annotations

import os
import re
from importlib import import_module
from pathlib import Path
from typing import Any

from ..errors import InputError
from .base import NEO4J_SCHEMES, GraphStore, LoadStats, QueryResult

__all__ = ["GraphStore", "LoadStats", "QueryResult", "default_store_path", "open_store"]

# URL scheme -> "module:Class"; a plain path means the default, oxigraph.
_BACKENDS = {
    "oxigraph": "relgraph.stores.oxigraph_store:OxigraphStore",
    **dict.fromkeys(NEO4J_SCHEMES, "relgraph.stores.neo4j_store:Neo4jStore"),
}
# Backends that take the whole URL (a server address), not the path after the scheme.
_SERVERS = frozenset(NEO4J_SCHEMES)


def default_store_path() -> Path:
    """Where the store lives unless told otherwise.

    ``$RELGRAPH_STORE`` if set, else ``$XDG_DATA_HOME/relgraph/store``, else
    ``~/.local/share/relgraph/store``. Read at call time, never at import.
    """
    if env := os.environ.get("RELGRAPH_STORE"):
        return Path(env).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home).expanduser() / "relgraph" / "store"


def open_store(
    location: str | Path | None = None, *, read_only: bool = False, **options: Any
) -> Any:
    """Open a graph store; the caller closes it (``with open_store(p) as store:``).

    Args:
        location: A folder path (an Oxigraph store), ``oxigraph://PATH``, or a
            Neo4j server ``bolt://HOST:PORT`` / ``neo4j://HOST:PORT`` (also
            ``+s``, ``+ssc``); None means ``default_store_path()``.
        read_only: Open without write access; the store must exist.
        options: Passed to the backend, e.g. ``user``, ``password`` and
            ``database`` for Neo4j (else ``$NEO4J_USERNAME`` … are read).

    Raises:
        InputError: unknown URL scheme.
        StoreUnavailable: the store cannot be opened.
    """
    if location is None:
        location = default_store_path()
    scheme, path = "oxigraph", str(location)
    if isinstance(location, str) and "://" in location:
        scheme, _, path = location.partition("://")
        scheme = scheme.lower()
        if scheme not in _BACKENDS:
            known = ", ".join(sorted(_BACKENDS))
            shown = re.sub(r"://[^/@]*@", "://", location)  # never echo credentials
            raise InputError(f"unknown store {scheme!r} in {shown!r}; expected one of: {known}")
    module, _, cls = _BACKENDS[scheme].partition(":")
    target = str(location) if scheme in _SERVERS else path
    return getattr(import_module(module), cls)(target, read_only=read_only, **options)
