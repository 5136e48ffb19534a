"""Locate the run-time files (schema/, queries/, data/) shipped with relgraph."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["resource_path", "schema_path", "queries_dir", "gazetteer_dir", "lexicon_dir"]


@cache
def _root() -> Path:
    # In a wheel the build backend maps the top-level folders into
    # relgraph/_resources; in a source checkout (editable install, tests) they
    # sit at the repository root, two levels above this package.
    packaged = Path(str(resources.files("relgraph"))) / "_resources"
    if (packaged / "schema").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """Path of a shipped run-time file, e.g. ``resource_path("schema", "relgraph.ttl")``."""
    return _root().joinpath(*parts)


def schema_path(name: str) -> Path:
    """Path of a file in ``schema/``."""
    return resource_path("schema", name)


def queries_dir() -> Path:
    """The folder of named queries (``queries/``)."""
    return resource_path("queries")


def gazetteer_dir() -> Path:
    """The folder of gazetteers (``data/gazetteer/``)."""
    return resource_path("data", "gazetteer")


def lexicon_dir() -> Path:
    """The folder of extraction lexicons (``data/lexicon/``)."""
    return resource_path("data", "lexicon")
