"""The benchmark corpus generator (bench/corpus.py): deterministic, valid, and meaningful."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from relgraph.extract import Extractor
from relgraph.io import read_articles
from relgraph.ontology import load_ontology
from relgraph.rdf import validate_extraction
from relgraph.stores import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import corpus  # noqa: E402

RELATION_TYPES = {"MEETS", "VISITS", "SANCTIONS", "COOPERATES_WITH", "SUPPLIES_ARMS",
                  "CONDEMNS", "THREATENS", "FIGHTS", "SEVERS_TIES", "LEADER_OF"}


def test_articles_are_deterministic_by_seed_and_independent_of_count() -> None:
    five = list(corpus.articles(5, seed=3))
    assert five == list(corpus.articles(5, seed=3))
    assert list(corpus.articles(3, seed=3)) == five[:3]  # article i does not depend on n
    assert list(corpus.articles(2, seed=3, start=3)) == five[3:]
    other = list(corpus.articles(5, seed=4))
    assert [a["text"] for a in other] != [a["text"] for a in five]
    assert len({a["id"] for a in five + other}) == 10


def test_articles_look_like_news() -> None:
    items = list(corpus.articles(40, seed=1))
    words = [len(a["text"].split()) for a in items]
    # 400-700 words aimed at; the last paragraph may overshoot by a few sentences
    assert all(400 <= w <= 800 for w in words), words
    assert max(words) - min(words) > 100  # lengths vary
    assert len({a["published"] for a in items}) > 30
    assert all(a["title"] and "\n\n" in a["text"] for a in items)
    for a in items:  # frames are filled and varied, not one sentence over and over
        sentences = a["text"].replace("\n\n", " ").split(". ")
        assert len(set(sentences)) > 0.9 * len(sentences)


def test_generated_articles_yield_every_relation_type_through_the_extractor() -> None:
    extractor = Extractor()  # the shipped gazetteers the generator draws from
    found: Counter[str] = Counter()
    articles = [corpus.as_article(a) for a in corpus.articles(30, seed=0)]
    for record in extractor.extract_many(articles):
        validate_extraction(record)
        found.update(rel["type"] for rel in record["relations"])
    assert set(found) >= RELATION_TYPES, found
    assert all(found[t] >= 3 for t in RELATION_TYPES), found


def test_written_folder_and_jsonl_read_back_as_the_generated_articles(tmp_path: Path) -> None:
    items = list(corpus.articles(4, seed=2))
    assert corpus.write_txt(tmp_path / "txt", iter(items)) == 4
    assert corpus.write_jsonl(tmp_path / "a.jsonl", iter(items)) == 4
    for path in (tmp_path / "txt", tmp_path / "a.jsonl"):
        read = sorted(read_articles([path]), key=lambda a: a.id)
        assert [(a.id, a.title, a.published) for a in read] == [
            (i["id"], i["title"], i["published"]) for i in items
        ]
        assert [a.text.split() for a in read] == [i["text"].split() for i in items]


def test_records_are_deterministic_and_pass_the_schema() -> None:
    records = list(corpus.records(200, seed=5))
    assert records == list(corpus.records(200, seed=5))
    assert json.dumps(records) != json.dumps(list(corpus.records(200, seed=6)))
    onto = load_ontology()
    types: Counter[str] = Counter()
    for record in records:
        validate_extraction(record)  # raises on any schema or ontology problem
        types.update(rel["type"] for rel in record["relations"])
    assert set(types) == RELATION_TYPES
    assert {r["modality"] for rec in records for r in rec["relations"]} == set(onto.modalities)
    states = Counter(n["key"] for rec in records for n in rec["nodes"] if n["type"] == "State")
    busiest, _ = states.most_common(1)[0]
    assert busiest in corpus.BUSY[:3]  # some states are much busier than others
    assert states.most_common(1)[0][1] > 10 * min(states.values())


def test_records_load_into_the_embedded_store(tmp_path: Path) -> None:
    records = list(corpus.records(50, seed=7))
    expected = sum(len(r["relations"]) for r in records)
    with open_store(tmp_path / "store") as store:
        assert store.add(records).assertions_added == expected
        assert sum(store.stats()["assertions"].values()) == expected
        assert store.add(records).assertions_added == 0


@pytest.mark.parametrize("argv", [["3", "--records"], ["3"]])
def test_command_line_writes_jsonl(tmp_path: Path, argv: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    corpus.main([*argv, "--out", str(out)])
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3
    assert ("relations" in rows[0]) == ("--records" in argv)
