"""A graph store in Neo4j, through the official ``neo4j`` Python driver (Bolt).

The graph model is the one of :mod:`relgraph.stores.neo4j_rows` (documented
for users in ``schema/README.md``); constraints and indexes come from
``schema/neo4j.cypher`` and are created, idempotently, before the first write.

Writes: each batch of articles is one managed write transaction
(``session.execute_write``) of parameterised ``UNWIND $rows AS row MERGE …``
statements, so a failure leaves nothing of the batch behind and the driver
retries transient errors. Article replacement, counting and orphan removal
follow the embedded store (:class:`relgraph.stores.oxigraph_store.OxigraphStore`),
so both answer the named questions with the same rows.

Concurrent loaders: Neo4j serialises MERGEs of the same key on the
uniqueness constraint's index, so two loaders never create the same node
twice. A server that does not (ArcadeDB, which the tests run against, lets
the second commit fail with ``Neo.ClientError.Schema.ConstraintValidationFailed``)
makes the losing transaction fail with a client error that the driver does
not retry; the loader retries such a batch itself, from the start, and the
second attempt MERGEs onto the winner's nodes.

Connection: a ``bolt://``, ``neo4j://`` (and ``+s``/``+ssc``) URI, else
``$NEO4J_URI``; user ``$NEO4J_USERNAME`` (default ``neo4j``), password
``$NEO4J_PASSWORD``, database ``$NEO4J_DATABASE`` (default: the server's).
The password is never part of a message or of ``repr``.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

from ..errors import InputError, QueryError, RelgraphError, StoreError, StoreUnavailable
from ..ontology import load_ontology
from ..rdf import validate_extraction
from ..resources import schema_path
from .base import NEO4J_SCHEMES, LoadStats, QueryResult
from .neo4j_rows import (
    ABOUT,
    MENTIONS,
    Prepared,
    assertion_statement,
    create_pairs_statement,
    entity_key_expr,
    entity_mention_statement,
    merge_rows,
    orphan_statement,
    pair_rows,
    prepare,
)

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction, Session

__all__ = ["SCHEMES", "Neo4jStore", "Neo4jTarget", "return_columns", "schema_statements"]

SCHEMES = NEO4J_SCHEMES
T = TypeVar("T")

_HELD = "UNWIND $ids AS id MATCH (a:Article {id: id}) RETURN a.id AS id, a.record_hash AS hash"
_HELD_INPUTS = (
    "UNWIND $ids AS id MATCH (a:Article {id: id}) WHERE a.input_hash IS NOT NULL "
    "RETURN a.id AS id, a.input_hash AS hash"
)
_DROP_STALE = (
    f"UNWIND $rows AS row MATCH (:Article {{id: row.id}})-[:{MENTIONS}]->(n)-[r]-() "
    "WHERE r.article_id = row.id AND NOT r.id IN row.keep WITH DISTINCT r DELETE r"
)
_DROP_LINKS = (
    f"UNWIND $ids AS id MATCH (:Article {{id: id}})-[l:{MENTIONS}|{ABOUT}]->() DELETE l"
)
_ARTICLES = (
    "UNWIND $rows AS row MERGE (a:Article {id: row.id}) "
    "SET a.title = row.title, a.published = row.published, a.url = row.url, "
    "a.source = row.source, a.input_hash = row.input_hash, a.record_hash = row.hash"
)
# The batch's articles are new or have had their links dropped: ABOUT is created.
_TOPICS = (
    "UNWIND $rows AS row MATCH (a:Article {id: row.article}) "
    f"MERGE (t:Topic {{id: row.topic}}) CREATE (a)-[:{ABOUT}]->(t)"
)


def _old_mentions() -> str:
    return (
        f"UNWIND $ids AS id MATCH (:Article {{id: id}})-[:{MENTIONS}]->(n) "
        f"RETURN DISTINCT labels(n)[0] AS kind, {entity_key_expr('n')} AS key"
    )


def schema_statements() -> list[str]:
    """The statements of ``schema/neo4j.cypher``, comments dropped."""
    text = schema_path("neo4j.cypher").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


@dataclass(frozen=True, slots=True)
class Neo4jTarget:
    """Where to connect: URI (without credentials), user, password, database."""

    uri: str
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @classmethod
    def resolve(
        cls,
        uri: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> Neo4jTarget:
        """Fill what is not given from ``NEO4J_*`` variables (read now, not at import).

        User and password may also come from the URI (``bolt://user:pw@host``);
        they are removed from it either way.

        Raises:
            InputError: no URI, or not a Bolt/Neo4j URI.

        Examples:
            >>> t = Neo4jTarget.resolve("bolt://ann:pw@127.0.0.1:7687", database="g")
            >>> t
            Neo4jTarget(uri='bolt://127.0.0.1:7687', user='ann', database='g')
            >>> t.password
            'pw'
        """
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise InputError("no Neo4j URI: give --neo4j URI or set NEO4J_URI")
        parts = urlsplit(uri.strip())
        host = parts.netloc.rpartition("@")[2]
        clean = urlunsplit((parts.scheme.lower(), host, parts.path, parts.query, ""))
        if parts.scheme.lower() not in SCHEMES or not host:
            shown = re.sub(r"://[^/@]*@", "://", uri.strip())  # never echo credentials
            raise InputError(
                f"{shown!r} is not a Neo4j URI; expected SCHEME://HOST[:PORT] with SCHEME "
                f"one of: {', '.join(SCHEMES)}"
            )
        url_pw = unquote(parts.password) if parts.password is not None else None
        return cls(
            uri=clean,
            user=user or unquote(parts.username or "") or os.environ.get("NEO4J_USERNAME")
            or "neo4j",
            password=password if password is not None
            else url_pw if url_pw is not None else os.environ.get("NEO4J_PASSWORD"),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )


def _value(value: Any) -> object:
    """A driver value as a plain Python value (see ``QueryResult``)."""
    from neo4j.graph import Node, Path, Relationship
    from neo4j.time import Date, DateTime, Duration, Time

    if isinstance(value, Node):
        keys = load_ontology().key_properties
        for label in sorted(value.labels):
            if keys.get(label) in value:
                return value[keys[label]]
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, Relationship):
        return value.type
    if isinstance(value, Path):
        return [_value(n) for n in value.nodes]
    if isinstance(value, Date | DateTime | Time):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    return value


_TOKENS = re.compile(r"//[^\n]*|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_RETURN = re.compile(r"\bRETURN\s+(?:DISTINCT\s+)?", re.IGNORECASE)
_RETURN_END = re.compile(r"\b(?:ORDER\s+BY|SKIP|LIMIT|UNION)\b", re.IGNORECASE)
_ALIAS = re.compile(r"\bAS\s+(\w+|`[^`]+`)\s*$", re.IGNORECASE)


def return_columns(text: str) -> list[str]:
    """The column names of a Cypher query's last ``RETURN``, or [] when unclear.

    Neo4j names the columns of every result, even an empty one. ArcadeDB's
    Bolt server sends no column names with an empty result; this recovers
    them from the query text so that an empty answer still has its header.

    Examples:
        >>> return_columns("MATCH (n) // RETURN x\\nRETURN DISTINCT n.iso3 AS iso3, "
        ...                "count(*) AS n, n.name ORDER BY n")
        ['iso3', 'n', 'n.name']
        >>> return_columns("MATCH (n) RETURN *")
        []
    """
    code = _TOKENS.sub(lambda m: "" if m.group().startswith("//") else "''", text)
    clauses = list(_RETURN.finditer(code))
    if not clauses:
        return []
    tail = code[clauses[-1].end() :]
    if end := _RETURN_END.search(tail):
        tail = tail[: end.start()]
    items, depth, start = [], 0, 0
    for i, char in enumerate(tail):
        depth += (char in "([{") - (char in ")]}")
        if char == "," and depth == 0:
            items.append(tail[start:i])
            start = i + 1
    items.append(tail[start:])
    columns = []
    for item in (i.strip() for i in items):
        if alias := _ALIAS.search(item):
            columns.append(alias.group(1).strip("`"))
        elif re.fullmatch(r"\w+(?:\.\w+)?", item):
            columns.append(item)
        else:
            return []
    return columns


class _WriteQueryError(QueryError):
    pass


def _retry_seconds(value: float | None) -> float:
    raw: object = value
    if value is None:
        raw = os.environ.get("RELGRAPH_NEO4J_RETRY_SECONDS", "").strip() or 30.0
    try:
        seconds = float(raw)  # type: ignore[arg-type]
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise InputError(
            f"RELGRAPH_NEO4J_RETRY_SECONDS: {raw!r} is not a number of seconds (e.g. 30)"
        )
    return seconds


class Neo4jStore:
    """Extraction records in a Neo4j database.

    Args:
        uri: ``bolt://HOST:PORT`` or ``neo4j://HOST:PORT`` (``+s``/``+ssc``
            for TLS); None means ``$NEO4J_URI``.
        user, password, database: Override ``$NEO4J_USERNAME``,
            ``$NEO4J_PASSWORD`` and ``$NEO4J_DATABASE``.
        read_only: Only read (no constraints are created, ``add`` refuses).
        max_attempts: Tries per batch when concurrent loaders collide on a
            uniqueness constraint.
        retry_seconds: How long a transaction that lost the server is retried
            before the error is raised; None reads ``$RELGRAPH_NEO4J_RETRY_SECONDS``,
            else 30 (the driver's default).

    Raises:
        InputError: the URI is not a Neo4j URI.
        StoreUnavailable: the server cannot be reached, refuses the
            credentials or has no such database.
    """

    name = "neo4j"
    language: Literal["sparql", "cypher"] = "cypher"

    def __init__(
        self,
        uri: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        read_only: bool = False,
        max_attempts: int = 10,
        retry_seconds: float | None = None,
    ) -> None:
        from neo4j import GraphDatabase
        from neo4j.exceptions import DriverError, Neo4jError

        self.target = Neo4jTarget.resolve(uri, user=user, password=password, database=database)
        self.uri = self.target.uri
        self.read_only = read_only
        self.max_attempts = max_attempts
        auth = (self.target.user, self.target.password) if self.target.password else None
        self._driver: Driver | None = None
        self._connected = False  # once True, losing the server is "lost", not "cannot reach"
        try:
            self._driver = GraphDatabase.driver(
                self.uri,
                auth=auth,
                connection_timeout=10.0,
                max_transaction_retry_time=_retry_seconds(retry_seconds),
            )
            self._driver.verify_connectivity()
            with self._session("r") as session:  # an unknown database shows here
                session.run("RETURN 1").consume()
            if not read_only:
                self._create_schema()
            self._connected = True
        except RelgraphError:
            self.close()
            raise
        except (Neo4jError, DriverError, OSError, ValueError) as err:  # with the URI and cause
            self.close()
            raise self._error(err) from err

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r}, database={self.target.database!r})"

    # ------------------------------------------------------------- lifecycle
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the driver and its connections (idempotent)."""
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def _session(self, mode: str) -> Session:
        from neo4j import READ_ACCESS, WRITE_ACCESS

        if self._driver is None:
            raise StoreError(f"{self.uri}: store is closed")
        access = READ_ACCESS if mode == "r" else WRITE_ACCESS
        return self._driver.session(database=self.target.database, default_access_mode=access)

    # ---------------------------------------------------------------- errors
    def _cause(self, err: BaseException) -> str:
        """``Type: message`` on one line, without the password."""
        from neo4j.exceptions import Neo4jError

        text = (err.message if isinstance(err, Neo4jError) else None) or str(err)
        refused = re.search(r"\[Errno -?\d+\] ([^)\]]+)", text)
        text = refused.group(1) if refused else " ".join(text.split())
        if self.target.password:
            text = text.replace(self.target.password, "***")
        return f"{type(err).__name__}: {text[:300]}"

    def _error(self, err: BaseException, *, writing: bool = False) -> RelgraphError:
        from neo4j import exceptions as ne

        cause = self._cause(err)
        where = f"Neo4j at {self.uri}"
        lost = (ne.ServiceUnavailable, ne.SessionExpired, OSError, ne.AuthError)
        if self._connected and isinstance(err, lost):
            # The server went away (or, shutting down, drops the session's
            # authentication, as ArcadeDB does) after it had let us in.
            hint = " Each batch is all or nothing: load again when it is back." if writing else ""
            return StoreUnavailable(
                f"lost the connection to Neo4j at {self.uri} ({cause}); is it still running?{hint}"
            )
        if isinstance(err, ne.AuthError):
            return StoreUnavailable(
                f"{where} refused the credentials of user {self.target.user!r} ({cause}); "
                "set NEO4J_USERNAME and NEO4J_PASSWORD"
            )
        if isinstance(err, ne.ServiceUnavailable | ne.SessionExpired | OSError):
            return StoreUnavailable(f"cannot reach Neo4j at {self.uri} ({cause}); is it running?")
        code = getattr(err, "code", None) or ""
        if code.endswith("DatabaseNotFound"):
            db = self.target.database
            return StoreUnavailable(
                f"{where} has no database {db!r} ({cause}); set NEO4J_DATABASE to one it has"
            )
        if isinstance(err, ne.ConfigurationError | ValueError):
            return InputError(f"{self.uri}: {cause}")
        if isinstance(err, ne.ClientError) and writing:
            return StoreError(f"{where} refused the write, nothing of the batch was kept ({cause})")
        if isinstance(err, ne.ClientError):
            return QueryError(f"query rejected by {where}: {cause}")
        return StoreError(f"{where}: {cause}")

    def _run(self, mode: str, work: Callable[..., T], *args: Any) -> T:
        """One managed transaction; driver errors become relgraph errors."""
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            with self._session(mode) as session:
                if mode == "r":
                    return session.execute_read(work, *args)
                return session.execute_write(work, *args)
        except (Neo4jError, DriverError, OSError) as err:
            raise self._error(err, writing=work is _write_batch) from err

    def _create_schema(self) -> None:
        for number, statement in enumerate(schema_statements(), start=1):
            for attempt in range(1, 4):
                try:
                    self._run("w", lambda tx, s=statement: tx.run(s).consume())
                    break
                except QueryError as err:
                    # Two loaders creating the same constraint at once: the
                    # loser may fail even with IF NOT EXISTS; the next try
                    # finds it there.
                    if attempt == 3:
                        raise StoreError(
                            f"Neo4j at {self.uri} rejected statement {number} of "
                            f"schema/neo4j.cypher ({self._cause(err.__cause__ or err)}); "
                            "relgraph needs Neo4j 5.7 or later"
                        ) from err
                    time.sleep(random.uniform(0.01, 0.05 * attempt))

    def held_inputs(self, ids: Iterable[str]) -> dict[str, str]:
        """The input hash stored for each of ``ids`` that the database holds with one.

        ``relgraph ingest`` skips an article whose input hash is already here.
        """
        wanted = list(ids)
        if not wanted:
            return {}
        rows = self._run("r", lambda tx: list(tx.run(_HELD_INPUTS, ids=wanted)))
        return {r["id"]: r["hash"] for r in rows}

    # ----------------------------------------------------------------- writes
    def add(self, records: Iterable[Mapping[str, Any]], *, batch_size: int = 100) -> LoadStats:
        """Load extraction records; idempotent, one transaction per batch.

        A record whose content the store already holds is skipped; a changed
        record with a known id replaces that article (its assertions that no
        longer hold, its links, and entities no article mentions any more go).
        Records are validated first: on an invalid one, the records before
        it are written, then ``InputError`` is raised.

        Args:
            records: Extraction records (the shape of ``schema/extraction.schema.json``).
            batch_size: Articles per write transaction.
        """
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {batch_size!r}")
        if self.read_only:
            raise StoreError(f"{self.uri}: store is open read-only")
        stats = LoadStats()
        pending: dict[str, Prepared] = {}
        for record in records:
            try:
                validate_extraction(record)
            except InputError:
                self._write(list(pending.values()), stats)
                raise
            if record["id"] in pending or len(pending) >= batch_size:
                self._write(list(pending.values()), stats)
                pending = {}
            pending[record["id"]] = prepare(record)
        self._write(list(pending.values()), stats)
        return stats

    def _write(self, batch: list[Prepared], stats: LoadStats) -> None:
        if batch:
            done = self._write_with_retries(batch)
            for name in LoadStats.__slots__:
                setattr(stats, name, getattr(stats, name) + getattr(done, name))

    def _write_with_retries(self, batch: list[Prepared]) -> LoadStats:
        from neo4j.exceptions import ConstraintError

        attempt = 0
        while True:
            attempt += 1
            try:
                return self._run("w", _write_batch, batch)
            except RelgraphError as err:
                race = err.__cause__
                if not isinstance(race, ConstraintError):
                    raise
                if attempt >= self.max_attempts:
                    raise StoreError(
                        f"Neo4j at {self.uri}: batch still conflicts with other writers after "
                        f"{attempt} attempts ({self._cause(race)})"
                    ) from race
                # Another loader committed the same keys first: wait a little
                # and run the whole batch again; its MERGEs now match.
                time.sleep(random.uniform(0.0, min(1.0, 0.02 * 2**attempt)))

    # ------------------------------------------------------------------ reads
    def query(self, text: str, params: Mapping[str, object] | None = None) -> QueryResult:
        """Run a read-only Cypher query with bound parameters.

        The query runs in a read transaction; a query that would write is
        rolled back and refused, whatever the server allows.

        Raises:
            QueryError: syntax error, or a query that writes.
        """
        bound = dict(params or {})

        def work(tx: ManagedTransaction) -> tuple[list[str], list[list[object]], str | None]:
            result = tx.run(text, bound)
            keys = list(result.keys())
            rows = [[_value(v) for v in record.values()] for record in result]
            kind = result.consume().query_type
            if kind not in (None, "r"):
                raise _WriteQueryError(
                    f"query refused by relgraph: it would change {self.uri} "
                    f"(query type {kind!r}); only read queries run here"
                )
            return keys, rows, kind

        columns, rows, _ = self._run("r", work)
        if not columns and not rows:
            columns = return_columns(text)  # ArcadeDB names no columns of an empty result
        return QueryResult(columns, [dict(zip(columns, row, strict=True)) for row in rows])

    def stats(self) -> dict[str, Any]:
        """Counts: ``nodes`` per kind, ``assertions`` per type, ``articles``, ``relationships``."""
        onto = load_ontology()

        def count(tx: ManagedTransaction, text: str) -> int:
            return int(tx.run(text).single(strict=True)[0])

        def work(tx: ManagedTransaction) -> dict[str, Any]:
            nodes = {k: count(tx, f"MATCH (n:{k}) RETURN count(n)") for k in onto.actor_kinds}
            per_type = {
                t: count(tx, f"MATCH ()-[r:{t}]->() RETURN count(r)") for t in onto.relations
            }
            return {
                "nodes": nodes,
                "assertions": {t: n for t, n in per_type.items() if n},
                "articles": count(tx, "MATCH (a:Article) RETURN count(a)"),
                "relationships": count(tx, "MATCH ()-[r]->() RETURN count(r)"),
            }

        return self._run("r", work)


def _write_batch(tx: ManagedTransaction, batch: list[Prepared]) -> LoadStats:
    """Write one batch in one transaction; the driver may call it again on retry."""
    out = LoadStats()
    held = {r["id"]: r["hash"] for r in tx.run(_HELD, ids=[p.id for p in batch])}
    todo: list[Prepared] = []
    updated: list[Prepared] = []
    for p in batch:
        if held.get(p.id) == p.hash:
            out.articles_unchanged += 1
            continue
        todo.append(p)
        if p.id in held:
            out.articles_updated += 1
            updated.append(p)
        else:
            out.articles_added += 1
    if not todo:
        return out
    kinds = load_ontology().key_properties
    old: dict[str, set[str]] = {}
    if updated:
        ids = [p.id for p in updated]
        tx.run(_DROP_STALE, rows=[{"id": p.id, "keep": p.assertion_ids} for p in updated]).consume()
        for r in tx.run(_old_mentions(), ids=ids):
            if r["kind"] in kinds and r["key"] is not None:
                old.setdefault(r["kind"], set()).add(r["key"])
        tx.run(_DROP_LINKS, ids=ids).consume()
    rows = merge_rows(todo)
    tx.run(_ARTICLES, rows=rows["articles"]).consume()
    # entities with their MENTIONS: one statement per kind
    naming: dict[tuple[str, str], list[str]] = {}
    for kind, mention_rows in rows["mentions"].items():
        for m in mention_rows:
            naming.setdefault((kind, m["key"]), []).append(m["article"])
    for kind, entity_rows in rows["entities"].items():
        with_articles = [{**e, "articles": naming[kind, e["key"]]} for e in entity_rows]
        summary = tx.run(entity_mention_statement(kind), rows=with_articles).consume()
        out.nodes_added += summary.counters.nodes_created
    if rows["topics"]:
        tx.run(_TOPICS, rows=rows["topics"]).consume()
    # assertions of articles new to the database are created without a lookup;
    # those of replaced articles are merged (the ones that still hold are kept)
    replaced = {p.id for p in updated}
    for group, assertion_rows in rows["assertions"].items():
        fresh = [r for r in assertion_rows if r["article_id"] not in replaced]
        kept = [r for r in assertion_rows if r["article_id"] in replaced]
        if fresh:
            pairs = pair_rows(fresh)
            summary = tx.run(create_pairs_statement(*group), pairs=pairs).consume()
            out.assertions_added += summary.counters.relationships_created
        if kept:
            summary = tx.run(assertion_statement(*group), rows=kept).consume()
            out.assertions_added += summary.counters.relationships_created
    for kind, keys in old.items():
        tx.run(orphan_statement(kind), keys=sorted(keys)).consume()
    return out

