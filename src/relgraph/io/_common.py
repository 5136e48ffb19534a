"""Helpers shared by the article readers: decoding, dates, building an `Article`."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import BinaryIO

from ..errors import InputError
from ..model import Article, text_id

__all__ = [
    "DEFAULT_MAX_ARTICLE_BYTES",
    "FIELDS",
    "bounded_lines",
    "build_article",
    "decode_text",
    "decode_utf8",
    "parse_published",
    "split_lines",
]

#: The largest input one article may come from: a single-article file, a JSON
#: Lines line or a CSV row (news articles are a few kilobytes; saved web pages
#: with their scripts rarely pass one megabyte; a megabyte of text takes about
#: 60 MB to tokenise). Larger inputs are skipped
#: before they are read, so that one stray dump cannot exhaust memory.
DEFAULT_MAX_ARTICLE_BYTES = 2_000_000

# Metadata an input may carry besides `text`, in the order of Article's fields.
FIELDS = ("id", "title", "published", "url", "source", "license")

_DATE_HINT = "expected an ISO date such as 2024-06-19 or a datetime such as 2024-06-19T08:30:00Z"


def decode_utf8(data: bytes, where: str) -> str:
    r"""Decode file content as UTF-8, dropping a byte-order mark.

    Args:
        data: The raw bytes.
        where: Location for error messages (a path or ``<stdin>``).

    Raises:
        InputError: The bytes are not UTF-8; the message names the first bad byte.

    Examples:
        >>> decode_utf8(b"\xef\xbb\xbfKyiv", "a.txt")
        'Kyiv'
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{where}: not valid UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "re-encode the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


# Byte-order marks of the encodings read besides UTF-8; UTF-32 first (its LE mark
# starts like UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A valid UTF-8 sequence of two bytes or more: its presence means UTF-8 gone wrong.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# Windows-1252 signs that stand alone in text: quotes (curly, low, guillemets),
# dashes, ellipsis, bullet, daggers, no-break space, euro, pound, copyright,
# registered, trade mark, section, degree, plus-minus, middle dot, Spanish ¡ ¿.
_CP1252_PUNCT = frozenset(
    b"\x80\x84\x85\x86\x87\x8b\x91\x92\x93\x94\x95\x96\x97\x99\x9b"
    b"\xa0\xa1\xa3\xa7\xa9\xab\xae\xb0\xb1\xb7\xbb\xbf"
)


def sniff_encoding(head: bytes) -> tuple[str | None, int]:
    r"""The encoding a byte-order mark declares, and the mark's length.

    Examples:
        >>> sniff_encoding(b"\xff\xfeK\x00")
        ('utf-16-le', 2)
        >>> sniff_encoding(b"Kyiv")
        (None, 0)
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    return None, 0


def decode_text(data: bytes, where: str) -> str:
    r"""Decode a text file: UTF-8, UTF-16 or UTF-32 with a byte-order mark, or Windows-1252.

    The rules, in order:

    - a byte-order mark decides (UTF-8, UTF-16 or UTF-32, little or big endian);
    - a NUL byte otherwise means a binary file (an image, a PDF, a word
      processor file): an error;
    - valid UTF-8 is UTF-8;
    - text that is not UTF-8 is read as Windows-1252 (what Windows editors and
      Excel save as "ANSI") when every non-ASCII byte is a Windows-1252 letter
      next to a letter, or typographic punctuation (curly quotes, dashes,
      ellipsis, no-break space); anything else is an error naming the first
      byte that is not UTF-8, since a guess would store mojibake.

    Args:
        data: The raw bytes.
        where: Location for error messages (a path or ``<stdin>``).

    Raises:
        InputError: Binary data, or bytes in no encoding read here.

    Examples:
        >>> decode_text("caf\u00e9 \u2013 Quai d\u2019Orsay".encode("cp1252"), "a.txt")
        'café – Quai d’Orsay'
        >>> decode_text("Kyiv".encode("utf-16"), "a.txt")
        'Kyiv'
        >>> decode_text(b"GIF89a\x01\x00\x00", "a.txt")
        Traceback (most recent call last):
        ...
        relgraph.errors.InputError: a.txt: binary data (a NUL byte at offset 7); expected a text file
    """
    encoding, skip = sniff_encoding(data[:4])
    if encoding is not None and encoding != "utf-8":
        try:
            return data[skip:].decode(encoding)
        except UnicodeDecodeError as err:
            raise InputError(
                f"{where}: not valid {encoding.upper()} text although it starts with a "
                f"{encoding.upper()} byte-order mark (offset {err.start + skip}); "
                "re-encode the file as UTF-8"
            ) from None
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(f"{where}: binary data (a NUL byte at offset {nul}); expected a text file")
    try:
        return decode_utf8(data, where)
    except InputError:
        if encoding is None and _looks_cp1252(data):
            return data.decode("cp1252")
        raise


def _looks_cp1252(data: bytes) -> bool:
    """Whether every non-ASCII byte reads as Windows-1252 prose (see `decode_text`).

    Text holding a valid UTF-8 sequence of two or more bytes is UTF-8 gone
    wrong (cut or mixed), not Windows-1252.
    """
    if _UTF8_SEQUENCE.search(data):
        return False
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are unassigned
        return False
    for i, byte in enumerate(data):
        if byte < 0x80 or byte in _CP1252_PUNCT:
            continue
        if not unicodedata.category(text[i]).startswith("L"):
            return False
        near = text[i - 1 : i] + text[i + 1 : i + 2]
        if not any(c.isalpha() for c in near):
            return False
    return True


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    r"""Lines of a binary stream, numbered from 1, never holding more than ``limit`` bytes.

    A line longer than ``limit`` bytes (line end excluded) is read past in
    chunks and given as None, so a huge line costs no memory.

    Examples:
        >>> import io
        >>> list(bounded_lines(io.BytesIO(b"ab\r\n" + b"x" * 9 + b"\nc"), 4))
        [(1, b'ab'), (2, None), (3, b'c')]
    """
    number = 0
    while True:
        line = stream.readline(limit + 2)
        if not line:
            return
        number += 1
        if len(line.rstrip(b"\r\n")) <= limit and (line.endswith(b"\n") or len(line) <= limit):
            yield number, line.rstrip(b"\r\n")
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(1 << 16)
        yield number, None


def split_lines(text: str) -> list[str]:
    r"""Split on ``\n``, ``\r\n`` or ``\r`` only.

    Unlike `str.splitlines`, characters such as U+2028 that may sit inside a
    JSON string or a sentence do not end a line.

    Examples:
        >>> split_lines("a\r\nb\u2028c\rd")
        ['a', 'b\u2028c', 'd']
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_published(value: object, *, where: str | None = None) -> str | None:
    """Normalise a publication date to ``YYYY-MM-DD``.

    Accepts ISO 8601 dates and datetimes (``Z`` or an offset allowed); a
    datetime keeps the calendar date it was written with. Empty values give None.

    Args:
        value: A string, `datetime.date`, `datetime.datetime` or None.
        where: Location put in front of the error message (``path:line``).

    Raises:
        InputError: The value is not an ISO date or datetime.

    Examples:
        >>> parse_published("2014-07-31T23:10:00-04:00")
        '2014-07-31'
        >>> parse_published(" ") is None
        True
        >>> parse_published("31/07/2014", where="a.csv:3")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        relgraph.errors.InputError: a.csv:3: invalid published date '31/07/2014'; expected ...
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return datetime.fromisoformat(value.strip()).date().isoformat()
        except ValueError:
            pass
    prefix = f"{where}: " if where else ""
    raise InputError(f"{prefix}invalid published date {value!r}; {_DATE_HINT}")


def build_article(
    *,
    where: str,
    id: str | None,
    text: str,
    fallback_id: str | None = None,
    meta: Iterable[tuple[str, str]] = (),
    **fields: str | None,
) -> Article:
    """Check and normalise one article's fields, then build the `Article`.

    Args:
        where: ``path`` or ``path:line``; becomes `Article.origin` and prefixes errors.
        id: The input's own id, if any (kept as given).
        text: The body; surrounding whitespace is dropped.
        fallback_id: Used when `id` is empty; None means `text_id(text)`.
        meta: Extra ``(key, value)`` pairs kept in `Article.meta`.
        **fields: ``title``, ``published``, ``url``, ``source``, ``license``.

    Raises:
        InputError: Empty text or a bad published date.
    """
    body = text.strip()
    if not body:
        raise InputError(f"{where}: empty article; expected some text")
    clean = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in fields.items()}
    clean["published"] = parse_published(clean.get("published"), where=where)
    article_id = (id or "").strip() or fallback_id or text_id(body)
    return Article(id=article_id, text=body, origin=where, meta=tuple(meta), **clean)
