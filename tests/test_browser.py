"""The `relgraph viz` page in a real headless Chromium (Debian's chromium).

The tests install nothing: ``make test`` and ``.ci/run`` make sure
``/usr/bin/chromium`` is there (``$RELGRAPH_CHROMIUM`` names another binary).
Playwright drives it through ``executable_path``; it downloads no browser.
Every request the page makes is intercepted: the page file itself is served,
anything else is refused and recorded, so nothing leaves the machine.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from relgraph.cli import cli
from relgraph.stores import open_store
from relgraph.viz.style import KIND_STYLE

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("RELGRAPH_CHROMIUM", "/usr/bin/chromium"))
# The flags Debian's chromium needs here: no sandbox as root, no GPU,
# and no background traffic to Google's services, which the closed network refuses.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 900}


@dataclass
class Loaded:
    """What a page did while it loaded."""

    outside: list[str] = field(default_factory=list)  # requests for anything but the page
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    page: Any = None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium "
            "(apt-get install chromium); `make test` and .ci/run check for it"
        )
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport=VIEWPORT,
        )
        yield context
        context.close()


def load(browser, path: Path) -> Loaded:
    """Open a local page, refusing and recording every request for anything else."""
    url = path.resolve().as_uri()
    loaded = Loaded(page=browser.new_page())
    page = loaded.page

    def route(r: Any) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            loaded.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: loaded.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: loaded.errors.append(str(e)))
    page.goto(url)
    return loaded


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample articles in a store, and `relgraph viz -o graph.html` of it."""
    root = tmp_path_factory.mktemp("browser")
    store, page = root / "store", root / "graph.html"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(ROOT / "data" / "articles"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["viz", "--store", str(store), "-o", str(page)])
    assert result.exit_code == 0, result.output
    return store, page


def _expected_counts(store: Path) -> tuple[int, int]:
    """Nodes and lines the page must show, counted by SPARQL straight from the store:
    ends of non-negated assertions; one line per source, type, target and modality."""
    with open_store(store, read_only=True) as s:
        ((nodes,),) = s.query(
            "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?a a rg:Assertion ; rg:modality ?m . "
            "{ ?a rg:source ?x } UNION { ?a rg:target ?x } FILTER (?m != rg:negated) }"
        ).tuples()
        ((lines,),) = s.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?t ?m WHERE { "
            "?a a rg:Assertion ; rg:source ?s ; rg:relation ?p ; rg:target ?t ; rg:modality ?m "
            "FILTER (?m != rg:negated) } }"
        ).tuples()
    return int(nodes), int(lines)


_COUNTS = """() => {
  const n = window.relgraph.network;
  const pos = n.getPositions();
  const moved = window.relgraph.nodes.get().filter(
    (d) => Math.abs(pos[d.id].x - d.x) > 0.01 || Math.abs(pos[d.id].y - d.y) > 0.01);
  return {nodes: n.body.nodeIndices.length, edges: n.body.edgeIndices.length,
          data: [window.relgraph.nodes.length, window.relgraph.edges.length],
          physics: n.physics.options.enabled, moved: moved.length,
          legend: document.getElementById("legend").innerText};
}"""

# A straight line whose middle is clear of every node: hovering there shows its tooltip.
_CLEAR_LINE = """() => {
  const n = window.relgraph.network;
  const pos = n.getPositions();
  const box = document.getElementById("graph").getBoundingClientRect();
  for (const e of window.relgraph.edges.get()) {
    if (e.smooth.enabled) continue;
    const a = pos[e.from], b = pos[e.to];
    const mid = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
    const near = Object.values(pos).some((p) => Math.hypot(p.x - mid.x, p.y - mid.y) < 60);
    if (near) continue;
    const dom = n.canvasToDOM(mid);
    return {id: e.id, x: box.left + dom.x, y: box.top + dom.y, from: e.from, to: e.to,
            type: e.relation, sentence: e.tip.evidence[0].sentence, title: e.tip.evidence[0].title};
  }
  return null;
}"""


def test_viz_page_renders_the_graph_offline(browser, sample, tmp_path: Path) -> None:
    from PIL import Image

    store, path = sample
    loaded = load(browser, path)
    page = loaded.page
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)
    counts = page.evaluate(_COUNTS)
    nodes, lines = _expected_counts(store)
    assert (counts["nodes"], counts["edges"]) == (nodes, lines)
    assert counts["data"] == [nodes, lines]
    assert counts["physics"] is False and counts["moved"] == 0  # laid out before it opened
    for heading in ("NODES", "RELATIONS", "MODALITY", "state", "sanctions", "planned"):
        assert heading in counts["legend"]

    shot = page.screenshot(path=str(tmp_path / "graph.png"))
    image = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).astype(int)
    assert image.shape[:2] == (VIEWPORT["height"], VIEWPORT["width"])
    canvas = image[60:, 220:]  # right of the legend, below the heading
    assert (canvas.sum(axis=2) < 720).mean() > 0.005  # something is drawn
    state = np.array([int(KIND_STYLE["State"].colour[i : i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(canvas - state).sum(axis=2) < 40).sum() > 1000  # the state nodes among it

    # hover a line: its tooltip quotes a sentence of the store and its article's title
    line = page.evaluate(_CLEAR_LINE)
    assert line is not None
    page.mouse.move(line["x"], line["y"])
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
    text = tip.inner_text()
    assert line["sentence"] in text and line["title"] in text
    with open_store(store, read_only=True) as s:
        said = s.query(
            "SELECT ?sentence ?title ?s ?t ?type WHERE { ?a rg:source/rg:key ?s ; "
            "rg:target/rg:key ?t ; "
            "rg:relation/rg:relationType ?type ; rg:sentence ?sentence ; "
            "rg:article/rg:title ?title }",
            {"s": line["from"], "t": line["to"], "type": line["type"]},
        ).tuples()
    assert (line["sentence"], line["title"]) in {row[:2] for row in said}

    assert loaded.outside == []
    assert loaded.errors == []
    page.close()


def test_load_catches_outside_requests_and_errors(browser, sample, tmp_path: Path) -> None:
    """The checks above can fail: a page like pyvis's, fetching from a CDN, is caught."""
    _, path = sample
    tampered = tmp_path / "tampered.html"
    extra = (
        '<link rel="stylesheet" href="https://cdn.example.invalid/bootstrap.min.css">'
        '<script>console.error("boom")</script>'
    )
    tampered.write_text(path.read_text(encoding="utf-8").replace("</head>", extra + "</head>"))
    loaded = load(browser, tampered)
    loaded.page.wait_for_function("document.body.dataset.ready === 'true'", timeout=30_000)
    assert loaded.outside == ["https://cdn.example.invalid/bootstrap.min.css"]
    assert "boom" in loaded.errors
    loaded.page.close()
