"""validate_extraction's fast path accepts nothing the JSON Schema rejects."""

from __future__ import annotations

import copy
import random
import sys
from pathlib import Path

from relgraph import rdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import corpus  # noqa: E402

ODD = [None, "", " ", "x\n", "\nx", 1, 1.5, True, -0.1, 1.1, [], {}, "2024-02-30", "2024-13-01",
       "24-01-01", "Q0", "Q12", "usa", "USA", "a b", "asserted", "State", "trade", "x" * 201,
       "ab" * 16, "AB" * 16, "ab" * 17]
TOP = ["id", "title", "published", "url", "source", "license", "input_hash", "nodes", "topics",
       "relations", "other"]
NODE = ["type", "key", "name", "wikidata", "other"]
REL = ["type", "source", "target", "modality", "confidence", "date", "evidence", "rule", "role",
       "domain", "channel", "other"]


def _schema_accepts(record: object) -> bool:
    return next(iter(rdf._validator().iter_errors(record)), None) is None


def test_plain_records_take_the_fast_path() -> None:
    for record in corpus.records(50, seed=11):
        assert rdf._plainly_valid(record) and _schema_accepts(record)


def test_fast_path_accepts_nothing_the_schema_rejects() -> None:
    rng = random.Random(5)
    records = list(corpus.records(60, seed=12))
    rejected = 0
    for record in records:
        for _ in range(40):
            m = copy.deepcopy(record)
            value = rng.choice(ODD)
            where = rng.choice(["top", "node", "rel", "topic", "drop"])
            if where == "top":
                m[rng.choice(TOP)] = value
            elif where == "node":
                m["nodes"][rng.randrange(len(m["nodes"]))][rng.choice(NODE)] = value
            elif where == "rel":
                m["relations"][rng.randrange(len(m["relations"]))][rng.choice(REL)] = value
            elif where == "topic":
                m["topics"].append(value)
            else:
                m.pop(rng.choice(TOP), None)
            if rdf._plainly_valid(m):
                assert _schema_accepts(m), (where, value)
            else:
                rejected += 1
    assert rejected > 1000  # the mutations do reach the full validation
