"""Token attributes as plain lists, made once per Doc.

The rules read words by position many times over. Each ``doc[i]`` makes a
new spaCy ``Token`` object, and ``Span.text`` makes one for every token it
joins; reading from lists kept in ``doc.user_data`` spares all of those.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["lowers", "sent_text", "spaces", "texts"]


_MAKE = {
    "lower": lambda doc: [t.lower_ for t in doc],
    "text": lambda doc: [t.text for t in doc],
    "space": lambda doc: [bool(t.whitespace_) for t in doc],
}


def _column(doc: Doc, name: str) -> list:  # type: ignore[type-arg]
    got = doc.user_data.get(("relgraph", name))
    if got is None or len(got) != len(doc):
        got = doc.user_data[("relgraph", name)] = _MAKE[name](doc)
    return got


def lowers(doc: Doc) -> list[str]:
    """The lower-case form of each token."""
    return _column(doc, "lower")  # type: ignore[no-any-return]


def texts(doc: Doc) -> list[str]:
    """The verbatim text of each token."""
    return _column(doc, "text")  # type: ignore[no-any-return]


def spaces(doc: Doc) -> list[bool]:
    """Whether each token is followed by whitespace."""
    return _column(doc, "space")  # type: ignore[no-any-return]


def sent_text(sent: Span) -> str:
    """``sent.text``, cut from the Doc's text instead of joined token by token.

    >>> import spacy
    >>> doc = spacy.blank("en")("Paris hosts  the talks. ")
    >>> sent_text(doc[1:4]) == doc[1:4].text
    True
    """
    doc = sent.doc
    full = doc.user_data.get(("relgraph", "doc_text"))
    if full is None:
        full = doc.user_data[("relgraph", "doc_text")] = doc.text
    return full[sent.start_char : sent.end_char]
