"""A self-contained interactive HTML page of a graph: pyvis data, vis-network inlined.

pyvis builds the node and edge records and the vis-network options; the page
itself comes from relgraph's own template (``page.jinja``), not pyvis's, whose
templates fetch Bootstrap and other files from the web. vis-network's script
and stylesheet are read from the copy pyvis ships (vis-network 9.1.2, dual
licensed Apache-2.0 or MIT; its licence header stays in the inlined script)
and written into the page, so it opens with no network. Positions are
computed beforehand (``layout``) and physics is off: the picture is there when
the page opens.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import InputError
from ..ontology import load_ontology
from .layout import layout, wrap_label
from .style import (
    KIND_STYLE,
    MODALITY_DASHES,
    RELATION_COLOURS,
    edge_groups,
    node_size,
    parallel_offsets,
    partners,
)

__all__ = ["VIS_VERSION", "check_not_empty", "page_data", "render_html", "write_html"]

VIS_VERSION = "9.1.2"
_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def _vis_asset(name: str) -> str:
    """vis-network's ``vis-network.min.js`` or ``.css`` as pyvis ships it."""
    try:
        files = resources.files("pyvis") / "lib" / f"vis-{VIS_VERSION}" / name
        text = files.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as err:
        raise InputError(
            f"cannot read vis-network {VIS_VERSION} from pyvis ({err}); "
            "install relgraph's dependencies (pip install 'pyvis==0.3.2')"
        ) from err
    closing = "</script" if name.endswith(".js") else "</style"
    if closing in text.lower():  # would end the inline element early
        raise InputError(f"pyvis's {name} contains {closing!r}; cannot inline it")
    return text


def check_not_empty(G: nx.Graph) -> None:
    if G.number_of_nodes() == 0:
        raise InputError("nothing to draw: the graph has no nodes")


def page_data(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Nodes, edges, options and legend of the page, as plain data (pyvis-built).

    Returns:
        ``{"nodes": [...], "edges": [...], "options": {...}, "legend": {...}}``:
        one node per node of ``G``, one edge per ``edge_groups(G)`` line, with
        the tooltip data in each record's ``tip``.
    """
    from pyvis.network import Network

    check_not_empty(G)
    onto = load_ontology()
    names = {v: str(d.get("name") or v) for v, d in G.nodes(data=True)}
    degree = {v: partners(G, v) for v in G}
    sizes = {v: node_size(degree[v]) for v in G}
    labels = {v: wrap_label(names[v]) for v in G}
    pos = layout(G, labels=labels, sizes=sizes)
    net = Network(directed=True)
    for v in sorted(G):
        kind = G.nodes[v].get("kind") or "State"
        style = KIND_STYLE.get(kind, KIND_STYLE["State"])
        net.add_node(
            v,
            label=labels[v],
            shape=style.shape,
            color={
                "background": style.colour,
                "border": "#333333",
                "highlight": {"background": style.colour, "border": "#000000"},
                "hover": {"background": style.colour, "border": "#000000"},
            },
            size=sizes[v],
            x=pos[v][0],
            y=pos[v][1],
            physics=False,
            tip={"head": names[v], "kind": style.label, "key": v, "partners": degree[v]},
        )
    groups = edge_groups(G)
    for i, (group, offset) in enumerate(zip(groups, parallel_offsets(groups), strict=True)):
        smooth: dict[str, Any] = {"enabled": False}
        if offset:
            smooth = {
                "enabled": True,
                "type": "curvedCW" if offset > 0 else "curvedCCW",
                "roundness": min(0.6, 0.22 * abs(offset)),
            }
        net.add_edge(
            group.source,
            group.target,
            id=f"e{i}",
            color={"color": group.colour, "highlight": group.colour, "hover": group.colour},
            dashes=group.dashes or False,
            arrows={"to": {"enabled": not group.symmetric, "scaleFactor": 0.7}},
            width=1.5 + min(3.0, 0.5 * (len(group.assertions) - 1)),
            smooth=smooth,
            relation=group.type,
            modality=group.modality,
            tip=group.tooltip(names),
        )
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": False},
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "face": _FONT, "strokeWidth": 4, "strokeColor": "#ffffff"},
        },
        "edges": {"hoverWidth": 1.5, "selectionWidth": 2},
    }
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    kinds = sorted({G.nodes[v].get("kind") or "State" for v in G}, key=list(KIND_STYLE).index)
    types = sorted({g.type for g in groups})
    modalities = [m for m in onto.modalities if any(g.modality == m for g in groups)]
    legend = {
        "kinds": [
            {
                "label": KIND_STYLE[k].label,
                "colour": KIND_STYLE[k].colour,
                "shape": KIND_STYLE[k].shape,
            }
            for k in kinds
        ],
        "types": [
            {
                "label": onto.relation(t).label,
                "colour": RELATION_COLOURS.get(t, "#555555"),
                "directed": not onto.relation(t).symmetric,
            }
            for t in types
        ],
        "modalities": [{"label": m, "dashes": MODALITY_DASHES.get(m)} for m in modalities],
    }
    return {"nodes": nodes, "edges": edges, "options": net.options, "legend": legend}


def render_html(G: nx.MultiDiGraph, *, title: str = "relgraph", subtitle: str = "") -> str:
    """The page as a string: one file, no request outside itself.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("RUS", kind="State", name="Russia")
        >>> G.add_node("UKR", kind="State", name="Ukraine")
        >>> _ = G.add_edge("RUS", "UKR", type="FIGHTS", modality="asserted", symmetric=True,
        ...                sentence="War.", title="A title", date="2024-02-24")
        >>> page = render_html(G, title="War")
        >>> "<script src" in page, "https://" in page.split("</script>")[-1]
        (False, False)
    """
    from jinja2 import Environment, PackageLoader
    from markupsafe import Markup

    env = Environment(loader=PackageLoader("relgraph.viz", "."), autoescape=True)
    template = env.get_template("page.jinja")
    return template.render(
        title=title,
        subtitle=subtitle,
        data=page_data(G),
        vis_js=Markup(_vis_asset("vis-network.min.js")),
        vis_css=Markup(_vis_asset("vis-network.css")),
        vis_version=VIS_VERSION,
        nodes=G.number_of_nodes(),
    )


def write_html(
    G: nx.MultiDiGraph, path: str | Path, *, title: str = "relgraph", subtitle: str = ""
) -> Path:
    """Write ``render_html(G)`` to ``path`` (UTF-8); return the path."""
    out = Path(path)
    try:
        out.write_text(render_html(G, title=title, subtitle=subtitle), encoding="utf-8")
    except OSError as err:
        raise InputError(f"{out}: cannot write the page ({err.strerror or err})") from err
    return out
