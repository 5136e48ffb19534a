"""Command-line interface: a thin layer over the library."""

from __future__ import annotations

import json
import logging
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import InputError, RelgraphError

__all__ = ["cli", "main"]

_STORE_HELP = "store folder (default: $RELGRAPH_STORE, else ~/.local/share/relgraph/store)"


class _Errors:
    """Collects per-input errors: prints each as one line, stops on the first with --on-error fail."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.count = 0

    def __call__(self, err: InputError) -> None:
        self.count += 1
        click.echo(f"error: {err}", err=True)
        if self.mode == "fail":
            raise _Stop(2)


class _Stop(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _store_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--store",
        "store_dir",
        envvar="RELGRAPH_STORE",
        type=click.Path(file_okay=False),
        help=_STORE_HELP,
    )(f)


def _params_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-p",
        "--param",
        "params",
        multiple=True,
        type=(str, str),
        metavar="NAME VALUE",
        help="query parameter (repeatable)",
    )(f)


def _format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="output format",
    )(f)


def _store_path(store_dir: str | None) -> Path:
    from .stores import default_store_path

    return Path(store_dir) if store_dir else default_store_path()


_NEO4J_HELP = (
    "use the Neo4j server at URI (bolt://, neo4j://, +s, +ssc); --neo4j alone reads $NEO4J_URI; "
    "user, password, database from $NEO4J_USERNAME, $NEO4J_PASSWORD, $NEO4J_DATABASE"
)


def _neo4j_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--neo4j",
        "neo4j_uri",
        is_flag=False,
        flag_value="",
        default=None,
        metavar="[URI]",
        help=_NEO4J_HELP,
    )(f)


def _open_neo4j(uri: str | None, *, read_only: bool = False) -> Any:
    """A Neo4j store; the password only ever comes from the environment or the URI."""
    import logging

    from .stores.neo4j_store import Neo4jStore

    # The driver logs each retry as a warning; failures reach the user as one
    # line through RelgraphError, so keep its log records off the terminal.
    driver_log = logging.getLogger("neo4j")
    if not driver_log.handlers:
        driver_log.addHandler(logging.NullHandler())
    return Neo4jStore(uri or None, read_only=read_only)


def _open(store_dir: str | None, neo4j_uri: str | None, *, read_only: bool = False) -> Any:
    """The embedded store, or Neo4j when --neo4j was given."""
    from .stores import open_store

    if neo4j_uri is not None:
        return _open_neo4j(neo4j_uri, read_only=read_only)
    return open_store(_store_path(store_dir), read_only=read_only)


def _where(store: Any) -> str:
    return str(getattr(store, "uri", None) or store.path)


def _on_error_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--on-error",
        type=click.Choice(["skip", "fail"]),
        default="skip",
        show_default=True,
        help="skip a bad input (reported, exit 1 at the end) or stop at the first (exit 2)",
    )(f)


def _limit_options(f: Callable[..., Any]) -> Callable[..., Any]:
    from .extract.pipeline import DEFAULT_MAX_SENTENCE_CHARS
    from .io.read import DEFAULT_MAX_ARTICLE_BYTES

    f = click.option(
        "--max-sentence-chars",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_SENTENCE_CHARS,
        show_default=True,
        help="longer sentences are left out of extraction, with a note",
    )(f)
    return click.option(
        "--max-article-bytes",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_ARTICLE_BYTES,
        show_default=True,
        help="larger articles (a file, a JSON Lines line, a CSV row) are skipped unread, as errors",
    )(f)


class _NoteHandler(logging.Handler):
    """Extraction notes (e.g. a sentence left out) as one ``note:`` line each on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"note: {record.getMessage()}", err=True)


def _extractor(max_sentence_chars: int | None = None) -> Any:
    from .extract import Extractor

    log = logging.getLogger("relgraph.extract")
    if not any(isinstance(h, _NoteHandler) for h in log.handlers):
        log.addHandler(_NoteHandler())
        log.propagate = False
    if max_sentence_chars is None:
        return Extractor()
    return Extractor(max_sentence_chars=max_sentence_chars)


def _articles(
    paths: tuple[str, ...], errors: _Errors, max_article_bytes: int | None = None
) -> Iterator[Any]:
    from .io import read_articles

    if max_article_bytes is None:
        return read_articles(list(paths), on_error=errors)
    return read_articles(list(paths), on_error=errors, max_article_bytes=max_article_bytes)


def _jobs_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=0),
        default=0,
        help="worker processes for extraction [default: 0, one per core]",
    )(f)


def _records(articles: Iterator[Any], ex: Any, jobs: int) -> Iterator[dict[str, Any]]:
    from .extract.parallel import extract_parallel

    return extract_parallel(articles, jobs=jobs or None, extractor=ex)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="relgraph")
def cli() -> None:
    """Turn news articles about international relations into a knowledge graph.

    Example: relgraph ingest data/articles && relgraph query shared_sanctions_exposure
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="output file (default: stdout)",
)
@click.option(
    "--explain",
    is_flag=True,
    help="print each assertion with the rule that produced it and its confidence",
)
@_jobs_option
@_on_error_option
@_limit_options
def extract(
    paths: tuple[str, ...],
    fmt: str,
    output: Any,
    explain: bool,
    jobs: int,
    on_error: str,
    max_article_bytes: int,
    max_sentence_chars: int,
) -> None:
    """Extract nodes, relations and topics from articles, one JSON object per article.

    PATHS are files (.txt .md .html .jsonl .csv), folders, or - for stdin.

    Example: relgraph extract articles/ --format jsonl > graph.jsonl
    """
    errors = _Errors(on_error)

    def run() -> None:
        ex = _extractor(max_sentence_chars)
        records = []
        for rec in _records(_articles(paths, errors, max_article_bytes), ex, jobs):
            if explain:
                _explain(rec, output)
            elif fmt == "jsonl":
                output.write(json.dumps(rec, ensure_ascii=False) + "\n")
            else:
                records.append(rec)
        if fmt == "json" and not explain:
            output.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")

    _run(run, errors)


def _explain(rec: dict[str, Any], out: Any) -> None:
    out.write(f"article {rec['id']}: {rec.get('title') or ''}\n")
    for r in rec["relations"]:
        extra = " ".join(f"{k}={r[k]}" for k in ("date", "role", "domain", "channel") if r.get(k))
        out.write(
            f"  {r['type']} {r['source']} -> {r['target']} [{r['modality']}] {extra}".rstrip()
            + f"  conf={r['confidence']} rule={r['rule']}\n      \u201c{r['evidence']}\u201d\n"
        )
    out.write(f"  topics: {', '.join(rec['topics'])}\n")


def _run(fn: Callable[[], None], errors: _Errors | None = None) -> None:
    try:
        fn()
    except _Stop as stop:
        raise SystemExit(stop.code) from None
    except RelgraphError as err:
        raise click.ClickException(str(err)) from err
    except BrokenPipeError:
        sys.stderr.close()
        raise SystemExit(0) from None
    except KeyboardInterrupt:
        click.echo("\ninterrupted", err=True)
        raise SystemExit(130) from None
    if errors is not None and errors.count:
        click.echo(f"{errors.count} input(s) skipped because of errors (see above)", err=True)
        raise SystemExit(1)


@contextmanager
def _whole() -> Iterator[None]:
    """Holds Ctrl-C until the block is done, so that a batch is written whole."""
    caught: list[int] = []
    try:
        old = signal.signal(signal.SIGINT, lambda sig, frame: caught.append(sig))
    except ValueError:  # not the main thread: nothing to hold
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
        if caught:
            raise KeyboardInterrupt


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_store_option
@_neo4j_option
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="articles written per batch (one transaction each)",
)
@_jobs_option
@click.option(
    "--force",
    is_flag=True,
    help="extract every article again, even those the store holds from the same text "
    "and the same extractor (skipped by default)",
)
@_on_error_option
@_limit_options
def ingest(
    paths: tuple[str, ...],
    store_dir: str | None,
    neo4j_uri: str | None,
    batch_size: int,
    jobs: int,
    force: bool,
    on_error: str,
    max_article_bytes: int,
    max_sentence_chars: int,
) -> None:
    """Extract articles and load them into the store (the same article twice adds nothing).

    Articles are read as a stream, extracted by worker processes and written
    in batches, each batch whole or not at all. An article the store already
    holds from the same text and the same extractor is skipped before
    extraction, so after Ctrl-C (or a crash) running the same command again
    finishes the job.

    Example: relgraph ingest data/articles --store ./graph
    (or --neo4j bolt://localhost:7687 to load into Neo4j)
    """
    errors = _Errors(on_error)
    totals = {
        "articles": 0,
        "added": 0,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "nodes": 0,
        "assertions": 0,
    }

    def unstored(articles: Iterator[Any], store: Any, ex: Any) -> Iterator[Any]:
        """The articles whose input hash the store does not hold."""
        while batch := list(islice(articles, 64)):
            hashes = {a.id: ex.input_hash(a) for a in batch}
            held = store.held_inputs(hashes)
            for a in batch:
                if hashes[a.id] is not None and held.get(a.id) == hashes[a.id]:
                    totals["articles"] += 1
                    totals["unchanged"] += 1
                    totals["skipped"] += 1
                else:
                    yield a

    def summary(store: Any) -> str:
        skipped = (
            f" ({totals['skipped']} without extracting them again)" if totals["skipped"] else ""
        )
        return (
            f"{totals['articles']} articles read: {totals['added']} added, "
            f"{totals['updated']} updated, {totals['unchanged']} unchanged{skipped}; "
            f"{totals['nodes']} nodes and {totals['assertions']} assertions added "
            f"to {_where(store)}"
        )

    def run() -> None:
        # the store first: a locked store or a server that is down is said at once,
        # before the seconds it takes to load the extractor
        with _open(store_dir, neo4j_uri) as store:
            ex = _extractor(max_sentence_chars)
            batch: list[dict[str, Any]] = []

            def flush() -> None:
                with _whole():
                    stats = store.add(batch, batch_size=batch_size)
                    totals["added"] += stats.articles_added
                    totals["updated"] += stats.articles_updated
                    totals["unchanged"] += stats.articles_unchanged
                    totals["nodes"] += stats.nodes_added
                    totals["assertions"] += stats.assertions_added
                    batch.clear()

            articles = _articles(paths, errors, max_article_bytes)
            if not force:
                articles = unstored(articles, store, ex)
            show = sys.stderr.isatty()
            try:
                with (
                    closing(_records(articles, ex, jobs)) as records,
                    click.progressbar(
                        records,
                        label="ingesting",
                        file=sys.stderr,
                        show_pos=True,
                        item_show_func=lambda r: r["id"] if r else None,
                        hidden=not show,
                    ) as bar,
                ):
                    for rec in bar:
                        totals["articles"] += 1
                        batch.append(rec)
                        if len(batch) >= batch_size:
                            flush()
                    if batch:
                        flush()
            except KeyboardInterrupt:
                click.echo(
                    f"\ninterrupted: every batch written so far is whole. {summary(store)}.\n"
                    "Run the same command again to finish: stored articles are skipped.",
                    err=True,
                )
                raise _Stop(130) from None
            click.echo(summary(store))

    _run(run, errors)


@cli.command()
@click.argument("name")
@_params_option
@_format_option
@_store_option
@_neo4j_option
def query(
    name: str,
    params: tuple[tuple[str, str], ...],
    fmt: str,
    store_dir: str | None,
    neo4j_uri: str | None,
) -> None:
    """Run a named question from queries/ (see `relgraph queries`).

    With --neo4j it runs queries/NAME.cypher on Neo4j, else NAME.sparql on the store.

    Example: relgraph query state_profile -p iso3 RUS --format json
    """

    def run() -> None:
        from .query import get_query, run_named
        from .query.output import format_rows

        # unknown names fail before the store is opened
        get_query(name, "sparql" if neo4j_uri is None else "cypher")
        with _open(store_dir, neo4j_uri, read_only=True) as store:
            _echo(format_rows(run_named(store, name, dict(params)), fmt))

    _run(run)


@cli.command()
def queries() -> None:
    """List the named questions with their parameters.

    Example: relgraph queries
    """

    def run() -> None:
        from .query import list_queries

        seen: set[str] = set()
        for q in list_queries():
            if q.name in seen:  # a Cypher twin declares what its SPARQL file does
                continue
            seen.add(q.name)
            params = " ".join(f"-p {p.name} {p.name.upper()}" for p in q.params)
            click.echo(f"{q.name} {params}".rstrip())
            click.echo(f"    {q.description}")
            for p in q.params:
                default = f" (default: {p.default})" if p.default is not None else ""
                click.echo(f"    {p.name}: {p.description}{default}")

    _run(run)


@cli.command()
@click.argument("text")
@_params_option
@_format_option
@_store_option
def sparql(text: str, params: tuple[tuple[str, str], ...], fmt: str, store_dir: str | None) -> None:
    """Run an ad-hoc SPARQL query; -p NAME VALUE binds ?NAME to a literal.

    Example: relgraph sparql 'SELECT ?s WHERE { ?s a rg:State }'
    """

    def run() -> None:
        from .query.output import format_rows
        from .stores import open_store

        with open_store(_store_path(store_dir), read_only=True) as store:
            _echo(format_rows(store.query(text, dict(params)), fmt))

    _run(run)


@cli.command()
@click.argument("text")
@_params_option
@_format_option
@click.option(
    "--neo4j",
    "neo4j_uri",
    default=None,
    metavar="URI",
    help="the Neo4j server (default: $NEO4J_URI); credentials as for --neo4j elsewhere",
)
def cypher(text: str, params: tuple[tuple[str, str], ...], fmt: str, neo4j_uri: str | None) -> None:
    """Run an ad-hoc read-only Cypher query on Neo4j; -p NAME VALUE binds $NAME to a string.

    Example: relgraph cypher 'MATCH (s:State {iso3: $c})-[r]-(o) RETURN type(r), o.id' -p c RUS
    """

    def run() -> None:
        from .query.output import format_rows

        with _open_neo4j(neo4j_uri, read_only=True) as store:
            _echo(format_rows(store.query(text, dict(params)), fmt))

    _run(run)


@cli.command()
@_store_option
@_neo4j_option
@click.option("--batch-size", default=100, show_default=True, help="articles written per batch")
def load(store_dir: str | None, neo4j_uri: str | None, batch_size: int) -> None:
    """Copy what the embedded store holds into Neo4j (loading twice changes nothing).

    The Neo4j server is --neo4j URI, else $NEO4J_URI.

    Example: relgraph load --store ./graph --neo4j bolt://localhost:7687
    """

    def run() -> None:
        from .stores import open_store

        path = _store_path(store_dir)
        with open_store(path, read_only=True) as source, _open_neo4j(neo4j_uri) as target:
            stats = target.add(source.records(), batch_size=batch_size)
            click.echo(
                f"{stats.articles_added + stats.articles_updated + stats.articles_unchanged} "
                f"articles copied from {path}: {stats.articles_added} added, "
                f"{stats.articles_updated} updated, {stats.articles_unchanged} unchanged; "
                f"{stats.nodes_added} nodes and {stats.assertions_added} assertions added "
                f"to {_where(target)}"
            )

    _run(run)


@cli.command()
@_store_option
@_neo4j_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def stats(store_dir: str | None, neo4j_uri: str | None, fmt: str) -> None:
    """Counts of articles, nodes by kind and assertions by type in the store.

    Example: relgraph stats --format json
    """

    def run() -> None:
        with _open(store_dir, neo4j_uri, read_only=True) as store:
            data = store.stats()
        if fmt == "json":
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for key, value in data.items():
            if isinstance(value, dict):
                click.echo(f"{key}:")
                for k, v in value.items():
                    click.echo(f"  {k:<20} {v}")
            else:
                click.echo(f"{key:<22} {value}")

    _run(run)


@cli.command()
@_store_option
@_neo4j_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="output file (default: graph.html, or graph.svg / graph.png with --format)",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "svg", "png"]),
    help="interactive page or static figure (default: from the output suffix, else html)",
)
@click.option("--types", help="relation types to draw, comma-separated (e.g. SANCTIONS,FIGHTS)")
@click.option("--modality", help="modalities, comma-separated (default: asserted,planned,reported)")
@click.option("--since", metavar="YYYY-MM-DD", help="only assertions dated on or after this day")
@click.option("--until", metavar="YYYY-MM-DD", help="only assertions dated on or before this day")
@click.option(
    "--level",
    type=click.Choice(["entity", "state"]),
    default="entity",
    show_default=True,
    help="state: leaders drawn as the states they lead",
)
@click.option("--state", metavar="ISO3", help="ego view: this state and what is near it")
@click.option(
    "--radius", default=1, show_default=True, type=click.IntRange(min=0), help="hops from --state"
)
@click.option("--query", "query_name", metavar="NAME", help="draw what a named question returns")
@_params_option
@click.option("--title", help="heading of the page or figure")
def viz(
    store_dir: str | None,
    neo4j_uri: str | None,
    output: str | None,
    fmt: str | None,
    types: str | None,
    modality: str | None,
    since: str | None,
    until: str | None,
    level: str,
    state: str | None,
    radius: int,
    query_name: str | None,
    params: tuple[tuple[str, str], ...],
    title: str | None,
) -> None:
    """Draw the graph: a self-contained HTML page (hover for evidence) or an SVG/PNG figure.

    With --neo4j it draws what the Neo4j server holds, else the embedded store.

    Example: relgraph viz --types SANCTIONS,CONDEMNS --state RUS --radius 2 -o russia.html
    """

    def run() -> None:
        from .analytics.graph import check_filters
        from .viz import describe, select_graph, write_figure, write_html

        kind = fmt or (Path(output).suffix.lstrip(".").lower() if output else "html")
        if kind not in ("html", "svg", "png"):
            raise InputError(
                f"{output}: cannot tell the format from the suffix; "
                "use .html, .svg or .png, or give --format"
            )
        out = Path(output or f"graph.{kind}")
        if params and not query_name:
            raise InputError("-p/--param needs --query NAME")
        if query_name:
            from .query import get_query

            # unknown names fail before the store is opened
            get_query(query_name, "sparql" if neo4j_uri is None else "cypher")
        filters = check_filters(
            types=types, modality=modality, since=since, until=until, level=level
        )
        with _open(store_dir, neo4j_uri, read_only=True) as store:
            G = select_graph(
                store,
                **filters,
                state=state,
                radius=radius,
                query=query_name,
                params=dict(params),
            )
        subtitle = describe(
            **filters, state=state, radius=radius, query=query_name, params=dict(params)
        )
        heading = title or (f"relgraph: {query_name}" if query_name else "relgraph")
        if kind == "html":
            write_html(G, out, title=heading, subtitle=subtitle)
        else:
            write_figure(G, out, fmt=kind, title=heading, subtitle=subtitle)
        click.echo(
            f"wrote {out}: {G.number_of_nodes()} nodes, "
            f"{G.number_of_edges()} assertions ({subtitle})"
        )

    _run(run)


@cli.command("eval")
@click.argument("gold_dir", required=False)
@click.argument("paths", nargs=-1)
@click.option(
    "--predictions",
    "pred_file",
    metavar="FILE.jsonl",
    help="score this `relgraph extract --format jsonl` output instead of extracting (- for stdin)",
)
@click.option(
    "--peer",
    "suite_file",
    metavar="SUITE.jsonl",
    help="score against a peer suite of event-coded sentences instead of GOLD_DIR",
)
@click.option(
    "--suite", metavar="NAME", help="with --peer: only the records of this suite (e.g. petr2_gsr)"
)
@click.option(
    "--errors",
    "show_errors",
    is_flag=True,
    help="list each false positive and false negative with its article and sentence",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def eval_(
    gold_dir: str | None,
    paths: tuple[str, ...],
    pred_file: str | None,
    suite_file: str | None,
    suite: str | None,
    show_errors: bool,
    fmt: str,
) -> None:
    """Score extraction against gold annotations: precision, recall and F1.

    GOLD_DIR holds one NAME.json per article (the shape of `relgraph extract`
    output, following the ontology). The articles are extracted from PATHS
    (files or folders, matched to the gold by id), by default GOLD_DIR/../articles;
    --predictions scores an existing extraction instead. --peer scores
    against a suite of event-coded sentences (PLOVER, PETRARCH2) at state level.
    The figures are those of shared/eval/score.py.

    \b
    Example: relgraph eval gold/ articles/ --errors
             relgraph eval gold/ --predictions graph.jsonl --format json
             relgraph eval --peer records.jsonl --suite petr2_gsr
    """
    errors = _Errors("skip")

    def run() -> None:
        from . import evaluate as ev

        if suite_file is not None:
            if gold_dir is not None or paths:
                raise InputError(
                    "--peer SUITE.jsonl replaces GOLD_DIR and PATH...; give one or the other"
                )
            result = _eval_peer(suite_file, suite, pred_file, show_errors)
        else:
            if suite is not None:
                raise InputError("--suite NAME goes with --peer SUITE.jsonl")
            if gold_dir is None:
                raise InputError(
                    "missing GOLD_DIR (a folder of gold NAME.json files) or --peer SUITE.jsonl"
                )
            if pred_file is not None and paths:
                raise InputError("give the articles (PATH...) or --predictions FILE, not both")
            result = _eval_articles(gold_dir, paths, pred_file, show_errors, errors)
        if fmt == "json":
            click.echo(json.dumps(result, indent=2, ensure_ascii=False))
            return
        if show_errors:
            _echo(ev.format_errors(result))
        _echo(ev.format_figures(result))

    _run(run, errors)


def _eval_peer(
    suite_file: str, suite: str | None, pred_file: str | None, show_errors: bool
) -> dict[str, Any]:
    from . import evaluate as ev

    records = ev.load_suite(suite_file, suite)
    if pred_file is not None:
        preds = ev.load_predictions(pred_file)
    else:
        preds = ev.predict(_extractor(), ev.suite_articles(ev.scored_records(records)))
    result = ev.score_peer(records, preds, errors=show_errors)
    if result["missing_predictions"]:
        n = result["missing_predictions"]
        click.echo(
            f"warning: {n} scored record(s) without prediction: they predict nothing", err=True
        )
    return result


def _eval_articles(
    gold_dir: str, paths: tuple[str, ...], pred_file: str | None, show_errors: bool, errors: _Errors
) -> dict[str, Any]:
    from . import evaluate as ev

    gold = ev.load_gold(gold_dir)
    ids = [g["id"] for g in gold]
    if pred_file is None:
        preds = _eval_extract(gold_dir, paths, ids, errors)
    else:
        preds = ev.load_predictions(pred_file)
        missing = [i for i in ids if i not in preds]
        if missing:
            click.echo(
                f"warning: {pred_file}: no prediction for {_eval_ids(missing)}; scored as empty",
                err=True,
            )
    return ev.score_articles(gold, preds, errors=show_errors)


def _eval_sources(gold_dir: str, paths: tuple[str, ...]) -> str:
    import os

    return ", ".join(paths) if paths else str(Path(os.path.abspath(gold_dir)).parent / "articles")


def _eval_extract(
    gold_dir: str, paths: tuple[str, ...], ids: list[str], errors: _Errors
) -> dict[str, Any]:
    """Extract the articles in PATHS (default GOLD_DIR/../articles) that have gold."""
    from .evaluate import predict

    where = _eval_sources(gold_dir, paths)
    if not paths:
        if not Path(where).is_dir():
            raise InputError(
                f"{where}: no such folder (the default articles folder); "
                "give the articles as PATH... or an extraction as --predictions FILE"
            )
        paths = (where,)
    wanted = set(ids)
    articles = [a for a in _articles(paths, errors) if a.id in wanted]
    missing = sorted(wanted - {a.id for a in articles}, key=ids.index)
    if missing:
        raise InputError(
            f"{where}: no article for {_eval_ids(missing)} of the gold in {gold_dir}; "
            "articles match gold by id (a file's stem, a row's 'id')"
        )
    return predict(_extractor(), articles)


def _eval_ids(ids: list[str]) -> str:
    shown = ", ".join(repr(i) for i in ids[:5])
    more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
    return f"{'id' if len(ids) == 1 else 'ids'} {shown}{more}"


def _echo(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


def main() -> None:
    """Entry point for ``python -m relgraph``."""
    cli(prog_name="relgraph")


# ------------------------------------------------------------------ Spark
_MAX_SHOWN_ERRORS = 20


@cli.command("spark-extract")
@click.argument("source", metavar="IN")
@click.argument("out", metavar="OUT")
@click.option(
    "--master",
    default="local[*]",
    show_default=True,
    help="Spark master URL (local[N], spark://HOST:PORT, yarn, …)",
)
@click.option(
    "--input-format",
    "fmt",
    type=click.Choice(["auto", "parquet", "jsonl", "csv", "articles"]),
    default="auto",
    show_default=True,
    help="auto: by suffix (.parquet .jsonl .json .csv); a folder of Parquet files is parquet, "
    "any other folder is read as articles (.txt .md .html … as `relgraph extract` reads them)",
)
@click.option(
    "--partitions", type=click.IntRange(min=1), help="repartition the input into N partitions"
)
@click.option(
    "--conf",
    "conf",
    multiple=True,
    type=(str, str),
    metavar="KEY VALUE",
    help="a Spark setting, e.g. --conf spark.executor.memory 4g (repeatable)",
)
@click.option("--overwrite", is_flag=True, help="replace what OUT already holds")
def spark_extract(
    source: str,
    out: str,
    master: str,
    fmt: str,
    partitions: int | None,
    conf: tuple[tuple[str, str], ...],
    overwrite: bool,
) -> None:
    """Extract articles on Spark and write Parquet: OUT/nodes, OUT/assertions, OUT/articles.

    IN is a Parquet file or folder, a JSON Lines (.jsonl) or CSV file (a `text`
    column, optional `id`, `title`, `published`, `url`, `source`), or a folder
    of articles. Rows that cannot be read or extracted are reported, listed in
    OUT/errors, and make the exit status 1. Needs `pip install 'relgraph[spark]'`
    and Java 17+.

    Example: relgraph spark-extract data/articles graph-parquet --master 'local[2]'
    """
    errors = _Errors("skip")

    def run() -> None:
        from .spark import extract_to_parquet, spark_session

        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise InputError("spark-extract needs pyspark: pip install 'relgraph[spark]'") from None
        owned = SparkSession.getActiveSession() is None
        progress = str(sys.stderr.isatty()).lower()
        settings = {"spark.ui.showConsoleProgress": progress, **dict(conf)}
        spark = spark_session(master, app_name="relgraph spark-extract", conf=settings)
        try:
            summary = extract_to_parquet(
                spark, source, out, fmt=fmt, partitions=partitions, overwrite=overwrite
            )
        finally:
            if owned:
                spark.stop()
        for message in summary["errors"][:_MAX_SHOWN_ERRORS]:
            click.echo(f"error: {message}", err=True)
        errors.count = len(summary["errors"])
        if errors.count > _MAX_SHOWN_ERRORS:
            click.echo(f"… and {errors.count - _MAX_SHOWN_ERRORS} more in {out}/errors", err=True)
        click.echo(
            f"{summary['articles']} articles extracted: {summary['nodes']} nodes and "
            f"{summary['assertions']} assertions; Parquet written to {out}/articles, "
            f"{out}/nodes, {out}/assertions"
        )

    _run(run, errors)


# ------------------------------------------------------------------ exports
@cli.command("export")
@click.argument("out")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["neo4j-csv", "nquads", "turtle", "jsonld", "graphml"]),
    required=True,
    help="neo4j-csv: a folder of CSV files for neo4j-admin import; nquads, jsonld: the RDF "
    "with one graph per article; turtle: the triples of all graphs; graphml: the networkx graph",
)
@_store_option
@click.option(
    "--neo4j",
    "neo4j_uri",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[URI]",
    help="graphml only: read the Neo4j server at URI instead (credentials as for --neo4j elsewhere)",
)
@click.option(
    "--no-ontology",
    is_flag=True,
    help="nquads, turtle, jsonld: leave out the ontology graph (schema/relgraph.ttl)",
)
@click.option("--types", help="graphml: relation types to keep, comma-separated")
@click.option(
    "--modality", help="graphml: modalities to keep (default: all four, negated included)"
)
@click.option("--since", metavar="YYYY-MM-DD", help="graphml: assertions dated on or after")
@click.option("--until", metavar="YYYY-MM-DD", help="graphml: assertions dated on or before")
@click.option(
    "--level",
    type=click.Choice(["entity", "state"]),
    default="entity",
    show_default=True,
    help="graphml: state draws leaders as the states they lead",
)
@click.option("--force", is_flag=True, help="neo4j-csv: replace an earlier export in OUT")
def export_(
    out: str,
    fmt: str,
    store_dir: str | None,
    neo4j_uri: str | None,
    no_ontology: bool,
    types: str | None,
    modality: str | None,
    since: str | None,
    until: str | None,
    level: str,
    force: bool,
) -> None:
    """Export the store for loading elsewhere: OUT is a file (a folder for neo4j-csv).

    A file name ending in .gz is written gzip-compressed.

    \b
    Example: relgraph export --format nquads graph.nq.gz
             relgraph export --format neo4j-csv neo4j-import/
    """

    def run() -> None:
        from .export import export_store

        if neo4j_uri is not None and fmt != "graphml":
            raise InputError("--neo4j: only with --format graphml; the other formats read --store")
        with _open(store_dir, neo4j_uri, read_only=True) as store:
            stats = export_store(
                store, fmt, out, ontology=not no_ontology, overwrite=force,
                types=types, modality=modality, since=since, until=until, level=level,
            )  # fmt: skip
        if fmt == "neo4j-csv":
            click.echo(
                f"wrote {len(stats.files)} CSV files to {out}: {stats.nodes} nodes and "
                f"{stats.relationships} relationships (schema.cypher and import.sh beside them)"
            )
            click.echo("import them into a new database (stopped), then create the constraints:")
            click.echo(f"  {stats.command}")
            click.echo(f"  cypher-shell -d neo4j -f {out.rstrip('/')}/schema.cypher")
        elif fmt == "graphml":
            click.echo(f"wrote {out}: {stats.nodes} nodes and {stats.relationships} edges")
        else:
            unit = "triples" if fmt == "turtle" else "quads"
            click.echo(f"wrote {out}: {stats.triples} {unit} in {stats.seconds:.2f} s")

    _run(run)
