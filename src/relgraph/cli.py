"""Command-line interface: a thin layer over the library."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
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


def _extractor() -> Any:
    from .extract import Extractor

    return Extractor()


def _articles(paths: tuple[str, ...], errors: _Errors) -> Iterator[Any]:
    from .io import read_articles

    return read_articles(list(paths), on_error=errors)


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
@_on_error_option
def extract(paths: tuple[str, ...], fmt: str, output: Any, explain: bool, on_error: str) -> None:
    """Extract nodes, relations and topics from articles, one JSON object per article.

    PATHS are files (.txt .md .html .jsonl .csv), folders, or - for stdin.

    Example: relgraph extract articles/ --format jsonl > graph.jsonl
    """
    errors = _Errors(on_error)

    def run() -> None:
        ex = _extractor()
        records = []
        for rec in ex.extract_many(_articles(paths, errors)):
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
        extra = " ".join(f"{k}={r[k]}" for k in ("role", "domain", "channel") if k in r)
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
    if errors is not None and errors.count:
        click.echo(f"{errors.count} input(s) skipped because of errors (see above)", err=True)
        raise SystemExit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_store_option
@_neo4j_option
@click.option("--batch-size", default=50, show_default=True, help="articles written per batch")
@_on_error_option
def ingest(
    paths: tuple[str, ...],
    store_dir: str | None,
    neo4j_uri: str | None,
    batch_size: int,
    on_error: str,
) -> None:
    """Extract articles and load them into the store (the same article twice adds nothing).

    Example: relgraph ingest data/articles --store ./graph
    (or --neo4j bolt://localhost:7687 to load into Neo4j)
    """
    errors = _Errors(on_error)

    def run() -> None:
        ex = _extractor()
        totals = {
            "articles": 0,
            "added": 0,
            "updated": 0,
            "unchanged": 0,
            "nodes": 0,
            "assertions": 0,
        }
        with _open(store_dir, neo4j_uri) as store:
            batch: list[dict[str, Any]] = []

            def flush() -> None:
                stats = store.add(batch)
                totals["added"] += stats.articles_added
                totals["updated"] += stats.articles_updated
                totals["unchanged"] += stats.articles_unchanged
                totals["nodes"] += stats.nodes_added
                totals["assertions"] += stats.assertions_added
                batch.clear()

            show = sys.stderr.isatty()
            with click.progressbar(
                ex.extract_many(_articles(paths, errors)),
                label="ingesting",
                file=sys.stderr,
                show_pos=True,
                item_show_func=lambda r: r["id"] if r else None,
                hidden=not show,
            ) as bar:
                for rec in bar:
                    totals["articles"] += 1
                    batch.append(rec)
                    if len(batch) >= batch_size:
                        flush()
                if batch:
                    flush()
        click.echo(
            f"{totals['articles']} articles read: {totals['added']} added, {totals['updated']} updated, "
            f"{totals['unchanged']} unchanged; {totals['nodes']} nodes and {totals['assertions']} assertions added "
            f"to {_where(store)}"
        )

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


def _echo(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


def main() -> None:
    """Entry point for ``python -m relgraph``."""
    cli(prog_name="relgraph")
