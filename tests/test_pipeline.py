"""Extraction output meets the contract in schema/: JSON Schema and SHACL."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from relgraph.extract import Extractor
from relgraph.io import read_articles
from relgraph.model import Article
from relgraph.rdf import records_to_dataset, validate_extraction, validate_shacl

ROOT = Path(__file__).resolve().parents[1]


def test_pipeline_sample_records_pass_json_schema_and_shacl():
    ex = Extractor()
    records = list(ex.extract_many(read_articles([ROOT / "data" / "articles"])))
    assert len(records) == 5
    for rec in records:
        validate_extraction(rec)
    conforms, report = validate_shacl(records_to_dataset(records))
    assert conforms, report


_WORDS = st.sampled_from(
    ["Russia", "the West", "imposed", "sanctions", "on", "met", "with", "Kim", "President", "the two leaders",
     "both countries", "He", "not", "will", "reportedly", ",", ".", "and", "by", "from", "'s", "\n\n", "Iran",
     "visited", "attacked", "war", "agreed", "NATO", "Hamas", "«", "é", "😀", ":", "-", "between"]
)


@settings(max_examples=150, deadline=None)
@given(words=st.lists(_WORDS, max_size=40), noise=st.text(max_size=30))
def test_pipeline_never_raises_and_output_is_valid(extractor, words, noise):
    text = " ".join(words) + noise
    rec = extractor.extract(Article(id="h", text=text or "x", published="2020-02-02"))
    validate_extraction(rec)
    for r in rec["relations"]:
        assert r["source"] != r["target"]
        assert r["evidence"]
