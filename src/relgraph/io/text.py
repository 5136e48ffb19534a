"""Plain-text and Markdown articles: front matter, title line, Markdown reduced to text."""

from __future__ import annotations

import re

from ..errors import InputError
from ._common import FIELDS, split_lines

__all__ = ["markdown_to_text", "parse_text", "split_front_matter", "split_title"]

# A title line is short and does not read like the end of a sentence or a lead-in.
_TITLE_MAX_CHARS = 200
_NOT_TITLE_ENDINGS = (".", ",", ";", ":")

_FM_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(.*)$")
# Front-matter keys other tools use for our fields.
_FM_ALIASES = {"date": "published", "link": "url", "licence": "license"}

# Block-level Markdown, matched per line.
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT_H1 = re.compile(r"^\s{0,3}=+\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
# Inline Markdown, applied in this order.
_INLINE = [
    (re.compile(r"<!--.*?-->"), ""),
    (re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])"), ""),  # images: dropped
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>"), r"\1"),  # <https://...>
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
    (re.compile(r"(`+)(.+?)\1"), r"\2"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"\*(?=\S)(.+?)(?<=\S)\*"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
]
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|<])")
_ESCAPE_BASE = 0xF0000  # private-use code points hold escaped characters meanwhile


def split_front_matter(text: str, where: str) -> tuple[dict[str, str], list[tuple[str, str]], str]:
    r"""Split ``---`` front matter off the top of a text.

    Only flat ``key: value`` lines are read; indented lines and ``- item``
    lists (nested YAML) are skipped, so files written for static site
    generators still load. ``date`` is taken as ``published``.

    Args:
        text: The whole file, line endings already ``\n``.
        where: The path, for error messages.

    Returns:
        ``(fields, meta, rest)``: known fields (see `FIELDS`), other
        ``(key, value)`` pairs, and the text after the closing ``---``.

    Raises:
        InputError: The block is not closed or a line is not ``key: value``.

    Examples:
        >>> split_front_matter("---\ntitle: 'Talks'\ndesk: Asia\n---\nBody", "a.md")
        ({'title': 'Talks'}, [('desk', 'Asia')], 'Body')
    """
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, [], text
    end = next((i for i, line in enumerate(lines) if i and line.rstrip() in ("---", "...")), 0)
    if not end:
        raise InputError(f"{where}:1: front matter opened with '---' is never closed")
    fields: dict[str, str] = {}
    meta: list[tuple[str, str]] = []
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#") or line[0] in " \t-":
            continue
        match = _FM_KEY.match(line)
        if match is None:
            raise InputError(f"{where}:{number}: front matter line {line!r} is not 'key: value'")
        key = match[1].lower()
        key = _FM_ALIASES.get(key, key)
        value = _unquote(match[2].strip())
        if key in FIELDS:
            fields.setdefault(key, value)
        elif value:
            meta.append((key, value))
    return fields, meta, "\n".join(lines[end + 1 :])


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner.replace('\\"', '"')
    return value


def split_title(text: str) -> tuple[str | None, str]:
    r"""Take a first line as title when it is short and followed by a blank line.

    This is the shape of a news article saved as text: headline, blank line,
    body. A first line ending like a sentence or a lead-in (``.``, ``,``,
    ``;``, ``:``) stays in the body.

    Examples:
        >>> split_title("Ceasefire Holds in the North\n\nTalks resumed on Monday.")
        ('Ceasefire Holds in the North', 'Talks resumed on Monday.')
        >>> split_title("Talks resumed.\n\nThey ended on Monday.")[0] is None
        True
    """
    lines = text.strip("\n").split("\n")
    first = lines[0].strip()
    if (
        len(lines) >= 3
        and 0 < len(first) <= _TITLE_MAX_CHARS
        and not first.endswith(_NOT_TITLE_ENDINGS)
        and not lines[1].strip()
        and "\n".join(lines[2:]).strip()
    ):
        return first, "\n".join(lines[2:]).strip()
    return None, text.strip()


def markdown_to_text(markdown: str) -> str:
    r"""Reduce Markdown to plain text, keeping paragraphs apart by blank lines.

    Emphasis, code spans, link targets, images, headings' ``#``, list
    bullets, block quotes, rules, fences and inline HTML are removed; link
    texts and code block contents stay.

    Examples:
        >>> markdown_to_text("## Aid\n\n- **Japan** pledged [aid](https://x.org) to `Tonga`.")
        'Aid\n\nJapan pledged aid to Tonga.'
    """
    out: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener[1][0] == fence[0] and len(opener[1]) >= len(fence):
                fence = None
            else:
                out.append(line)
            continue
        if opener:
            fence = opener[1]
            continue
        if _REF_DEF.match(line) or _SETEXT_H1.match(line):
            continue
        if _RULE.match(line):
            out.append("")
            continue
        heading = _ATX.match(line)
        if heading:
            line = heading[2] or ""
        line = _BULLET.sub("", _QUOTE.sub("", line))
        out.append(_inline(line).rstrip())
    text = "\n".join(out)
    return re.sub(r"\n\s*\n(?:\s*\n)+", "\n\n", text).strip()


def _inline(line: str) -> str:
    line = _ESCAPE.sub(lambda m: chr(_ESCAPE_BASE + ord(m[1])), line)
    for pattern, repl in _INLINE:
        line = pattern.sub(repl, line)
    return re.sub("[\U000f0000-\U000f00ff]", lambda m: chr(ord(m[0]) - _ESCAPE_BASE), line)


def parse_text(
    text: str, where: str, *, markdown: bool
) -> tuple[dict[str, str], list[tuple[str, str]], str]:
    r"""Read one ``.txt`` or ``.md`` article.

    Args:
        text: The decoded file.
        where: The path, for error messages.
        markdown: Reduce Markdown markup; a leading ``# Heading`` is the title.

    Returns:
        ``(fields, meta, body)``: front-matter fields plus the title found in
        the text, other front-matter pairs, and the body. A front-matter
        ``title`` wins; a title line that differs from it stays in the body.

    Examples:
        >>> parse_text("# Summit in Lima\n\nPeru *hosted* it.", "a.md", markdown=True)
        ({'title': 'Summit in Lima'}, [], 'Peru hosted it.')
    """
    text = "\n".join(split_lines(text))
    fields, meta, rest = split_front_matter(text, where)
    title: str | None = None
    if markdown:
        lines = rest.strip("\n").split("\n")
        heading = _ATX.match(lines[0])
        if heading and len(heading[1]) == 1 and heading[2]:
            title, rest = _inline(heading[2]), "\n".join(lines[1:])
        elif len(lines) > 1 and lines[0].strip() and _SETEXT_H1.match(lines[1]):
            title, rest = _inline(lines[0].strip()), "\n".join(lines[2:])
        rest = markdown_to_text(rest)
    if title is None:
        title, rest = split_title(rest)
    if title and fields.get("title"):
        if title.casefold() != fields["title"].casefold():
            # The front matter names the title: this line is body text after all.
            rest = f"{title}\n\n{rest}"
    elif title:
        fields["title"] = title
    return fields, meta, rest.strip()
