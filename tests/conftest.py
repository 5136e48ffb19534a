"""Shared fixtures: the small hand-made gazetteer and an extractor over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from relgraph.extract import Extractor
from relgraph.gazetteer import load_gazetteer

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def small_gazetteer():
    """Fifteen states, a few organizations, blocs, armed groups and leaders."""
    return load_gazetteer(DATA / "gazetteer")


@pytest.fixture(scope="session")
def extractor(small_gazetteer):
    """The rule-based extractor over the small gazetteer."""
    return Extractor(gazetteer=small_gazetteer)

