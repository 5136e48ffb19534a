"""Node positions computed before a page or figure is written, with room for labels.

Each connected component is laid out on its own (Kamada-Kawai up to
``_KK_MAX`` nodes, which spreads small graphs evenly; Fruchterman-Reingold
forces from a spectral start above), scaled so that a typical edge is ``edge_length``
long, then the boxes of nodes and their labels are pushed apart until none
overlap, and the components are packed in rows, largest first. The result is
deterministic: the same graph gives the same picture.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import networkx as nx
import numpy as np

__all__ = ["layout", "wrap_label"]

_KK_MAX = 150
_GAP = 90.0  # between packed components


def wrap_label(text: str, width: int = 18) -> str:
    """Break a long name over lines of at most ``width`` characters (words kept whole).

    Examples:
        >>> wrap_label("Organization for Security and Co-operation in Europe")
        'Organization for\\nSecurity and\\nCo-operation in\\nEurope'
        >>> wrap_label("Russia")
        'Russia'
    """
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def _force_layout(C: nx.Graph, seed: int, iterations: int = 120) -> np.ndarray:
    """Fruchterman-Reingold forces on dense arrays, started from the spectral layout.

    Every pair repels (k^2 / d), linked pairs attract (d^2 / k); the step
    shrinks each round. Memory grows with the square of the nodes, which is
    fine for the few thousand a readable picture can hold.
    """
    n = C.number_of_nodes()
    A = nx.to_numpy_array(C, weight=None)
    start = nx.spectral_layout(C) if n > 2 else {v: (0.0, 0.0) for v in C}
    xy = np.array([start[v] for v in C], dtype=float)
    rng = np.random.default_rng(seed)
    xy += rng.normal(scale=1e-3, size=xy.shape)  # spectral positions can coincide
    span = np.ptp(xy, axis=0).max() or 1.0
    xy /= span
    k = math.sqrt(1.0 / n)
    step = 0.1
    for i in range(iterations):
        dx = xy[:, 0, None] - xy[None, :, 0]
        dy = xy[:, 1, None] - xy[None, :, 1]
        dist = np.maximum(np.hypot(dx, dy), 1e-3)
        force = k * k / (dist * dist) - A * dist / k
        np.fill_diagonal(force, 0.0)
        moves = np.column_stack([(force * dx).sum(axis=1), (force * dy).sum(axis=1)])
        length = np.maximum(np.hypot(moves[:, 0], moves[:, 1]), 1e-6)
        xy += moves * (np.minimum(length, step * (1 - i / iterations)) / length)[:, None]
    return xy


def _component_positions(C: nx.Graph, seed: int, edge_length: float) -> np.ndarray:
    n = C.number_of_nodes()
    nodes = list(C)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-edge_length / 2, 0.0], [edge_length / 2, 0.0]])
    if n <= _KK_MAX:
        pos = nx.kamada_kawai_layout(C, pos=nx.circular_layout(C))
        xy = np.array([pos[v] for v in nodes], dtype=float)
    else:
        xy = _force_layout(C, seed)
    from scipy.spatial import cKDTree

    index = {v: i for i, v in enumerate(nodes)}
    lengths = [np.linalg.norm(xy[index[u]] - xy[index[v]]) for u, v in C.edges]
    typical = float(np.median(lengths)) if lengths else 1.0
    # neighbours as far apart as a typical edge is long: the labels then need
    # little pushing, which keeps the picture's shape (a hairball's long edges
    # would otherwise squeeze its nodes together)
    nearest = float(np.median(cKDTree(xy).query(xy, k=2)[0][:, 1]))
    scale = max(edge_length / (typical or 1.0), 0.75 * edge_length / (nearest or 1.0))
    return xy * scale


def _separate(xy: np.ndarray, half_w: np.ndarray, half_h: np.ndarray, dy: np.ndarray) -> None:
    """Push overlapping boxes apart in place (boxes centred at ``xy + (0, dy)``).

    Each overlapping pair moves apart along the axis where it overlaps least,
    half each, until nothing overlaps (or 500 rounds pass). Only pairs closer
    than two of the largest boxes can overlap: a k-d tree finds them.
    """
    from scipy.spatial import cKDTree

    if len(xy) < 2:
        return
    reach = 2.0 * float(np.hypot(half_w, half_h).max())
    rng = np.random.default_rng(0)
    for _ in range(500):
        centres = np.column_stack([xy[:, 0], xy[:, 1] + dy])
        pairs = cKDTree(centres).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            return
        i, j = pairs[:, 0], pairs[:, 1]
        d = centres[i] - centres[j]
        ox = half_w[i] + half_w[j] - np.abs(d[:, 0])
        oy = half_h[i] + half_h[j] - np.abs(d[:, 1])
        hit = (ox > 0) & (oy > 0)
        if not hit.any():
            return
        i, j, d, ox, oy = i[hit], j[hit], d[hit], ox[hit], oy[hit]
        # coincident centres: break the tie with a small fixed jitter
        sign = np.where(d == 0, rng.choice([-1.0, 1.0], size=d.shape), np.sign(d))
        along_x = ox <= oy
        push = np.zeros_like(d)
        push[:, 0] = np.where(along_x, sign[:, 0] * (ox / 2 + 0.5), 0.0)
        push[:, 1] = np.where(along_x, 0.0, sign[:, 1] * (oy / 2 + 0.5))
        np.add.at(xy, i, push)
        np.add.at(xy, j, -push)


def layout(
    G: nx.Graph,
    *,
    labels: Mapping[str, str],
    sizes: Mapping[str, float],
    char_width: float = 7.8,
    line_height: float = 17.0,
    edge_length: float = 170.0,
    aspect: float = 1.5,
    seed: int = 7,
) -> dict[str, tuple[float, float]]:
    """Positions (x right, y down, in pixels) for every node of ``G``.

    Args:
        G: Any graph; edges are read without direction or multiplicity.
        labels: Node -> label as drawn (lines split by ``\\n``) below the node.
        sizes: Node -> radius of its shape in pixels.
        char_width: Mean width of a label character, in pixels.
        line_height: Height of a label line, in pixels.
        edge_length: Typical edge length before overlaps are removed.
        aspect: Width / height the packed components should come close to.
        seed: Seed of the force layout of large components.

    Examples:
        >>> G = nx.path_graph(["A", "B", "C"])
        >>> pos = layout(G, labels={n: n for n in G}, sizes={n: 10 for n in G})
        >>> sorted(pos) == ["A", "B", "C"]
        True
        >>> [round(math.dist(pos[a], pos[b]) / 10) * 10 for a, b in G.edges]  # whole pixels
        [170, 170]
    """
    H = nx.Graph()
    H.add_nodes_from(sorted(G))
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    placed: list[tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    components = sorted(nx.connected_components(H), key=lambda c: (-len(c), min(c)))
    for comp in components:
        nodes = sorted(comp)
        C = H.subgraph(nodes)
        xy = _component_positions(C, seed, edge_length)
        radius = np.array([float(sizes.get(v, 10.0)) for v in nodes])
        lines = [labels.get(v, v).split("\n") for v in nodes]
        label_w = np.array([max(map(len, ls)) * char_width for ls in lines])
        label_h = np.array([len(ls) * line_height for ls in lines])
        half_w = np.maximum(radius, label_w / 2) + 8.0
        half_h = radius + (label_h + 4.0) / 2 + 4.0
        dy = (label_h + 4.0) / 2
        _separate(xy, half_w, half_h, dy)
        placed.append((nodes, xy, half_w, half_h, dy))
    # pack the components in rows, each shifted to its own box
    boxes = []
    for nodes, xy, hw, hh, dy in placed:
        low = np.array([(xy[:, 0] - hw).min(), (xy[:, 1] + dy - hh).min()])
        high = np.array([(xy[:, 0] + hw).max(), (xy[:, 1] + dy + hh).max()])
        boxes.append((nodes, xy - low, (float(high[0] - low[0]), float(high[1] - low[1]))))
    offsets = _pack([size for _, _, size in boxes], aspect)
    pos: dict[str, tuple[float, float]] = {}
    for (nodes, xy, _), (x, y) in zip(boxes, offsets, strict=True):
        for v, (px, py) in zip(nodes, xy, strict=True):
            pos[v] = (float(round(px + x)), float(round(py + y)))  # whole pixels, as vis keeps them
    return pos


def _shelves(sizes: list[tuple[float, float]], row_width: float) -> list[tuple[float, float]]:
    offsets = []
    x = y = row_height = 0.0
    for w, h in sizes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + _GAP, 0.0
        offsets.append((x, y))
        x += w + _GAP
        row_height = max(row_height, h)
    return offsets


def _pack(sizes: list[tuple[float, float]], aspect: float) -> list[tuple[float, float]]:
    """Top-left corners placing boxes (largest first) in rows, the rows' width
    chosen so that the whole is closest to ``aspect`` (width / height).

    Examples:
        >>> _pack([(100, 100)] * 4, 1.0)
        [(0.0, 0.0), (190.0, 0.0), (0.0, 190.0), (190.0, 190.0)]
    """
    best: tuple[float, list[tuple[float, float]]] | None = None
    widest = max(w for w, _ in sizes)
    candidates = {widest} | {sum(w + _GAP for w, _ in sizes[:i]) for i in range(1, len(sizes) + 1)}
    for row_width in sorted(candidates):
        if row_width < widest:
            continue
        offsets = _shelves(sizes, row_width)
        width = max(x + w for (x, _), (w, _) in zip(offsets, sizes, strict=True))
        height = max(y + h for (_, y), (_, h) in zip(offsets, sizes, strict=True))
        miss = abs(math.log((width / height) / aspect))
        if best is None or miss < best[0] - 1e-9:
            best = (miss, offsets)
    assert best is not None
    return best[1]
