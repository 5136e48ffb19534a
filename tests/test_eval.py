"""relgraph eval: figures on hand-written fixtures, the matching rules, --errors and bad input.

The expected figures are worked out by hand in tests/data/eval/README.md.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import cli
from relgraph.errors import InputError
from relgraph.evaluate import (
    SCORED_TYPES,
    SYMMETRIC,
    event_type,
    load_gold,
    load_predictions,
    load_suite,
    predict,
    score_articles,
    score_peer,
    scored_records,
    suite_articles,
)
from relgraph.ontology import load_ontology

DATA = Path(__file__).parent / "data" / "eval"
FIGURES = DATA / "figures"
PEER = DATA / "peer"


def fig(p, r, f1, tp, fp, fn):
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


NONE = fig(0.0, 0.0, 0.0, 0, 0, 0)
ONE_TP = fig(1.0, 1.0, 1.0, 1, 0, 0)

EXPECTED_ARTICLES = {
    "articles": 2,
    "missing_predictions": [],
    "relations_state_level": fig(0.875, 0.875, 0.875, 7, 1, 1),
    "relations": fig(0.75, 0.8182, 0.7826, 9, 3, 2),
    "relations_with_modality": fig(0.6667, 0.7273, 0.6957, 8, 4, 3),
    "by_type": {
        "MEETS": fig(1.0, 1.0, 1.0, 2, 0, 0),
        "VISITS": ONE_TP,
        "SANCTIONS": ONE_TP,
        "COOPERATES_WITH": NONE,
        "SUPPLIES_ARMS": NONE,
        "CONDEMNS": fig(0.5, 1.0, 0.6667, 1, 1, 0),
        "THREATENS": fig(0.0, 0.0, 0.0, 0, 0, 1),
        "FIGHTS": NONE,
        "SEVERS_TIES": fig(0.5, 0.5, 0.5, 1, 1, 1),
        "LEADER_OF": fig(0.75, 1.0, 0.8571, 3, 1, 0),
    },
    "nodes": {
        "State": fig(0.875, 1.0, 0.9333, 7, 1, 0),
        "Leader": fig(1.0, 1.0, 1.0, 3, 0, 0),
        "Organization": ONE_TP,
        "Bloc": ONE_TP,
        "ArmedGroup": NONE,
    },
    "topics": fig(0.6667, 0.6667, 0.6667, 2, 1, 1),
}

EXPECTED_PEER = {
    "records_scored": 6,
    "records_skipped": 2,
    "missing_predictions": 1,
    "relations": fig(0.75, 0.6, 0.6667, 3, 1, 2),
    "by_type": {
        "FIGHTS": ONE_TP,
        "MEETS": fig(1.0, 0.5, 0.6667, 1, 0, 1),
        "SANCTIONS": fig(0.0, 0.0, 0.0, 0, 0, 1),
        "THREATENS": fig(0.0, 0.0, 0.0, 0, 1, 0),
        "VISITS": ONE_TP,
    },
}


def _run(*args, input=None):
    return CliRunner().invoke(cli, ["eval", *map(str, args)], input=input)


# --- figures -------------------------------------------------------------------


def test_eval_article_figures_from_predictions():
    result = _run(
        FIGURES / "gold", "--predictions", FIGURES / "predictions.jsonl", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == EXPECTED_ARTICLES


def test_eval_library_gives_the_same_figures():
    gold = load_gold(FIGURES / "gold")
    assert [g["id"] for g in gold] == ["alpha", "bravo"]
    result = score_articles(gold, load_predictions(FIGURES / "predictions.jsonl"))
    assert result == EXPECTED_ARTICLES


def test_eval_table_lists_every_figure():
    result = _run(FIGURES / "gold", "--predictions", FIGURES / "predictions.jsonl")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "articles: 2",
        "missing_predictions: []",
        "relations_state_level    P=0.875 R=0.875 F1=0.875  (tp=7 fp=1 fn=1)",
        "relations                P=0.750 R=0.818 F1=0.783  (tp=9 fp=3 fn=2)",
        "relations_with_modality  P=0.667 R=0.727 F1=0.696  (tp=8 fp=4 fn=3)",
    ]
    assert "  SEVERS_TIES        P=0.500 R=0.500 F1=0.500  (tp=1 fp=1 fn=1)" in lines
    assert "  State              P=0.875 R=1.000 F1=0.933  (tp=7 fp=1 fn=0)" in lines
    assert lines[-1] == "topics                   P=0.667 R=0.667 F1=0.667  (tp=2 fp=1 fn=1)"


def test_eval_predictions_from_stdin():
    text = (FIGURES / "predictions.jsonl").read_text(encoding="utf-8")
    result = _run(FIGURES / "gold", "--predictions", "-", "--format", "json", input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["relations"] == EXPECTED_ARTICLES["relations"]


def test_eval_missing_prediction_counts_as_empty_with_a_warning(tmp_path):
    preds = tmp_path / "p.jsonl"
    preds.write_text(
        (FIGURES / "predictions.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n"
    )
    result = _run(FIGURES / "gold", "--predictions", preds, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["missing_predictions"] == ["bravo"]
    # alpha as before (tp 7, fp 1, fn 1 exact); bravo's 3 gold relations all missed
    assert data["relations"] == fig(0.875, 0.6364, 0.7368, 7, 1, 4)
    assert "warning:" in result.stderr and "'bravo'" in result.stderr


def test_eval_end_to_end_extracts_the_default_articles_folder():
    """extract/gold/../articles is read by default; two plain sentences, extracted for real."""
    result = _run(DATA / "extract" / "gold", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["missing_predictions"] == []
    assert data["relations"] == fig(1.0, 1.0, 1.0, 2, 0, 0)
    assert data["relations_with_modality"]["tp"] == 2
    assert data["nodes"]["State"]["tp"] == 3


# --- the matching rules, one at a time ------------------------------------------


def _score(gold_nodes, gold_rels, pred_nodes, pred_rels):
    gold = [{"id": "a", "nodes": gold_nodes, "relations": gold_rels, "topics": []}]
    return score_articles(gold, {"a": {"nodes": pred_nodes, "relations": pred_rels}})


def _rel(t, s, o, modality="asserted"):
    return {"type": t, "source": s, "target": o, "modality": modality}


PUTIN = [{"type": "Leader", "key": "vladimir-putin"}, {"type": "State", "key": "RUS"}]


@pytest.mark.parametrize(
    ("key", "kind", "matches"),
    [
        ("vladimir-putin", "Leader", True),
        ("putin", "Leader", True),  # token subset sharing the last token
        ("Vladimir_Putin", "Leader", True),  # case and underscores
        (
            "vladimir-vladimirovich-putin",
            "Leader",
            True,
        ),  # gold tokens a subset of the prediction's
        ("putin", None, False),  # undeclared, no hyphen: not read as a slug
        ("v-putin", None, False),  # undeclared slug, tokens not a subset either way
        ("vladimir", "Leader", False),  # different last token
        ("mr-putin", "Leader", False),  # neither is a subset of the other
        ("putin", "State", False),  # a State key is compared in upper case
    ],
)
def test_leader_slugs_match_by_tokens(key, kind, matches):
    pred_nodes = [{"type": kind, "key": key}] if kind else []
    result = _score(
        PUTIN, [_rel("VISITS", "vladimir-putin", "PRK")], pred_nodes, [_rel("VISITS", key, "PRK")]
    )
    assert result["relations"]["tp"] == (1 if matches else 0)


@pytest.mark.parametrize(("t", "matches"), [("MEETS", True), ("FIGHTS", True), ("COOPERATES_WITH", True),
                                             ("VISITS", False), ("CONDEMNS", False)])  # fmt: skip
def test_only_symmetric_types_match_in_reverse_order(t, matches):
    result = _score([], [_rel(t, "FRA", "DEU")], [], [_rel(t, "DEU", "FRA")])
    assert result["relations"]["tp"] == (1 if matches else 0)


def test_state_level_lifts_leaders_through_the_first_non_negated_leader_of():
    gold_rels = [_rel("SEVERS_TIES", "VEN", "COL")]
    pred_nodes = [{"type": "Leader", "key": "hugo-chavez"}]
    lifted = [_rel("LEADER_OF", "hugo-chavez", "VEN"), _rel("SEVERS_TIES", "hugo-chavez", "COL")]
    result = _score([], gold_rels, pred_nodes, lifted)
    assert result["relations"]["tp"] == 0  # exact: the leader is not the state
    assert result["relations_state_level"] == ONE_TP
    negated_first = [_rel("LEADER_OF", "hugo-chavez", "COL", "negated"), *lifted]
    assert _score([], gold_rels, pred_nodes, negated_first)["relations_state_level"] == ONE_TP
    other_first = [
        _rel("LEADER_OF", "hugo-chavez", "COL"),
        *lifted,
    ]  # lifts to COL: a self-loop, dropped
    assert _score([], gold_rels, pred_nodes, other_first)["relations_state_level"] == fig(
        0.0, 0.0, 0.0, 0, 0, 1
    )


def test_negated_relation_matches_only_without_modality():
    result = _score([], [_rel("MEETS", "FRA", "DEU", "negated")], [], [_rel("MEETS", "DEU", "FRA")])
    assert result["relations"] == ONE_TP
    assert result["relations_with_modality"] == fig(0.0, 0.0, 0.0, 0, 1, 1)
    same = _score(
        [], [_rel("MEETS", "FRA", "DEU", "negated")], [], [_rel("MEETS", "DEU", "FRA", "negated")]
    )
    assert same["relations_with_modality"] == ONE_TP


def test_each_distinct_relation_counts_once_and_unscored_types_are_ignored():
    pred = [
        _rel("MEETS", "FRA", "DEU"),
        _rel("MEETS", "DEU", "FRA"),
        _rel("MEMBER_OF", "FRA", "EU"),
    ]
    result = _score([], [_rel("MEETS", "DEU", "FRA")], [], pred)
    assert result["relations"] == ONE_TP


def test_scorer_constants_agree_with_the_ontology():
    onto = load_ontology()
    assert set(SCORED_TYPES) == set(onto.relations) - {"MEMBER_OF"}
    assert onto.symmetric == SYMMETRIC


# --- --errors -------------------------------------------------------------------


def test_errors_lists_false_positives_and_negatives_with_sentences():
    result = _run(FIGURES / "gold", "--predictions", FIGURES / "predictions.jsonl", "--errors")
    assert result.exit_code == 0, result.output
    out = result.stdout
    alpha = out[out.index("article alpha") : out.index("article bravo")].splitlines()
    assert alpha == [
        "article alpha: 2 false positives, 2 false negatives",
        "  FP  SEVERS_TIES FRA -> PRK [asserted]  (gold has it as negated)",
        "      \u201cFrance did not break off relations with North Korea.\u201d",
        "  FP  CONDEMNS the-west -> PRK [asserted]",
        "      \u201cWestern governments condemned Pyongyang's missile launches.\u201d",
        "  FN  SEVERS_TIES FRA -> PRK [negated]  (predicted as asserted)",
        "      \u201cFrance did not break off relations with North Korea.\u201d",
        "  FN  THREATENS PRK -> FRA [asserted]",
        "      \u201cNorth Korea threatened France with retaliation.\u201d",
        "",
    ]
    assert "article bravo: 2 false positives, 1 false negative" in out
    assert "  FP  SEVERS_TIES hugo-chavez -> COL [asserted]" in out
    assert "  FN  SEVERS_TIES VEN -> COL [asserted]" in out
    # the figures follow the list
    assert out.rstrip().endswith(
        "topics                   P=0.667 R=0.667 F1=0.667  (tp=2 fp=1 fn=1)"
    )


def test_errors_in_json_name_the_article_and_evidence():
    result = _run(
        FIGURES / "gold",
        "--predictions",
        FIGURES / "predictions.jsonl",
        "--errors",
        "--format",
        "json",
    )
    data = json.loads(result.stdout)
    bravo = next(e for e in data["errors"] if e["id"] == "bravo")
    assert bravo["false_negatives"] == [
        {
            "type": "SEVERS_TIES",
            "source": "VEN",
            "target": "COL",
            "modality": "asserted",
            "evidence": "Chávez broke off diplomatic relations with Colombia on Thursday.",
            "predicted_modalities": [],
        }
    ]
    assert [(e["type"], e["modality"]) for e in bravo["false_positives"]] == [
        ("LEADER_OF", "negated"),
        ("SEVERS_TIES", "asserted"),
    ]


# --- peer suites -------------------------------------------------------------------


def test_peer_figures_from_predictions():
    result = _run("--peer", PEER / "suite.jsonl", "--suite", "s", "--predictions", PEER / "predictions.jsonl",
                  "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == EXPECTED_PEER
    assert "warning: 1 scored record" in result.stderr


def test_peer_without_suite_filter_scores_every_suite():
    result = score_peer(
        load_suite(PEER / "suite.jsonl"), load_predictions(PEER / "predictions.jsonl")
    )
    assert result["records_scored"] == 7
    assert result["relations"] == fig(0.8, 0.6667, 0.7273, 4, 1, 2)
    assert result["by_type"]["CONDEMNS"] == ONE_TP


def test_peer_errors_quote_the_record():
    result = _run("--peer", PEER / "suite.jsonl", "--suite", "s", "--predictions", PEER / "predictions.jsonl",
                  "--errors")  # fmt: skip
    out = result.stdout
    assert "record p6: 1 false positive, 0 false negatives\n  FP  THREATENS ISR -> IRN\n" in out
    assert (
        "record p11: no prediction; 0 false positives, 1 false negative\n"
        "  FN  MEETS JPN <-> USA\n      \u201cJapanese and American officials consulted.\u201d\n"
    ) in out


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("CONSULT", ("MEETS", False)),
        ("SANCTION", ("SANCTIONS", False)),
        ("COERCE", (None, False)),
        ("0431", ("VISITS", True)),  # hosting a visit: the guest visits the host
        ("042", ("VISITS", False)),
        ("0332", ("SUPPLIES_ARMS", False)),
        ("036", (None, False)),
        ("057", ("COOPERATES_WITH", False)),
        ("051", (None, False)),
        ("1612", ("SEVERS_TIES", False)),
        ("172", (None, False)),
        ("195", ("FIGHTS", False)),
    ],
)
def test_event_codes_map_to_relation_types(code, expected):
    assert event_type(code) == expected


def test_peer_extraction_covers_only_scored_records(extractor):
    records = load_suite(PEER / "suite.jsonl", "s")
    articles = suite_articles(scored_records(records))
    assert [a.id for a in articles] == ["p1", "p2", "p5", "p6", "p10", "p11"]
    assert articles[0].text == "France and Germany held talks."
    preds = predict(extractor, articles)
    assert set(preds) == {"p1", "p2", "p5", "p6", "p10", "p11"}


# --- bad input -----------------------------------------------------------------------


def _gold_dir(tmp_path, files):
    gold = tmp_path / "gold"
    gold.mkdir()
    for name, text in files.items():
        (gold / name).write_text(text, encoding="utf-8")
    return gold


def _one_line_error(result, *fragments):
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_error_missing_gold_dir(tmp_path):
    _one_line_error(_run(tmp_path / "nope"), "nope: no such folder", "gold NAME.json")


def test_error_gold_dir_without_json(tmp_path):
    _one_line_error(_run(_gold_dir(tmp_path, {"notes.txt": "x"})), "no gold files (*.json)")


def test_error_invalid_gold_json_names_file_and_line(tmp_path):
    gold = _gold_dir(tmp_path, {"a.json": '{\n  "id": "a",\n  "nodes": [,]\n}\n'})
    _one_line_error(
        _run(gold, "--predictions", FIGURES / "predictions.jsonl"), "a.json:3: invalid JSON"
    )


def test_error_bad_modality_names_file_line_and_expected_values(tmp_path):
    text = (FIGURES / "gold" / "bravo.json").read_text(encoding="utf-8")
    text = text.replace(
        '"modality": "asserted",\n      "evidence": "Washington',
        '"modality": "assertd",\n      "evidence": "Washington',
    )
    gold = _gold_dir(tmp_path, {"bravo.json": text})
    line = text[: text.index('"assertd"')].count("\n") + 1
    _one_line_error(
        _run(gold, "--predictions", FIGURES / "predictions.jsonl"),
        f"bravo.json:{line}: relations[2]: 'modality' 'assertd' is not valid",
        "expected one of asserted, planned, reported, negated",
    )


@pytest.mark.parametrize(
    ("gold", "fragments"),
    [
        ('["a"]', ["a.json:1:", "expected a JSON object"]),
        (
            '{"relations": [{"type": "MEETS", "source": "FRA"}]}',
            ["a.json:1: relations[0]: 'target' missing"],
        ),
        (
            '{"relations": [{"type": "MET", "source": "FRA", "target": "DEU"}]}',
            ["'type' 'MET' is not valid", "MEETS"],
        ),
        ('{"nodes": [{"type": "Country", "key": "FRA"}]}', ["nodes[0]: 'type' 'Country'", "State"]),
        ('{"topics": ["sanction"]}', ["topics: 'sanction' is not a topic", "sanctions"]),
        ('{"nodes": {"FRA": "State"}}', ["nodes: expected a list, got an object"]),
    ],
)
def test_error_gold_shape(tmp_path, gold, fragments):
    _one_line_error(
        _run(_gold_dir(tmp_path, {"a.json": gold}), "--predictions", FIGURES / "predictions.jsonl"),
        *fragments,
    )


def test_error_duplicate_gold_id(tmp_path):
    gold = _gold_dir(tmp_path, {"a.json": '{"id": "x"}', "b.json": '{"id": "x"}'})
    _one_line_error(
        _run(gold, "--predictions", FIGURES / "predictions.jsonl"),
        "b.json: id 'x' is already the id of",
    )


def test_error_gold_without_matching_article(tmp_path):
    shutil.copytree(DATA / "extract", tmp_path / "extract")
    (tmp_path / "extract" / "gold" / "lost.json").write_text('{"id": "lost"}', encoding="utf-8")
    _one_line_error(
        _run(tmp_path / "extract" / "gold"), "no article for id 'lost'", "match gold by id"
    )


def test_error_default_articles_folder_missing():
    _one_line_error(_run(FIGURES / "gold"), "articles: no such folder", "--predictions")


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ('{"id": "alpha"}\nnot json\n', ["p.jsonl:2: invalid JSON"]),
        ('[{"id": "alpha"}]\n', ["p.jsonl:1:", "got a list", "--format jsonl"]),
        ('{"title": "no id"}\n', ["p.jsonl:1: missing 'id'"]),
        (
            '{"id": "a", "relations": [{"type": "MEETS", "target": "FRA"}]}\n',
            ["p.jsonl:1: relations[0]: 'source' missing"],
        ),
        ("\n", ["p.jsonl: no predictions"]),
    ],
)
def test_error_bad_predictions(tmp_path, content, fragments):
    preds = tmp_path / "p.jsonl"
    preds.write_text(content, encoding="utf-8")
    _one_line_error(_run(FIGURES / "gold", "--predictions", preds), *fragments)


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        ([], ["missing GOLD_DIR"]),
        ([FIGURES / "gold", "--suite", "s"], ["--suite NAME goes with --peer"]),
        ([FIGURES / "gold", "--peer", PEER / "suite.jsonl"], ["--peer SUITE.jsonl replaces GOLD_DIR"]),
        ([FIGURES / "gold", DATA / "extract" / "articles", "--predictions", FIGURES / "predictions.jsonl"],
         ["not both"]),
        (["--peer", PEER / "suite.jsonl", "--suite", "gsr"], ["no record of suite 'gsr'", "suites in this file: s, other"]),
        (["--peer", PEER / "missing.jsonl"], ["missing.jsonl: no such file"]),
    ],
)  # fmt: skip
def test_error_bad_arguments(args, fragments):
    _one_line_error(_run(*args), *fragments)


def test_error_bad_suite_line(tmp_path):
    suite = tmp_path / "s.jsonl"
    suite.write_text(
        '{"id": "a", "text": "x", "expected": [{"source": 3, "code": "040"}]}\n', encoding="utf-8"
    )
    _one_line_error(_run("--peer", suite), "s.jsonl:1: expected[0]: 'source' must be an actor code")


def test_load_gold_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="no gold files"):
        load_gold(tmp_path)
