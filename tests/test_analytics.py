"""relgraph.analytics: graphs read from a real store, and measures checked against hand-computed values."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from relgraph.analytics import (
    FAMILIES,
    SIGNS,
    balance,
    blocs,
    centrality,
    ego,
    sanctions_exposure,
    to_networkx,
)
from relgraph.errors import InputError, StoreError
from relgraph.ontology import load_ontology
from relgraph.stores import open_store


def _node(kind: str, key: str, name: str) -> dict:
    return {"type": kind, "key": key, "name": name}


def _rel(type_: str, source: str, target: str, modality: str = "asserted", **extra) -> dict:
    return {
        "type": type_,
        "source": source,
        "target": target,
        "modality": modality,
        "evidence": f"{source} {type_} {target}.",
        **extra,
    }


NODES = [
    _node("State", "RUS", "Russia"),
    _node("State", "PRK", "North Korea"),
    _node("State", "UKR", "Ukraine"),
    _node("State", "USA", "United States"),
    _node("State", "CHN", "China"),
    _node("Bloc", "the-west", "the West"),
    _node("Leader", "vladimir-putin", "Vladimir Putin"),
    _node("Leader", "kim-jong-un", "Kim Jong Un"),
    _node("Leader", "volodymyr-zelensky", "Volodymyr Zelensky"),
    _node("Leader", "xi-jinping", "Xi Jinping"),
]
RECORDS = [
    {
        "id": "r1",
        "title": "Putin visits Pyongyang",
        "published": "2024-06-20",
        "topics": [],
        "nodes": NODES,
        "relations": [
            _rel("LEADER_OF", "vladimir-putin", "RUS", role="president"),
            _rel("LEADER_OF", "kim-jong-un", "PRK", role="supreme-leader"),
            _rel("LEADER_OF", "volodymyr-zelensky", "UKR", role="president"),
            _rel(
                "VISITS",
                "vladimir-putin",
                "PRK",
                date="2024-06-19",
                confidence=0.9,
                rule="visit.arrived",
            ),
            _rel("MEETS", "vladimir-putin", "kim-jong-un", "planned"),
            _rel("SANCTIONS", "the-west", "RUS"),
            _rel("SANCTIONS", "the-west", "PRK"),
            _rel("SUPPLIES_ARMS", "PRK", "RUS", "reported"),
            _rel("FIGHTS", "UKR", "RUS"),
            _rel("SANCTIONS", "USA", "vladimir-putin", date="2022-02-25"),
            _rel("MEETS", "vladimir-putin", "volodymyr-zelensky", "negated"),
        ],
    },
    {
        "id": "r2",
        "title": "Washington and Beijing",
        "published": "2023-01-10",
        "topics": [],
        "nodes": NODES,
        "relations": [
            _rel("CONDEMNS", "USA", "PRK"),
            _rel("COOPERATES_WITH", "RUS", "CHN"),
            _rel("LEADER_OF", "xi-jinping", "CHN", role="president"),
            # stored as vladimir-putin -> xi-jinping; lifted to RUS, CHN: key order again
            _rel("MEETS", "xi-jinping", "vladimir-putin"),
        ],
    },
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    with open_store(tmp_path_factory.mktemp("analytics") / "store") as s:
        s.add(RECORDS)
        yield s


def _edges(G: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, t) for u, v, t in G.edges(data="type")}


# ---------------------------------------------------------------- to_networkx
def test_to_networkx_entity_level_keeps_what_is_stated(store) -> None:
    G = to_networkx(store)
    assert _edges(G) == {
        ("vladimir-putin", "RUS", "LEADER_OF"),
        ("kim-jong-un", "PRK", "LEADER_OF"),
        ("volodymyr-zelensky", "UKR", "LEADER_OF"),
        ("vladimir-putin", "PRK", "VISITS"),
        ("kim-jong-un", "vladimir-putin", "MEETS"),  # symmetric: stored in key order
        ("the-west", "RUS", "SANCTIONS"),
        ("the-west", "PRK", "SANCTIONS"),
        ("PRK", "RUS", "SUPPLIES_ARMS"),
        ("RUS", "UKR", "FIGHTS"),
        ("USA", "vladimir-putin", "SANCTIONS"),
        ("USA", "PRK", "CONDEMNS"),
        ("CHN", "RUS", "COOPERATES_WITH"),
        ("xi-jinping", "CHN", "LEADER_OF"),
        ("vladimir-putin", "xi-jinping", "MEETS"),
    }  # the negated meeting is left out by default
    assert G.number_of_edges() == 14 and G.number_of_nodes() == 10
    assert G.nodes["the-west"] == {"kind": "Bloc", "name": "the West"}


def test_to_networkx_state_level_lifts_leaders_to_their_states(store) -> None:
    G = to_networkx(store, level="state")
    assert _edges(G) == {
        ("RUS", "PRK", "VISITS"),  # Putin visits PRK
        ("PRK", "RUS", "MEETS"),  # Kim meets Putin, in key order once lifted
        ("the-west", "RUS", "SANCTIONS"),
        ("the-west", "PRK", "SANCTIONS"),
        ("PRK", "RUS", "SUPPLIES_ARMS"),
        ("RUS", "UKR", "FIGHTS"),
        ("USA", "RUS", "SANCTIONS"),  # sanctions on Putin count against Russia
        ("USA", "PRK", "CONDEMNS"),
        ("CHN", "RUS", "COOPERATES_WITH"),
        ("CHN", "RUS", "MEETS"),  # Putin meets Xi
    }
    assert sorted(G) == ["CHN", "PRK", "RUS", "UKR", "USA", "the-west"]
    assert G.graph["level"] == "state"
    ((_, _, visit),) = [e for e in G.edges(data=True) if e[2]["type"] == "VISITS"]
    assert visit == {
        "type": "VISITS",
        "modality": "asserted",
        "date": "2024-06-19",
        "confidence": 0.9,
        "sentence": "vladimir-putin VISITS PRK.",
        "article": "r1",
        "title": "Putin visits Pyongyang",
        "rule": "visit.arrived",
        "source": "vladimir-putin",
        "target": "PRK",
        "symmetric": False,
    }


@pytest.mark.parametrize("modality", ["negated", "asserted,negated"])
def test_state_level_draws_no_office_even_with_no_leader_to_lift(tmp_path, modality) -> None:
    """A denied office lifts no leader, and is no relation between states either."""
    record = {
        "id": "r3",
        "title": "Putin is not Ukraine's president",
        "published": "2024-01-01",
        "topics": [],
        "nodes": [NODES[0], NODES[2], NODES[6]],
        "relations": [
            _rel("LEADER_OF", "vladimir-putin", "UKR", "negated"),
            _rel("FIGHTS", "RUS", "UKR"),
        ],
    }
    with open_store(tmp_path / "store") as s:
        s.add([record])
        assert ("vladimir-putin", "UKR", "LEADER_OF") in _edges(to_networkx(s, modality=modality))
        G = to_networkx(s, modality=modality, level="state")
    assert _edges(G) == ({("RUS", "UKR", "FIGHTS")} if "asserted" in modality else set())


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"types": "sanctions"},
            {("the-west", "RUS"), ("the-west", "PRK"), ("USA", "vladimir-putin")},
        ),
        ({"modality": ["negated"]}, {("vladimir-putin", "volodymyr-zelensky")}),
        ({"modality": "planned,reported"}, {("kim-jong-un", "vladimir-putin"), ("PRK", "RUS")}),
        # undated relations take their article's date; r2 is dated 2023-01-10
        (
            {"until": "2023-12-31"},
            {
                ("USA", "vladimir-putin"),
                ("USA", "PRK"),
                ("CHN", "RUS"),
                ("xi-jinping", "CHN"),
                ("vladimir-putin", "xi-jinping"),
            },
        ),
        ({"since": "2024-06-20", "types": ["VISITS", "FIGHTS"]}, {("RUS", "UKR")}),
        ({"since": "2022-02-25", "until": "2022-02-25"}, {("USA", "vladimir-putin")}),
    ],
)
def test_to_networkx_filters(store, filters, expected) -> None:
    assert {(u, v) for u, v in to_networkx(store, **filters).edges()} == expected


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"types": "SANCTION"}, "unknown relation type 'SANCTION'; expected one of: CONDEMNS,"),
        ({"types": []}, "no relation type given; expected one or more of: CONDEMNS,"),
        ({"modality": "certain"}, "unknown modality 'certain'; expected one of: asserted,"),
        ({"since": "2024-02-30"}, r"since: '2024-02-30' is not a date \(expected YYYY-MM-DD\)"),
        (
            {"since": "2024-02-01", "until": "2024-01-01"},
            "since 2024-02-01 is after until 2024-01-01; swap them",
        ),
        ({"level": "country"}, "unknown level 'country'; expected one of: entity, state"),
    ],
)
def test_to_networkx_rejects_bad_filters(store, filters, message) -> None:
    with pytest.raises(InputError, match=f"^{message}"):
        to_networkx(store, **filters)


def test_to_networkx_needs_a_sparql_or_cypher_store() -> None:
    class GremlinStore:
        name, language = "tinkerpop", "gremlin"

    with pytest.raises(
        StoreError,
        match="^to_networkx reads SPARQL or Cypher stores; store 'tinkerpop' speaks 'gremlin'$",
    ):
        to_networkx(GremlinStore())


# ----------------------------------------------------------------- centrality
@pytest.fixture
def conflict_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for u, v, t in [
        ("A", "B", "SANCTIONS"),
        ("A", "B", "SANCTIONS"),
        ("C", "B", "SANCTIONS"),
        ("B", "D", "CONDEMNS"),
        ("D", "D", "CONDEMNS"),
        ("X", "Y", "MEETS"),
    ]:
        G.add_edge(u, v, type=t, symmetric=t == "MEETS")
    G.nodes["B"].update(kind="State", name="Bee")
    return G


@pytest.mark.parametrize(
    ("measure", "conflict"),
    [
        # A, C -> B -> D: B has 3 of 3 possible partners; the others 1 of 3
        ("degree", [("B", 1.0), ("A", 1 / 3), ("C", 1 / 3), ("D", 1 / 3)]),
        ("in_degree", [("B", 2 / 3), ("D", 1 / 3), ("A", 0.0), ("C", 0.0)]),
        ("out_degree", [("A", 1 / 3), ("B", 1 / 3), ("C", 1 / 3), ("D", 0.0)]),
        # every shortest path between A, C and D runs through B: 3 of 3 pairs
        ("betweenness", [("B", 1.0), ("A", 0.0), ("C", 0.0), ("D", 0.0)]),
    ],
)
def test_centrality_per_family_hand_computed(conflict_graph, measure, conflict) -> None:
    rows = centrality(conflict_graph, measure=measure)
    assert [(r["family"], r["node"]) for r in rows[:2]] == [("diplomacy", "X"), ("diplomacy", "Y")]
    got = [(r["node"], r["score"]) for r in rows if r["family"] == "conflict"]
    assert [n for n, _ in got] == [n for n, _ in conflict]
    assert [s for _, s in got] == pytest.approx([s for _, s in conflict])
    assert [r["rank"] for r in rows if r["family"] == "conflict"] == [1, 2, 3, 4]
    first = next(r for r in rows if r["family"] == "conflict")
    if first["node"] == "B":
        assert (first["name"], first["kind"]) == ("Bee", "State")


def test_centrality_top_and_custom_families(conflict_graph) -> None:
    rows = centrality(conflict_graph, families={"hostile": ["SANCTIONS"]}, top=1)
    assert rows == [
        {"family": "hostile", "rank": 1, "node": "B", "name": "Bee", "kind": "State", "score": 1.0}
    ]
    with pytest.raises(InputError, match="unknown measure 'pagerank'; expected one of: degree,"):
        centrality(conflict_graph, measure="pagerank")


def test_families_and_signs_cover_the_ontology() -> None:
    types = [t for family in FAMILIES.values() for t in family]
    assert sorted(types) == sorted(load_ontology().relations)
    assert set(SIGNS) == set(types) - set(FAMILIES["affiliation"])
    assert {t for t, s in SIGNS.items() if s < 0} == set(FAMILIES["conflict"])


# ---------------------------------------------------------------------- blocs
def test_blocs_two_cliques_and_a_pair_hand_computed() -> None:
    G = nx.MultiDiGraph()
    west, east = ["DEU", "FRA", "ITA", "POL"], ["CHN", "IRN", "PRK", "RUS"]
    for clique in (west, east):
        for i, u in enumerate(clique):
            for v in clique[i + 1 :]:
                G.add_edge(u, v, type="COOPERATES_WITH", symmetric=True)
    G.add_edge("POL", "CHN", type="COOPERATES_WITH", symmetric=True)  # the one bridge
    G.add_edge("FRA", "RUS", type="MEETS", symmetric=True)  # meetings are no cooperation
    for u in west:  # hostility does not make a bloc
        for v in east:
            G.add_edge(u, v, type="SANCTIONS")
    G.add_edge("ARM", "IND", type="SUPPLIES_ARMS")
    assert blocs(G) == [
        {"bloc": 1, "size": 4, "members": east},
        {"bloc": 2, "size": 4, "members": west},
        {"bloc": 3, "size": 2, "members": ["ARM", "IND"]},
    ]
    # restricted to arms supply, only the supplying pair is left
    assert blocs(G, types=["SUPPLIES_ARMS"]) == [{"bloc": 1, "size": 2, "members": ["ARM", "IND"]}]
    # counting meetings, FRA-RUS is one more tie across: the cliques still hold
    assert [b["members"] for b in blocs(G, types=["COOPERATES_WITH", "MEETS"])] == [east, west]
    assert blocs(G, types=["THREATENS"]) == []


# -------------------------------------------------------------------- balance
def test_balance_hand_computed() -> None:
    G = nx.MultiDiGraph()
    for u, v, t in [
        ("A", "B", "COOPERATES_WITH"),  # A-B +
        ("C", "A", "MEETS"),  # A-C +
        ("B", "C", "MEETS"),
        ("B", "C", "SANCTIONS"),
        ("C", "B", "SANCTIONS"),  # B-C: +1-2 = -
        ("A", "D", "FIGHTS"),  # A-D -
        ("B", "D", "CONDEMNS"),  # B-D -
        ("C", "D", "VISITS"),
        ("D", "C", "THREATENS"),  # C-D: +1-1, ambivalent
        ("A", "C", "LEADER_OF"),  # no sign
        ("D", "D", "SANCTIONS"),  # a self-loop is no pair
    ]:
        G.add_edge(u, v, type=t)
    assert balance(G) == {
        "pairs": {"positive": 2, "negative": 3, "ambivalent": [["C", "D"]]},
        "triads": 2,  # ABC and ABD; ACD and BCD need the ambivalent pair
        "balanced": 1,  # ABD: + - -
        "share_balanced": 0.5,
        "unbalanced": [{"a": "A", "b": "B", "c": "C", "ab": 1, "ac": 1, "bc": -1}],  # + + -
    }
    only = balance(G, signs={"COOPERATES_WITH": 1, "SANCTIONS": -1})
    assert only["pairs"] == {"positive": 1, "negative": 1, "ambivalent": []}
    assert (only["triads"], only["share_balanced"], only["unbalanced"]) == (0, None, [])


# ----------------------------------------------------------- exposure and ego
def test_sanctions_exposure_at_both_levels(store) -> None:
    assert sanctions_exposure(to_networkx(store)) == [
        {"state": "PRK", "sanctioner": "the-west", "sanctioner_kind": "Bloc", "assertions": 1},
        {"state": "RUS", "sanctioner": "the-west", "sanctioner_kind": "Bloc", "assertions": 1},
    ]  # USA's sanctions target Putin, a Leader, at entity level
    assert sanctions_exposure(to_networkx(store, level="state")) == [
        {"state": "PRK", "sanctioner": "the-west", "sanctioner_kind": "Bloc", "assertions": 1},
        {"state": "RUS", "sanctioner": "USA", "sanctioner_kind": "State", "assertions": 1},
        {"state": "RUS", "sanctioner": "the-west", "sanctioner_kind": "Bloc", "assertions": 1},
    ]


@pytest.mark.parametrize(
    ("radius", "expected"),
    [
        (0, ["RUS", "vladimir-putin"]),  # a state's leaders are part of the centre
        (
            1,
            [
                "CHN",
                "PRK",
                "RUS",
                "UKR",
                "USA",
                "kim-jong-un",
                "the-west",
                "vladimir-putin",
                "xi-jinping",
            ],
        ),
        (
            2,
            [
                "CHN",
                "PRK",
                "RUS",
                "UKR",
                "USA",
                "kim-jong-un",
                "the-west",
                "vladimir-putin",
                "volodymyr-zelensky",
                "xi-jinping",
            ],
        ),
    ],
)
def test_ego_radius(store, radius, expected) -> None:
    G = to_networkx(store)
    view = ego(G, "RUS", radius)
    assert sorted(view) == expected
    assert all(G.has_edge(u, v, k) for u, v, k in view.edges(keys=True))
    assert view.number_of_edges() == G.subgraph(expected).number_of_edges()


def test_ego_unknown_node(store) -> None:
    with pytest.raises(InputError, match="^'FRA' is not a node of the graph \\(10 nodes\\)"):
        ego(to_networkx(store), "FRA")


def test_rows_are_plain_json_values(store, conflict_graph) -> None:
    G = to_networkx(store, level="state")
    for result in (
        centrality(G),
        blocs(G),
        balance(G),
        sanctions_exposure(G),
        centrality(conflict_graph, measure="betweenness"),
    ):
        assert json.loads(json.dumps(result)) == result


def test_sample_corpus_has_the_worked_example_exposure(tmp_path: Path) -> None:
    """The ontology's worked example, read through the analytics API."""
    from relgraph.extract import Extractor
    from relgraph.io import read_articles

    seed = Path(__file__).resolve().parents[1] / "data" / "articles" / "seed.txt"
    with open_store(tmp_path / "s") as s:
        s.add(Extractor().extract_many(read_articles([str(seed)])))
        rows = sanctions_exposure(to_networkx(s, level="state"))
    assert {(r["state"], r["sanctioner"]) for r in rows} >= {
        ("PRK", "the-west"),
        ("RUS", "the-west"),
    }
