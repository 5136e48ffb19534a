"""Named queries: header parsing, parameter checks, exact rows on the corpus, output formats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from relgraph.errors import QueryError
from relgraph.query import format_rows, get_query, list_queries, run_named
from relgraph.query.named import parse_query
from relgraph.resources import queries_dir
from relgraph.stores import QueryResult, open_store

CORPUS = Path(__file__).parent / "data" / "extractions.jsonl"
NAMES = [
    "adversaries", "arms_flows", "cooperation_network", "leader_meetings", "path_between",
    "shared_sanctions_exposure", "state_profile", "timeline", "topic_states",
]


def _records() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def ox_store(tmp_path_factory: pytest.TempPathFactory):
    """The corpus in an embedded (SPARQL) store."""
    with open_store(tmp_path_factory.mktemp("q") / "store") as s:
        s.add(_records())
        yield s


@pytest.fixture(
    scope="module", params=["sparql", pytest.param("cypher", marks=pytest.mark.neo4j)]
)
def store(request: pytest.FixtureRequest, ox_store):
    """The corpus in each backend: every answer below is checked in SPARQL and in Cypher."""
    if request.param == "sparql":
        yield ox_store
        return
    target = request.getfixturevalue("bolt_server")
    target.wipe()
    with target.open_store() as s:
        s.add(_records())
        yield s


# ------------------------------------------------------------- query files
@pytest.mark.parametrize("language", ["sparql", "cypher"])
def test_every_named_question_has_a_file_in_each_language(language: str) -> None:
    assert [q.name for q in list_queries(language)] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_query_header_declares_what_the_text_uses(name: str) -> None:
    q = get_query(name)
    assert q.language == "sparql" and q.description and q.notes
    assert q.path == queries_dir() / f"{name}.sparql"
    projection = q.text[q.text.index("SELECT") : q.text.index("WHERE")]
    for param in q.param_names:
        # pyoxigraph substitutes only variables the top-level SELECT projects
        assert re.search(rf"\?{param}\b", projection), param
    for column in (*q.lists, *q.seqs, *q.ints):
        assert re.search(rf"\?{column}\b", projection), column
    if name not in ("topic_states", "state_profile"):
        assert "negated" in q.notes.lower()


@pytest.mark.parametrize("name", NAMES)
def test_cypher_twin_declares_the_same_as_sparql(name: str) -> None:
    sparql, cypher = get_query(name, "sparql"), get_query(name, "cypher")
    assert cypher.path == queries_dir() / f"{name}.cypher"
    assert (cypher.description, cypher.params) == (sparql.description, sparql.params)
    assert (cypher.lists, cypher.seqs, cypher.ints) == (sparql.lists, sparql.seqs, sparql.ints)
    for param in cypher.param_names:
        assert re.search(rf"\${param}\b", cypher.text), param
    returned = cypher.text[cypher.text.rindex("RETURN") :]
    for column in (*cypher.lists, *cypher.seqs, *cypher.ints):
        assert re.search(rf"\b{column}\b", returned), column


def test_parse_query_rejects_bad_headers() -> None:
    with pytest.raises(QueryError, match=r"^x\.sparql:1: header must start with '# x: description'"):
        parse_query("SELECT * {}", name="x", path=Path("x.sparql"))
    with pytest.raises(QueryError, match=r"x:3: expected 'param: NAME \(TYPE"):
        parse_query("# x: d\n# params: a\n# param: a (colour) c\nSELECT ?a {}", name="x")
    with pytest.raises(QueryError, match=r"'param: b' is not in 'params:' \(a\)"):
        parse_query("# x: d\n# params: a\n# param: b (int) c\nSELECT ?a {}", name="x")


def test_parse_query_reads_defaults() -> None:
    q = parse_query("# x: d\n# params: n\n# param: n (int, default 4) hops\nSELECT ?n {}", name="x")
    assert (q.params[0].type, q.params[0].default, q.params[0].description) == ("int", "4", "hops")


# --------------------------------------------------------- parameter checks
def test_unknown_query_lists_known_names(store) -> None:
    with pytest.raises(QueryError) as info:
        run_named(store, "timelines", {"iso3": "RUS"})
    assert str(info.value) == f"unknown query 'timelines'; known: {', '.join(NAMES)}"


def test_missing_parameter(store) -> None:
    with pytest.raises(QueryError) as info:
        run_named(store, "timeline", {})
    assert str(info.value) == "query 'timeline' needs parameter 'iso3'; declared: iso3"
    with pytest.raises(QueryError, match="^query 'path_between' needs parameter 'b'; declared: a, b$"):
        run_named(store, "path_between", {"a": "RUS"})


def test_unexpected_parameter(store) -> None:
    with pytest.raises(QueryError, match="^query 'arms_flows' has no parameter 'iso3'; declared: none$"):
        run_named(store, "arms_flows", {"iso3": "RUS"})
    with pytest.raises(QueryError, match="^query 'timeline' has no parameter 'since'; declared: iso3$"):
        run_named(store, "timeline", {"iso3": "RUS", "since": "2024"})


@pytest.mark.parametrize("bad", ["Russia", "RU", "R1S", 'RUS"}'])
def test_iso3_parameter_is_checked(store, bad: str) -> None:
    with pytest.raises(QueryError) as info:
        run_named(store, "timeline", {"iso3": bad})
    assert str(info.value) == (
        f"query 'timeline' parameter 'iso3': {bad!r} is not an ISO 3166-1 alpha-3 code (e.g. 'RUS')"
    )


def test_query_in_an_unknown_language() -> None:
    with pytest.raises(QueryError, match="unknown query language 'gremlin'"):
        get_query("timeline", "gremlin")
    with pytest.raises(QueryError, match="unknown query language 'gremlin'"):
        list_queries("gremlin")


@pytest.mark.parametrize(
    "evil",
    ['sanctions" } UNION { ?t ?p ?o } #', "sanctions' }", "} DROP ALL", "?topic", "SANCTIONS"],
)
def test_string_parameter_is_bound_not_formatted(store, ox_store, evil: str) -> None:
    assert len(run_named(store, "topic_states", {"topic": "sanctions"})) == 9
    with pytest.raises(QueryError, match="unknown topic"):
        run_named(store, "topic_states", {"topic": evil})
    triples = ox_store.stats()["triples"]
    # an ad-hoc query binds the value as one literal: it comes back unchanged
    result = ox_store.query(
        "SELECT ?v (COUNT(?s) AS ?n) WHERE { OPTIONAL { ?s rg:key ?v } } GROUP BY ?v", {"v": evil}
    )
    assert result.rows == [{"v": evil, "n": 0}]
    assert ox_store.stats()["triples"] == triples


# ------------------------------------------------------------ exact answers
def rows(store, name: str, **params: str) -> list[tuple[object, ...]]:
    return run_named(store, name, params).tuples()


def test_shared_sanctions_exposure(store) -> None:
    result = run_named(store, "shared_sanctions_exposure", {})
    assert result.columns == ["state_a", "state_b", "sanctioners", "assertions"]
    assert result.tuples() == [
        ("BLR", "RUS", ["EU"], 3),  # EU -> BLR, EU -> RUS twice; EU -> IRN is negated
        ("IRN", "PRK", ["USA"], 2),
        ("PRK", "RUS", ["the-west"], 2),
    ]


def test_leader_meetings(store) -> None:
    result = run_named(store, "leader_meetings", {})
    assert result.columns == [
        "leader_a", "leader_b", "date", "channel", "modality", "article", "sentence"
    ]
    assert result.tuples() == [  # the negated Putin-Zelensky meeting is left out
        ("emmanuel-macron", "olaf-scholz", "2024-03-04", "in-person", "asserted",
         "t1-paris-summit", "Macron met Scholz in Paris on Monday to discuss defence."),
        ("andrzej-duda", "volodymyr-zelensky", "2024-05-01", "phone", "asserted",
         "t4-istanbul", "Duda spoke with Zelensky by phone on Wednesday."),
        ("kim-jong-un", "vladimir-putin", "2024-06-20", "in-person", "planned",
         "t2-pyongyang", "Putin is scheduled to hold talks with Kim on Thursday."),
    ]


def test_cooperation_network(store) -> None:
    result = run_named(store, "cooperation_network", {})
    assert result.columns == ["state_a", "state_b", "domain", "assertions", "modalities"]
    assert result.tuples() == [
        ("CHN", "RUS", "economic", 1, ["planned"]),
        ("CHN", "RUS", "energy", 1, ["asserted"]),
        ("DEU", "FRA", "military", 1, ["asserted"]),
        ("IND", "RUS", "energy", 1, ["reported"]),
    ]


def test_state_profile(store) -> None:
    result = run_named(store, "state_profile", {"iso3": "rus"})
    assert result.columns == [
        "type", "actor", "direction", "other", "other_kind", "modality", "assertions"
    ]
    assert result.tuples() == [
        ("CONDEMNS", "RUS", "out", "EU", "Organization", "reported", 1),
        ("COOPERATES_WITH", "RUS", "both", "CHN", "State", "asserted", 1),
        ("COOPERATES_WITH", "RUS", "both", "CHN", "State", "planned", 1),
        ("COOPERATES_WITH", "RUS", "both", "IND", "State", "reported", 1),
        ("FIGHTS", "RUS", "both", "UKR", "State", "asserted", 1),
        ("LEADER_OF", "RUS", "in", "vladimir-putin", "Leader", "asserted", 1),
        ("MEETS", "vladimir-putin", "both", "kim-jong-un", "Leader", "planned", 1),
        ("MEETS", "vladimir-putin", "both", "volodymyr-zelensky", "Leader", "negated", 1),
        ("SANCTIONS", "RUS", "in", "EU", "Organization", "asserted", 2),
        ("SANCTIONS", "RUS", "in", "the-west", "Bloc", "asserted", 1),
        ("SUPPLIES_ARMS", "RUS", "in", "IRN", "State", "negated", 1),
        ("SUPPLIES_ARMS", "RUS", "in", "PRK", "State", "reported", 1),
        ("VISITS", "vladimir-putin", "out", "PRK", "State", "asserted", 1),
    ]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("RUS", "UKR", [(1, ["RUS", "UKR"], ["RUS FIGHTS UKR"])]),
        ("FRA", "RUS", [
            (2, ["FRA", "EU", "RUS"], ["FRA MEMBER_OF EU", "EU SANCTIONS RUS"]),
            (2, ["FRA", "EU", "RUS"], ["FRA MEMBER_OF EU", "RUS CONDEMNS EU"]),
        ]),
        # the direct IRN -> RUS link is negated, so it is no link
        ("IRN", "RUS", [
            (3, ["IRN", "USA", "PRK", "RUS"],
             ["USA SANCTIONS IRN", "USA CONDEMNS PRK", "PRK SUPPLIES_ARMS RUS"]),
            (3, ["IRN", "USA", "PRK", "RUS"],
             ["USA SANCTIONS IRN", "USA SANCTIONS PRK", "PRK SUPPLIES_ARMS RUS"]),
        ]),
        ("blr", "ukr", [
            (3, ["BLR", "EU", "RUS", "UKR"], ["BLR THREATENS EU", "EU SANCTIONS RUS", "RUS FIGHTS UKR"]),
            (3, ["BLR", "EU", "RUS", "UKR"], ["BLR THREATENS EU", "RUS CONDEMNS EU", "RUS FIGHTS UKR"]),
            (3, ["BLR", "EU", "RUS", "UKR"], ["EU SANCTIONS BLR", "EU SANCTIONS RUS", "RUS FIGHTS UKR"]),
            (3, ["BLR", "EU", "RUS", "UKR"], ["EU SANCTIONS BLR", "RUS CONDEMNS EU", "RUS FIGHTS UKR"]),
        ]),
        # four hops, and every choice of relation on each hop
        ("POL", "PRK", [
            (4, ["POL", "BLR", "EU", "RUS", "PRK"], [
                "POL SEVERS_TIES BLR", "BLR THREATENS EU", "EU SANCTIONS RUS",
                "PRK SUPPLIES_ARMS RUS"]),
            (4, ["POL", "BLR", "EU", "RUS", "PRK"], [
                "POL SEVERS_TIES BLR", "BLR THREATENS EU", "RUS CONDEMNS EU",
                "PRK SUPPLIES_ARMS RUS"]),
            (4, ["POL", "BLR", "EU", "RUS", "PRK"], [
                "POL SEVERS_TIES BLR", "EU SANCTIONS BLR", "EU SANCTIONS RUS",
                "PRK SUPPLIES_ARMS RUS"]),
            (4, ["POL", "BLR", "EU", "RUS", "PRK"], [
                "POL SEVERS_TIES BLR", "EU SANCTIONS BLR", "RUS CONDEMNS EU",
                "PRK SUPPLIES_ARMS RUS"]),
        ]),
        ("RUS", "RUS", []),
        ("POL", "ISR", []),  # six hops apart: beyond the bound
        ("XKX", "RUS", []),
    ],
)
def test_path_between(store, a: str, b: str, expected: list) -> None:
    result = run_named(store, "path_between", {"a": a, "b": b})
    assert result.columns == ["length", "nodes", "relations"]
    assert result.tuples() == expected


def test_arms_flows(store) -> None:
    assert rows(store, "arms_flows") == [  # IRN -> RUS is negated
        ("PRK", "RUS", "reported", 1),
        ("USA", "ISR", "asserted", 1),
    ]


def test_adversaries(store) -> None:
    assert rows(store, "adversaries") == [
        ("BLR", "EU", ["SANCTIONS", "THREATENS"], 2),
        ("EU", "RUS", ["CONDEMNS", "SANCTIONS"], 3),
        ("IRN", "ISR", ["THREATENS"], 1),
        ("IRN", "USA", ["SANCTIONS"], 1),
        ("IRN", "antonio-guterres", ["CONDEMNS"], 1),
        ("ISR", "hezbollah", ["FIGHTS"], 1),
        ("PRK", "USA", ["CONDEMNS", "SANCTIONS"], 2),
        ("PRK", "the-west", ["SANCTIONS"], 1),
        ("RUS", "UKR", ["FIGHTS"], 1),
        ("RUS", "the-west", ["SANCTIONS"], 1),
    ]


def test_topic_states(store) -> None:
    result = run_named(store, "topic_states", {"topic": "sanctions"})
    assert result.columns == ["state", "name", "articles"]
    assert result.tuples() == [
        ("RUS", "Russia", 4), ("IRN", "Iran", 2), ("USA", "United States", 2),
        ("BLR", "Belarus", 1), ("DEU", "Germany", 1), ("FRA", "France", 1),
        ("ISR", "Israel", 1), ("PRK", "North Korea", 1), ("UKR", "Ukraine", 1),
    ]
    assert rows(store, "topic_states", topic="energy") == [
        ("CHN", "China", 1), ("IND", "India", 1), ("RUS", "Russia", 1),
    ]


def test_timeline(store) -> None:
    result = run_named(store, "timeline", {"iso3": "PRK"})
    assert result.columns == [
        "date", "type", "source", "target", "modality", "article", "sentence"
    ]
    assert [row[:5] for row in result.tuples()] == [
        ("2024-06-19", "VISITS", "vladimir-putin", "PRK", "asserted"),
        ("2024-06-20", "CONDEMNS", "USA", "PRK", "asserted"),
        ("2024-06-20", "LEADER_OF", "kim-jong-un", "PRK", "asserted"),
        ("2024-06-20", "MEETS", "kim-jong-un", "vladimir-putin", "planned"),
        ("2024-06-20", "SANCTIONS", "USA", "PRK", "asserted"),
        ("2024-06-20", "SANCTIONS", "the-west", "PRK", "asserted"),
        ("2024-06-20", "SUPPLIES_ARMS", "PRK", "RUS", "reported"),
    ]
    assert {row["article"] for row in result.rows} == {"t2-pyongyang"}
    # via its leader; the negated Putin meeting is left out
    assert [row[:3] for row in rows(store, "timeline", iso3="UKR")] == [
        ("2024-05-01", "MEETS", "andrzej-duda"),
        ("2024-05-02", "LEADER_OF", "volodymyr-zelensky"),
        ("2024-06-20", "FIGHTS", "RUS"),
    ]
    assert rows(store, "timeline", iso3="CHN") == []  # t5 has no dates at all


# ------------------------------------------------------------------ output
RESULT = QueryResult(
    ["state", "sanctioners", "n", "note"],
    [
        {"state": "PRK", "sanctioners": ["USA", "the-west"], "n": 2, "note": None},
        {"state": "RUS", "sanctioners": ["EU"], "n": 12, "note": 'says "no", twice'},
    ],
)


def test_format_table() -> None:
    assert format_rows(RESULT, "table") == (
        "state  sanctioners    n   note\n"
        "-----  -------------  --  ----------------\n"
        "PRK    USA, the-west  2\n"
        'RUS    EU             12  says "no", twice\n'
    )


def test_format_csv() -> None:
    assert format_rows(RESULT, "csv") == (
        "state,sanctioners,n,note\n"
        "PRK,USA|the-west,2,\n"
        'RUS,EU,12,"says ""no"", twice"\n'
    )


def test_format_json() -> None:
    assert json.loads(format_rows(RESULT, "json")) == [
        {"state": "PRK", "sanctioners": ["USA", "the-west"], "n": 2, "note": None},
        {"state": "RUS", "sanctioners": ["EU"], "n": 12, "note": 'says "no", twice'},
    ]


def test_format_empty_table_and_unknown_format() -> None:
    assert format_rows(QueryResult(["a", "bb"], []), "table") == "a  bb\n-  --\n"
    with pytest.raises(Exception, match="unknown output format 'xml'; expected one of: table, csv, json"):
        format_rows(RESULT, "xml")  # type: ignore[arg-type]


def test_named_result_formats_end_to_end(store) -> None:
    out = format_rows(run_named(store, "shared_sanctions_exposure", {}), "csv")
    assert out.splitlines() == [
        "state_a,state_b,sanctioners,assertions",
        "BLR,RUS,EU,3",
        "IRN,PRK,USA,2",
        "PRK,RUS,the-west,2",
    ]
