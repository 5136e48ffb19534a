"""Read articles from text, Markdown, HTML, JSON Lines and CSV files, folders and stdin.

Examples:
    >>> from relgraph.io import read_articles
    >>> for article in read_articles(["data/articles"]):  # doctest: +SKIP
    ...     print(article.id, article.published)
"""

from __future__ import annotations

from ._common import parse_published
from .read import MANIFEST_NAME, SUFFIXES, read_articles
from .text import markdown_to_text

__all__ = ["MANIFEST_NAME", "SUFFIXES", "markdown_to_text", "parse_published", "read_articles"]
