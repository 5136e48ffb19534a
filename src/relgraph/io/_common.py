"""Helpers shared by the article readers: decoding, dates, building an `Article`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from ..errors import InputError
from ..model import Article, text_id

__all__ = ["FIELDS", "build_article", "decode_utf8", "parse_published", "split_lines"]

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
        raise InputError(f"{where}: empty article")
    clean = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in fields.items()}
    clean["published"] = parse_published(clean.get("published"), where=where)
    article_id = (id or "").strip() or fallback_id or text_id(body)
    return Article(id=article_id, text=body, origin=where, meta=tuple(meta), **clean)
