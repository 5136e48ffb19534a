"""Many articles in one file: JSON Lines and CSV rows, and the MANIFEST.tsv sidecar."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping

from ..errors import InputError
from ..model import Article
from ._common import FIELDS, build_article, parse_published, split_lines

__all__ = ["MANIFEST_FIELDS", "parse_csv", "parse_jsonl", "parse_manifest"]

MANIFEST_FIELDS = ("title", "published", "source", "url", "license")


Lines = str | Iterable[tuple[int, "str | InputError"]]


def numbered_lines(
    source: Lines, where: str, max_bytes: int | None
) -> Iterator[tuple[int, str | InputError]]:
    """A decoded text as numbered lines, or numbered lines as given (a line may be its error)."""
    if not isinstance(source, str):
        yield from source
        return
    for number, line in enumerate(split_lines(source), start=1):
        if max_bytes is not None and len(line) > max_bytes // 4 and len(line.encode()) > max_bytes:
            yield number, InputError(
                f"{where}:{number}: line too large for one article ({len(line.encode()):,} bytes); "
                f"expected at most {max_bytes:,} bytes (raise it with --max-article-bytes)"
            )
        else:
            yield number, line


def parse_jsonl(
    text: Lines, where: str, *, max_bytes: int | None = None
) -> Iterator[Article | InputError]:
    r"""Read JSON Lines: one object a line with ``text`` and optional metadata.

    A row's id is its ``id``, else its ``url``, else `text_id` of its text.
    Keys other than `FIELDS` and ``text`` are kept in `Article.meta`.

    Args:
        text: The decoded file, or its numbered lines (a line may be the
            `InputError` met reading it: too large, not decodable).
        where: The path (``<stdin>`` for standard input).
        max_bytes: Lines longer than this (in UTF-8) are errors; None: no limit.

    Yields:
        One `Article` per non-blank line, or the `InputError` for a bad line
        (reading goes on with the next line).

    Examples:
        >>> [a.id for a in parse_jsonl('{"id": 7, "text": "Oslo hosted talks."}', "a.jsonl")]
        ['7']
    """
    for number, line in numbered_lines(text, where, max_bytes):
        if isinstance(line, InputError):
            yield line
            continue
        if not line.strip():
            continue
        here = f"{where}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            reason = _lower(err.msg).removesuffix(" at")  # "unterminated string starting at"
            yield InputError(
                f"{here}: invalid JSON ({reason} at column {err.colno}); "
                "expected one JSON object per line"
            )
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


def parse_csv(
    text: Lines, where: str, *, max_bytes: int | None = None
) -> Iterator[Article | InputError]:
    r"""Read CSV with a header row: a ``text`` column and optional metadata columns.

    Column names are matched without regard to case or surrounding spaces;
    other columns are kept in `Article.meta`. Ids as in `parse_jsonl`.

    Args:
        text: The decoded file, or its numbered lines as for `parse_jsonl`.
        where: The path.
        max_bytes: Lines and fields longer than this are errors; None: no limit.

    Yields:
        One `Article` per data row, or the `InputError` for a bad row (a row
        spanning a line that could not be read is left out). A file without a
        ``text`` column gives one error and no rows.

    Examples:
        >>> [a.title for a in parse_csv('text,title\n"Chile, Peru met.",Pact', "a.csv")]
        ['Pact']
    """
    if max_bytes is not None and csv.field_size_limit() < max_bytes:
        csv.field_size_limit(max_bytes)  # the default, 128 KiB, is less than a long article
    bad: dict[int, InputError] = {}

    def feed() -> Iterator[str]:
        for number, line in numbered_lines(text, where, max_bytes):
            if isinstance(line, InputError):
                bad[number] = line
                line = ""
            yield line + "\n"

    def problems(upto: int) -> Iterator[InputError]:
        for number in sorted(n for n in bad if n <= upto):
            yield bad.pop(number)

    reader = csv.reader(feed())
    try:
        header = next(reader, None)
    except csv.Error as err:
        yield InputError(f"{where}:1: invalid CSV ({err}); expected a header row")
        return
    if bad:
        yield from problems(reader.line_num)
        yield InputError(f"{where}:1: cannot read the header row; expected column names")
        return
    if not header or not any(cell.strip() for cell in header):
        yield InputError(f"{where}: empty article; expected some text")
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
            yield from problems(reader.line_num)
            yield InputError(f"{where}:{start}: invalid CSV ({err}); expected RFC 4180 rows")
            return
        if row is None:
            yield from problems(reader.line_num + 1)
            return
        line = reader.line_num
        spoiled = any(start <= n <= line for n in bad)
        yield from problems(line)
        if not row or spoiled:  # a blank line, or a row with a line that could not be read
            continue
        here = f"{where}:{start}"
        if len(row) != len(columns):
            expected = len(columns)
            yield InputError(f"{here}: expected {expected} fields as in the header, got {len(row)}")
            continue
        record: dict[str, str] = {}
        for column, cell in zip(columns, row, strict=True):
            record.setdefault(column, cell)
        size = sum(len(cell.encode("utf-8")) for cell in row)
        if max_bytes is not None and size > max_bytes:
            yield InputError(
                f"{here}: row too large for one article ({size:,} bytes); "
                f"expected at most {max_bytes:,} bytes (raise it with --max-article-bytes)"
            )
            continue
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
