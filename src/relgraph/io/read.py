"""`read_articles`: files, folders and stdin in, `Article` values out."""

from __future__ import annotations

import codecs
import errno
import io
import os
import stat
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path

from ..errors import InputError
from ..model import Article
from ._common import (
    DEFAULT_MAX_ARTICLE_BYTES,
    bounded_lines,
    build_article,
    decode_text,
    sniff_encoding,
)
from .rows import parse_csv, parse_jsonl, parse_manifest
from .text import parse_text
from .webpage import parse_html

__all__ = ["DEFAULT_MAX_ARTICLE_BYTES", "MANIFEST_NAME", "SUFFIXES", "read_articles"]

#: File suffix (lower case) -> format name.
SUFFIXES = {
    ".csv": "csv",
    ".htm": "html",
    ".html": "html",
    ".jsonl": "jsonl",
    ".md": "markdown",
    ".txt": "text",
}
MANIFEST_NAME = "MANIFEST.tsv"
# Documentation files that sit beside articles in a folder; read only when named.
_NOT_ARTICLES = {"readme", "license", "licence", "notice", "changelog", "manifest"}
_STDIN = "<stdin>"

_Item = Article | InputError
_Manifest = dict[str, dict[str, str]]


def read_articles(
    paths: Sequence[str | Path],
    *,
    on_error: Callable[[InputError], None] | None = None,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> Iterator[Article]:
    """Stream the articles in files, folders and standard input.

    Formats go by suffix (see `SUFFIXES`): ``.txt`` and ``.md`` (a short first
    line followed by a blank line, or a leading ``# Heading``, is the title;
    ``---`` front matter gives metadata), ``.html``/``.htm`` (the article
    text, without page furniture), ``.jsonl`` and ``.csv`` (one article per
    row, a ``text`` field required). ``"-"`` reads standard input: JSON Lines
    if its first non-blank character is ``{``, else one plain-text article.

    Folders are read recursively in name order, each real folder once (so
    symlink loops end); hidden entries, files with other suffixes and README,
    LICENSE and similar files are skipped. A folder's ``MANIFEST.tsv`` fills
    in missing metadata of its ``.txt``, ``.md`` and ``.html`` files by stem.

    Ids: an input's own ``id`` is kept; a single-article file is its stem; a
    row without id is its ``url``, else `text_id` of its text, as is
    standard input. ``published`` is normalised to ``YYYY-MM-DD``.

    Text is UTF-8, or UTF-16/UTF-32 with a byte-order mark, or Windows-1252
    prose (see `decode_text`); binary files are refused. An input larger than
    ``max_article_bytes`` (a single-article file, a JSON Lines line, a CSV
    row) is refused before it is read; JSON Lines and CSV files are read
    line by line, so their total size does not matter.

    Args:
        paths: Files, folders, or ``"-"``.
        on_error: Called with each problem, after which reading goes on; when
            None the first problem is raised.
        max_article_bytes: The largest input one article may come from
            (default `DEFAULT_MAX_ARTICLE_BYTES`, 2 MB).

    Yields:
        Articles in input order, `Article.origin` set to ``path`` or ``path:line``.

    Raises:
        InputError: A path is missing, unreadable, of an unknown format, or
            holds a bad article, and `on_error` is None.
    """
    if max_article_bytes < 1:
        raise InputError(f"max_article_bytes must be at least 1, got {max_article_bytes!r}")
    for item in _Reader(max_article_bytes).items(paths):
        if isinstance(item, InputError):
            if on_error is None:
                raise item
            on_error(item)
        else:
            yield item


class _Reader:
    """State for one `read_articles` call: folders seen, manifests loaded."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.seen_dirs: set[Path] = set()
        self.manifests: dict[Path, _Manifest] = {}

    def items(self, paths: Sequence[str | Path]) -> Iterator[_Item]:
        for raw in paths:
            if str(raw) == "-":
                yield from self.stdin()
                continue
            path = Path(raw)
            problem = _not_a_file(path)
            if path.is_dir():
                yield from self.folder(path)
            elif problem is not None:
                yield InputError(f"{path}: {problem}")
            else:
                fmt = SUFFIXES.get(path.suffix.lower())
                if fmt is None:
                    known = ", ".join(SUFFIXES)
                    yield InputError(
                        f"{path}: unknown article format {path.suffix!r}; expected one of: {known}"
                    )
                else:
                    yield from self.file(path, fmt)

    def folder(self, folder: Path) -> Iterator[_Item]:
        real = folder.resolve()
        if real in self.seen_dirs:
            return
        self.seen_dirs.add(real)
        try:
            names = sorted(entry.name for entry in os.scandir(folder))
        except OSError as err:
            yield InputError(f"{folder}: cannot read folder ({_reason(err)})")
            return
        for name in names:
            path = folder / name
            if name.startswith("."):
                continue
            if path.is_dir():
                yield from self.folder(path)
                continue
            fmt = SUFFIXES.get(path.suffix.lower())
            if fmt is None or path.stem.lower() in _NOT_ARTICLES:
                continue
            problem = _not_a_file(path)
            if problem is not None:  # a link loop or dangling link named like an article
                yield InputError(f"{path}: {problem}")
            else:
                yield from self.file(path, fmt)

    def file(self, path: Path, fmt: str) -> Iterator[_Item]:
        where = str(path)
        if fmt in ("jsonl", "csv"):
            yield from self.rows(path, fmt)
            return
        try:
            with path.open("rb") as stream:
                size = os.fstat(stream.fileno()).st_size
                if size > self.max_bytes:
                    yield _too_big(where, size, self.max_bytes)
                    return
                data = stream.read(self.max_bytes + 1)  # the file may have grown since
            if len(data) > self.max_bytes:
                yield _too_big(where, None, self.max_bytes)
                return
            text = decode_text(data, where)
        except OSError as err:
            yield InputError(f"{where}: cannot read file ({_reason(err)})")
            return
        except InputError as err:
            yield err
            return
        if not text.strip():
            yield InputError(f"{where}: empty article; expected some text")
            return
        manifest = yield from self.manifest(path.parent)
        try:
            yield _single(text, where, fmt, stem=path.stem, extra=manifest.get(path.stem, {}))
        except InputError as err:
            yield err

    def rows(self, path: Path, fmt: str) -> Iterator[_Item]:
        """A JSON Lines or CSV file, streamed line by line; an oversize line is skipped."""
        where = str(path)
        parse = parse_jsonl if fmt == "jsonl" else parse_csv
        try:
            with path.open("rb") as stream:
                encoding, skip = sniff_encoding(stream.read(4))
                if encoding not in (None, "utf-8"):
                    # UTF-16/32: lines are not byte lines; such files are rare, read whole
                    stream.seek(0)
                    data = stream.read()
                    text = decode_text(data, where)
                    yield from parse(text, where, max_bytes=self.max_bytes)
                    return
                stream.seek(skip)
                found = False
                for item in parse(
                    _decoded_lines(bounded_lines(stream, self.max_bytes), where, self.max_bytes),
                    where,
                    max_bytes=self.max_bytes,
                ):
                    found = True
                    yield item
                if not found:
                    yield InputError(f"{where}: empty article; expected some text")
        except OSError as err:
            yield InputError(f"{where}: cannot read file ({_reason(err)})")
        except InputError as err:
            yield err

    def manifest(self, folder: Path) -> Generator[_Item, None, _Manifest]:
        """Load (once) the folder's MANIFEST.tsv, yielding its problems; return its rows."""
        key = folder.resolve()
        if key not in self.manifests:
            self.manifests[key] = {}
            path = folder / MANIFEST_NAME
            if path.is_file():
                try:
                    text = decode_text(path.read_bytes(), str(path))
                except OSError as err:
                    yield InputError(f"{path}: cannot read file ({_reason(err)})")
                except InputError as err:
                    yield err
                else:
                    rows, problems = parse_manifest(text, str(path))
                    self.manifests[key] = rows
                    yield from problems
        return self.manifests[key]

    def stdin(self) -> Iterator[_Item]:
        """Standard input: JSON Lines streamed by line, else one article read up to the limit."""
        stream = sys.stdin
        buffer = getattr(stream, "buffer", None)
        try:
            if buffer is None:  # a text stream without bytes underneath
                text = stream.read()
            else:
                raw = buffer if hasattr(buffer, "peek") else io.BufferedReader(buffer)
                head = raw.peek(1 << 16)[: 1 << 16].removeprefix(codecs.BOM_UTF8).lstrip()
                if head.startswith(b"{"):
                    numbered = bounded_lines(raw, self.max_bytes)
                    lines = _decoded_lines(numbered, _STDIN, self.max_bytes)
                    yield from parse_jsonl(lines, _STDIN, max_bytes=self.max_bytes)
                    return
                data = raw.read(self.max_bytes + 1)
                if len(data) > self.max_bytes:
                    yield _too_big(_STDIN, None, self.max_bytes, what="input")
                    return
                text = decode_text(data, _STDIN)
        except InputError as err:
            yield err
            return
        text = text.removeprefix("\ufeff")
        if not text.strip():
            yield InputError(f"{_STDIN}: empty article; expected some text")
        elif text.lstrip().startswith("{"):  # JSON Lines in UTF-16 or UTF-32
            yield from parse_jsonl(text, _STDIN, max_bytes=self.max_bytes)
        else:
            try:
                yield _single(text, _STDIN, "text", stem=None, extra={})
            except InputError as err:
                yield err


def _single(text: str, where: str, fmt: str, *, stem: str | None, extra: dict[str, str]) -> Article:
    """One article from a .txt, .md or .html file (or plain stdin); `extra` fills gaps."""
    meta: list[tuple[str, str]] = []
    fields: dict[str, str | None]
    if fmt == "html":
        fields = parse_html(text, where)
        body = fields.pop("text") or ""
    else:
        found, meta, body = parse_text(text, where, markdown=fmt == "markdown")
        fields = dict(found)
    for key, value in extra.items():
        if not fields.get(key):
            fields[key] = value
    article_id = fields.pop("id", None) or stem
    return build_article(where=where, id=article_id, text=body, meta=meta, **fields)


def _decoded_lines(
    lines: Iterator[tuple[int, bytes | None]], where: str, limit: int
) -> Iterator[tuple[int, str | InputError]]:
    """Numbered byte lines decoded one by one; an oversize or undecodable line becomes its error."""
    for number, raw in lines:
        here = f"{where}:{number}"
        if raw is None:
            yield number, _too_big(here, None, limit, what="line")
            continue
        try:
            yield number, decode_text(raw, here)
        except InputError as err:
            yield number, err


def _too_big(where: str, size: int | None, limit: int, *, what: str = "file") -> InputError:
    got = f"{size:,} bytes" if size is not None else f"over {limit:,} bytes"
    return InputError(
        f"{where}: {what} too large for one article ({got}); "
        f"expected at most {limit:,} bytes (raise it with --max-article-bytes)"
    )


def _not_a_file(path: Path) -> str | None:
    """Why a path that is not a folder cannot be read as an article file, or None."""
    try:
        info = path.stat()
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symbolic link loop; expected a file or folder"
        if path.is_symlink():
            return f"dangling symbolic link (to {os.readlink(path)}); expected a file or folder"
        if err.errno == errno.ENOENT:
            return "no such file or directory"
        return f"cannot read file ({_reason(err)})"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a device, pipe or socket); expected an article file"
    return None


def _reason(err: OSError) -> str:
    return (err.strerror or type(err).__name__).lower()
