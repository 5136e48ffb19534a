"""Helpers of the reliability tests: a generated corpus, store checks, running relgraph."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from relgraph.stores import open_store

STATES = [
    "France", "Germany", "Iran", "Russia", "China", "Japan", "India", "Brazil", "Egypt",
    "Turkey", "Poland", "Ukraine", "Canada", "Mexico", "Kenya", "Chile",
]  # fmt: skip
PATTERNS = [
    "{a} imposed sanctions on {b} on Monday.",
    "{a} condemned {b} after the vote.",
    "The president of {a} met the prime minister of {b} in Geneva.",
    "{a} will supply weapons to {b}, officials said.",
    "{a} and {b} agreed to expand military cooperation.",
]


def write_corpus(path: Path, n: int) -> list[str]:
    """``n`` JSON Lines articles, each with a few assertions; their ids in order."""
    pairs = itertools.cycle(itertools.permutations(STATES, 2))
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            sentences = []
            for j in range(3):
                a, b = next(pairs)
                sentences.append(PATTERNS[(i + j) % len(PATTERNS)].format(a=a, b=b))
            rid = f"art-{i:04d}"
            ids.append(rid)
            row = {"id": rid, "text": " ".join(sentences), "published": "2024-05-0%d" % (1 + i % 9)}
            out.write(json.dumps(row) + "\n")
    return ids


def records(store_dir: Path) -> dict[str, dict[str, Any]]:
    with open_store(store_dir, read_only=True) as store:
        return {r["id"]: r for r in store.records()}


def article_count(store_dir: Path) -> int:
    """Articles in the store, read from a read-only snapshot (0 while it cannot be opened)."""
    try:
        with open_store(store_dir, read_only=True) as store:
            return int(store.stats()["articles"])
    except Exception:  # not created yet
        return 0


ORPHANS = """
SELECT (COUNT(*) AS ?n) WHERE {
  { GRAPH ?g { ?e a rg:Assertion } FILTER NOT EXISTS { GRAPH ?g { ?g a rg:Article } } }
  UNION
  { GRAPH ?g { ?e a rg:Assertion ; rg:article ?a } FILTER NOT EXISTS { GRAPH ?a { ?a a rg:Article } } }
  UNION
  { GRAPH ?g { ?e a rg:Assertion } FILTER NOT EXISTS { GRAPH ?g { ?e rg:article ?g } } }
}"""


def orphan_assertions(store_dir: Path) -> int:
    """Assertions without their article (must be 0)."""
    with open_store(store_dir, read_only=True) as store:
        return int(store.query(ORPHANS).rows[0]["n"])


def relgraph(*args: object) -> list[str]:
    return [sys.executable, "-m", "relgraph", *map(str, args)]


def popen(*args: object, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        relgraph(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def wait_until(condition, timeout: float = 120, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False
