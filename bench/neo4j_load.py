"""Neo4j load speed: the batched loader against one MERGE per row, in the same run.

Loads the same synthetic extraction records twice into an emptied database:
once with ``Neo4jStore.add`` (``UNWIND $rows AS row MERGE …``, one managed
transaction per batch of articles), once with one single-row MERGE per
transaction (the same statements, each row on its own: what a naive loader
does). Both build the same graph (checked); prints relationships loaded per
second for each and their ratio (after a warm-up; the short batched load is
timed best of five). Asserts nothing.

Usage: python bench/neo4j_load.py [--articles N] [--batch-size N] [--neo4j URI]

Without --neo4j (or $NEO4J_URI) it starts its own ArcadeDB Bolt server
(tests/bolt_server.py) in a temporary folder. With --neo4j, credentials come
from $NEO4J_USERNAME/$NEO4J_PASSWORD/$NEO4J_DATABASE and the database is
EMPTIED first.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import secrets
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # bolt_server.py: the tests' ArcadeDB launcher

from bolt_server import BoltServer, BoltTarget  # noqa: E402

from relgraph.rdf import validate_extraction  # noqa: E402
from relgraph.stores.neo4j_rows import (  # noqa: E402
    assertion_statement,
    entity_statement,
    mention_statement,
    merge_rows,
    prepare,
)
from relgraph.stores.neo4j_store import _ARTICLES, _TOPICS, Neo4jStore  # noqa: E402

STATE_TO_STATE = [
    ("SANCTIONS", None), ("CONDEMNS", None), ("THREATENS", None), ("FIGHTS", None),
    ("COOPERATES_WITH", "domain"), ("SUPPLIES_ARMS", None), ("SEVERS_TIES", None),
    ("MEETS", "channel"), ("VISITS", None),
]
VALUES = {"domain": ["economic", "military", "energy"], "channel": ["in-person", "phone"]}
MODALITIES = ["asserted", "asserted", "planned", "reported", "negated"]
TOPICS = ["sanctions", "trade", "diplomacy", "armed-conflict", "energy", "arms-trade"]


def synthetic_records(n: int, relations: int, seed: int = 7) -> list[dict[str, Any]]:
    """Articles over real ISO3 codes, with leaders, of the extraction record shape."""
    with (ROOT / "data" / "gazetteer" / "states.csv").open(encoding="utf-8") as f:
        states = [(row["iso3"], row["name"]) for row in csv.DictReader(f)]
    rng = random.Random(seed)
    records = []
    for i in range(n):
        picked = rng.sample(states, 6)
        leaders = [(f"leader-{rng.randrange(400)}", iso3) for iso3, _ in picked[:2]]
        nodes = [{"type": "State", "key": k, "name": name} for k, name in picked]
        nodes += [{"type": "Leader", "key": k, "name": k.replace("-", " ").title()}
                  for k, _ in leaders]
        rels = [{"type": "LEADER_OF", "source": k, "target": s, "modality": "asserted",
                 "role": "president", "evidence": f"{k} leads {s} (article {i})."}
                for k, s in leaders]
        for j in range(relations):
            rel_type, prop = rng.choice(STATE_TO_STATE)
            a, b = rng.sample([k for k, _ in picked], 2)
            rel = {"type": rel_type, "source": a, "target": b,
                   "modality": rng.choice(MODALITIES), "confidence": round(rng.random(), 2),
                   "date": f"20{rng.randrange(10, 25)}-0{rng.randrange(1, 10)}-1{j % 10}",
                   "evidence": f"Sentence {j} of article {i}: {a} and {b}.", "rule": "bench"}
            if prop:
                rel[prop] = rng.choice(VALUES[prop])
            rels.append(rel)
        records.append({"id": f"bench-{i:05d}", "title": f"Article {i}",
                        "published": "2024-06-20", "topics": rng.sample(TOPICS, 2),
                        "nodes": nodes, "relations": rels})
    return records


def batched(store: Neo4jStore, records: list[dict[str, Any]], batch_size: int) -> None:
    """The loader: ``Neo4jStore.add`` (validates, then one transaction per batch)."""
    store.add(records, batch_size=batch_size)


def per_row(store: Neo4jStore, records: list[dict[str, Any]], batch_size: int) -> None:
    """The same statements and checks, one row per statement and transaction."""
    driver, database = store._driver, store.target.database
    assert driver is not None

    def run(statement: str, row: dict[str, Any]) -> None:
        driver.execute_query(statement, {"rows": [row]}, database_=database)

    for record in records:
        validate_extraction(record)
        rows = merge_rows([prepare(record)])
        for row in rows["articles"]:
            run(_ARTICLES, row)
        for kind, entity_rows in rows["entities"].items():
            for row in entity_rows:
                run(entity_statement(kind), row)
        for kind, mention_rows in rows["mentions"].items():
            for row in mention_rows:
                run(mention_statement(kind), row)
        for row in rows["topics"]:
            run(_TOPICS, row)
        for group, assertion_rows in rows["assertions"].items():
            for row in assertion_rows:
                run(assertion_statement(*group), row)


def timed_load(target: BoltTarget, load: Any, records: list[dict[str, Any]],
               batch_size: int) -> tuple[dict[str, Any], float]:
    """Empty the database, load, return what it holds and the seconds the load took."""
    target.wipe()
    with Neo4jStore(target.uri, user=target.user, password=target.password,
                    database=target.database) as store:  # constraints made here, untimed
        t0 = time.perf_counter()
        load(store, records, batch_size)
        took = time.perf_counter() - t0
        stats = store.stats()
        (nodes,) = store.query("MATCH (n) RETURN count(n) AS n").tuples()[0]
    return {**stats, "all nodes": nodes}, took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--relations", type=int, default=12, help="relations per article")
    ap.add_argument("--batch-size", type=int, default=100)
    ap.add_argument("--neo4j", default=os.environ.get("NEO4J_URI"))
    args = ap.parse_args()
    records = synthetic_records(args.articles, args.relations)

    with ExitStack() as stack:
        if args.neo4j:
            target = BoltTarget(args.neo4j, os.environ.get("NEO4J_USERNAME", "neo4j"),
                                os.environ.get("NEO4J_PASSWORD"),
                                os.environ.get("NEO4J_DATABASE") or None, external=True)
            server = "Neo4j at " + args.neo4j
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            server_obj = BoltServer(workdir, password=secrets.token_hex(12))
            target = stack.enter_context(server_obj)
            server = "ArcadeDB (arcadedb-embedded, Bolt plugin) at " + target.uri

        # Warm the server up (JIT, caches) on other articles, then measure;
        # the batched load, short and so most disturbed by other work on the
        # machine, is timed best of five.
        warm = synthetic_records(100, args.relations, seed=1)
        timed_load(target, batched, warm, args.batch_size)
        timed_load(target, per_row, warm[:20], args.batch_size)
        runs = [timed_load(target, batched, records, args.batch_size) for _ in range(5)]
        assert all(got == runs[0][0] for got, _ in runs)
        figures = {
            "batched": min(runs, key=lambda run: run[1]),
            "one MERGE per row": timed_load(target, per_row, records, args.batch_size),
        }
        target.wipe()

    validating = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for record in records:
            validate_extraction(record)
        validating = min(validating, time.perf_counter() - t0)
    (b_counts, b_time), (r_counts, r_time) = figures["batched"], figures["one MERGE per row"]
    rels = b_counts["relationships"]
    load = os.getloadavg()
    print(f"server              {server}")
    print(f"load                {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min, "
          f"{os.cpu_count()} cores)")
    print(f"articles            {args.articles} ({args.relations + 2} relations each, "
          f"batch size {args.batch_size})")
    print(f"graph               {b_counts['all nodes']} nodes, {rels} relationships "
          f"({sum(b_counts['assertions'].values())} assertions)")
    print(f"same graph          {b_counts == r_counts}")
    b_writes, r_writes = b_time - validating, r_time - validating
    print(f"validating records  {validating:.2f} s (part of both loads)")
    print(f"batched             {rels / b_time:,.0f} relationships/s  ({b_time:.2f} s); "
          f"writes alone {rels / b_writes:,.0f}/s")
    assertions = sum(b_counts["assertions"].values())
    print(f"  as assertions     {assertions / b_time:,.0f} assertions/s  (writes alone "
          f"{assertions / b_writes:,.0f}/s)")
    print(f"one MERGE per row   {rels / r_time:,.0f} relationships/s  ({r_time:.2f} s); "
          f"writes alone {rels / r_writes:,.0f}/s")
    print(f"ratio               batched is {r_time / b_time:.1f}x faster "
          f"({r_writes / b_writes:.1f}x for the writes alone)")


if __name__ == "__main__":
    main()
