"""Bulk exports of a store, for loading the graph elsewhere.

Formats (``FORMATS``):

* ``nquads``: every quad of the embedded store, named graphs kept (one per
  article, the entity descriptions in the default graph, the ontology in
  ``<https://w3id.org/relgraph/ns>``), written by pyoxigraph as it reads the
  store: memory stays flat however large the store. Loading the file into an
  empty Oxigraph store gives back the same store.
* ``jsonld``: the same quads as JSON-LD (named graphs as ``@graph`` blocks),
  streamed the same way.
* ``turtle``: the union of all graphs as triples. Turtle has no graphs, so it
  drops which article's graph a triple came from: the direct triples
  (``<RUS> rg:sanctions <UKR>``) no longer say which article stated them
  (the assertion resources still do, through ``rg:article``), and the
  ontology's triples sit among the data. A direct triple stated by several
  articles is written once (kept in a set of the direct triples only).
* ``graphml``: the networkx graph of :func:`relgraph.analytics.to_networkx`
  (one edge per assertion, keyed by its id), attributes that are None left
  out, as GraphML requires; reads the embedded store or Neo4j.
* ``neo4j-csv``: node and relationship CSV files with the headers of
  ``neo4j-admin database import full``, for the graph model of the Neo4j
  store (``schema/README.md``): the same nodes, relationships and properties
  ``relgraph load`` writes, built from the same records
  (``OxigraphStore.records()``) by the same row builder
  (:func:`relgraph.stores.neo4j_rows.prepare`).

A file name ending in ``.gz`` is written gzip-compressed.
"""

from __future__ import annotations

import csv
import gzip
import os
import shlex
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from .errors import InputError, StoreError
from .ontology import RG, RGT, load_ontology
from .rdf import ID_BASE

__all__ = [
    "FORMATS",
    "ExportStats",
    "export_store",
    "neo4j_admin_command",
    "write_graphml",
    "write_jsonld",
    "write_neo4j_csv",
    "write_nquads",
    "write_turtle",
]

FORMATS = ("neo4j-csv", "nquads", "turtle", "jsonld", "graphml")
ONTOLOGY_GRAPH = "https://w3id.org/relgraph/ns"
PREFIXES = {
    "rg": str(RG),
    "rgt": str(RGT),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    # one prefix per kind of id IRI: state:RUS, leader:vladimir-putin, assertion:6d96…
    **{k: f"{ID_BASE}{k}/" for k in
       ("state", "leader", "organization", "armedgroup", "bloc", "article", "assertion")},
}  # fmt: skip
"""Prefixes of the Turtle and JSON-LD exports."""


@dataclass(slots=True)
class ExportStats:
    """What an export wrote.

    ``triples`` counts the statements written (quads for N-Quads and JSON-LD,
    triples for Turtle); ``nodes`` and ``relationships`` count what GraphML
    and the Neo4j CSV files hold; ``files`` lists the files written;
    ``command`` is the ``neo4j-admin`` command line for the CSV files.
    """

    format: str
    path: Path
    triples: int = 0
    nodes: int = 0
    relationships: int = 0
    files: list[Path] = field(default_factory=list)
    command: str | None = None
    seconds: float = 0.0


# ------------------------------------------------------------------ helpers
def _ox(store: Any) -> Any:
    """The pyoxigraph store under an embedded store (RDF exports read it directly)."""
    # OxigraphStore has no public quad stream; its pyoxigraph store is read
    # directly (read-only) so that pyoxigraph serialises as it reads.
    if getattr(store, "language", None) != "sparql" or not hasattr(type(store), "_ox"):
        name = getattr(store, "name", type(store).__name__)
        raise InputError(
            f"the RDF exports read the embedded store, not {name!r}; Neo4j exports as graphml"
        )
    return store._ox


@contextmanager
def _binary(path: Path) -> Iterator[IO[bytes]]:
    """A binary file for writing, gzip-compressed when the name ends in .gz.

    Written as ``NAME.part`` and renamed when complete: a failed export
    leaves no truncated file under the name asked for.
    """
    part = path.with_name(path.name + ".part")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise StoreError(f"{path}: cannot write ({parent} is a file, not a folder)")
            break
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(part, "wb") if path.suffix == ".gz" else open(part, "wb") as f:
            yield f
        os.replace(part, path)
    except OSError as err:
        if part.parent.is_dir():
            part.unlink(missing_ok=True)
        reason = (err.strerror or str(err)).lower()
        raise StoreError(f"{path}: cannot write ({reason})") from err
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _quads(store: Any, ontology: bool) -> Iterator[Any]:
    import pyoxigraph as ox

    onto = ox.NamedNode(ONTOLOGY_GRAPH)
    for quad in _ox(store).quads_for_pattern(None, None, None, None):
        if ontology or quad.graph_name != onto:
            yield quad


class _Counter:
    """Counts what passes through an iterator."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items
        self.n = 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.n += 1
            yield item


# ---------------------------------------------------------------------- RDF
def write_nquads(store: Any, out: str | Path, *, ontology: bool = True) -> int:
    """Write every quad of the embedded store as N-Quads; return how many.

    Examples:
        >>> import tempfile
        >>> from relgraph.stores import open_store
        >>> rec = {"id": "a1", "title": "T", "topics": [], "relations": [],
        ...        "nodes": [{"type": "State", "key": "FRA", "name": "France"}]}
        >>> with tempfile.TemporaryDirectory() as tmp, open_store(tmp + "/s") as store:
        ...     _ = store.add([rec])
        ...     n = write_nquads(store, tmp + "/g.nq", ontology=False)
        ...     lines = open(tmp + "/g.nq", encoding="utf-8").read().splitlines()
        >>> n == len(lines), '<https://w3id.org/relgraph/id/state/FRA> <https://w3id.org/relgraph/ns#name> "France" .' in lines
        (True, True)
    """
    import pyoxigraph as ox

    path = Path(out)
    with _binary(path) as f:
        if ontology:  # everything: pyoxigraph's own dump, without a Python loop
            inner = _ox(store)
            inner.dump(f, ox.RdfFormat.N_QUADS)
            return len(inner)
        quads = _Counter(_quads(store, ontology))
        ox.serialize(quads, f, ox.RdfFormat.N_QUADS)
    return quads.n


def write_jsonld(store: Any, out: str | Path, *, ontology: bool = True) -> int:
    """Write every quad of the embedded store as JSON-LD, graphs kept; return how many."""
    import pyoxigraph as ox

    quads = _Counter(_quads(store, ontology))
    with _binary(Path(out)) as f:
        ox.serialize(quads, f, ox.RdfFormat.JSON_LD, prefixes=PREFIXES)
    return quads.n


def _union_triples(store: Any, ontology: bool) -> Iterator[Any]:
    """The triples of all graphs, each once.

    Only direct relation triples (``<a> rg:meets <b>``) can sit in several
    graphs; only they are remembered.
    """
    import pyoxigraph as ox

    direct = {ox.NamedNode(spec.iri) for spec in load_ontology().relations.values()}
    seen: set[tuple[Any, Any, Any]] = set()
    for q in _quads(store, ontology):
        if q.predicate in direct:
            key = (q.subject, q.predicate, q.object)
            if key in seen:
                continue
            seen.add(key)
        yield ox.Triple(q.subject, q.predicate, q.object)


def write_turtle(store: Any, out: str | Path, *, ontology: bool = True) -> int:
    """Write the union of the store's graphs as Turtle triples; return how many."""
    import pyoxigraph as ox

    triples = _Counter(_union_triples(store, ontology))
    with _binary(Path(out)) as f:
        ox.serialize(triples, f, ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return triples.n


# ------------------------------------------------------------------ GraphML
def _graphml_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return str(value)
    return value


def write_graphml(store: Any, out: str | Path, **filters: Any) -> tuple[int, int]:
    """Write ``to_networkx(store, **filters)`` as GraphML; return (nodes, edges).

    Attributes that are None are left out (GraphML has no null); everything
    else is a string, number or boolean, which GraphML types as such.
    Unlike ``to_networkx``, negated assertions are kept unless ``modality``
    says otherwise: an export holds everything.
    """
    import networkx as nx

    from .analytics import to_networkx

    filters.setdefault("modality", "asserted,planned,reported,negated")
    G = to_networkx(store, **filters)
    H = nx.MultiDiGraph()
    H.graph.update({k: _graphml_value(v) for k, v in G.graph.items() if v is not None})
    for n, data in G.nodes(data=True):
        H.add_node(n, **{k: _graphml_value(v) for k, v in data.items() if v is not None})
    for u, v, key, data in G.edges(keys=True, data=True):
        H.add_edge(
            u, v, key=key, **{k: _graphml_value(x) for k, x in data.items() if x is not None}
        )
    with _binary(Path(out)) as f:
        nx.write_graphml(H, f, encoding="utf-8", prettyprint=False)
    return H.number_of_nodes(), H.number_of_edges()


# ---------------------------------------------------------------- Neo4j CSV
def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class _CsvFiles:
    """The open CSV files of one export, by name, each with its header."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, tuple[IO[str], Any]] = {}
        self.rows: dict[str, int] = {}
        self.multiline = False

    def write(self, name: str, header: list[str], row: list[Any]) -> None:
        if name not in self.files:
            path = self.folder / name
            f = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in close()
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            self.files[name] = (f, writer)
            self.rows[name] = 0
        cells = ["" if v is None else _iso(v) for v in row]
        if not self.multiline and any(
            isinstance(c, str) and ("\n" in c or "\r" in c) for c in cells
        ):
            self.multiline = True
        self.files[name][1].writerow(cells)
        self.rows[name] += 1

    def close(self) -> None:
        for f, _ in self.files.values():
            f.close()


def _node_header(label: str, key: str, props: list[str]) -> list[str]:
    return [f"{key}:ID({label})", *props, ":LABEL"]


def _rel_header(start: str, end: str, props: list[str]) -> list[str]:
    return [f":START_ID({start})", f":END_ID({end})", ":TYPE", *props]


_ASSERTION_PROPS = [
    ("id", "id"),
    ("article_id", "article_id"),
    ("modality", "modality"),
    ("date", "date:date"),
    ("confidence", "confidence:double"),
    ("sentence", "sentence"),
    ("rule", "rule"),
]
_TYPED = {"published": "published:date"}  # article properties that are not strings


def neo4j_admin_command(folder: Path, nodes: list[str], rels: list[str], multiline: bool) -> str:
    """The ``neo4j-admin database import full`` command line for the files of an export.

    Examples:
        >>> neo4j_admin_command(Path("out"), ["State.csv"], ["MEETS-State-State.csv"], False)
        'neo4j-admin database import full neo4j --nodes=out/State.csv --relationships=out/MEETS-State-State.csv'
    """
    parts = ["neo4j-admin", "database", "import", "full", "neo4j"]
    parts += [f"--nodes={folder / n}" for n in nodes]
    parts += [f"--relationships={folder / r}" for r in rels]
    if multiline:
        parts.append("--multiline-fields=true")
    return " ".join(shlex.quote(p) for p in parts)


def write_neo4j_csv(store: Any, out: str | Path, *, overwrite: bool = False) -> ExportStats:
    """Write the store as CSV files for ``neo4j-admin database import full``.

    One node file per label (``Article.csv``, ``State.csv``, ``Leader.csv``,
    …, ``Topic.csv``) and one relationship file per type and pair of labels
    (``MENTIONS-Article-State.csv``, ``SANCTIONS-State-State.csv``, …), since
    each label is its own ID space (``iso3:ID(State)``, ``:START_ID(State)``).
    Headers type the properties (``published:date``, ``confidence:double``:
    the loader writes 64-bit floats); an empty field is a property not set,
    as the loader leaves a missing value. ``schema.cypher`` (the constraints
    and indexes of ``schema/neo4j.cypher``) and ``import.sh`` (the command)
    are written beside them.

    Args:
        store: The embedded store (``records()`` is read, as ``relgraph load`` does).
        out: A new or empty folder (``overwrite`` allows one holding an earlier export).

    Raises:
        InputError: ``out`` is a file, or a folder that is not empty.
        StoreError: a file cannot be written.
    """
    folder = Path(out)
    try:
        return _write_neo4j_csv(store, folder, overwrite)
    except OSError as err:
        reason = (err.strerror or str(err)).lower()
        raise StoreError(f"{err.filename or folder}: cannot write ({reason})") from err


def _write_neo4j_csv(store: Any, folder: Path, overwrite: bool) -> ExportStats:
    from .resources import schema_path
    from .stores.neo4j_rows import ABOUT, MENTIONS, prepare

    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: exists and is not a folder; neo4j-csv writes a folder")
    if folder.is_dir() and any(folder.iterdir()):
        if not overwrite:
            raise InputError(f"{folder}: folder is not empty; choose a new one or give --force")
        for old in [*folder.glob("*.csv"), folder / "schema.cypher", folder / "import.sh"]:
            old.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    records = getattr(store, "records", None)
    if records is None:
        raise InputError("neo4j-csv reads the embedded store (--store), not Neo4j")
    onto = load_ontology()
    keys = onto.key_properties
    files = _CsvFiles(folder)
    entities: dict[str, dict[str, dict[str, Any]]] = {}
    topics: set[str] = set()
    n_rels = 0
    started = time.perf_counter()
    try:
        for record in records():
            p = prepare(record)
            # the article's properties are those the loader sets: prepare()'s, and the hash
            art = {k: v for k, v in p.article.items() if k != "id"} | {"record_hash": p.hash}
            files.write(
                "Article.csv",
                _node_header("Article", "id", [_TYPED.get(k, k) for k in art]),
                [p.id, *art.values(), "Article"],
            )
            for (kind, key), row in p.entities.items():
                held = entities.setdefault(kind, {}).get(key)
                wikidata = row["wikidata"] or (held or {}).get("wikidata")
                entities[kind][key] = {"name": row["name"], "wikidata": wikidata}
                files.write(
                    f"{MENTIONS}-Article-{kind}.csv",
                    _rel_header("Article", kind, []),
                    [p.id, key, MENTIONS],
                )
                n_rels += 1
            for topic in p.topics:
                topics.add(topic)
                files.write(
                    f"{ABOUT}-Article-Topic.csv",
                    _rel_header("Article", "Topic", []),
                    [p.id, topic, ABOUT],
                )
                n_rels += 1
            for (rel_type, skind, tkind), rows in p.assertions.items():
                extra = sorted(onto.relation(rel_type).properties)
                header = _rel_header(skind, tkind, [h for _, h in _ASSERTION_PROPS] + extra)
                for row in rows:
                    files.write(
                        f"{rel_type}-{skind}-{tkind}.csv",
                        header,
                        [row["source"], row["target"], rel_type,
                         *(row[k] for k, _ in _ASSERTION_PROPS), *(row.get(x) for x in extra)],
                    )  # fmt: skip
                    n_rels += 1
        for kind in sorted(entities):
            for key, ent in sorted(entities[kind].items()):
                files.write(
                    f"{kind}.csv",
                    _node_header(kind, keys[kind], ["name", "wikidata"]),
                    [key, ent["name"], ent["wikidata"], kind],
                )
        for topic in sorted(topics):
            files.write("Topic.csv", _node_header("Topic", "id", []), [topic, "Topic"])
    finally:
        files.close()
    names = sorted(files.files)
    node_files = [n for n in names if n.count("-") == 0]
    rel_files = [n for n in names if n.count("-") == 2]
    command = neo4j_admin_command(folder, node_files, rel_files, files.multiline)
    shutil.copyfile(schema_path("neo4j.cypher"), folder / "schema.cypher")
    (folder / "import.sh").write_text(
        "#!/bin/sh\n# Import into a new database named neo4j (stop it first; see\n"
        "# `neo4j-admin database import full --help`), then create the constraints:\n"
        "#   cypher-shell -f schema.cypher\n" + command + "\n",
        encoding="utf-8",
    )
    return ExportStats(
        format="neo4j-csv",
        path=folder,
        nodes=sum(files.rows[n] for n in node_files),
        relationships=n_rels,
        files=[folder / n for n in names],
        command=command,
        seconds=time.perf_counter() - started,
    )


# ------------------------------------------------------------------- front
def export_store(
    store: Any,
    fmt: str,
    out: str | Path,
    *,
    ontology: bool = True,
    overwrite: bool = False,
    **filters: Any,
) -> ExportStats:
    """Export a store in one of ``FORMATS``; ``filters`` go to ``to_networkx`` (graphml only).

    Raises:
        InputError: unknown format, filters with a format other than graphml,
            or an output that cannot be written.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    given = {k: v for k, v in filters.items() if v not in (None, "entity")}
    if given and fmt != "graphml":
        raise InputError(f"{', '.join(sorted(given))}: only with --format graphml")
    if fmt == "neo4j-csv":
        return write_neo4j_csv(store, out, overwrite=overwrite)
    path = Path(out)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; {fmt} writes one file")
    started = time.perf_counter()
    stats = ExportStats(format=fmt, path=path, files=[path])
    if fmt == "graphml":
        stats.nodes, stats.relationships = write_graphml(
            store, path, **{k: v for k, v in filters.items() if v is not None}
        )
    else:
        writer = {"nquads": write_nquads, "turtle": write_turtle, "jsonld": write_jsonld}[fmt]
        stats.triples = writer(store, path, ontology=ontology)
    stats.seconds = time.perf_counter() - started
    return stats
