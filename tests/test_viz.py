"""relgraph.viz and `relgraph viz`: page data, self-containment, layout, figure, CLI.

The page itself is loaded in a real browser in test_browser.py.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from relgraph.analytics import to_networkx
from relgraph.cli import cli
from relgraph.ontology import load_ontology
from relgraph.stores import open_store
from relgraph.viz import render_html, select_graph, write_figure
from relgraph.viz.html import page_data
from relgraph.viz.layout import layout, wrap_label
from relgraph.viz.select import QUERY_TYPES
from relgraph.viz.style import (
    KIND_STYLE,
    MODALITY_DASHES,
    RELATION_COLOURS,
    edge_groups,
    node_size,
    partners,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "articles"
_CSS_FETCH = re.compile(r"@import|@font-face|url\(\s*(?!['\"]?data:)", re.IGNORECASE)


class _Fetches(HTMLParser):
    """What in a page makes a browser fetch: src/href/data attributes and CSS url()."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href", "data", "srcset", "poster", "action") and value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and _CSS_FETCH.search(value):
                self.found.append(f"<{tag} style={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and (m := _CSS_FETCH.search(data)):
            self.found.append(f"<style> ...{data[m.start() : m.start() + 60]}")


def fetches(page: str) -> list[str]:
    parser = _Fetches()
    parser.feed(page)
    return parser.found


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("viz") / "store"
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="module")
def sample_graph(sample_store: Path) -> nx.MultiDiGraph:
    with open_store(sample_store, read_only=True) as s:
        return to_networkx(s)


def _graph(*edges: tuple[str, str, str, str], **names: str) -> nx.MultiDiGraph:
    onto = load_ontology()
    G = nx.MultiDiGraph()
    for u, v, t, m in edges:
        for n in (u, v):
            kind = "Leader" if "-" in n else "State"
            G.add_node(n, kind=kind, name=names.get(n.replace("-", "_"), n))
        G.add_edge(
            u,
            v,
            type=t,
            modality=m,
            symmetric=onto.relation(t).symmetric,
            sentence=f"{u} {t} {v}.",
            title=f"Article on {t}",
            date="2024-06-19",
            source=u,
            target=v,
        )
    return G


# ---------------------------------------------------------------------- style
def test_style_covers_the_ontology() -> None:
    onto = load_ontology()
    assert set(KIND_STYLE) == set(onto.actor_kinds)
    assert set(RELATION_COLOURS) == set(onto.relations)
    assert len(set(RELATION_COLOURS.values())) == len(RELATION_COLOURS)
    assert len({(s.colour, s.shape) for s in KIND_STYLE.values()}) == len(KIND_STYLE)
    assert set(MODALITY_DASHES) == set(onto.modalities)
    assert MODALITY_DASHES["asserted"] is None
    assert all(MODALITY_DASHES[m] for m in ("planned", "reported", "negated"))


def test_edge_groups_one_line_per_ends_type_and_modality() -> None:
    G = _graph(
        ("PRK", "RUS", "COOPERATES_WITH", "asserted"),
        ("PRK", "RUS", "COOPERATES_WITH", "asserted"),
        ("PRK", "RUS", "COOPERATES_WITH", "planned"),
        ("PRK", "RUS", "SUPPLIES_ARMS", "reported"),
        ("RUS", "PRK", "SUPPLIES_ARMS", "reported"),
    )
    lines = [(g.source, g.target, g.type, g.modality, len(g.assertions)) for g in edge_groups(G)]
    assert lines == [
        ("PRK", "RUS", "COOPERATES_WITH", "asserted", 2),
        ("PRK", "RUS", "COOPERATES_WITH", "planned", 1),
        ("PRK", "RUS", "SUPPLIES_ARMS", "reported", 1),
        ("RUS", "PRK", "SUPPLIES_ARMS", "reported", 1),
    ]
    assert partners(G, "RUS") == 1 and node_size(1) > node_size(0)


# ------------------------------------------------------------------ page data
def test_page_data_styles_each_line() -> None:
    G = _graph(
        ("vladimir-putin", "PRK", "VISITS", "asserted"),
        ("kim-jong-un", "vladimir-putin", "MEETS", "planned"),
        ("PRK", "RUS", "SUPPLIES_ARMS", "reported"),
        ("RUS", "UKR", "FIGHTS", "asserted"),
        vladimir_putin="Vladimir Putin",
    )
    data = page_data(G)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(G)
    edges = {(e["from"], e["to"], e["relation"]): e for e in data["edges"]}
    assert len(edges) == len(data["edges"]) == 4
    visit = edges["vladimir-putin", "PRK", "VISITS"]
    assert visit["arrows"]["to"]["enabled"] is True and visit["dashes"] is False
    assert visit["color"]["color"] == RELATION_COLOURS["VISITS"]
    meet = edges["kim-jong-un", "vladimir-putin", "MEETS"]
    assert meet["arrows"]["to"]["enabled"] is False and meet["dashes"] == MODALITY_DASHES["planned"]
    assert edges["RUS", "UKR", "FIGHTS"]["arrows"]["to"]["enabled"] is False
    assert edges["PRK", "RUS", "SUPPLIES_ARMS"]["dashes"] == MODALITY_DASHES["reported"]
    assert visit["tip"] == {
        "head": "Vladimir Putin visits PRK",
        "type": "VISITS",
        "modality": "asserted",
        "dates": "2024-06-19",
        "count": 1,
        "evidence": [
            {
                "sentence": "vladimir-putin VISITS PRK.",
                "title": "Article on VISITS",
                "date": "2024-06-19",
                "stated": "",
            }
        ],
        "more": 0,
    }
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["vladimir-putin"]["shape"] == KIND_STYLE["Leader"].shape
    assert nodes["RUS"]["shape"] == KIND_STYLE["State"].shape
    assert nodes["RUS"]["size"] > nodes["UKR"]["size"]  # two partners against one
    assert all(n["physics"] is False and "x" in n and "y" in n for n in nodes.values())
    assert data["options"]["physics"] == {"enabled": False}
    assert [k["label"] for k in data["legend"]["kinds"]] == ["state", "leader"]
    assert [t["label"] for t in data["legend"]["types"]] == [
        "fights",
        "meets",
        "supplies arms to",
        "visits",
    ]
    assert [m["label"] for m in data["legend"]["modalities"]] == ["asserted", "planned", "reported"]


def test_parallel_lines_bend_apart() -> None:
    G = _graph(
        ("PRK", "RUS", "COOPERATES_WITH", "asserted"),
        ("PRK", "RUS", "SANCTIONS", "asserted"),
        ("RUS", "PRK", "CONDEMNS", "asserted"),
        ("RUS", "UKR", "FIGHTS", "asserted"),
    )
    smooth = {e["relation"]: e["smooth"] for e in page_data(G)["edges"]}
    assert smooth["FIGHTS"] == smooth["SANCTIONS"] == {"enabled": False}
    bend = {"enabled": True, "type": "curvedCCW", "roundness": 0.22}
    # the same bend drawn from the other end (RUS->PRK) lies on the other side
    assert smooth["COOPERATES_WITH"] == smooth["CONDEMNS"] == bend


# ----------------------------------------------------------- self-containment
def test_page_is_one_file_that_fetches_nothing(sample_graph) -> None:
    page = render_html(sample_graph, title="Sample")
    assert fetches(page) == []
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page, re.DOTALL).group(1))
    assert len(data["nodes"]) == sample_graph.number_of_nodes()
    assert len(data["edges"]) == len(edge_groups(sample_graph))
    assert "@version 9.1.2" in page and "dual licensed" in page  # vis-network's licence header


def test_fetch_pattern_catches_what_pyvis_writes() -> None:
    """The check above would see pyvis's own page, which loads Bootstrap from a CDN."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    net.add_node("RUS")
    assert any("https://" in f for f in fetches(net.generate_html()))


def test_page_escapes_names_and_sentences() -> None:
    evil = "</script><script>document.title='pwned'</script>"
    G = _graph(("RUS", "UKR", "FIGHTS", "asserted"), RUS=evil)
    G.edges["RUS", "UKR", 0]["sentence"] = evil
    page = render_html(G, title=evil, subtitle=evil)
    assert "<script>document.title" not in page
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page, re.DOTALL).group(1))
    assert data["edges"][0]["tip"]["evidence"][0]["sentence"] == evil


# --------------------------------------------------------------------- layout
def _boxes(G, pos, sizes, labels):
    for v in G:
        lines = labels[v].split("\n")
        half_w = max(sizes[v], max(map(len, lines)) * 7.8 / 2)
        top, bottom = pos[v][1] - sizes[v], pos[v][1] + sizes[v] + 4 + 17 * len(lines)
        yield v, (pos[v][0] - half_w, top, pos[v][0] + half_w, bottom)


def test_layout_keeps_nodes_and_labels_apart(sample_graph) -> None:
    G = sample_graph
    sizes = {v: node_size(partners(G, v)) for v in G}
    labels = {v: wrap_label(G.nodes[v]["name"]) for v in G}
    pos = layout(G, labels=labels, sizes=sizes)
    assert pos == layout(G, labels=labels, sizes=sizes)  # deterministic
    boxes = list(_boxes(G, pos, sizes, labels))
    for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(boxes):
        for b, (bx0, by0, bx1, by1) in boxes[i + 1 :]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b)


def test_layout_puts_a_pile_of_coincident_nodes_apart() -> None:
    G = nx.complete_graph([f"N{i}" for i in range(30)])
    G.add_nodes_from(["lonely", "alone"])
    pos = layout(G, labels={v: "A rather long name" for v in G}, sizes={v: 12 for v in G})
    xy = np.array(list(pos.values()))
    dist = np.linalg.norm(xy[:, None] - xy[None, :], axis=-1) + np.eye(len(xy)) * 1e9
    assert dist.min() > 24  # no two nodes overlap, even in a 30-clique


# --------------------------------------------------------------------- figure
def test_figure_svg_has_every_label_and_the_legend(sample_graph, tmp_path: Path) -> None:
    out = write_figure(sample_graph, tmp_path / "g.svg", title="Sample corpus")
    texts = {
        "".join(t.itertext()).strip()
        for t in ET.parse(out).getroot().iter("{http://www.w3.org/2000/svg}text")
    }
    for v, name in sample_graph.nodes(data="name"):
        for line in wrap_label(name).split("\n"):
            assert line in texts, line
    assert {
        "Sample corpus",
        "Nodes",
        "Relations",
        "Modality",
        "sanctions \u2192",
        "fights",
    } <= texts
    assert "planned" in texts  # the sample has planned relations


def test_figure_png_is_an_a4_page_with_a_drawing(sample_graph, tmp_path: Path) -> None:
    from PIL import Image

    out = write_figure(sample_graph, tmp_path / "g.png", dpi=100)
    image = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert image.shape[:2] == (827, 1169)  # A4 landscape at 100 dpi
    assert (image.sum(axis=2) < 600).mean() > 0.01  # a drawing, not a white page
    state = np.array([int(KIND_STYLE["State"].colour[i : i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(image - state).sum(axis=2) < 30).sum() > 500  # state nodes are drawn


# ------------------------------------------------------------------ selection
def test_select_graph_ego_and_query(sample_store) -> None:
    with open_store(sample_store, read_only=True) as s:
        whole = to_networkx(s)
        ego_view = select_graph(s, state="rus", radius=1)
        assert "vladimir-putin" in ego_view and "RUS" in ego_view
        assert set(ego_view) < set(whole)
        exposure = select_graph(s, query="shared_sanctions_exposure")
        assert {t for _, _, t in exposure.edges(data="type")} == {"SANCTIONS"}
        assert {"PRK", "RUS", "the-west"} <= set(exposure)


def test_query_types_name_real_queries() -> None:
    from relgraph.query import get_query

    for name, types in QUERY_TYPES.items():
        assert get_query(name).name == name
        assert set(types) <= set(load_ontology().relations)


# ------------------------------------------------------------------------ CLI
def _viz(*args: object):
    return CliRunner().invoke(cli, ["viz", *map(str, args)])


@pytest.mark.parametrize("fmt", ["html", "svg", "png"])
def test_cli_viz_writes_each_format(sample_store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    result = _viz(
        "--store", sample_store, "-o", out, "--level", "state", "--types", "SANCTIONS,CONDEMNS"
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out}: ")
    assert "types SANCTIONS, CONDEMNS" in result.output
    head = out.read_bytes()[:100]
    assert {"html": b"<!DOCTYPE html>", "svg": b"<?xml", "png": b"\x89PNG"}[fmt] in head


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--types", "BOGUS"],
            (
                "unknown relation type 'BOGUS'; expected one of: CONDEMNS, "
                "COOPERATES_WITH, FIGHTS, LEADER_OF, MEETS, MEMBER_OF, SANCTIONS, SEVERS_TIES, "
                "SUPPLIES_ARMS, THREATENS, VISITS"
            ),
        ),
        (["--since", "2024-13-01"], "since: '2024-13-01' is not a date (expected YYYY-MM-DD)"),
        (["--state", "Russia"], "--state: 'Russia' is not an ISO 3166-1 alpha-3 code (e.g. 'RUS')"),
        (
            ["--since", "2030-01-01"],
            (
                "nothing to draw: no relation passes the filters (all "
                "relation types; modality asserted, planned, reported; since 2030-01-01; entity level)"
            ),
        ),
        (["--query", "timeline"], "query 'timeline' needs parameter 'iso3'; declared: iso3"),
        (["-p", "iso3", "RUS"], "-p/--param needs --query NAME"),
        (
            ["-o", "graph.pdf"],
            (
                "graph.pdf: cannot tell the format from the suffix; use .html, "
                ".svg or .png, or give --format"
            ),
        ),
    ],
)
def test_cli_viz_errors_are_one_line(sample_store, tmp_path: Path, args, message) -> None:
    result = _viz("--store", sample_store, *args)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"


def test_cli_viz_state_without_relations(sample_graph, sample_store) -> None:
    result = _viz("--store", sample_store, "--state", "JPN")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: 'JPN' is not a node of the graph ({sample_graph.number_of_nodes()} nodes); "
        "it has no relation that passes the filters\n"
    )


def test_cli_viz_missing_store(tmp_path: Path) -> None:
    result = _viz("--store", tmp_path / "none", "-o", tmp_path / "g.html")
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: {tmp_path / 'none'}: no such folder; load articles into it first\n"
    )
    assert not (tmp_path / "g.html").exists()


@pytest.mark.parametrize("suffix", ["html", "svg"])
def test_empty_graph_is_an_input_error(tmp_path: Path, suffix: str) -> None:
    from relgraph.errors import InputError
    from relgraph.viz import write_html

    write = write_html if suffix == "html" else write_figure
    with pytest.raises(InputError, match="^nothing to draw: the graph has no nodes$"):
        write(nx.MultiDiGraph(), tmp_path / f"g.{suffix}")
    assert not (tmp_path / f"g.{suffix}").exists()


def test_figure_rejects_an_unknown_format(sample_graph, tmp_path: Path) -> None:
    from relgraph.errors import InputError

    with pytest.raises(InputError, match=r"g\.pdf: unknown figure format 'pdf'; expected one of"):
        write_figure(sample_graph, tmp_path / "g.pdf")
