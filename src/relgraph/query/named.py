"""Named queries: one file per question in ``queries/``, parameters declared in its header.

Each question is a SPARQL file (RDF stores) and a Cypher twin (Neo4j) of the
same stem; ``run_named`` picks the one in the store's language.

A query file starts with a block of comment lines (``#`` in SPARQL, ``//`` in
Cypher)::

    # timeline: dated assertions involving a state, in date order
    # Free text: what the rows are, what is excluded and why.
    # params: iso3
    # param: iso3 (iso3) the state, as an ISO 3166-1 alpha-3 code
    # list: sanctioners      GROUP_CONCAT column -> sorted list of distinct values
    # seq: nodes             GROUP_CONCAT/CONCAT column -> list in its given order
    # int: assertions        column -> int

The first line is ``NAME: description`` (NAME is the file stem). ``param:``
gives a parameter's type in brackets, ``iso3`` (upper-cased, checked), ``topic`` (one of the
topic vocabulary),
``string``, ``int`` or ``date``, optionally ``, default VALUE``. Lists are
joined with ``|`` (``LIST_SEPARATOR``) in SPARQL; Cypher returns real lists.

A SPARQL query must project each parameter in its top-level SELECT (pyoxigraph
binds parameters through ``substitutions=``, which requires it); ``run_named``
drops those echo columns so that every language returns the same columns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import QueryError
from ..resources import queries_dir
from ..stores.base import QueryResult

__all__ = [
    "LANGUAGES",
    "LIST_SEPARATOR",
    "NamedQuery",
    "Param",
    "check_params",
    "get_query",
    "list_queries",
    "parse_query",
    "run_named",
]

LANGUAGES = {"sparql": ("sparql", "#"), "cypher": ("cypher", "//")}
"""language -> (file suffix, comment marker)."""
LIST_SEPARATOR = "|"
PARAM_TYPES = ("iso3", "topic", "string", "int", "date")
_PARAM = re.compile(r"^(\w+)\s*\((\w+)(?:\s*,\s*default\s+([^)]*))?\)\s*(.*)$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class Param:
    """A declared parameter: name, type (one of ``PARAM_TYPES``), default, description."""

    name: str
    type: str = "string"
    default: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """One query file, parsed."""

    name: str
    language: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    lists: tuple[str, ...] = ()
    seqs: tuple[str, ...] = ()
    ints: tuple[str, ...] = ()
    notes: str = ""
    path: Path | None = None

    @property
    def param_names(self) -> tuple[str, ...]:
        """Declared parameter names, in order."""
        return tuple(p.name for p in self.params)


def _names(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def parse_query(
    text: str, *, name: str, language: str = "sparql", path: Path | None = None
) -> NamedQuery:
    """Parse a query file's header.

    Raises:
        QueryError: bad header (wrong name, unknown parameter type, a ``param:``
            line for an undeclared parameter).

    Examples:
        >>> q = parse_query("# t: a test\\n# params: x\\n# int: n\\nSELECT ?x ?n {}", name="t")
        >>> q.description, q.param_names, q.ints
        ('a test', ('x',), ('n',))
    """
    where = str(path or name)
    marker = LANGUAGES[language][1]
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith(marker):
            break
        header.append(line[len(marker) :].strip())
    if not header or not header[0].startswith(f"{name}:"):
        raise QueryError(f"{where}:1: header must start with '{marker} {name}: description'")
    description = header[0][len(name) + 1 :].strip()
    declared: tuple[str, ...] = ()
    typed: dict[str, Param] = {}
    found: dict[str, tuple[str, ...]] = {"list": (), "seq": (), "int": ()}
    notes: list[str] = []
    for lineno, line in enumerate(header[1:], start=2):
        key, sep, value = line.partition(":")
        key = key.strip()
        if sep and key == "params":
            declared = _names(value)
        elif sep and key == "param":
            match = _PARAM.match(value.strip())
            if not match or match.group(2) not in PARAM_TYPES:
                raise QueryError(
                    f"{where}:{lineno}: expected 'param: NAME (TYPE[, default VALUE]) text'"
                    f" with TYPE one of {', '.join(PARAM_TYPES)}, got {value.strip()!r}"
                )
            pname, ptype, default, desc = match.groups()
            typed[pname] = Param(pname, ptype, default.strip() if default else None, desc)
        elif sep and key in found:
            found[key] += _names(value)
        else:
            notes.append(line)
    for pname in typed:
        if pname not in declared:
            names = ", ".join(declared)
            raise QueryError(f"{where}: 'param: {pname}' is not in 'params:' ({names})")
    return NamedQuery(
        name=name,
        language=language,
        description=description,
        text=text,
        params=tuple(typed.get(p, Param(p)) for p in declared),
        lists=found["list"],
        seqs=found["seq"],
        ints=found["int"],
        notes=" ".join(notes),
        path=path,
    )


def _files(language: str | None) -> dict[tuple[str, str], Path]:
    out = {}
    for lang, (suffix, _) in LANGUAGES.items():
        if language in (None, lang):
            out.update({(p.stem, lang): p for p in sorted(queries_dir().glob(f"*.{suffix}"))})
    return out


def list_queries(language: str | None = None) -> list[NamedQuery]:
    """Every named query (of one language, or all), sorted by name then language."""
    if language is not None and language not in LANGUAGES:
        raise QueryError(f"unknown query language {language!r}; expected one of: sparql, cypher")
    return [
        get_query(name, lang)
        for (name, lang) in sorted(_files(language))
    ]


def get_query(name: str, language: str = "sparql") -> NamedQuery:
    """The named query ``queries/NAME.{sparql,cypher}``.

    Raises:
        QueryError: unknown language, unknown name (listing the known ones), or
            a name with no file in this language.
    """
    if language not in LANGUAGES:
        raise QueryError(f"unknown query language {language!r}; expected one of: sparql, cypher")
    files = _files(None)
    path = files.get((name, language))
    if path is None:
        known = sorted({n for n, _ in files})
        if name in known:
            have = ", ".join(sorted(lang for n, lang in files if n == name))
            raise QueryError(f"query {name!r} has no {language} version; available in: {have}")
        raise QueryError(f"unknown query {name!r}; known: {', '.join(known)}")
    return parse_query(path.read_text(encoding="utf-8"), name=name, language=language, path=path)


def _convert(query: NamedQuery, param: Param, raw: object) -> object:
    value = str(raw).strip()
    where = f"query {query.name!r} parameter {param.name!r}"
    if param.type == "iso3":
        value = value.upper()
        if not _ISO3.match(value):
            raise QueryError(f"{where}: {raw!r} is not an ISO 3166-1 alpha-3 code (e.g. 'RUS')")
        return value
    if param.type == "topic":
        from ..ontology import load_ontology

        topics = load_ontology().topics
        if value not in topics:
            raise QueryError(f"{where}: unknown topic {raw!r}; expected one of: {', '.join(topics)}")
        return value
    if param.type == "int":
        try:
            return int(value)
        except ValueError:
            raise QueryError(f"{where}: {raw!r} is not an integer") from None
    if param.type == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"{where}: {raw!r} is not a date (YYYY-MM-DD)") from None
    return str(raw)


def check_params(query: NamedQuery, params: Mapping[str, object]) -> dict[str, object]:
    """Check given parameters against the declared ones; convert them to their types.

    Raises:
        QueryError: ``query 'timeline' needs parameter 'iso3'; declared: iso3``,
            an undeclared parameter, or a value of the wrong type.
    """
    declared = ", ".join(query.param_names) or "none"
    for given in params:
        if given not in query.param_names:
            raise QueryError(
                f"query {query.name!r} has no parameter {given!r}; declared: {declared}"
            )
    out: dict[str, object] = {}
    for param in query.params:
        if param.name in params:
            out[param.name] = _convert(query, param, params[param.name])
        elif param.default is not None:
            out[param.name] = _convert(query, param, param.default)
        else:
            raise QueryError(
                f"query {query.name!r} needs parameter {param.name!r}; declared: {declared}"
            )
    return out


def _split(value: object) -> list[Any]:
    """A list column: a list as it is (Cypher), a joined string split (SPARQL)."""
    if isinstance(value, list | tuple):
        return list(value)
    if value is None or value == "":
        return []
    return str(value).split(LIST_SEPARATOR)


def _post(query: NamedQuery, result: QueryResult) -> QueryResult:
    """Drop parameter echo columns; apply the header's column conversions."""
    columns = [c for c in result.columns if c not in query.param_names]
    rows: list[dict[str, Any]] = []
    for raw in result.rows:
        row = {c: raw.get(c) for c in columns}
        for c in query.lists:
            if c in row:
                row[c] = sorted(set(_split(row[c])))
        for c in query.seqs:
            if c in row:
                row[c] = _split(row[c])
        for c in query.ints:
            if row.get(c) is not None:
                row[c] = int(row[c])  # type: ignore[call-overload]
        rows.append(row)
    return QueryResult(columns, rows)


def run_named(store: Any, name: str, params: Mapping[str, object] | None = None) -> QueryResult:
    """Run a named query on a store, in the store's language.

    Args:
        store: An open ``GraphStore``.
        name: The query name (file stem), e.g. ``"timeline"``.
        params: Parameter values by name (strings from the CLI are fine).

    Raises:
        QueryError: unknown query, missing/unexpected/bad parameter, or the
            store rejects the query.
    """
    query = get_query(name, store.language)
    bound = check_params(query, params or {})
    return _post(query, store.query(query.text, bound))
