"""relgraph.spark and `relgraph spark-extract`: real Spark on local[2], compared with extract_many."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import cli
from relgraph.errors import InputError
from relgraph.extract import Extractor
from relgraph.io import read_articles
from relgraph.rdf import assertion_id

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
COLUMNS = ("id", "text", "title", "published", "url", "source", "license")


@pytest.fixture(scope="module")
def spark():
    """One local[2] session for the module (Spark takes seconds to start)."""
    from relgraph.spark import spark_session

    session = spark_session(
        "local[2]",
        app_name="relgraph tests",
        conf={"spark.sql.shuffle.partitions": "4", "spark.default.parallelism": "2"},
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def articles():
    extra = [
        # quotes, commas and a line break inside the text; no title, no date
        ("x1", 'Japan condemned North Korea, calling the test "reckless".\nIt was the third.'),
        ("x2", "Germany and France signed a defence cooperation pact in Paris on Tuesday."),
    ]
    from relgraph.model import Article

    return list(read_articles([ARTICLES])) + [Article(id=i, text=t) for i, t in extra]


@pytest.fixture(scope="module")
def records(articles):
    """What extraction gives on one machine: the reference for every comparison."""
    return list(Extractor().extract_many(articles))


@pytest.fixture(scope="module")
def frame(spark, articles):
    rows = [tuple(getattr(a, c) for c in COLUMNS) for a in articles]
    return spark.createDataFrame(rows, ", ".join(f"{c} string" for c in COLUMNS)).repartition(2)


@pytest.fixture(scope="module")
def result(frame):
    from relgraph.spark import extract_dataframe

    res = extract_dataframe(frame)
    yield res
    res.unpersist()


def _expected_assertions(records):
    rows = []
    for rec in records:
        kinds = {n["key"]: n["type"] for n in rec["nodes"]}
        for rel in rec["relations"]:
            rows.append(
                {
                    "article_id": rec["id"],
                    "assertion_id": assertion_id(rec["id"], rel),
                    "type": rel["type"],
                    "source": rel["source"],
                    "source_kind": kinds[rel["source"]],
                    "target": rel["target"],
                    "target_kind": kinds[rel["target"]],
                    "modality": rel["modality"],
                    "date": rel.get("date"),
                    "confidence": rel.get("confidence"),
                    "evidence": rel["evidence"],
                    "rule": rel.get("rule"),
                    "role": rel.get("role"),
                    "domain": rel.get("domain"),
                    "channel": rel.get("channel"),
                }
            )
    return rows


def _plain(row):
    """A Spark Row as a dict, dates as ISO strings."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in row.asDict().items()}


def _key(row):
    return json.dumps(row, sort_keys=True, default=str)


def test_assertions_equal_extract_many(result, records):
    got = [_plain(r) for r in result.assertions.collect()]
    want = _expected_assertions(records)
    assert len(want) > 30  # the sample articles say a lot; an empty result cannot pass
    assert sorted(got, key=_key) == sorted(want, key=_key)
    assert result.assertions.columns == list(want[0])


def test_records_keep_each_articles_order(result, records):
    rows = result.records.where("error IS NULL").collect()
    by_article = {r.id: [(x.type, x.evidence) for x in r.relations] for r in rows}
    assert by_article == {
        rec["id"]: [(x["type"], x["evidence"]) for x in rec["relations"]] for rec in records
    }


def test_nodes_deduplicated_across_articles(result, records):
    from relgraph.spark import node_rows

    got = sorted((_plain(r) for r in result.nodes.collect()), key=_key)
    assert got == sorted(node_rows(records), key=_key)
    keys = [(r["kind"], r["key"]) for r in got]
    assert len(keys) == len(set(keys))
    mentioned = {(n["type"], n["key"]) for rec in records for n in rec["nodes"]}
    assert set(keys) == mentioned
    # an entity named by several articles is one row counting them all
    counts = {(r["kind"], r["key"]): r["articles"] for r in got}
    assert max(counts.values()) > 1
    assert counts[("State", "RUS")] == sum(
        any(n["key"] == "RUS" for n in rec["nodes"]) for rec in records
    )


def test_articles_carry_metadata_and_topics(result, records):
    got = sorted((_plain(r) for r in result.articles.collect()), key=lambda r: r["id"])
    want = sorted(
        (
            {
                k: rec.get(k)
                for k in ("id", "title", "published", "url", "source", "license", "input_hash")
            }
            | {"topics": rec["topics"]}
            for rec in records
        ),
        key=lambda r: r["id"],
    )
    assert got == want
    assert any(r["published"] for r in got) and any(r["topics"] for r in got)
    assert result.errors.count() == 0


def test_bad_rows_are_reported_and_the_rest_extracted(spark):
    from relgraph.spark import extract_dataframe

    df = spark.createDataFrame(
        [
            ("ok", "France imposed sanctions on Iran.", "2024-06-19T08:30:00Z"),
            ("blank", "   ", None),
            ("null", None, None),
            ("when", "Chile and Peru met.", "31/07/2014"),
            (None, "Japan condemned North Korea.", None),
        ],
        "id string, text string, published string",
    )
    res = extract_dataframe(df, origin="feed.parquet", persist=False)
    errors = dict(res.errors.collect())
    assert errors == {
        "blank": "feed.parquet: row id 'blank': empty article; expected some text",
        "null": "feed.parquet: row id 'null': no text (the 'text' column is null)",
        "when": "feed.parquet: row id 'when': invalid published date '31/07/2014'; expected "
        "an ISO date such as 2024-06-19 or a datetime such as 2024-06-19T08:30:00Z",
    }
    arts = {r.id: r for r in res.articles.collect()}
    assert arts["ok"].published == date(2024, 6, 19)
    # a row without id gets the hash of its text, as read_articles gives it
    from relgraph.model import text_id

    assert set(arts) == {"ok", text_id("Japan condemned North Korea.")}
    types = {(r.article_id, r.type, r.source, r.target) for r in res.assertions.collect()}
    assert ("ok", "SANCTIONS", "FRA", "IRN") in types


def test_missing_and_mistyped_columns_are_named(spark):
    from relgraph.spark import extract_dataframe

    df = spark.createDataFrame([("a", "Oslo hosted talks.")], "key string, body string")
    with pytest.raises(
        InputError, match=r"^in.parquet: no 'text' column .*found columns: 'key', 'body'$"
    ):
        extract_dataframe(df, origin="in.parquet")
    with pytest.raises(InputError, match=r"no column 'article_id' \(given for id\)"):
        extract_dataframe(df, text_col="body", id_col="article_id")
    numbers = spark.createDataFrame([(1, 2)], "id int, text int")
    with pytest.raises(InputError, match="column 'text' must hold strings .* found int"):
        extract_dataframe(numbers)
    # other columns by name, in any case; default columns that are absent are null
    res = extract_dataframe(df.withColumnRenamed("key", "ID"), text_col="Body", persist=False)
    assert [(r.id, r.title) for r in res.articles.collect()] == [("a", None)]


# ------------------------------------------------------------------ the CLI
def _read(spark, path):
    return [_plain(r) for r in spark.read.parquet(str(path)).collect()]


def test_cli_writes_parquet_equal_to_extract_many(spark, tmp_path, records):
    from relgraph.spark import node_rows

    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["spark-extract", str(ARTICLES), str(out)])
    assert res.exit_code == 0, res.output
    ids = {a.id for a in read_articles([ARTICLES])}
    records = [r for r in records if r["id"] in ids]  # the module's records, less the extras
    want = _expected_assertions(records)
    assert sorted(_read(spark, out / "assertions"), key=_key) == sorted(want, key=_key)
    nodes = _read(spark, out / "nodes")
    assert sorted(nodes, key=_key) == sorted(node_rows(records), key=_key)
    assert sorted(r["id"] for r in _read(spark, out / "articles")) == sorted(
        r["id"] for r in records
    )
    assert res.output.strip().splitlines()[-1] == (
        f"{len(records)} articles extracted: {len(nodes)} nodes and {len(want)} assertions; "
        f"Parquet written to {out}/articles, {out}/nodes, {out}/assertions"
    )
    assert not (out / "errors").exists()
    # a second run into the same folder needs --overwrite
    again = CliRunner().invoke(cli, ["spark-extract", str(ARTICLES), str(out)])
    assert again.exit_code == 1
    assert f"{out}: folder is not empty; choose a new one or give --overwrite" in again.output
    assert "Traceback" not in again.output


def test_cli_jsonl_bad_lines_reported_rest_written(spark, tmp_path):
    src = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {"id": 7, "text": "France imposed sanctions on Iran.", "published": "2024-06-19"}
        ),
        "{not json",
        json.dumps({"id": "e", "text": ""}),
        json.dumps(
            {"id": "q", "text": 'Japan condemned North Korea, "firmly".', "title": 'T, "q"'}
        ),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["spark-extract", str(src), str(out)])
    assert res.exit_code == 1
    errs = res.stderr.splitlines()
    assert f"error: {src}: row without id: not a valid record ({{not json)" in errs
    assert f"error: {src}: row id 'e': empty article; expected some text" in errs
    assert errs[-1] == "2 input(s) skipped because of errors (see above)"
    arts = {r["id"]: r for r in _read(spark, out / "articles")}
    assert set(arts) == {"7", "q"}
    assert arts["q"]["title"] == 'T, "q"'
    assert len(_read(spark, out / "errors")) == 2
    assert {(r["article_id"], r["type"]) for r in _read(spark, out / "assertions")} >= {
        ("7", "SANCTIONS"),
        ("q", "CONDEMNS"),
    }


def test_cli_csv_quoting_and_missing_column(spark, tmp_path):
    good = tmp_path / "a.csv"
    good.write_text(
        'ID,Text,Published\n1,"Japan condemned North Korea, calling it ""reckless"".\n'
        'Seoul agreed.",2024-01-02\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["spark-extract", str(good), str(out)])
    assert res.exit_code == 0, res.output
    (art,) = _read(spark, out / "articles")
    assert (art["id"], art["published"]) == ("1", "2024-01-02")
    assert any(
        r["evidence"].startswith('Japan condemned North Korea, calling it "reckless"')
        for r in _read(spark, out / "assertions")
    )
    bad = tmp_path / "b.csv"
    bad.write_text("id,body\n1,Oslo hosted talks.\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["spark-extract", str(bad), str(tmp_path / "o2")])
    assert res.exit_code == 1
    assert res.output.strip() == (
        f"Error: {bad}: no 'text' column (the article text); found columns: 'id', 'body'"
    )


def test_cli_missing_input_is_one_line(spark, tmp_path):
    res = CliRunner().invoke(cli, ["spark-extract", str(tmp_path / "nope.parquet"), "o"])
    assert res.exit_code == 1
    assert res.output.strip() == f"Error: {tmp_path / 'nope.parquet'}: no such file or directory"


def test_cli_without_java_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env["PATH"] = str(Path(sys.executable).parent)  # the venv's bin: no java there
    proc = subprocess.run(
        [sys.executable, "-m", "relgraph", "spark-extract", str(ARTICLES), str(tmp_path / "o")],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        "Error: Spark needs a Java runtime (17 or later) and none was found: install one "
        "(Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
    )
    assert not (tmp_path / "o").exists()


def test_cli_bad_master_is_one_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "relgraph", "spark-extract", str(ARTICLES), str(tmp_path / "o"),
         "--master", "spark:/host"],
        check=False, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        "Error: Spark master 'spark:/host': expected local, local[N], local[*], "
        "spark://HOST:PORT, yarn or k8s://HOST:PORT"
    )


@pytest.mark.parametrize("master", ["local", "local[2]", "local[*]", "local[4,2]", "yarn",
                                    "spark://h:7077", "k8s://https://h:443"])  # fmt: skip
def test_master_urls_spark_accepts(master):
    from relgraph.spark import _MASTER

    assert _MASTER.match(master)
