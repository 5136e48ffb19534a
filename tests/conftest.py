"""Shared fixtures: the small hand-made gazetteer and an extractor over it."""

from __future__ import annotations

import os
import secrets
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



# ------------------------------------------------------------ Neo4j (Bolt) server
NEO4J_VARS = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")
_OUTER_NEO4J = {name: os.environ.get(name) for name in NEO4J_VARS}


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """A real Bolt server for the whole session, as a ``BoltTarget``.

    ArcadeDB started in a child process on free loopback ports (see
    ``tests/bolt_server.py``), stopped at the end. With ``RELGRAPH_NEO4J_URI``
    set, the tests use that Neo4j instead, with the credentials and database
    of ``NEO4J_USERNAME``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``: the tests
    delete everything in that database.
    """
    from bolt_server import BoltServer, BoltTarget

    if uri := os.environ.get("RELGRAPH_NEO4J_URI"):
        # read from the environment as it was before any test ran: the autouse
        # fixture below removes NEO4J_* from each test, and this fixture may be
        # first requested inside one
        yield BoltTarget(
            uri,
            _OUTER_NEO4J.get("NEO4J_USERNAME") or "neo4j",
            _OUTER_NEO4J.get("NEO4J_PASSWORD"),
            _OUTER_NEO4J.get("NEO4J_DATABASE") or None,
            external=True,
        )
        return
    # A password no output could contain by chance, so tests can look for it.
    password = f"rg-{secrets.token_hex(8)}-pw"
    with BoltServer(tmp_path_factory.mktemp("arcadedb"), password=password) as target:
        yield target


@pytest.fixture(autouse=True)
def _no_neo4j_env(monkeypatch):
    """Tests give Neo4j settings explicitly; the developer's NEO4J_* never leak in."""
    for name in NEO4J_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def neo4j_target(bolt_server):
    """The session's Bolt server, its database emptied first."""
    bolt_server.wipe()
    return bolt_server


@pytest.fixture
def open_neo4j(neo4j_target):
    """Open ``Neo4jStore``s on the (emptied) test database; all are closed afterwards."""
    opened = []

    def open_(**options):
        store = neo4j_target.open_store(**options)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()
