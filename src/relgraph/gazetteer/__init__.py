"""Reference lists of states, organizations, blocs, armed groups and leaders."""

from __future__ import annotations

from .load import Entity, Gazetteer, LeaderTerm, load_gazetteer, slugify

__all__ = ["Entity", "Gazetteer", "LeaderTerm", "load_gazetteer", "slugify"]
