"""Property-based tests: extraction on any text, store round trips of any values.

Example counts are kept modest so the suite stays fast; set
``RELGRAPH_HYPOTHESIS=thorough`` for ten times as many.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relgraph.model import Article
from relgraph.rdf import records_to_dataset, validate_extraction, validate_shacl
from relgraph.stores import open_store

settings.register_profile(
    "relgraph-quick",
    deadline=None,
    max_examples=30,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "relgraph-thorough", settings.get_profile("relgraph-quick"), max_examples=300
)
_PROFILE = settings.get_profile(f"relgraph-{os.environ.get('RELGRAPH_HYPOTHESIS', 'quick')}")
_BASE = _PROFILE.max_examples


def _examples(share: float) -> settings:
    return settings(_PROFILE, max_examples=max(3, int(_BASE * share)))


# Any Unicode text except lone surrogates (which no file or JSON string can carry).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
# Text that reads like news: sentences of actors from the test gazetteer, relation
# cues, modals and dates, mixed with hostile punctuation and arbitrary characters.
ACTORS = [
    "France", "Iran", "Russia", "Russian forces", "North Korea", "South Korea", "the United States",
    "the U.S.", "Moscow", "the Kremlin", "Pyongyang", "Vladimir Putin", "Putin", "Lavrov",
    "Barack Obama", "NATO", "the EU", "the United Nations", "Hamas", "Houthi rebels", "the West",
    "He", "They", "both countries", "the two leaders",
]  # fmt: skip
CUES = [
    "imposed sanctions on", "met", "met with", "visited", "condemned", "threatened", "attacked",
    "fought", "supplied weapons to", "cut diplomatic ties with", "agreed to cooperate with",
    "will meet", "plans to visit", "reportedly supplied arms to", "did not meet", "never visited",
    "said it would sanction", "denied attacking", "held talks with", "spoke by phone with",
]  # fmt: skip
NOISE = [
    "on Monday", "yesterday", "last month", "on 3 March 2024", "in 1999", "President",
    "Foreign Minister", "and", "with", "by", "from", "between", ",", ";", ":", "\"", "'",
    "\u2019", "(", ")", "\n", "}", "{", "#", "//", "MATCH (n) DETACH DELETE n", "DROP ALL",
    "$iso3", "?x",
]  # fmt: skip
SENTENCE = st.builds(
    "{} {} {} {}.".format,
    st.sampled_from(ACTORS),
    st.sampled_from(CUES),
    st.sampled_from(ACTORS),
    st.lists(st.one_of(st.sampled_from(NOISE), st.text(max_size=6)), max_size=4).map(" ".join),
)
NEWSY = st.lists(st.one_of(SENTENCE, st.sampled_from(NOISE)), min_size=1, max_size=12).map(
    " ".join
)
ARTICLE_TEXT = st.one_of(NEWSY, ANY_TEXT).filter(lambda t: t.strip())
DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)


@st.composite
def articles(draw) -> Article:
    return Article(
        id=draw(st.text(min_size=1, max_size=20).filter(lambda s: s.strip())),
        text=draw(ARTICLE_TEXT),
        title=draw(st.none() | st.text(max_size=60)),
        published=draw(st.none() | DATES),
    )


@_examples(1.0)
@given(article=articles())
def test_extraction_never_raises_and_passes_the_json_schema(extractor, article: Article) -> None:
    record = extractor.extract(article)
    validate_extraction(record)  # JSON Schema, then what the schema cannot say
    assert record["id"] == article.id
    keys = {n["key"] for n in record["nodes"]}
    for rel in record["relations"]:
        assert {rel["source"], rel["target"]} <= keys
        assert rel["evidence"].strip()


@_examples(0.2)
@given(batch=st.lists(articles(), min_size=1, max_size=6, unique_by=lambda a: a.id))
def test_extraction_graph_passes_the_shacl_shapes(extractor, batch: list[Article]) -> None:
    records = list(extractor.extract_many(batch))
    conforms, report = validate_shacl(records_to_dataset(records))
    assert conforms, report


# ------------------------------------------------------------------ round trips

ANY = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)
# quotes, braces, comment and statement marks, and non-Latin scripts, besides anything
TRICKY = st.one_of(
    ANY,
    st.lists(
        st.sampled_from(
            ["'", '"', "\\", "}", "{", ";", "//", "#", "<", ">", "\n", "\t", "MATCH", "SELECT",
             "}} ; DROP ALL ; {{", "Путин", "金正恩", "بوتين", "पुतिन", "🙂", "\u200b", "\x00"]
        ),
        min_size=1, max_size=8,
    ).map("".join),
)  # fmt: skip
KEY = st.text(st.characters(exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1,
              max_size=30).filter(lambda k: k == "".join(k.split()))  # fmt: skip


@st.composite
def records(draw) -> dict:
    leader = draw(KEY.filter(lambda k: k not in ("FRA", "DEU")))
    return {
        "id": draw(TRICKY.filter(lambda s: s.strip())),
        "title": draw(st.none() | TRICKY),
        "published": draw(st.none() | DATES),
        "url": draw(st.none() | TRICKY),
        "source": draw(st.none() | TRICKY),
        "topics": sorted(draw(st.sets(st.sampled_from(["trade", "sanctions", "cyber"])))),
        "nodes": [
            {"type": "State", "key": "FRA", "name": draw(TRICKY)},
            {"type": "State", "key": "DEU", "name": draw(TRICKY)},
            {"type": "Leader", "key": leader, "name": draw(TRICKY)},
        ],
        "relations": [
            {"type": "CONDEMNS", "source": leader, "target": "FRA", "modality": "reported",
             "evidence": draw(TRICKY), "date": draw(DATES), "confidence": draw(st.floats(0, 1)),
             "rule": draw(TRICKY)},
            {"type": "SANCTIONS", "source": "DEU", "target": "FRA", "modality": "negated",
             "evidence": draw(TRICKY), "date": draw(DATES)},
        ],
    }  # fmt: skip


def _nodes(record: dict) -> set[tuple]:
    return {(n["type"], n["key"], n["name"]) for n in record["nodes"]}


def _relations(record: dict) -> set[tuple]:
    fields = ("type", "source", "target", "modality", "evidence", "date", "confidence", "rule")
    return {tuple(r.get(f) for f in fields) for r in record["relations"]}


@pytest.fixture
def embedded(tmp_path: Path):
    """One on-disk store for all examples of a test (a record replaces one of the same id)."""
    with open_store(tmp_path / "graph") as store:
        yield store


@_examples(1.0)
@given(record=records())
def test_embedded_store_round_trip_is_exact(embedded, record: dict) -> None:
    validate_extraction(record)
    before = embedded.stats()
    embedded.add([record])
    (back,) = [r for r in embedded.records() if r["id"] == record["id"]]
    for field in ("id", "title", "published", "url", "source", "topics"):
        assert back[field] == record[field], field
    assert _nodes(back) == _nodes(record)
    assert _relations(back) == _relations(record)
    after = embedded.stats()
    assert after["articles"] - before["articles"] in (0, 1)  # 0: an id seen before, replaced
    assert sum(after["assertions"].values()) == 2 * after["articles"]


_READ_BACK = """
MATCH (a:Article {id: $id})
OPTIONAL MATCH (a)-[:MENTIONS]->(e)
WITH a, collect([labels(e)[0], coalesce(e.iso3, e.id), e.name]) AS nodes
OPTIONAL MATCH ()-[r]->() WHERE r.article_id = $id
RETURN a.title AS title, a.published AS published, a.url AS url, a.source AS source, nodes,
       collect([type(r), r.modality, r.sentence, r.date, r.confidence, r.rule]) AS rels
"""


@pytest.mark.neo4j
@_examples(0.3)
@given(record=records())
def test_bolt_store_round_trip_is_exact(open_neo4j, neo4j_target, record: dict) -> None:
    neo4j_target.wipe()
    store = open_neo4j()
    store.add([record])
    (row,) = store.query(_READ_BACK, {"id": record["id"]}).rows
    for field in ("title", "published", "url", "source"):
        assert row[field] == record[field], field
    assert {tuple(n) for n in row["nodes"]} == _nodes(record)
    want = {
        (r["type"], r["modality"], r["evidence"], r["date"], r.get("confidence"), r.get("rule"))
        for r in record["relations"]
    }
    assert {tuple(r) for r in row["rels"]} == want
    counts = store.stats()
    assert counts["articles"] == 1 and sum(counts["nodes"].values()) == 3
