"""An on-disk RDF store of extraction records, on pyoxigraph (RocksDB).

Layout: the one of :mod:`relgraph.rdf` (entity descriptions in the default
graph, one named graph per article) plus the ontology (``schema/relgraph.ttl``)
in the graph ``<https://w3id.org/relgraph/ns>``, so queries can read type names
(``rg:relationType``), notations (``skos:notation``) and symmetry from the data.
Queries run with the union of all graphs as their default graph; a triple held
by two graphs then matches twice, so named queries count ``DISTINCT`` resources.

Writes: pyoxigraph has no explicit transaction object, but ``Store.extend``
adds a set of quads in one transaction and ``Store.update`` runs a whole
SPARQL Update request in one. Each batch of articles is one of them, so a
failure leaves no half batch: a batch that only adds (new articles, entity
names as held) is one ``extend`` of its quads, the fast path of bulk loading;
a batch that replaces something is one request ("drop the article's graph
and its orphaned entity descriptions, insert the new quads"). The quads go
into the request in N-Triples form written by pyoxigraph's own serializer
(``str(term)``), which escapes every IRI and literal; no record text is ever
pasted in by hand. Query parameters are bound with
``substitutions=`` (pyoxigraph then requires each parameter to be projected by
the query's top-level SELECT).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self

from rdflib import RDF, Dataset, URIRef
from rdflib import Literal as RdfLiteral

from ..errors import InputError, QueryError, StoreError, StoreUnavailable
from ..ontology import RG, load_ontology
from ..rdf import article_iri, parse_entity_iri, record_hash, record_quads, validate_extraction
from ..resources import schema_path
from .base import LoadStats, QueryResult

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["ONTOLOGY_GRAPH", "OxigraphStore"]

ONTOLOGY_GRAPH = "https://w3id.org/relgraph/ns"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
_FLOATS = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}
_PREFIX = f"PREFIX rg: <{RG}>\n"


@cache
def _iri_names() -> dict[str, str]:
    """Ontology IRI -> plain name: value sets to notation, relations to type."""
    onto = load_ontology()
    names = {iri: notation for (_, notation), iri in onto.value_iris.items()}
    names.update({spec.iri: spec.name for spec in onto.relations.values()})
    return names


def _to_python(term: Any) -> object:
    """A pyoxigraph term as a plain Python value (see ``QueryResult``)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        parsed = parse_entity_iri(term.value)
        return parsed[1] if parsed else _iri_names().get(term.value, term.value)
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in _INTS:
                return int(term.value)
            if dt in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if dt == f"{_XSD}boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def _to_ox_value(name: str, value: object) -> ox.Literal:
    """A parameter value as an RDF literal."""
    import pyoxigraph as ox

    xsd = ox.NamedNode
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=xsd(f"{_XSD}boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=xsd(f"{_XSD}integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=xsd(f"{_XSD}double"))
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=xsd(f"{_XSD}date"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise InputError(f"parameter {name!r}: cannot bind a {type(value).__name__} ({value!r})")


def _to_ox(term: Any) -> Any:
    """An rdflib IRI or literal as the pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store term {term!r}")


def _insert_data(triples: Iterable[str], graphs: Mapping[str, list[str]]) -> str:
    """``INSERT DATA`` for default-graph triples and named-graph blocks."""
    body = [*triples]
    body += [f"GRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in graphs.items()]
    return "INSERT DATA {\n" + "\n".join(body) + "\n}"


_RECORDS_ARTICLES = """
SELECT ?id ?title ?published ?url ?source ?input WHERE {
  GRAPH ?a {
    ?a a rg:Article ; rg:key ?id .
    OPTIONAL { ?a rg:title ?title } OPTIONAL { ?a rg:published ?published }
    OPTIONAL { ?a rg:url ?url } OPTIONAL { ?a rg:sourceName ?source }
    OPTIONAL { ?a rg:inputHash ?input }
  }
}"""
_RECORDS_NODES = """
SELECT ?id ?kind ?key ?name ?wikidata WHERE {
  GRAPH ?a { ?a a rg:Article ; rg:key ?id ; rg:mentions ?e }
  ?e a ?class ; rg:key ?key ; rg:name ?name . ?class rg:kind ?kind .
  OPTIONAL { ?e rg:wikidata ?wikidata }
} ORDER BY ?id ?kind ?key"""
_RECORDS_TOPICS = """
SELECT ?id ?topic WHERE { GRAPH ?a { ?a a rg:Article ; rg:key ?id ; rg:about ?topic } }
ORDER BY ?id ?topic"""
_RECORDS_ASSERTIONS = """
SELECT ?id ?type ?source ?target ?modality ?sentence ?date ?confidence ?rule
       ?role ?domain ?channel WHERE {
  GRAPH ?a {
    ?a a rg:Article ; rg:key ?id .
    ?e a rg:Assertion ; rg:article ?a ; rg:relation ?type ; rg:source ?source ;
       rg:target ?target ; rg:modality ?modality ; rg:sentence ?sentence .
    OPTIONAL { ?e rg:date ?date } OPTIONAL { ?e rg:confidence ?confidence }
    OPTIONAL { ?e rg:rule ?rule } OPTIONAL { ?e rg:role ?role }
    OPTIONAL { ?e rg:domain ?domain } OPTIONAL { ?e rg:channel ?channel }
  }
} ORDER BY ?id ?e"""
_OPTIONAL_RELATION_FIELDS = ("date", "confidence", "rule", "role", "domain", "channel")


class OxigraphStore:
    """Extraction records in an on-disk pyoxigraph store.

    Args:
        path: Folder of the store; created when missing (unless ``read_only``).
        read_only: Open with ``Store.read_only``: no writes, and the folder
            must already hold a store.

    Raises:
        StoreUnavailable: the folder is not a store, is locked by another
            process, or is missing when ``read_only``.
    """

    name = "oxigraph"
    language: Literal["sparql", "cypher"] = "sparql"
    FLUSH_EVERY = 100_000
    """Quads written between flushes of the write buffers (bounds the memory of a long load)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.path = Path(path).expanduser()
        self.read_only = read_only
        self._unflushed = 0
        # RocksDB writes LOCK first and CURRENT later: a folder with only LOCK is
        # a store another process is creating right now (it holds the lock)
        is_store = (self.path / "CURRENT").is_file() or (self.path / "LOCK").is_file()
        if self.path.exists() and not self.path.is_dir():
            raise StoreUnavailable(f"{self.path}: not a store (a file, expected a folder)")
        if read_only and not is_store:
            what = "no such folder" if not self.path.exists() else "not a relgraph store"
            raise StoreUnavailable(f"{self.path}: {what}; load articles into it first")
        if self.path.is_dir() and not is_store and any(self.path.iterdir()):
            raise StoreUnavailable(
                f"{self.path}: not a relgraph store (the folder holds other files); "
                "choose an empty or new folder"
            )
        try:
            if read_only:
                self._store: ox.Store | None = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as err:  # RuntimeError: a store still being created
            reason = " ".join(str(err).split())
            if "lock" in reason.lower():
                # RocksDB's own text (lock times, thread ids) tells a user nothing more
                raise StoreUnavailable(
                    f"{self.path}: store is locked by another process or handle writing to it; "
                    "run this again when that ends (reading works meanwhile: query, stats, "
                    "sparql, or read_only=True)"
                ) from err
            raise StoreUnavailable(f"{self.path}: cannot open store ({reason})") from err
        if not read_only:
            self._sync_ontology()

    # ------------------------------------------------------------- lifecycle
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the store (its lock goes with the last reference)."""
        if self._store is not None:
            if not self.read_only:
                self._store.flush()
            self._store = None

    @property
    def _ox(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"{self.path}: store is closed")
        return self._store

    def _update(self, text: str) -> None:
        """Run a SPARQL update (one transaction)."""
        self._write_with(lambda: self._ox.update(text))

    def _extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction (all or none)."""
        self._write_with(lambda: self._ox.extend(quads))

    def _write_with(self, write: Callable[[], None]) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: store is open read-only")
        try:
            write()
        except (OSError, SyntaxError, RuntimeError, ValueError) as err:
            reason = " ".join(str(err).split())[:300]
            raise StoreError(f"{self.path}: write failed ({reason})") from err

    def _written(self, quads: int) -> None:
        """Flush RocksDB's write buffers to disk every ``FLUSH_EVERY`` quads written.

        RocksDB keeps recent writes in memory tables, one per index (Oxigraph
        has about ten), each growing to tens of megabytes before it is
        written out: left alone, a long ingest grows by gigabytes. Flushing
        keeps the memory of loading flat whatever the corpus size.
        """
        self._unflushed += quads
        if self._unflushed >= self.FLUSH_EVERY:
            self._unflushed = 0
            try:
                self._ox.flush()
            except OSError as err:
                raise StoreError(f"{self.path}: write failed ({err})") from err

    def _sync_ontology(self) -> None:
        """Keep the ontology graph equal to ``schema/relgraph.ttl``."""
        import pyoxigraph as ox

        graph = ox.NamedNode(ONTOLOGY_GRAPH)
        want = {
            f"{q.subject} {q.predicate} {q.object} ."
            for q in ox.parse(path=schema_path("relgraph.ttl"), format=ox.RdfFormat.TURTLE)
        }
        have = {
            f"{q.subject} {q.predicate} {q.object} ."
            for q in self._ox.quads_for_pattern(None, None, None, graph)
        }
        if want != have:
            drop = f"DROP SILENT GRAPH {graph} ;\n"
            self._update(drop + _insert_data([], {str(graph): sorted(want)}))

    # ----------------------------------------------------------------- writes
    def add(self, records: Iterable[Mapping[str, Any]], *, batch_size: int = 200) -> LoadStats:
        """Load extraction records; idempotent, one transaction per batch.

        A record whose hash the store already holds is skipped; a changed
        record with a known id replaces that article. Records are validated
        first: on an invalid one, the records before it are written, then
        ``InputError`` is raised.

        Args:
            records: Extraction records (the shape of ``schema/extraction.schema.json``).
            batch_size: Articles per write transaction.
        """
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {batch_size!r}")
        if self.read_only:
            raise StoreError(f"{self.path}: store is open read-only")
        stats = LoadStats()
        pending: dict[str, Mapping[str, Any]] = {}
        for record in records:
            try:
                validate_extraction(record)
            except InputError:
                self._write(pending.values(), stats)
                raise
            if record["id"] in pending or len(pending) >= batch_size:
                self._write(pending.values(), stats)
                pending = {}
            pending[record["id"]] = record
        self._write(pending.values(), stats)
        return stats

    def _write(self, records: Iterable[Mapping[str, Any]], stats: LoadStats) -> None:
        """Write one batch in one transaction.

        When the batch only adds (new articles, entity names and Wikidata ids
        as the store holds them or not yet held), its quads go in with
        ``Store.extend``, which is atomic and skips SPARQL parsing. Otherwise
        (a changed article, a renamed entity) the batch is one SPARQL Update
        request that deletes what is replaced and inserts the new quads.
        """
        import pyoxigraph as ox

        store, default = self._ox, ox.DefaultGraph()
        updated_before = stats.articles_updated
        key, rdf_type, assertion, rec_hash = (
            ox.NamedNode(str(i)) for i in (RG.key, RDF.type, RG.Assertion, RG.recordHash)
        )
        described_props = {RG.name: "name", RG.wikidata: "wikidata"}
        terms: dict[Any, Any] = {}  # rdflib -> pyoxigraph terms, for this batch only

        def term(t: Any) -> Any:
            got = terms.get(t)
            if got is None:
                got = terms[t] = _to_ox(t)
            return got

        quads: list[ox.Quad] = []
        # per written record: its article, its deletions (used when the batch
        # replaces something) and its quads, in record order
        plans: list[tuple[ox.NamedNode, list[str], list[ox.Quad]]] = []
        new_nodes: set[str] = set()
        # (subject, property) -> values the batch gives; held values are compared below
        described: dict[tuple[Any, Any], set[Any]] = {}
        for record in records:
            art = ox.NamedNode(str(article_iri(record["id"])))
            held = [q.object.value for q in store.quads_for_pattern(art, rec_hash, None, art)]
            if held == [record_hash(record)]:
                stats.articles_unchanged += 1
                continue
            old = {q.subject for q in store.quads_for_pattern(None, rdf_type, assertion, art)}
            mine: list[ox.Quad] = []
            ops: list[str] = []
            subjects: dict[str, set[str]] = {"name": set(), "wikidata": set()}
            for s, p, o, g in record_quads(record):
                os_, op, oo = term(s), term(p), term(o)
                mine.append(ox.Quad(os_, op, oo, art if g is not None else default))
                if g is None:
                    if p == RG.key:
                        if next(store.quads_for_pattern(os_, key, None, default), None) is None:
                            new_nodes.add(str(s))
                    elif p in described_props:
                        described.setdefault((os_, op), set()).add(oo)
                        subjects[described_props[p]].add(str(os_))
                elif p == RDF.type and o == RG.Assertion and os_ not in old:
                    stats.assertions_added += 1
            if held:
                stats.articles_updated += 1
                ops.append(
                    "DELETE { ?e ?p ?o } WHERE { GRAPH %(a)s { %(a)s rg:mentions ?e } ?e ?p ?o "
                    "FILTER NOT EXISTS { GRAPH ?g { ?x rg:mentions ?e } FILTER (?g != %(a)s) } }"
                    % {"a": art}
                )
                ops.append(f"DROP SILENT GRAPH {art}")
            else:
                stats.articles_added += 1
            for prop, subs in subjects.items():
                if subs:
                    ops.append(
                        f"DELETE {{ ?e rg:{prop} ?o }} WHERE {{ "
                        f"VALUES ?e {{ {' '.join(sorted(subs))} }} ?e rg:{prop} ?o }}"
                    )
            plans.append((art, ops, mine))
            quads += mine
        stats.nodes_added += len(new_nodes)
        if not plans:
            return
        replaces = stats.articles_updated > updated_before or any(
            len(values) > 1
            or (held and held != values)
            for (s, p), values in described.items()
            for held in [{q.object for q in store.quads_for_pattern(s, p, None, default)}]
        )
        if not replaces:
            # nothing to delete: the deletions above would match nothing that
            # the insert does not put back, so one atomic extend does the same
            self._extend(quads)
            self._written(len(quads))
            return
        ops = []
        for art, deletes, mine in plans:
            ops += deletes
            triples = [f"{q.subject} {q.predicate} {q.object} ." for q in mine
                       if isinstance(q.graph_name, ox.DefaultGraph)]
            named = [f"{q.subject} {q.predicate} {q.object} ." for q in mine
                     if not isinstance(q.graph_name, ox.DefaultGraph)]
            ops.append(_insert_data(triples, {str(art): named}))
        self._update(_PREFIX + " ;\n".join(ops))
        self._written(len(quads))

    # ------------------------------------------------------------------ reads
    def query(self, text: str, params: Mapping[str, object] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of all graphs.

        Args:
            text: SPARQL 1.1 query; ``rg:`` is predeclared.
            params: Values bound to the variables of the same name through
                ``substitutions=`` (each must be projected by the top SELECT).

        Raises:
            QueryError: syntax error, or a parameter the query cannot bind.
        """
        import pyoxigraph as ox

        subs = {ox.Variable(k): _to_ox_value(k, v) for k, v in (params or {}).items()}
        try:
            result = self._ox.query(
                text,
                prefixes={"rg": str(RG)},
                use_default_graph_as_union=True,
                substitutions=subs or None,
            )
            if isinstance(result, ox.QuerySolutions):
                columns = [v.value for v in result.variables]
                rows = [{c: _to_python(sol[c]) for c in columns} for sol in result]
            elif isinstance(result, ox.QueryBoolean):
                columns, rows = ["result"], [{"result": bool(result)}]
            else:
                columns = ["subject", "predicate", "object"]
                rows = [dict(zip(columns, map(_to_python, t), strict=True)) for t in result]
        except (SyntaxError, RuntimeError, ValueError) as err:
            reason = " ".join(str(err).split())
            where = f"{self.name} store at {self.path}"
            raise QueryError(f"query rejected by {where}: {reason}") from err
        except OSError as err:
            raise StoreError(f"{self.path}: read failed ({err})") from err
        return QueryResult(columns, rows)

    def _count(self, text: str) -> Iterator[tuple[object, int]]:
        for row in self.query(text).tuples():
            yield row[0], int(row[1])  # type: ignore[call-overload]

    def stats(self) -> dict[str, Any]:
        """Counts: ``nodes`` per kind, ``assertions`` per type, ``articles``, ``triples``."""
        import pyoxigraph as ox

        onto = load_ontology()
        rdf_type = ox.NamedNode(str(RDF.type))
        nodes = {
            kind: sum(1 for _ in self._ox.quads_for_pattern(
                None, rdf_type, ox.NamedNode(onto.kind_iris[kind]), ox.DefaultGraph()))
            for kind in onto.actor_kinds
        }
        per_type = dict(self._count(
            "SELECT ?p (COUNT(DISTINCT ?a) AS ?n) "
            "WHERE { GRAPH ?g { ?a a rg:Assertion ; rg:relation ?p } } GROUP BY ?p ORDER BY ?p"
        ))
        (_, articles), = self._count(
            "SELECT ('articles' AS ?x) (COUNT(DISTINCT ?a) AS ?n) "
            "WHERE { GRAPH ?a { ?a a rg:Article } }"
        )
        return {
            "nodes": nodes,
            "assertions": {str(k): v for k, v in sorted(per_type.items())},
            "articles": articles,
            "triples": len(self._ox),
        }

    def held_inputs(self, ids: Iterable[str]) -> dict[str, str]:
        """The input hash stored for each of ``ids`` that the store holds with one.

        ``relgraph ingest`` skips an article whose input hash is already here.
        """
        import pyoxigraph as ox

        prop = ox.NamedNode(str(RG.inputHash))
        out: dict[str, str] = {}
        for aid in ids:
            art = ox.NamedNode(str(article_iri(aid)))
            for q in self._ox.quads_for_pattern(art, prop, None, art):
                out[aid] = q.object.value
        return out

    def records(self) -> Iterator[dict[str, Any]]:
        """The stored articles as extraction records, in id order (what ``relgraph load`` copies).

        Each record writes the same graph as the one first loaded: its
        article fields, the nodes it mentions (with their current name), its
        topics and its assertions. A relation's ``date`` is the stored one
        (the article's date when the text gave none).
        """
        by_id: dict[str, dict[str, Any]] = {}
        for row in self.query(_RECORDS_ARTICLES).rows:
            by_id[str(row["id"])] = {
                "id": row["id"],
                "title": row["title"],
                "published": row["published"],
                "url": row["url"],
                "source": row["source"],
                **({"input_hash": row["input"]} if row["input"] else {}),
                "nodes": [],
                "relations": [],
                "topics": [],
            }
        for row in self.query(_RECORDS_NODES).rows:
            node = {"type": row["kind"], "key": row["key"], "name": row["name"]}
            if row["wikidata"]:
                node["wikidata"] = row["wikidata"]
            by_id[str(row["id"])]["nodes"].append(node)
        for row in self.query(_RECORDS_TOPICS).rows:
            by_id[str(row["id"])]["topics"].append(row["topic"])
        for row in self.query(_RECORDS_ASSERTIONS).rows:
            rel = {
                "type": row["type"],
                "source": row["source"],
                "target": row["target"],
                "modality": row["modality"],
                "evidence": row["sentence"],
            }
            rel.update({k: row[k] for k in _OPTIONAL_RELATION_FIELDS if row[k] is not None})
            by_id[str(row["id"])]["relations"].append(rel)
        for rid in sorted(by_id):
            yield by_id[rid]

    def to_rdflib(self) -> Dataset:
        """A live rdflib view of this store (oxrdflib's ``OxigraphStore`` over the same data).

        The view's default graph is the union of all graphs. It shares the open
        store: use it before ``close()``, and write through ``add`` rather than
        the view, so that the per-article layout holds.
        """
        from oxrdflib import OxigraphStore as OxRdflibStore

        return Dataset(store=OxRdflibStore(store=self._ox), default_union=True)
