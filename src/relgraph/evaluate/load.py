"""Read and check gold files, prediction files and peer suites for evaluation."""

from __future__ import annotations

import json
import json.scanner
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["load_gold", "load_predictions", "load_suite"]

_STDIN = "<stdin>"


def load_gold(folder: str | Path) -> list[dict[str, Any]]:
    """Read and check the gold annotations in a folder of ``NAME.json`` files.

    Each file holds one article in the shape of ``relgraph extract`` output
    (``id``, ``nodes``, ``relations``, ``topics``) with the ontology's node
    kinds, relation types, modalities and topics. Files are read in name
    order; an article's id is its ``id`` field, else the file stem.

    Args:
        folder: The gold folder.

    Returns:
        One dict per file, with ``id`` set (a string) and ``nodes``,
        ``relations`` and ``topics`` present (empty lists when absent).

    Raises:
        InputError: The folder is missing or holds no ``*.json`` file, or a
            file is unreadable, not JSON, or breaks the gold shape; the message
            names the file, the line and what was expected.
    """
    root = Path(folder)
    if not root.is_dir():
        what = "not a folder" if root.exists() else "no such folder"
        raise InputError(f"{root}: {what}; expected a folder of gold NAME.json files")
    files = sorted(p for p in root.glob("*.json") if p.is_file())
    if not files:
        raise InputError(f"{root}: no gold files (*.json) in this folder")
    seen: dict[str, Path] = {}
    out = []
    for path in files:
        record = _gold_file(path)
        first = seen.setdefault(record["id"], path)
        if first != path:
            raise InputError(f"{path}: id {record['id']!r} is already the id of {first}")
        out.append(record)
    return out


def load_predictions(path: str | Path) -> dict[str, dict[str, Any]]:
    """Read ``relgraph extract --format jsonl`` output: one article object a line.

    Args:
        path: The file, or ``"-"`` for standard input.

    Returns:
        Records by article id (a string). As in the reference scorer, a later
        line with the same id replaces an earlier one.

    Raises:
        InputError: Unreadable file, a line that is not a JSON object, or a
            record without ``id`` or with malformed ``nodes``/``relations``/``topics``.
    """
    where, text = _read_text(path)
    preds: dict[str, dict[str, Any]] = {}
    for here, obj in _json_lines(text, where, "an article object"):
        record = _Checker(here).prediction(obj)
        preds[record["id"]] = record
    if not preds:
        raise InputError(f"{where}: no predictions in this file; expected JSON Lines")
    return preds


def load_suite(path: str | Path, suite: str | None = None) -> list[dict[str, Any]]:
    """Read a peer suite: JSON Lines of event-coded sentences.

    Each line is ``{"id", "text", "suite", "expected": [{"source", "target",
    "code"}], ...}`` (the shape of ``shared/eval/peer/*/records.jsonl``).

    Args:
        path: The suite file.
        suite: Keep only the records whose ``suite`` field equals this.

    Returns:
        The records in file order, ``id`` a string, ``expected`` a list, and
        ``_where`` (``path:line``) added.

    Raises:
        InputError: Unreadable file, a malformed line, or no record of `suite`.
    """
    where, text = _read_text(path)
    records = []
    suites: dict[str, None] = {}
    for here, obj in _json_lines(text, where, "a suite record"):
        rec = _Checker(here).suite_record(obj)
        name = rec.get("suite")
        suites[str(name)] = None
        if suite is None or name == suite:
            records.append(rec | {"_where": here})
    if not records:
        if suite is None:
            raise InputError(f"{where}: no records in this file; expected JSON Lines")
        found = ", ".join(suites) or "none"
        raise InputError(f"{where}: no record of suite {suite!r}; suites in this file: {found}")
    return records


# --- reading ---------------------------------------------------------------


def _read_text(path: str | Path) -> tuple[str, str]:
    if str(path) == "-":
        return _STDIN, sys.stdin.read()
    where = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{where}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{where}: is a folder; expected a JSON Lines file") from None
    except OSError as err:
        raise InputError(f"{where}: cannot read file ({_reason(err)})") from None
    try:
        return where, data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{where}: not valid UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start})"
        ) from None


def _json_lines(text: str, where: str, expected: str) -> Iterator[tuple[str, Any]]:
    """Yield (``path:line``, parsed value) for each non-blank line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        here = f"{where}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(
                f"{here}: invalid JSON ({err.msg} at column {err.colno}); "
                f"expected one JSON object per line ({expected})"
            ) from None
        if not isinstance(value, dict):
            hint = (
                " (a JSON array: use relgraph extract --format jsonl)"
                if isinstance(value, list)
                else ""
            )
            raise InputError(
                f"{here}: expected {expected} (a JSON object), got {_kind(value)}{hint}"
            )
        yield here, value


def _gold_file(path: Path) -> dict[str, Any]:
    where = str(path)
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except OSError as err:
        raise InputError(f"{where}: cannot read file ({_reason(err)})") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{where}: not valid UTF-8 text (offset {err.start})") from None
    try:
        value, spans = _parse_with_positions(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"{where}:{err.lineno}: invalid JSON ({err.msg} at column {err.colno})"
        ) from None

    def line_of(obj: object, field: str | None) -> int:
        start, end = spans.get(id(obj), (0, 0))
        if field is not None:  # the line of the field itself, when it is there
            at = text.find(json.dumps(field), start, end)
            start = at if at >= 0 else start
        return text.count("\n", 0, start) + 1

    return _Checker(where, line_of).gold(value, default_id=path.stem)


def _parse_with_positions(text: str) -> tuple[Any, dict[int, tuple[int, int]]]:
    """Parse JSON, noting where each object starts and ends (keyed by ``id()``).

    Uses the standard library's pure-Python scanner with a wrapped object
    parser, so errors can name the line of the offending object or field.
    """
    spans: dict[int, tuple[int, int]] = {}
    decoder = json.JSONDecoder()
    plain: Callable[..., tuple[Any, int]] = decoder.parse_object

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        obj, end = plain(s_and_end, *args)
        spans[id(obj)] = (s_and_end[1] - 1, end)  # the scanner passes the offset after "{"
        return obj, end

    decoder.parse_object = parse_object  # type: ignore[method-assign]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text), spans


# --- checking ----------------------------------------------------------------


class _Checker:
    """Checks one gold file, prediction line or suite record; errors name where."""

    def __init__(
        self, where: str, line_of: Callable[[object, str | None], int] | None = None
    ) -> None:
        self.where = where
        self.line_of = line_of

    def fail(self, obj: object, path: str, problem: str, field: str | None = None) -> InputError:
        """The error for `obj` (at `path`, e.g. ``relations[2]``), on the line of `field` if known."""
        where = f"{self.where}:{self.line_of(obj, field)}" if self.line_of else self.where
        return InputError(f"{where}: {path + ': ' if path else ''}{problem}")

    def gold(self, value: Any, *, default_id: str) -> dict[str, Any]:
        from ..ontology import load_ontology

        onto = load_ontology()
        if not isinstance(value, dict):
            raise self.fail(
                value, "", f"expected a JSON object (one gold article), got {_kind(value)}"
            )
        rec = dict(value)
        rec["id"] = self.article_id(rec, default=default_id)
        nodes = self.objects(rec, "nodes")
        for i, node in enumerate(nodes):
            here = f"nodes[{i}]"
            self.string(node, here, "key")
            self.choice(node, here, "type", onto.node_kinds, required=True)
        for i, rel in enumerate(self.objects(rec, "relations")):
            here = f"relations[{i}]"
            self.choice(rel, here, "type", tuple(onto.relations), required=True)
            self.string(rel, here, "source")
            self.string(rel, here, "target")
            self.choice(rel, here, "modality", onto.modalities, required=False)
            if not isinstance(rel.get("evidence", ""), str):
                raise self.fail(rel, here, "'evidence' must be a string (the sentence)", "evidence")
        topics = self.strings(rec, "topics")
        for topic in topics:
            if topic not in onto.topics:
                known = ", ".join(onto.topics)
                problem = f"{topic!r} is not a topic of the ontology; expected one of {known}"
                raise self.fail(rec, "topics", problem, "topics")
        return rec

    def prediction(self, value: dict[str, Any]) -> dict[str, Any]:
        rec = dict(value)
        if "id" not in rec:
            raise self.fail(rec, "", "missing 'id' (the article id the gold files use)")
        rec["id"] = self.article_id(rec, default="")
        for i, node in enumerate(self.objects(rec, "nodes")):
            self.string(node, f"nodes[{i}]", "key")
        for i, rel in enumerate(self.objects(rec, "relations")):
            here = f"relations[{i}]"
            for field in ("type", "source", "target"):
                self.string(rel, here, field)
            if not isinstance(rel.get("modality", ""), str):
                raise self.fail(rel, here, "'modality' must be a string", "modality")
        self.strings(rec, "topics")
        return rec

    def suite_record(self, value: dict[str, Any]) -> dict[str, Any]:
        rec = dict(value)
        if "id" not in rec:
            raise self.fail(rec, "", "missing 'id'")
        rec["id"] = self.article_id(rec, default="")
        if not isinstance(rec.get("text", ""), str):
            raise self.fail(rec, "", "'text' must be a string (the sentence)", "text")
        for i, event in enumerate(self.objects(rec, "expected")):
            here = f"expected[{i}]"
            for field in ("source", "target"):
                if not isinstance(event.get(field), str | None):
                    raise self.fail(event, here, f"{field!r} must be an actor code string", field)
            code = event.get("code", "")
            if isinstance(code, bool) or not isinstance(code, str | int):
                raise self.fail(event, here, "'code' must be an event code string", "code")
        return rec

    def article_id(self, rec: Mapping[str, Any], *, default: str) -> str:
        value = rec.get("id", default)
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            raise self.fail(rec, "id", f"expected a non-empty string, got {value!r}", "id")
        return str(value)

    def objects(self, rec: dict[str, Any], field: str) -> list[dict[str, Any]]:
        items = rec.setdefault(field, [])
        if not isinstance(items, list):
            raise self.fail(rec, field, f"expected a list, got {_kind(items)}", field)
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.fail(
                    rec, f"{field}[{i}]", f"expected a JSON object, got {_kind(item)}", field
                )
        return items

    def strings(self, rec: dict[str, Any], field: str) -> list[str]:
        items = rec.setdefault(field, [])
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise self.fail(rec, field, "expected a list of strings", field)
        return items

    def string(self, obj: Mapping[str, Any], path: str, field: str) -> str:
        value = obj.get(field)
        if not isinstance(value, str) or not value:
            what = "missing" if value is None else f"{value!r} is not valid"
            expected = "a relation type" if field == "type" else "a node key"
            problem = f"{field!r} {what}; expected {expected} (a non-empty string)"
            raise self.fail(obj, path, problem, field)
        return value

    def choice(
        self,
        obj: Mapping[str, Any],
        path: str,
        field: str,
        allowed: tuple[str, ...],
        *,
        required: bool,
    ) -> None:
        if field not in obj and not required:
            return
        value = obj.get(field)
        if value not in allowed:
            got = "missing" if value is None else f"{value!r} is not valid"
            raise self.fail(
                obj, path, f"{field!r} {got}; expected one of {', '.join(allowed)}", field
            )


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _reason(err: OSError) -> str:
    return (err.strerror or type(err).__name__).lower()
