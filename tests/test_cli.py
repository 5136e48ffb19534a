"""The command line, end to end against a real on-disk store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "articles"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    """The bundled sample articles ingested once into a fresh store."""
    store = tmp_path_factory.mktemp("store") / "graph"
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_cli_ingest_then_shared_sanctions_exposure(sample_store):
    result = _run("query", "shared_sanctions_exposure", "--store", sample_store, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    row = next(r for r in rows if (r["state_a"], r["state_b"]) == ("PRK", "RUS"))
    assert "the-west" in row["sanctioners"]
    assert isinstance(row["assertions"], int) and row["assertions"] >= 2


def test_cli_ingest_twice_adds_nothing(sample_store):
    before = json.loads(_run("stats", "--store", sample_store, "--format", "json").output)
    result = _run("ingest", SAMPLES, "--store", sample_store)
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated, 5 unchanged (5 without extracting them again); 0 nodes and 0 assertions added" in result.output
    after = json.loads(_run("stats", "--store", sample_store, "--format", "json").output)
    assert after == before


def test_cli_extract_worked_example():
    """The worked example of the ontology, on the project's sample article."""
    result = _run("extract", SAMPLES / "seed.txt", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rec = json.loads(result.output)
    rels = {(r["type"], r["source"], r["target"], r["modality"], r.get("domain")) for r in rec["relations"]}
    for expected in [
        ("VISITS", "vladimir-putin", "PRK", "asserted", None),
        ("MEETS", "kim-jong-un", "vladimir-putin", "planned", None),
        ("SANCTIONS", "the-west", "RUS", "asserted", None),
        ("SANCTIONS", "the-west", "PRK", "asserted", None),
        ("COOPERATES_WITH", "PRK", "RUS", "planned", "economic"),
        ("COOPERATES_WITH", "PRK", "RUS", "planned", "military"),
        ("SUPPLIES_ARMS", "PRK", "RUS", "reported", None),
        ("FIGHTS", "RUS", "UKR", "asserted", None),
        ("CONDEMNS", "the-west", "RUS", "asserted", None),
        ("CONDEMNS", "the-west", "PRK", "asserted", None),
    ]:
        assert expected in rels
    roles = {(r["source"], r["target"], r["role"]) for r in rec["relations"] if r["type"] == "LEADER_OF"}
    assert {("vladimir-putin", "RUS", "president"), ("kim-jong-un", "PRK", "supreme-leader")} <= roles
    assert {"State:RUS", "State:PRK", "State:UKR", "Bloc:the-west"} <= {f"{n['type']}:{n['key']}" for n in rec["nodes"]}


def test_cli_extract_explain_names_rule_and_confidence(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Sanctions\n\nFrance imposed sanctions on Iran.\n", encoding="utf-8")
    result = _run("extract", art, "--explain")
    assert result.exit_code == 0
    assert "SANCTIONS FRA -> IRN [asserted]" in result.output
    assert "rule=sanctions." in result.output and "conf=" in result.output


def test_cli_queries_lists_nine_named_questions():
    result = _run("queries")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines() if line and not line.startswith(" ")]
    assert sorted(names) == sorted(
        ["shared_sanctions_exposure", "leader_meetings", "cooperation_network", "state_profile",
         "path_between", "arms_flows", "adversaries", "topic_states", "timeline"]
    )
    assert "state_profile -p iso3 ISO3" in result.output


def test_cli_sparql_ad_hoc(sample_store):
    result = _run("sparql", "SELECT ?k WHERE { ?s a rg:Bloc ; rg:key ?k } ORDER BY ?k", "--store", sample_store,
                  "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "the-west" in result.output.splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "no_such_query"], "unknown query 'no_such_query'"),
        (["query", "state_profile"], "needs parameter 'iso3'"),
        (["extract", "/nonexistent/file.txt"], "/nonexistent/file.txt"),
    ],
)
def test_cli_errors_are_one_line_without_traceback(sample_store, args, message):
    result = _run(*args, *(["--store", sample_store] if args[0] == "query" else []))
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) <= 2


def test_cli_query_on_missing_store_is_a_clear_error(tmp_path):
    result = _run("query", "adversaries", "--store", tmp_path / "none")
    assert result.exit_code == 1
    assert str(tmp_path / "none") in result.output
    assert "Traceback" not in result.output


def test_cli_bad_line_is_skipped_and_rest_stored(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "ok1", "text": "France imposed sanctions on Iran."}\n'
        "{not json\n"
        '{"id": "ok2", "text": "Germany condemned Iran."}\n',
        encoding="utf-8",
    )
    store = tmp_path / "st"
    result = _run("ingest", src, "--store", store)
    assert result.exit_code == 1
    assert f"{src}:2:" in result.output
    assert "2 articles read: 2 added" in result.output
    rows = json.loads(_run("query", "adversaries", "--store", store, "--format", "json").output)
    assert {("FRA", "IRN"), ("DEU", "IRN")} <= {(r["actor_a"], r["actor_b"]) for r in rows}


def test_cli_on_error_fail_stops_with_status_2(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{not json\n{"id": "x", "text": "France met Iran."}\n', encoding="utf-8")
    result = _run("ingest", src, "--store", tmp_path / "st", "--on-error", "fail")
    assert result.exit_code == 2
    assert f"{src}:1:" in result.output


def test_cli_every_command_has_help():
    for name, command in cli.commands.items():
        assert command.help and "Example:" in command.help, name


def test_cli_python_dash_m_runs():
    out = subprocess.run([sys.executable, "-m", "relgraph", "--help"], capture_output=True, text=True, check=True)
    assert "ingest" in out.stdout and "query" in out.stdout
