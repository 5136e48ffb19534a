"""Core value types: articles as read, before extraction."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Article", "text_id"]


def text_id(text: str) -> str:
    """Stable id of an article text: a hash of its normalised form.

    Normalisation (NFC, whitespace collapsed) makes the id indifferent to
    line endings and re-wrapping.

    Examples:
        >>> text_id("Russia  and\\r\\nChina.") == text_id("Russia and China.")
        True
        >>> len(text_id("x"))
        16
    """
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One source document as read from a file, a row or stdin.

    ``text`` is the body; ``title`` is kept apart (extraction reads both).
    ``published`` is an ISO date string (``YYYY-MM-DD``) or None.
    ``origin`` says where it came from for error messages (``path:line``).
    """

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    license: str | None = None
    origin: str = "<unknown>"
    meta: tuple[tuple[str, str], ...] = field(default=())
