"""The small interface every graph store implements, and the values it returns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, Self, runtime_checkable

__all__ = ["NEO4J_SCHEMES", "GraphStore", "LoadStats", "QueryResult"]

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""URL schemes of a Neo4j server (Bolt direct, routing, and their TLS forms)."""


@dataclass(slots=True)
class LoadStats:
    """What one ``GraphStore.add`` call changed.

    ``articles_*`` partition the distinct records seen; ``nodes_added`` counts
    entities the store did not hold before; ``assertions_added`` counts
    assertions it did not hold before (a changed record adds only its new ones).
    """

    articles_added: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    nodes_added: int = 0
    assertions_added: int = 0


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Rows of a query as plain Python values.

    Relgraph entity IRIs come back as their key (``"RUS"``), value-set IRIs
    (modality, role, domain, channel, topic) as their notation, relation
    properties as their type name; literals as ``str``/``int``/``float``/``bool``,
    dates as ISO strings; unbound values as None.
    """

    columns: list[str]
    rows: list[dict[str, object]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def tuples(self) -> list[tuple[object, ...]]:
        """The rows as tuples in column order (handy in tests and doctests).

        Examples:
            >>> QueryResult(["a", "b"], [{"a": 1, "b": "x"}]).tuples()
            [(1, 'x')]
        """
        return [tuple(row[c] for c in self.columns) for row in self.rows]


@runtime_checkable
class GraphStore(Protocol):
    """A backend that holds extraction records and answers its query language."""

    name: str
    language: Literal["sparql", "cypher"]

    def add(self, records: Iterable[Mapping[str, Any]], *, batch_size: int = ...) -> LoadStats:
        """Load extraction records idempotently (one atomic write per article)."""
        ...

    def held_inputs(self, ids: Iterable[str]) -> dict[str, str]:
        """The stored input hash of each of ``ids`` held (what ingest skips)."""
        ...

    def query(self, text: str, params: Mapping[str, object] | None = None) -> QueryResult:
        """Run a query in ``language`` with bound (never formatted) parameters."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts: nodes per kind, assertions per type, articles, triples or edges."""
        ...

    def close(self) -> None:
        """Release the store (idempotent)."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...
