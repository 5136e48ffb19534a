"""A static figure of a graph for papers (SVG or PNG, A4 landscape), drawn with matplotlib.

It shows what the HTML page shows, less the hover: the same layout, node
colours and shapes, sizes, line colours, dash patterns and arrows, labels
with a white halo, and a legend beside the graph. Fonts are scaled with the
graph and kept between ``_MIN_FONT`` and ``_MAX_FONT`` points, readable when
printed on A4; a graph too large for that needs filters (``--types``,
``--state``) more than a smaller font.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import InputError
from ..ontology import load_ontology
from .html import check_not_empty
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

__all__ = ["FORMATS", "write_figure"]

FORMATS = ("svg", "png")
A4_LANDSCAPE = (11.69, 8.27)  # inches
_MIN_FONT, _MAX_FONT = 6.5, 10.0
_PAGE_FONT = 14.0  # the layout's label metrics are those of a 14 px font
_GRAPH_WIDTH = 0.74  # share of the page width for the graph; the legend takes the rest


def _dashes(modality: str, scale: float) -> Any:
    pattern = MODALITY_DASHES.get(modality)
    if not pattern:
        return "-"
    return (0, tuple(max(0.8, p * scale * 0.8) for p in pattern))


def _legend_handles(G: nx.MultiDiGraph, groups: list[Any]) -> tuple[list[Any], list[str], set[int]]:
    from matplotlib.lines import Line2D

    onto = load_ontology()
    handles: list[Any] = []
    labels: list[str] = []
    headers: set[int] = set()

    def header(text: str) -> None:
        headers.add(len(handles))
        handles.append(Line2D([], [], linestyle="none"))
        labels.append(text)

    header("Nodes")
    for kind, style in KIND_STYLE.items():
        if any((d.get("kind") or "State") == kind for _, d in G.nodes(data=True)):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=style.marker,
                    linestyle="none",
                    markersize=8,
                    markerfacecolor=style.colour,
                    markeredgecolor="#333333",
                )
            )
            labels.append(style.label)
    header("Relations")
    for t in sorted({g.type for g in groups}):
        spec = onto.relation(t)
        handles.append(Line2D([], [], color=RELATION_COLOURS.get(t, "#555555"), linewidth=2.2))
        labels.append(spec.label + ("" if spec.symmetric else " \u2192"))
    header("Modality")
    for m in onto.modalities:
        if any(g.modality == m for g in groups):
            handles.append(
                Line2D([], [], color="#444444", linewidth=1.6, linestyle=_dashes(m, 0.6))
            )
            labels.append(m)
    return handles, labels, headers


def write_figure(
    G: nx.MultiDiGraph,
    path: str | Path,
    *,
    fmt: str | None = None,
    title: str = "relgraph",
    subtitle: str = "",
    dpi: int = 200,
) -> Path:
    """Draw ``G`` on an A4 landscape page and save it as SVG or PNG.

    Args:
        G: A graph from ``relgraph.analytics.to_networkx`` (or ``select_graph``).
        path: Output file.
        fmt: ``"svg"`` or ``"png"``; default from the suffix of ``path``.
        title: Heading above the graph.
        subtitle: A line under the heading (what the view shows).
        dpi: Resolution of a PNG.

    Raises:
        InputError: unknown format, an empty graph, or the file cannot be written.
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch

    out = Path(path)
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"{out}: unknown figure format {fmt!r}; expected one of: svg, png")
    check_not_empty(G)
    names = {v: str(d.get("name") or v) for v, d in G.nodes(data=True)}
    degree = {v: partners(G, v) for v in G}
    radius = {v: node_size(degree[v]) for v in G}
    labels = {v: wrap_label(names[v]) for v in G}
    graph_box = (_GRAPH_WIDTH * A4_LANDSCAPE[0], 0.86 * A4_LANDSCAPE[1])
    pos = layout(G, labels=labels, sizes=radius, aspect=graph_box[0] / graph_box[1])
    groups = edge_groups(G)

    # extent of nodes and labels, in the layout's pixels
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    pad = 80.0
    x0, x1 = min(xs) - pad, max(xs) + pad
    y0, y1 = min(ys) - pad, max(ys) + pad + 20.0
    with rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=A4_LANDSCAPE)
        ax = fig.add_axes((0.02, 0.03, _GRAPH_WIDTH, 0.86))
        legend_ax = fig.add_axes((0.02 + _GRAPH_WIDTH + 0.01, 0.03, 0.21, 0.86))
        legend_ax.axis("off")
        ax.axis("off")
        box_w, box_h = graph_box[0] * 72, graph_box[1] * 72
        scale = min(box_w / (x1 - x0), box_h / (y1 - y0))  # points per layout pixel
        font = max(_MIN_FONT, min(_MAX_FONT, _PAGE_FONT * scale))
        # widen the short side so that one layout pixel is as long across as down
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        half_w, half_h = box_w / scale / 2, box_h / scale / 2
        ax.set_xlim(cx - half_w, cx + half_w)
        ax.set_ylim(cy + half_h, cy - half_h)  # y grows downwards, as on the page

        for group, offset in zip(groups, parallel_offsets(groups), strict=True):
            a, b = pos[group.source], pos[group.target]
            if group.source == group.target:
                continue  # a self-loop has no length to draw
            width = 0.9 + min(2.0, 0.35 * (len(group.assertions) - 1))
            arrow = FancyArrowPatch(
                a,
                b,
                arrowstyle="-|>" if not group.symmetric else "-",
                connectionstyle=f"arc3,rad={-0.22 * offset:.3f}",
                mutation_scale=max(6.0, 9.0 * scale * 1.2),
                color=group.colour,
                linewidth=width,
                linestyle=_dashes(group.modality, scale),
                shrinkA=radius[group.source] * scale + 1.0,
                shrinkB=radius[group.target] * scale + 1.5,
                zorder=1,
            )
            ax.add_patch(arrow)
        for kind, style in KIND_STYLE.items():
            members = [v for v in G if (G.nodes[v].get("kind") or "State") == kind]
            if not members:
                continue
            ax.scatter(
                [pos[v][0] for v in members],
                [pos[v][1] for v in members],
                s=[(2 * radius[v] * scale) ** 2 for v in members],
                marker=style.marker,
                c=style.colour,
                edgecolors="#333333",
                linewidths=0.6,
                zorder=2,
            )
        # a pale box rather than a stroked halo, so that the SVG keeps labels as text
        halo = {
            "boxstyle": "round,pad=0.12",
            "facecolor": "white",
            "edgecolor": "none",
            "alpha": 0.8,
        }
        for v in G:
            x, y = pos[v]
            ax.text(
                x,
                y + radius[v] + 3.0,
                labels[v],
                ha="center",
                va="top",
                fontsize=font,
                linespacing=1.0,
                zorder=3,
                bbox=halo,
            )

        handles, texts, headers = _legend_handles(G, groups)
        leg = legend_ax.legend(
            handles,
            texts,
            loc="upper left",
            frameon=False,
            fontsize=max(8.0, font),
            handlelength=2.6,
            borderaxespad=0.0,
        )
        for i, text in enumerate(leg.get_texts()):
            if i in headers:
                text.set_fontweight("bold")
        legend_ax.text(
            0.0,
            0.02,
            "Size: number of partners.\nArrows: directed relations.",
            transform=legend_ax.transAxes,
            fontsize=8,
            va="bottom",
            color="#444444",
        )
        fig.text(0.02, 0.965, title, fontsize=14, fontweight="bold", va="top")
        if subtitle:
            fig.text(0.02, 0.925, subtitle, fontsize=8.5, va="top", color="#444444")
        try:
            fig.savefig(out, format=fmt, dpi=dpi, facecolor="white")
        except OSError as err:
            raise InputError(f"{out}: cannot write the figure ({err.strerror or err})") from err
    return out
