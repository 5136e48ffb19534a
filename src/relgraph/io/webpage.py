"""Saved web pages: the article's own text and metadata, without page furniture."""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError

__all__ = ["parse_html"]

# Containers whose text is never article prose, and ARIA roles that mark the same.
_FURNITURE = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
    "form", "menu", "button", "select", "iframe", "svg", "figure",
)  # fmt: skip
_FURNITURE_ROLES = ("navigation", "banner", "contentinfo", "menu", "menubar", "search")
# Dates are taken from the page's own metadata only, never guessed from its text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def parse_html(html: str, where: str) -> dict[str, str | None]:
    """Extract the article text and metadata of a web page.

    Uses trafilatura; when it finds nothing or very little (on short pages its
    fallback takes menus too), the visible text of the ``<p>`` elements of
    ``<article>``, else ``<main>``, else ``<body>`` is used, leaving out
    navigation, scripts, styles, menus, headers and footers. A first
    paragraph repeating the title is dropped.

    Args:
        html: The decoded page.
        where: The path, for error messages.

    Returns:
        ``text`` (paragraphs separated by blank lines), ``title``,
        ``published``, ``url``, ``source`` (site name) and ``license``; values
        not found are None.

    Raises:
        InputError: The page cannot be parsed as HTML.
    """
    import trafilatura  # imported here: `import relgraph` must stay light
    from lxml import etree
    from lxml import html as lxml_html

    parsers: list[Any] = []

    def parse() -> Any:
        # Bytes with an explicit encoding: lxml refuses str input that
        # declares its encoding (<?xml ... encoding="utf-8"?>).
        parser = lxml_html.HTMLParser(encoding="utf-8")
        parsers.append(parser)
        return lxml_html.document_fromstring(html.encode("utf-8"), parser=parser)

    try:
        tree = parse()
    except (etree.ParserError, ValueError) as err:
        reason = str(err)[:1].lower() + str(err)[1:]
        raise InputError(f"{where}: cannot parse HTML ({reason})") from None
    _check_depth(where, parsers[0])
    # trafilatura changes the tree it is given, so it gets its own copy.
    doc = trafilatura.bare_extraction(
        parse(),
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if doc is None:
        doc = trafilatura.extract_metadata(parse(), date_config=_DATE_PARAMS)
    text = _paragraphs(getattr(doc, "text", None) or "")
    if len(text) < _min_size():
        # Below this size trafilatura falls back on its baseline, which takes
        # every text node, menus included; the page's own <p> elements do better.
        text = _fallback_text(tree)
    title = _attr(doc, "title") or _meta_title(tree)
    if title:
        # The headline often opens the extracted text as well; keep it once.
        first, _, rest = text.partition("\n\n")
        if first.casefold() == title.casefold():
            text = rest
    return {
        "text": text,
        "title": title,
        "published": _attr(doc, "date"),
        "url": _attr(doc, "url"),
        "source": _attr(doc, "sitename"),
        "license": _attr(doc, "license"),
    }


# libxml2 stops descending at this depth and drops what lies deeper, so the
# article text would come out cut; such a page is refused instead.
_MAX_DEPTH = 256


def _check_depth(where: str, parser: Any) -> None:
    for entry in parser.error_log:
        if "depth" in entry.message.lower():
            raise InputError(
                f"{where}:{entry.line}: HTML elements nested more than {_MAX_DEPTH} deep; "
                "expected a web page (its text would be cut off)"
            )


def _min_size() -> int:
    from trafilatura.settings import DEFAULT_CONFIG

    return int(DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE", fallback=250))


def _attr(doc: Any, name: str) -> str | None:
    value = getattr(doc, name, None)
    return (value.strip() or None) if isinstance(value, str) else None


def _paragraphs(text: str) -> str:
    # trafilatura puts one paragraph per line; the readers separate them by blank lines.
    return "\n\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _meta_title(tree: Any) -> str | None:
    for xpath in ('//meta[@property="og:title"]/@content', "//title/text()"):
        for value in tree.xpath(xpath):
            if str(value).strip():
                return " ".join(str(value).split())
    return None


def _fallback_text(tree: Any) -> str:
    roles = " or ".join(f'@role="{role}"' for role in _FURNITURE_ROLES)
    hidden = tree.xpath(f"//*[{roles} or @hidden or @aria-hidden='true']")
    for element in [*hidden, *tree.iter(*_FURNITURE)]:
        _drop(element)
    for tag in ("article", "main", "body"):
        containers = list(tree.iter(tag))
        if containers:
            break
    else:
        containers = [tree]
    blocks = [p.text_content() for c in containers for p in c.iter("p")]
    if not any(block.strip() for block in blocks):
        blocks = re.split(r"\n\s*\n", "\n".join(c.text_content() for c in containers))
    return "\n\n".join(" ".join(b.split()) for b in blocks if b.strip())


def _drop(element: Any) -> None:
    # drop_tree keeps the tail text, which belongs to the parent.
    if element.getparent() is not None:
        element.drop_tree()
