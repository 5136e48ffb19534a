"""Query results as text: an aligned table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Literal

from ..errors import InputError
from ..stores.base import QueryResult

__all__ = ["FORMATS", "format_rows"]

FORMATS = ("table", "csv", "json")


def _cell(value: object, list_sep: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return list_sep.join(_cell(v, list_sep) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def format_rows(result: QueryResult, fmt: Literal["table", "csv", "json"] = "table") -> str:
    """Render a query result.

    ``table``: aligned columns under a header and a rule, lists joined with
    ``", "``, empty values blank; ``csv``: RFC 4180 with a header row, lists
    joined with ``|``; ``json``: a list of row objects with real JSON lists,
    numbers and nulls. Each ends with a newline.

    Examples:
        >>> r = QueryResult(["state", "n", "by"], [{"state": "RUS", "n": 2, "by": ["EU", "USA"]}])
        >>> print(format_rows(r), end="")
        state  n  by
        -----  -  -------
        RUS    2  EU, USA
        >>> print(format_rows(r, "csv"), end="")
        state,n,by
        RUS,2,EU|USA
        >>> print(format_rows(r, "json"), end="")
        [{"state": "RUS", "n": 2, "by": ["EU", "USA"]}]
    """
    if fmt == "json":
        rows = [{c: row.get(c) for c in result.columns} for row in result.rows]
        return json.dumps(rows, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([_cell(row.get(c), "|") for c in result.columns])
        return buf.getvalue()
    if fmt != "table":
        raise InputError(f"unknown output format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    cells = [[_cell(row.get(c), ", ") for c in result.columns] for row in result.rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(result.columns)]
    lines = [result.columns, ["-" * w for w in widths], *cells]
    return "".join(
        "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() + "\n"
        for line in lines
    )
