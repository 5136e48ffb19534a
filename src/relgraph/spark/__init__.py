"""relgraph extraction over PySpark DataFrames: articles in, node and assertion DataFrames out.

``extract_dataframe(df)`` maps :class:`relgraph.extract.Extractor` over a
DataFrame of articles with ``mapInArrow``: each Python worker builds the
extractor once (and keeps it while Spark reuses the worker) and extracts the
articles of its partition in batches, as ``Extractor.extract_many`` does on
one machine. The result is one row per article (``records``, nested like an
extraction record) from which ``nodes``, ``assertions``, ``articles`` and
``errors`` are derived, each with an explicit schema:

* ``assertions``: one row per relation of an article, in the article's order
  of ``extract_many``: ``article_id``, ``assertion_id`` (the stable id the
  stores key assertions by, :func:`relgraph.rdf.assertion_id`), ``type``,
  ``source``, ``source_kind``, ``target``, ``target_kind``, ``modality``,
  ``date`` (the relation's date as extracted), ``confidence``, ``evidence``
  (the sentence), ``rule``, and ``role``/``domain``/``channel`` (null where
  the type has none);
* ``nodes``: one row per entity (``kind``, ``key``), with the ``name`` most
  articles used (ties: the first in sort order), its ``wikidata`` id and the
  number of ``articles`` that name it;
* ``articles``: ``id``, ``title``, ``published`` (date), ``url``, ``source``,
  ``license``, ``input_hash`` (when the extractor gives one) and ``topics`` of
  each article extracted;
* ``errors``: ``id`` and a one-line ``error`` for each input row that could
  not be read (no text, a bad publication date, …) or extracted.

pyspark is an optional dependency: ``pip install 'relgraph[spark]'``; Spark
needs a Java 17 (or later) runtime.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import InputError, RelgraphError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from ..extract import Extractor

__all__ = [
    "ARTICLE_COLUMNS",
    "INPUT_FORMATS",
    "OUTPUTS",
    "Extraction",
    "SparkError",
    "extract_dataframe",
    "extract_to_parquet",
    "input_format",
    "java_available",
    "node_rows",
    "one_line",
    "read_input",
    "record_rows",
    "spark_session",
]

ARTICLE_COLUMNS = ("id", "text", "title", "published", "url", "source", "license")
"""Input columns read from an articles DataFrame (``text`` is required)."""

_OPTIONAL = ("role", "domain", "channel")
_CONF_DIR = Path(__file__).with_name("conf")  # log4j2.properties: errors only
_CORRUPT = "_corrupt_record"
# the master URLs spark-submit accepts (it fails with a Java stack trace on others)
_MASTER = re.compile(r"^(local(\[(\*|\d+)(,\d+)?\])?|local-cluster\[.+\]|yarn|(spark|k8s)://.+)$")
_BATCH = 256  # records per Arrow batch sent back to Spark


class SparkError(RelgraphError):
    """Spark is missing, cannot start, or failed a job."""


class Extraction(NamedTuple):
    """The DataFrames of ``extract_dataframe``; see the module docstring for their columns."""

    nodes: DataFrame
    assertions: DataFrame
    articles: DataFrame
    errors: DataFrame
    records: DataFrame

    def unpersist(self) -> None:
        """Release the cached extraction (``records``) once the results are written."""
        self.records.unpersist()


# ------------------------------------------------------------------ schemas
def _spark_types() -> Any:
    try:
        from pyspark.sql import types
    except ImportError:
        raise SparkError("Spark support needs pyspark: pip install 'relgraph[spark]'") from None
    return types


def _record_schema() -> Any:
    """Spark schema of the rows the workers return (one per input row)."""
    T = _spark_types()
    s, d = T.StringType(), T.DateType()
    node = T.StructType([T.StructField(n, s) for n in ("kind", "key", "name", "wikidata")])
    relation = T.StructType(
        [T.StructField(n, s) for n in ("assertion_id", "type", "source", "source_kind",
                                       "target", "target_kind", "modality")]
        + [T.StructField("date", d), T.StructField("confidence", T.DoubleType())]
        + [T.StructField(n, s) for n in ("evidence", "rule", *_OPTIONAL)]
    )  # fmt: skip
    return T.StructType(
        [T.StructField(n, s) for n in ("id", "title")]
        + [T.StructField("published", d)]
        + [T.StructField(n, s) for n in ("url", "source", "license", "input_hash")]
        + [
            T.StructField("topics", T.ArrayType(s)),
            T.StructField("nodes", T.ArrayType(node)),
            T.StructField("relations", T.ArrayType(relation)),
            T.StructField("error", s),
        ]
    )


def _arrow_schema() -> Any:
    """The Arrow twin of ``_record_schema`` (what ``mapInArrow`` must yield)."""
    import pyarrow as pa

    s, d = pa.string(), pa.date32()
    node = pa.struct([(n, s) for n in ("kind", "key", "name", "wikidata")])
    relation = pa.struct(
        [(n, s) for n in ("assertion_id", "type", "source", "source_kind", "target",
                          "target_kind", "modality")]
        + [("date", d), ("confidence", pa.float64())]
        + [(n, s) for n in ("evidence", "rule", *_OPTIONAL)]
    )  # fmt: skip
    return pa.schema(
        [(n, s) for n in ("id", "title")]
        + [("published", d)]
        + [(n, s) for n in ("url", "source", "license", "input_hash")]
        + [
            ("topics", pa.list_(s)),
            ("nodes", pa.list_(node)),
            ("relations", pa.list_(relation)),
            ("error", s),
        ]
    )


# ------------------------------------------------------- records as rows
def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def record_rows(record: Mapping[str, Any]) -> dict[str, Any]:
    """One extraction record as the nested row ``extract_dataframe`` keeps per article.

    The same flattening serves the tests, which compare Spark's rows with
    ``Extractor.extract_many``'s records.

    Examples:
        >>> rec = {"id": "a1", "title": None, "published": "2024-06-19", "topics": ["trade"],
        ...        "nodes": [{"type": "State", "key": "FRA", "name": "France"},
        ...                  {"type": "State", "key": "IRN", "name": "Iran"}],
        ...        "relations": [{"type": "SANCTIONS", "source": "FRA", "target": "IRN",
        ...                       "modality": "asserted", "confidence": 0.8,
        ...                       "date": "2024-06-19", "evidence": "France ...", "rule": "r"}]}
        >>> row = record_rows(rec)
        >>> r = row["relations"][0]
        >>> (r["source_kind"], r["target"], r["date"], r["domain"], len(r["assertion_id"]))
        ('State', 'IRN', datetime.date(2024, 6, 19), None, 24)
    """
    from ..rdf import assertion_id

    kinds = {n["key"]: n["type"] for n in record["nodes"]}
    rels = []
    for rel in record["relations"]:
        conf = rel.get("confidence")
        rels.append(
            {
                "assertion_id": assertion_id(record["id"], rel),
                "type": rel["type"],
                "source": rel["source"],
                "source_kind": kinds.get(rel["source"]),
                "target": rel["target"],
                "target_kind": kinds.get(rel["target"]),
                "modality": rel["modality"],
                "date": _date(rel.get("date")),
                "confidence": None if conf is None else float(conf),
                "evidence": rel.get("evidence"),
                "rule": rel.get("rule"),
                **{p: rel.get(p) for p in _OPTIONAL},
            }
        )
    return {
        "id": record["id"],
        "title": record.get("title"),
        "published": _date(record.get("published")),
        "url": record.get("url"),
        "source": record.get("source"),
        "license": record.get("license"),
        "input_hash": record.get("input_hash"),
        "topics": list(record.get("topics") or []),
        "nodes": [
            {"kind": n["type"], "key": n["key"], "name": n["name"], "wikidata": n.get("wikidata")}
            for n in record["nodes"]
        ],
        "relations": rels,
        "error": None,
    }


def _error_row(rid: object, message: str) -> dict[str, Any]:
    return {"id": rid if isinstance(rid, str) else None, "topics": [], "nodes": [],
            "relations": [], "error": message}  # fmt: skip


# ------------------------------------------------------------ the workers
_EXTRACTORS: dict[tuple[object, ...], Extractor] = {}


def _worker_extractor(syntax: bool | str, gazetteer: str | None) -> Extractor:
    """The extractor of this Python worker, built on first use (Spark reuses workers)."""
    key = (syntax, gazetteer)
    if key not in _EXTRACTORS:
        from ..extract import Extractor
        from ..gazetteer import load_gazetteer

        gaz = load_gazetteer(Path(gazetteer)) if gazetteer else None
        _EXTRACTORS[key] = Extractor(syntax=syntax, gazetteer=gaz)
    return _EXTRACTORS[key]


def _row_article(row: Mapping[str, Any], origin: str) -> Any:
    from ..io._common import build_article

    rid = row.get("id")
    where = f"{origin}: row id {rid!r}" if rid else f"{origin}: row without id"
    if row.get(_CORRUPT):
        raise InputError(f"{where}: not a valid record ({' '.join(row[_CORRUPT].split())[:80]})")
    if row.get("text") is None:
        raise InputError(f"{where}: no text (the 'text' column is null)")
    fields = {k: row.get(k) for k in ("title", "published", "url", "source", "license")}
    url = (fields["url"] or "").strip() or None
    return build_article(where=where, id=rid, text=row["text"], fallback_id=url, **fields)


def _extract_chunk(ex: Extractor, articles: list[Any]) -> Iterator[dict[str, Any]]:
    """Rows of a chunk of articles; an article extraction fails on is an error row."""
    try:
        records = list(ex.extract_many(articles))
    except Exception:  # noqa: BLE001 - find the article that fails, keep the others
        for article in articles:
            try:
                yield record_rows(ex.extract(article))
            except Exception as err:  # noqa: BLE001
                reason = " ".join(str(err).split())[:200]
                msg = f"{article.origin}: extraction failed ({type(err).__name__}: {reason})"
                yield _error_row(article.id, msg)
        return
    for record in records:
        yield record_rows(record)


def _extract_partition(
    batches: Iterable[Any], *, syntax: bool | str, gazetteer: str | None, origin: str
) -> Iterator[Any]:
    """``mapInArrow`` function: Arrow batches of articles in, batches of record rows out."""
    import pyarrow as pa

    schema = _arrow_schema()
    ex = _worker_extractor(syntax, gazetteer)
    out: list[dict[str, Any]] = []
    for batch in batches:
        rows = batch.to_pylist()
        for start in range(0, len(rows), 32):
            articles = []
            for row in rows[start : start + 32]:
                try:
                    articles.append(_row_article(row, origin))
                except InputError as err:
                    out.append(_error_row(row.get("id"), str(err)))
            out.extend(_extract_chunk(ex, articles))
            if len(out) >= _BATCH:
                yield pa.RecordBatch.from_pylist(out, schema=schema)
                out = []
    if out:
        yield pa.RecordBatch.from_pylist(out, schema=schema)


# ------------------------------------------------------------- the driver
def _input(
    df: DataFrame, columns: Mapping[str, str | None], explicit: set[str], origin: str
) -> DataFrame:
    """The input reduced to the article columns, as strings, named as relgraph names them."""
    from pyspark.sql import functions as F

    T = _spark_types()
    by_lower = {c.lower(): c for c in df.columns}
    found = ", ".join(repr(c) for c in df.columns) or "none"
    text_col = columns["text"]
    if not text_col or text_col.lower() not in by_lower:
        raise InputError(
            f"{origin}: no {text_col!r} column (the article text); found columns: {found}"
        )
    text_type = df.schema[by_lower[text_col.lower()]].dataType
    if not isinstance(text_type, T.StringType):
        raise InputError(
            f"{origin}: column {text_col!r} must hold strings (the article text), "
            f"found {text_type.simpleString()}"
        )
    missing = [
        f"{name!r} (given for {field})"
        for field, name in columns.items()
        if field in explicit and name and name.lower() not in by_lower
    ]
    if missing:
        raise InputError(f"{origin}: no column {', '.join(missing)}; found columns: {found}")
    selected = []
    for field in ARTICLE_COLUMNS:
        name = columns.get(field)
        if name and name.lower() in by_lower:
            selected.append(F.col(f"`{by_lower[name.lower()]}`").cast("string").alias(field))
        else:
            selected.append(F.lit(None).cast("string").alias(field))
    if _CORRUPT in df.columns:  # Spark's reader marks lines it could not parse
        selected.append(F.col(_CORRUPT))
    return df.select(*selected)


def extract_dataframe(
    df: DataFrame,
    *,
    text_col: str = "text",
    id_col: str | None = "id",
    title_col: str | None = "title",
    published_col: str | None = "published",
    url_col: str | None = "url",
    source_col: str | None = "source",
    license_col: str | None = "license",
    syntax: bool | str = True,
    gazetteer: str | Path | None = None,
    persist: bool = True,
    origin: str = "DataFrame",
) -> Extraction:
    """Map relgraph extraction over a DataFrame of articles.

    Only the text column is required. Column names match without regard to
    case; a column named explicitly (not left at its default) must exist, a
    default one that is missing is read as null. Values are read as strings;
    ``published`` may be a date, a timestamp or an ISO string. A row's id is
    its ``id``, else its ``url``, else a hash of its text (as
    :func:`relgraph.io.read_articles` does for JSON Lines and CSV rows).

    Args:
        df: The articles, one per row.
        text_col, id_col, title_col, published_col, url_col, source_col, license_col:
            The columns to read; None for one the input does not have.
        syntax: As for ``Extractor``: True finds the installed English parser
            model, a string names one, False uses word-order rules alone.
        gazetteer: A gazetteer folder to use instead of the shipped one (it
            must be readable at the same path on every worker).
        persist: Keep the extraction (``records``) cached, so that writing
            both nodes and assertions extracts each article once; call
            ``Extraction.unpersist()`` when done.
        origin: Names the input in error messages (a path, a table name).

    Returns:
        ``Extraction(nodes, assertions, articles, errors, records)``, lazy
        DataFrames: nothing runs until one of them is written or collected.

    Raises:
        InputError: no text column, a text column that does not hold strings,
            or an explicitly named column that is missing.
        SparkError: pyspark is not installed.

    Example (not run as a doctest: it starts Spark)::

        spark = spark_session("local[2]")
        result = extract_dataframe(spark.read.parquet("articles.parquet"))
        result.assertions.groupBy("type").count().show()
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    columns = {
        "id": id_col,
        "text": text_col,
        "title": title_col,
        "published": published_col,
        "url": url_col,
        "source": source_col,
        "license": license_col,
    }
    defaults = dict(zip(ARTICLE_COLUMNS, ARTICLE_COLUMNS, strict=True))
    explicit = {k for k, v in columns.items() if v is not None and v != defaults[k]}
    prepared = _input(df, columns, explicit, origin)
    fn = partial(
        _extract_partition,
        syntax=syntax,
        gazetteer=str(Path(gazetteer).resolve()) if gazetteer else None,
        origin=origin,
    )
    records = prepared.mapInArrow(fn, _record_schema())
    if persist:
        records = records.persist(StorageLevel.MEMORY_AND_DISK)
    ok = records.where(F.col("error").isNull())
    articles = ok.select(
        "id", "title", "published", "url", "source", "license", "input_hash", "topics"
    )
    assertions = ok.select(
        F.col("id").alias("article_id"), F.posexplode("relations").alias("position", "r")
    ).select("article_id", "r.*")
    named = (
        ok.select(F.explode("nodes").alias("n"))
        .select("n.*")
        .groupBy("kind", "key", "name")
        .agg(F.count(F.lit(1)).alias("n"), F.max("wikidata").alias("wikidata"))
    )
    nodes = named.groupBy("kind", "key").agg(
        F.min_by("name", F.struct((-F.col("n")).alias("m"), F.col("name"))).alias("name"),
        F.max("wikidata").alias("wikidata"),
        F.sum("n").cast("long").alias("articles"),
    )
    errors = records.where(F.col("error").isNotNull()).select("id", "error")
    return Extraction(nodes, assertions, articles, errors, records)


def node_rows(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ``nodes`` rows of ``extract_dataframe`` computed in plain Python, for checking.

    Examples:
        >>> n = lambda name: {"type": "Leader", "key": "k", "name": name}
        >>> node_rows([{"nodes": [n("B")]}, {"nodes": [n("A")]}, {"nodes": [n("B")]}])
        [{'kind': 'Leader', 'key': 'k', 'name': 'B', 'wikidata': None, 'articles': 3}]
    """
    names: dict[tuple[str, str], Counter[str]] = {}
    wikidata: dict[tuple[str, str], str | None] = {}
    for record in records:
        for n in record["nodes"]:
            k = (n["type"], n["key"])
            names.setdefault(k, Counter())[n["name"]] += 1
            w = n.get("wikidata")
            if w and (wikidata.get(k) is None or w > str(wikidata[k])):
                wikidata[k] = w
            wikidata.setdefault(k, None)
    return [
        {
            "kind": kind,
            "key": key,
            "name": min(c, key=lambda name: (-c[name], name)),
            "wikidata": wikidata[kind, key],
            "articles": sum(c.values()),
        }
        for (kind, key), c in sorted(names.items())
    ]


# ------------------------------------------------------------ the session
def java_available() -> bool:
    """Whether a ``java`` runtime can be found ($JAVA_HOME, else the PATH)."""
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").is_file():
        return True
    return shutil.which("java") is not None


def spark_session(
    master: str = "local[*]",
    *,
    app_name: str = "relgraph",
    conf: Mapping[str, str] | None = None,
    quiet: bool = True,
) -> SparkSession:
    """A SparkSession for relgraph, or the one already active in this process.

    Python workers run this interpreter (``PYSPARK_PYTHON``) on a ``local``
    master; on a cluster, set ``PYSPARK_PYTHON`` to a Python with relgraph
    installed on every node. ``quiet`` keeps Spark's log to errors and hides
    its progress bar. The Spark UI is off unless ``conf`` turns it on.

    Raises:
        InputError: not a master URL Spark accepts.
        SparkError: pyspark missing, no Java runtime, or Spark failed to start.
    """
    _spark_types()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if not _MASTER.match(master):
        raise InputError(
            f"Spark master {master!r}: expected local, local[N], local[*], spark://HOST:PORT, "
            "yarn or k8s://HOST:PORT"
        )
    if not java_available():
        raise SparkError(
            "Spark needs a Java runtime (17 or later) and none was found: install one "
            "(Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
        )
    if master.startswith("local"):
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    else:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName(app_name)
    builder = builder.config("spark.ui.enabled", "false")
    builder = builder.config("spark.ui.showConsoleProgress", str(not quiet).lower())
    if quiet and "SPARK_CONF_DIR" not in os.environ:
        # Spark reads log4j2.properties from its configuration folder
        os.environ["SPARK_CONF_DIR"] = str(_CONF_DIR)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as err:
        raise SparkError(f"Spark failed to start on {master!r}: {one_line(err)}") from err
    if quiet:
        session.sparkContext.setLogLevel("ERROR")
    return session


def one_line(err: BaseException) -> str:
    """The first meaningful line of a Spark or Py4J error, for a one-line message.

    Examples:
        >>> one_line(RuntimeError("\\n[PATH_NOT_FOUND] Path does not exist: x.\\nJVM stacktrace:"))
        '[PATH_NOT_FOUND] Path does not exist: x.'
    """
    for line in str(err).splitlines():
        line = line.strip()
        skip = ("JVM stacktrace", "Traceback", "at ", "An error occurred while calling")
        if line and not line.startswith(skip):
            return line[:300]
    return type(err).__name__


# ------------------------------------------------------- files in, Parquet out
INPUT_FORMATS = ("auto", "parquet", "jsonl", "csv", "articles")
"""``read_input`` formats: Spark's readers for Parquet, JSON Lines and CSV;
``articles`` reads with :func:`relgraph.io.read_articles` on the driver."""

_SUFFIX_FORMATS = {".parquet": "parquet", ".jsonl": "jsonl", ".json": "jsonl", ".csv": "csv"}
_ARTICLE_DDL = ", ".join(f"{c} string" for c in ARTICLE_COLUMNS)
OUTPUTS = ("articles", "nodes", "assertions")
"""The Parquet folders ``extract_to_parquet`` writes under OUT (and ``errors`` when any)."""


def input_format(path: str) -> str:
    """The format ``auto`` means for a path: by suffix; a folder holding Parquet
    files is Parquet, any other folder is read as articles.

    Examples:
        >>> input_format("news/2024.jsonl"), input_format("news.csv"), input_format("a.txt")
        ('jsonl', 'csv', 'articles')
    """
    p = Path(path)
    fmt = _SUFFIX_FORMATS.get(p.suffix.lower())
    if fmt:
        return fmt
    if p.is_dir() and (any(p.glob("*.parquet")) or any(p.glob("*/*.parquet"))):
        return "parquet"
    return "articles"


def read_input(
    spark: SparkSession, path: str, fmt: str = "auto", *, partitions: int | None = None
) -> tuple[DataFrame, list[InputError]]:
    """Articles from a file or folder as a DataFrame, and the problems found reading them.

    Parquet, JSON Lines (``.jsonl``/``.json``, one object a line) and CSV
    (a header row, RFC 4180 quoting, fields may span lines) are read by
    Spark, so they may be large or remote (``s3a://``, ``hdfs://``). A
    folder of articles (``.txt``, ``.md``, ``.html``, ``.jsonl``, ``.csv``
    with a ``MANIFEST.tsv``: anything ``relgraph extract`` reads) is read on
    the driver by :func:`relgraph.io.read_articles` and handed to Spark; fine
    for thousands of articles, convert larger corpora to Parquet or JSON Lines.

    Args:
        partitions: Repartition the input to this many partitions (Spark
            makes one per 128 MB of a file, which may leave cores idle).
    """
    from ..io import read_articles

    if fmt == "auto":
        fmt = input_format(path)
    if fmt not in INPUT_FORMATS:
        raise InputError(
            f"unknown input format {fmt!r}; expected one of: {', '.join(INPUT_FORMATS)}"
        )
    local = "://" not in path
    if local and not Path(path).exists():
        raise InputError(f"{path}: no such file or directory")
    problems: list[InputError] = []
    try:
        if fmt == "articles":
            rows = [
                tuple(getattr(a, c) for c in ARTICLE_COLUMNS)
                for a in read_articles([path], on_error=problems.append)
            ]
            n = partitions or max(1, min(len(rows), spark.sparkContext.defaultParallelism))
            rdd = spark.sparkContext.parallelize(rows, n)
            return spark.createDataFrame(rdd, _ARTICLE_DDL), problems
        if fmt == "parquet":
            df = spark.read.parquet(path)
        elif fmt == "jsonl":
            df = spark.read.option("mode", "PERMISSIVE").json(path)
        else:
            df = spark.read.options(header=True, multiLine=True, escape='"').csv(path)
    except InputError:
        raise
    except Exception as err:
        raise InputError(f"{path}: cannot read as {fmt} ({one_line(err)})") from err
    if partitions:
        df = df.repartition(partitions)
    return df, problems


def extract_to_parquet(
    spark: SparkSession,
    path: str,
    out: str,
    *,
    fmt: str = "auto",
    partitions: int | None = None,
    overwrite: bool = False,
    **options: Any,
) -> dict[str, Any]:
    """Read articles, extract them on Spark, write Parquet folders under ``out``.

    Writes ``out/articles``, ``out/nodes``, ``out/assertions`` (the DataFrames
    of ``extract_dataframe``) and, when some input could not be read or
    extracted, ``out/errors`` (``id``, ``error``). ``options`` go to
    ``extract_dataframe``.

    Returns:
        Counts (``articles``, ``nodes``, ``assertions``) and ``errors``: the
        one-line messages of every skipped input.

    Raises:
        InputError: unreadable input, missing columns, or ``out`` not empty
            without ``overwrite``.
        SparkError: a Spark job failed.
    """
    local_out = "://" not in out
    if local_out and Path(out).exists():
        if not Path(out).is_dir():
            raise InputError(f"{out}: exists and is not a folder; choose a new folder")
        if any(Path(out).iterdir()) and not overwrite:
            raise InputError(f"{out}: folder is not empty; choose a new one or give --overwrite")
    df, problems = read_input(spark, path, fmt, partitions=partitions)
    result = extract_dataframe(df, origin=path, **options)
    mode = "overwrite" if overwrite else "errorifexists"
    try:
        for name in OUTPUTS:
            getattr(result, name).write.mode(mode).parquet(f"{out.rstrip('/')}/{name}")
        counts = {name: getattr(result, name).count() for name in OUTPUTS}
        failed = [(row.id, row.error) for row in result.errors.collect()]
        errors = [str(p) for p in problems] + [e for _, e in failed]
        if errors:
            rows = [(None, str(p)) for p in problems] + failed
            spark.createDataFrame(rows, "id string, error string").coalesce(1).write.mode(
                mode
            ).parquet(f"{out.rstrip('/')}/errors")
        elif local_out and overwrite and Path(out, "errors").exists():
            shutil.rmtree(Path(out, "errors"))  # from an earlier run into the same folder
    except Exception as err:
        raise SparkError(f"Spark job failed: {one_line(err)}") from err
    finally:
        result.unpersist()
    return {**counts, "errors": errors}
