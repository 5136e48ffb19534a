"""Extraction: sentences, mentions, linking, relations with modality, topics."""

from __future__ import annotations

from .pipeline import Extractor, make_nlp

__all__ = ["Extractor", "make_nlp"]
