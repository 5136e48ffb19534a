"""Many articles in one file: JSON Lines and CSV rows, and the MANIFEST.tsv sidecar."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping

from ..errors import InputError
from ..model import Article
from ._common import FIELDS, build_article, parse_published, split_lines

__all__ = ["MANIFEST_FIELDS", "parse_csv", "parse_jsonl", "parse_manifest"]

MANIFEST_FIELDS = ("title", "published", "source", "url", "license")


def parse_jsonl(text: str, where: str) -> Iterator[Article | InputError]:
    r"""Read JSON Lines: one object a line with ``text`` and optional metadata.

    A row's id is its ``id``, else its ``url``, else `text_id` of its text.
    Keys other than `FIELDS` and ``text`` are kept in `Article.meta`.

    Args:
        text: The decoded file.
        where: The path (``<stdin>`` for standard input).

    Yields:
        One `Article` per non-blank line, or the `InputError` for a bad line
        (reading goes on with the next line).

    Examples:
        >>> [a.id for a in parse_jsonl('{"id": 7, "text": "Oslo hosted talks."}', "a.jsonl")]
        ['7']
    """
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        here = f"{where}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(f"{here}: invalid JSON ({_lower(err.msg)} at column {err.colno})")
            continue
        if not isinstance(record, dict):
            kind = type(record).__name__
            yield InputError(f"{here}: expected a JSON object with a 'text' field, got {kind}")
            continue
        try:
            yield _row_article(record, here)
        except InputError as err:
            yield err


def _row_article(record: Mapping[str, object], here: str) -> Article:
    if "text" not in record:
        raise InputError(f"{here}: missing required field 'text'")
    values: dict[str, str | None] = {}
    for key in ("text", *FIELDS):
        value = record.get(key)
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{here}: field {key!r} must be a string, got {value!r}")
        values[key] = value
    meta = [
        (key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        for key, value in record.items()
        if key not in FIELDS and key != "text" and value is not None
    ]
    text = values.pop("text") or ""
    return build_article(
        where=here, id=values.pop("id"), text=text, fallback_id=(values.get("url") or "").strip(),
        meta=meta, **values,
    )  # fmt: skip


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


def parse_csv(text: str, where: str) -> Iterator[Article | InputError]:
    r"""Read CSV with a header row: a ``text`` column and optional metadata columns.

    Column names are matched without regard to case or surrounding spaces;
    other columns are kept in `Article.meta`. Ids as in `parse_jsonl`.

    Args:
        text: The decoded file.
        where: The path.

    Yields:
        One `Article` per data row, or the `InputError` for a bad row. A file
        without a ``text`` column gives one error and no rows.

    Examples:
        >>> [a.title for a in parse_csv('text,title\n"Chile, Peru met.",Pact', "a.csv")]
        ['Pact']
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as err:
        yield InputError(f"{where}:1: invalid CSV ({err})")
        return
    if not header or not any(cell.strip() for cell in header):
        yield InputError(f"{where}: empty article")
        return
    columns = [cell.strip().lower() for cell in header]
    if "text" not in columns:
        found = ", ".join(repr(c) for c in columns)
        yield InputError(f"{where}: no 'text' column in the header; found columns: {found}")
        return
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader, None)
        except csv.Error as err:
            yield InputError(f"{where}:{start}: invalid CSV ({err})")
            return
        if row is None:
            return
        line = reader.line_num
        if not row:  # a blank line
            continue
        here = f"{where}:{start}"
        if len(row) != len(columns):
            expected = len(columns)
            yield InputError(f"{here}: expected {expected} fields as in the header, got {len(row)}")
            continue
        record: dict[str, str] = {}
        for column, cell in zip(columns, row, strict=True):
            record.setdefault(column, cell)
        try:
            cells = {k: v or None for k, v in record.items()}
            yield _row_article(cells | {"text": record["text"]}, here)
        except InputError as err:
            yield err


def parse_manifest(text: str, where: str) -> tuple[dict[str, dict[str, str]], list[InputError]]:
    r"""Read a ``MANIFEST.tsv``: metadata for the single-article files of a folder.

    Tab-separated, no quoting, a header naming ``id`` and any of
    `MANIFEST_FIELDS`; other columns are ignored, as are empty cells.

    Args:
        text: The decoded file.
        where: Its path.

    Returns:
        Metadata by id, and the problems found (a bad row is left out).

    Examples:
        >>> parse_manifest("id\tpublished\n002\t2020-09-27T10:00Z\n", "M.tsv")
        ({'002': {'published': '2020-09-27'}}, [])
    """
    lines = split_lines(text)
    columns = [cell.strip().lower() for cell in lines[0].split("\t")]
    if "id" not in columns:
        found = ", ".join(repr(c) for c in columns if c)
        return {}, [InputError(f"{where}: no 'id' column in the header; found columns: {found}")]
    rows: dict[str, dict[str, str]] = {}
    problems: list[InputError] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) > len(columns):
            expected = f"expected {len(columns)} tab-separated fields, got {len(cells)}"
            problems.append(InputError(f"{where}:{number}: {expected}"))
            continue
        record = dict(zip(columns, (c.strip() for c in cells), strict=False))
        values = {k: v for k, v in record.items() if k in MANIFEST_FIELDS and v}
        try:
            if "published" in values:
                date = parse_published(values["published"], where=f"{where}:{number}")
                values["published"] = date or ""
        except InputError as err:
            problems.append(err)
            continue
        if record.get("id"):
            rows[record["id"]] = values
    return rows, problems
