"""`read_articles`: files, folders and stdin in, `Article` values out."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path

from ..errors import InputError
from ..model import Article
from ._common import build_article, decode_utf8
from .rows import parse_csv, parse_jsonl, parse_manifest
from .text import parse_text
from .webpage import parse_html

__all__ = ["MANIFEST_NAME", "SUFFIXES", "read_articles"]

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
    paths: Sequence[str | Path], *, on_error: Callable[[InputError], None] | None = None
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

    Args:
        paths: Files, folders, or ``"-"``.
        on_error: Called with each problem, after which reading goes on; when
            None the first problem is raised.

    Yields:
        Articles in input order, `Article.origin` set to ``path`` or ``path:line``.

    Raises:
        InputError: A path is missing, unreadable, of an unknown format, or
            holds a bad article, and `on_error` is None.
    """
    for item in _Reader().items(paths):
        if isinstance(item, InputError):
            if on_error is None:
                raise item
            on_error(item)
        else:
            yield item


class _Reader:
    """State for one `read_articles` call: folders seen, manifests loaded."""

    def __init__(self) -> None:
        self.seen_dirs: set[Path] = set()
        self.manifests: dict[Path, _Manifest] = {}

    def items(self, paths: Sequence[str | Path]) -> Iterator[_Item]:
        for raw in paths:
            if str(raw) == "-":
                yield from self.stdin()
                continue
            path = Path(raw)
            if path.is_dir():
                yield from self.folder(path)
            elif path.exists():
                fmt = SUFFIXES.get(path.suffix.lower())
                if fmt is None:
                    known = ", ".join(SUFFIXES)
                    yield InputError(
                        f"{path}: unknown article format {path.suffix!r}; expected one of: {known}"
                    )
                else:
                    yield from self.file(path, fmt)
            else:
                yield InputError(f"{path}: no such file or directory")

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
            elif path.is_file() and path.stem.lower() not in _NOT_ARTICLES:
                fmt = SUFFIXES.get(path.suffix.lower())
                if fmt is not None:
                    yield from self.file(path, fmt)

    def file(self, path: Path, fmt: str) -> Iterator[_Item]:
        where = str(path)
        try:
            text = decode_utf8(path.read_bytes(), where)
        except OSError as err:
            yield InputError(f"{where}: cannot read file ({_reason(err)})")
            return
        except InputError as err:
            yield err
            return
        if not text.strip():
            yield InputError(f"{where}: empty article")
            return
        if fmt == "jsonl":
            yield from parse_jsonl(text, where)
            return
        if fmt == "csv":
            yield from parse_csv(text, where)
            return
        manifest = yield from self.manifest(path.parent)
        try:
            yield _single(text, where, fmt, stem=path.stem, extra=manifest.get(path.stem, {}))
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
                    text = decode_utf8(path.read_bytes(), str(path))
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
        stream = sys.stdin
        buffer = getattr(stream, "buffer", None)
        try:
            text = decode_utf8(buffer.read(), _STDIN) if buffer else stream.read()
        except InputError as err:
            yield err
            return
        text = text.removeprefix("\ufeff")
        if not text.strip():
            yield InputError(f"{_STDIN}: empty article")
        elif text.lstrip().startswith("{"):
            yield from parse_jsonl(text, _STDIN)
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


def _reason(err: OSError) -> str:
    return (err.strerror or type(err).__name__).lower()
