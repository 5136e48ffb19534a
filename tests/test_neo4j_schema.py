"""schema/neo4j.cypher and the Cypher query files agree with the ontology (no server needed)."""

from __future__ import annotations

import re

import pytest

from relgraph.analytics.graph import _query_text
from relgraph.ontology import load_ontology
from relgraph.query import get_query, list_queries
from relgraph.stores.neo4j_rows import ABOUT, MENTIONS
from relgraph.stores.neo4j_store import Neo4jTarget, return_columns, schema_statements

ONTO = load_ontology()
NODE = re.compile(
    r"^CREATE CONSTRAINT (\w+) IF NOT EXISTS FOR \(n:(\w+)\) REQUIRE n\.(\w+) IS UNIQUE$"
)
REL = re.compile(
    r"^CREATE CONSTRAINT (\w+) IF NOT EXISTS FOR \(\)-\[r:(\w+)\]-\(\) REQUIRE r\.id IS UNIQUE$"
)
INDEX = re.compile(r"^CREATE INDEX (\w+) IF NOT EXISTS FOR \(n:(\w+)\) ON \(n\.(\w+)\)$")


def test_schema_file_has_a_key_constraint_per_kind_and_an_id_constraint_per_type() -> None:
    nodes, rels, indexes, names = {}, set(), set(), []
    for statement in schema_statements():
        if m := NODE.match(statement):
            names.append(m.group(1))
            nodes[m.group(2)] = m.group(3)
        elif m := REL.match(statement):
            names.append(m.group(1))
            rels.add(m.group(2))
        elif m := INDEX.match(statement):
            names.append(m.group(1))
            indexes.add(m.group(2))
        else:
            pytest.fail(f"unexpected statement in schema/neo4j.cypher: {statement!r}")
    assert nodes == ONTO.key_properties  # every kind, keyed as the ontology says
    assert rels == set(ONTO.relations)
    assert indexes <= set(ONTO.node_kinds)
    assert len(names) == len(set(names))


TYPES = re.compile(r"\[\w*:((?:[A-Z_]+\|)+[A-Z_]+)(?:\*[\d.]*)?\]")


CYPHER_TEXTS = {q.name: q.text for q in list_queries("cypher")}
CYPHER_TEXTS["analytics/assertions"] = _query_text("cypher")  # what to_networkx reads


@pytest.mark.parametrize("name", sorted(CYPHER_TEXTS))
def test_cypher_queries_name_only_schema_labels_and_types(name: str) -> None:
    code = "\n".join(line for line in CYPHER_TEXTS[name].splitlines() if not line.startswith("//"))
    labels = set(re.findall(r"\(\w*:(\w+)", code))
    assert labels <= set(ONTO.node_kinds), labels
    types = set(re.findall(r"\[\w*:(\w+)[\]*]", code))
    for group in TYPES.findall(code):
        types |= set(group.split("|"))
        if len(group.split("|")) > 4:  # "any relation type" lists all of them, in order
            assert group.split("|") == sorted(ONTO.relations), name
    assert types <= set(ONTO.relations) | {MENTIONS, ABOUT}, types
    for listed in re.findall(r"type\(e\) IN \[([^\]]*)\]", code):
        assert set(re.findall(r"'(\w+)'", listed)) == ONTO.symmetric, name


def test_assertions_query_twins_return_the_same_columns() -> None:
    sparql = _query_text("sparql")
    selected = re.findall(r"\?(\w+)", sparql[sparql.index("SELECT") : sparql.index("WHERE")])
    assert return_columns(_query_text("cypher")) == selected
    assert {"id", "type", "source_kind", "target_name", "modality", "date", "title"} < set(selected)


def test_query_state_profile_lists_the_symmetric_types() -> None:
    assert "type(e) IN ['COOPERATES_WITH', 'FIGHTS', 'MEETS']" in get_query(
        "state_profile", "cypher"
    ).text


def test_target_reads_the_environment_when_called(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://db.example.org:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cr3t")
    target = Neo4jTarget.resolve()
    assert (target.uri, target.user, target.password, target.database) == (
        "neo4j+s://db.example.org:7687", "neo4j", "s3cr3t", None,
    )
    monkeypatch.setenv("NEO4J_USERNAME", "analyst")
    monkeypatch.setenv("NEO4J_DATABASE", "relations")
    target = Neo4jTarget.resolve("bolt://127.0.0.1:7687")
    assert (target.uri, target.user, target.database) == ("bolt://127.0.0.1:7687", "analyst",
                                                          "relations")
    assert "s3cr3t" not in repr(target)


def test_target_takes_credentials_from_the_uri_and_drops_them() -> None:
    target = Neo4jTarget.resolve("BOLT://ann%40lab:p%3Aw@localhost:7687")
    assert (target.uri, target.user, target.password) == ("bolt://localhost:7687", "ann@lab", "p:w")


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        (None, "^no Neo4j URI: give --neo4j URI or set NEO4J_URI$"),
        ("http://localhost:7474", r"^'http://localhost:7474' is not a Neo4j URI; expected"),
        ("bolt://", r"^'bolt://' is not a Neo4j URI"),
        ("http://ann:pw@host", r"^'http://host' is not a Neo4j URI"),
    ],
)
def test_target_rejects_what_is_not_a_neo4j_uri(uri, message) -> None:
    from relgraph.errors import InputError

    with pytest.raises(InputError, match=message):
        Neo4jTarget.resolve(uri)
