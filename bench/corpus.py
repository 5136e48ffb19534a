"""A seeded generator of news-like articles and of extraction records, for benchmarks.

Articles are built from the gazetteers (``data/gazetteer/*.csv``: states,
leaders in office, organizations, blocs, armed groups) and sentence frames
written for this generator: meetings, visits, sanctions, cooperation, arms
supply, condemnation, threats, fighting, severed ties and leaders' titles,
among many sentences with no relation (economy, weather, quotes, numbers,
dates). Some states are far busier than others (a Zipf-like choice), as in
real news. Each article is 400-700 words, dated 2015-2025.

Records (``records()``) have the shape of ``schema/extraction.schema.json``
and load with ``store.add(records)``: a quick way to build large stores
without running extraction.

Everything is deterministic: article ``i`` of seed ``s`` is the same whatever
``n`` is (each article draws from its own ``random.Random((s, i))``).

Usage::

    python bench/corpus.py 1000 --out corpus.jsonl           # JSON Lines (id, title, published, source, text)
    python bench/corpus.py 1000 --out corpus/ --format txt   # one .txt per article plus MANIFEST.tsv
    python bench/corpus.py 5000 --records --out records.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "data" / "gazetteer"
SAMPLES = ROOT / "data" / "articles"

# States that fill the news more than others, busiest first; the rest follow in file order.
BUSY = ["USA", "RUS", "CHN", "UKR", "ISR", "IRN", "GBR", "FRA", "DEU", "TUR", "IND", "PRK",
        "KOR", "JPN", "SAU", "SYR", "PAK", "EGY", "QAT", "POL", "BRA", "ZAF", "ARE", "AZE",
        "ARM", "VEN", "ETH", "SDN", "AFG", "IRQ"]
ROLE_TITLE = {
    "president": "President", "prime-minister": "Prime Minister",
    "foreign-minister": "Foreign Minister", "defence-minister": "Defence Minister",
    "chancellor": "Chancellor", "monarch": "King", "supreme-leader": "Supreme Leader",
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@dataclass(frozen=True, slots=True)
class State:
    iso3: str
    name: str
    adj: str
    capital: str
    wikidata: str | None


@dataclass(frozen=True, slots=True)
class Leader:
    id: str
    name: str
    short: str
    role: str
    of: str
    wikidata: str | None


@dataclass(frozen=True, slots=True)
class Named:
    kind: str
    key: str
    name: str
    wikidata: str | None


def _rows(name: str) -> list[dict[str, str]]:
    with (GAZETTEER / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def gazetteer() -> dict[str, Any]:
    """States (busiest first), leaders in office by state, organizations, blocs, armed groups."""
    states = {}
    for r in _rows("states.csv"):
        if not r["capitals"] or not r["demonyms"]:
            continue
        states[r["iso3"]] = State(r["iso3"], r["name"], r["demonyms"].split("|")[0],
                                  r["capitals"].split("|")[0], r["wikidata"] or None)
    order = [k for k in BUSY if k in states] + [k for k in states if k not in BUSY]
    leaders: dict[str, list[Leader]] = {}
    for r in _rows("leaders.csv"):
        if r["end"] or r["of"] not in states or r["role"] not in ROLE_TITLE:
            continue
        leaders.setdefault(r["of"], []).append(
            Leader(r["id"], r["name"], r["short"] or r["name"].split()[-1], r["role"], r["of"],
                   r["wikidata"] or None))
    orgs = [Named("Organization", r["id"], r["name"], r["wikidata"] or None)
            for r in _rows("organizations.csv")]
    blocs = [Named("Bloc", r["id"], r["name"], None) for r in _rows("blocs.csv")]
    groups = [Named("ArmedGroup", r["id"], r["name"], r["wikidata"] or None)
              for r in _rows("armed_groups.csv")]
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(order))]
    return {"states": [states[k] for k in order], "weights": weights, "leaders": leaders,
            "orgs": orgs, "blocs": blocs, "groups": groups}


# ------------------------------------------------------------------ sentence frames
# Placeholders: {A} {B} state names, {Aadj} {Badj} demonyms as adjectives,
# {Acap} {Bcap} capitals, {LA} {LB} a leader with title ("Russian President
# Vladimir Putin"), {LAs} {LBs} the leader's short name, {ORG} an
# organization, {G} an armed group, {DAY} a weekday, {DATE} a month and day,
# {N} a number, {ISSUE} {WEAPON} {DOMAIN} {ACT} fillers.
FRAMES: dict[str, list[str]] = {
    "MEETS": [
        "{LA} met {LB} in {Acap} on {DAY} to discuss {ISSUE}.",
        "{LA} held talks with {LB} on the sidelines of a regional summit on {DAY}.",
        "{LA} and {LB} met for more than two hours on {DATE}, officials from both sides said.",
        "{LA} spoke with {LB} by phone on {DAY} about {ISSUE}, according to a readout from {Acap}.",
        "{LA} is expected to meet {LB} next week to discuss {ISSUE}.",
        "Officials said {LA} would hold talks with {LB} in {Bcap} later this month.",
        "{LA} received {LB} in {Acap} on {DAY}, the first such meeting since {YEAR}.",
    ],
    "VISITS": [
        "{LA} arrived in {Bcap} on {DAY} for a two-day state visit to {B}.",
        "{LA} visited {B} on {DATE}, the first trip by a leader of {A} in {N} years.",
        "{LA} will travel to {B} later this month, his office said.",
        "During a visit to {B} on {DAY}, {LAs} laid a wreath and toured a new port.",
        "{LA} is due to visit {B} in the autumn, diplomats in {Acap} said.",
    ],
    "SANCTIONS": [
        "{A} imposed sanctions on {B} on {DAY} over {ISSUE}.",
        "{A} announced new sanctions against {N} {Badj} officials and companies on {DATE}.",
        "{A} froze the assets of several {Badj} banks and barred their executives from travel.",
        "{A} is preparing a fresh package of sanctions against {B}, two officials said.",
        "The {ORG} voted to impose sanctions on {B} after months of debate.",
        "{A} extended its sanctions on {B} for another year on {DAY}.",
        "{A} said it would not lift sanctions on {B} until {ISSUE} was resolved.",
    ],
    "COOPERATES_WITH": [
        "{A} and {B} signed an agreement on {DAY} to expand {DOMAIN} cooperation.",
        "{A} agreed to deepen {DOMAIN} cooperation with {B}, the two governments said in a joint statement.",
        "{A} and {B} will hold joint naval exercises next month.",
        "{A} and {B} agreed to work together on {DOMAIN} projects worth {N} million dollars.",
        "{A} signed a partnership with {B} on {DATE} covering {DOMAIN} ties.",
    ],
    "SUPPLIES_ARMS": [
        "{A} has supplied {B} with {WEAPON}, officials said on {DAY}.",
        "{A} delivered {N} {WEAPON} to {B} last month, according to a defence ministry statement.",
        "{A} will send {WEAPON} to {B} under a deal signed on {DATE}.",
        "{A} reportedly shipped {WEAPON} to {B} through a third country.",
        "{A} approved the sale of {WEAPON} to {B} on {DAY}.",
    ],
    "CONDEMNS": [
        "{A} condemned {B} on {DAY} for {ACT}.",
        "The foreign ministry of {A} strongly condemned {B} over {ACT}.",
        "{LA} condemned {B} for {ACT} in a speech on {DATE}.",
        "The {ORG} condemned {B} for {ACT}.",
        "{A} denounced {B} for {ACT}, calling it a violation of international law.",
    ],
    "THREATENS": [
        "{A} threatened {B} with retaliation if {ISSUE} was not settled.",
        "{LA} warned {B} of severe consequences on {DAY}.",
        "{A} threatened to strike {B} if its forces crossed the line.",
        "{LA} threatened {B} with new tariffs during a rally on {DATE}.",
    ],
    "FIGHTS": [
        "{Aadj} forces clashed with {Badj} troops near the border on {DAY}.",
        "{A} launched air strikes against {G} positions on {DATE}, killing {N} fighters.",
        "Fighting between {A} and {B} intensified on {DAY}, with heavy shelling reported.",
        "{Aadj} troops attacked {Badj} positions overnight, the military said.",
        "{G} fighters attacked {Aadj} soldiers near a border post on {DAY}.",
    ],
    "SEVERS_TIES": [
        "{A} severed diplomatic relations with {B} on {DAY}.",
        "{A} cut diplomatic ties with {B} and ordered its ambassador to leave within {N} days.",
        "{A} broke off relations with {B} on {DATE}, citing {ISSUE}.",
        "{A} suspended diplomatic relations with {B} after the incident.",
    ],
    "LEADER_OF": [
        "{LAname}, the {LArole} of {A}, told reporters that {ISSUE} was the priority.",
        "{Aadj} {LArole} {LAname} said on {DAY} that the talks had been useful.",
    ],
}
FILLER = [
    "The announcement came as markets in {Acap} closed {N} percent lower.",
    "Inflation in {A} reached {N} percent in {MONTH}, the highest level in a decade.",
    "Heavy rain flooded several districts of {Acap} on {DAY}, disrupting traffic.",
    "\"We are ready to talk, but not at any price,\" a senior official said.",
    "\"This is a long process and nobody expects quick results,\" one diplomat said.",
    "Analysts said the move was unlikely to change the balance of power in the region.",
    "The government has faced growing criticism at home over rising fuel prices.",
    "Turnout in last year's election was {N} percent, according to official figures.",
    "The ministry did not respond to a request for comment.",
    "Shares of state-owned energy companies rose {N} percent in early trading.",
    "The country's population has grown to about {N} million people.",
    "Officials said more details would be released in the coming days.",
    "The talks covered trade, energy and the situation of migrants, a spokesperson said.",
    "Local media reported long queues at petrol stations in {Acap}.",
    "The central bank of {A} raised interest rates by {N} basis points on {DAY}.",
    "Opposition lawmakers called for an inquiry into the handling of the crisis.",
    "The harvest this year is expected to be {N} percent smaller than usual.",
    "Schools in the capital reopened on {DATE} after a {N}-day closure.",
    "\"Our position has not changed,\" the spokesperson told a regular news briefing.",
    "Satellite images showed new construction at the site, researchers said.",
    "The currency has lost about {N} percent of its value since {MONTH}.",
    "A new highway linking {Acap} to the coast is due to open in {YEAR}.",
    "Thousands of people gathered in central {Acap} on {DAY} for a peaceful march.",
    "The foreign ministry said the ambassador would brief parliament next week.",
    "Economists expect growth of around {N} percent next year.",
    "The statement gave no figures and no timeline for the next steps.",
    "Journalists were not allowed to attend the closed session.",
    "The report was based on interviews with more than {N} residents.",
    "Ticket sales for the national football league fell sharply this season.",
    "A spokesperson for the presidency declined to give further details.",
    "The visit had been planned for months, according to people familiar with it.",
    "Exports of grain and fertiliser rose by {N} percent in the first quarter.",
    "Power cuts lasting up to {N} hours a day have become common in some provinces.",
    "The parliament of {A} is expected to vote on the budget on {DATE}.",
    "Rights groups said at least {N} people had been detained since {MONTH}.",
    "The airport in {Acap} resumed international flights on {DAY}.",
]
ISSUES = ["the border dispute", "its nuclear programme", "the detention of journalists",
          "the war", "gas prices", "the refugee crisis", "the disputed islands",
          "election interference", "a cyber attack on government networks",
          "the blockade of grain exports", "human rights abuses", "a missile test"]
WEAPONS = ["artillery shells", "air defence systems", "drones", "tanks", "fighter jets",
           "anti-tank missiles", "armoured vehicles", "ammunition", "rocket launchers"]
DOMAINS = ["economic", "military", "energy", "security", "technology", "trade", "defence"]
ACTS = ["the attack on civilians", "its missile launch", "the crackdown on protesters",
        "the annexation of territory", "the shelling of residential areas",
        "the arrest of opposition leaders", "the seizure of a cargo ship"]
TITLES = [
    "{A} and {B} at odds over {ISSUE}", "Tensions rise between {A} and {B}",
    "{A} steps up pressure on {B}", "What {A}'s new policy means for {B}",
    "{A} and {B} seek a way out of the crisis", "{A} looks to {B} for support",
    "Diplomats scramble as {A} and {B} trade warnings", "{A}: the week in diplomacy",
]
MIX = {  # relation frames, by type, in proportion
    "MEETS": 14, "VISITS": 8, "SANCTIONS": 12, "COOPERATES_WITH": 12, "SUPPLIES_ARMS": 8,
    "CONDEMNS": 10, "THREATENS": 8, "FIGHTS": 10, "SEVERS_TIES": 4, "LEADER_OF": 6,
}


class _Article:
    """Draws one article's actors and fills frames (one rng per article)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.gaz = gazetteer()
        self.published = date(2015, 1, 1) + timedelta(days=rng.randrange(11 * 365))
        cast: list[State] = []
        while len(cast) < rng.randint(3, 5):
            s = rng.choices(self.gaz["states"], self.gaz["weights"])[0]
            if s not in cast:
                cast.append(s)
        self.cast = cast
        self.unused: list[str] = []

    def _leader(self, state: State) -> Leader | None:
        people = self.gaz["leaders"].get(state.iso3)
        return self.rng.choice(people) if people else None

    def _pair(self, need_leaders: bool) -> tuple[State, State] | None:
        for _ in range(10):
            a, b = self.rng.sample(self.cast, 2)
            if not need_leaders or (self._leader(a) and self._leader(b)):
                return a, b
        return None

    def fill(self, frame: str, a: State, b: State) -> str:
        r = self.rng
        la, lb = self._leader(a), self._leader(b)
        values: dict[str, object] = {
            "A": a.name, "B": b.name, "Aadj": a.adj, "Badj": b.adj, "Acap": a.capital,
            "Bcap": b.capital, "DAY": r.choice(WEEKDAYS),
            "DATE": f"{r.choice(MONTHS)} {r.randint(1, 28)}", "MONTH": r.choice(MONTHS),
            "YEAR": r.randint(1995, 2024), "N": r.choice([2, 3, 5, 7, 12, 15, 20, 36, 48, 120, 300]),
            "ISSUE": r.choice(ISSUES), "WEAPON": r.choice(WEAPONS), "DOMAIN": r.choice(DOMAINS),
            "ACT": r.choice(ACTS), "ORG": r.choice(self.gaz["orgs"]).name,
            "G": r.choice(self.gaz["groups"]).name,
        }
        for tag, leader, state in (("LA", la, a), ("LB", lb, b)):
            if leader:
                title = ROLE_TITLE[leader.role]
                values[tag] = f"{state.adj} {title} {leader.name}"
                values[tag + "s"] = leader.short
                values[tag + "name"] = leader.name
                values[tag + "role"] = title.lower() if leader.role != "monarch" else "king"
        return frame.format(**values)

    def relation_sentence(self) -> str:
        r = self.rng
        kind = r.choices(list(MIX), list(MIX.values()))[0]
        frame = r.choice(FRAMES[kind])
        pair = self._pair("{L" in frame)
        if pair is None:  # no leaders on record for these states: a state-level frame
            kind = "SANCTIONS"
            frame = r.choice([f for f in FRAMES[kind] if "{L" not in f])
            pair = self._pair(False)
            assert pair is not None
        return self.fill(frame, *pair)

    def filler(self) -> str:
        """A sentence with no relation; each filler frame once per article until all are used."""
        if not self.unused:
            self.unused = list(FILLER)
        frame = self.unused.pop(self.rng.randrange(len(self.unused)))
        return self.fill(frame, self.rng.choice(self.cast), self.cast[0])

    def build(self) -> tuple[str, str]:
        r = self.rng
        target = r.randint(400, 700)
        title = self.fill(r.choice(TITLES), self.cast[0], self.cast[1])
        paragraphs, words = [], 0
        while words < target:
            para = []
            for _ in range(r.randint(2, 4)):
                s = self.relation_sentence() if r.random() < 0.3 else self.filler()
                para.append(s)
                words += len(s.split())
            paragraphs.append(" ".join(para))
        return title, "\n\n".join(paragraphs)


def articles(n: int, seed: int = 0, *, start: int = 0) -> Iterator[dict[str, Any]]:
    """``n`` generated articles as dicts: ``id``, ``title``, ``published``, ``source``, ``text``."""
    for i in range(start, start + n):
        art = _Article(random.Random(f"{seed}:{i}"))
        title, text = art.build()
        yield {"id": f"gen-{seed}-{i:07d}", "title": title,
               "published": art.published.isoformat(), "source": "relgraph bench generator",
               "text": text}


def as_article(item: dict[str, Any]) -> Any:
    """A generated article as the ``relgraph.model.Article`` that extraction takes."""
    from relgraph.model import Article

    return Article(id=item["id"], text=item["text"], title=item["title"],
                   published=item["published"])


def sample_articles() -> list[Any]:
    """The sample articles of ``data/articles`` (as ``relgraph.io`` reads them)."""
    from relgraph.io import read_articles

    return list(read_articles([str(SAMPLES)]))


# ------------------------------------------------------------------------ records
_REL_MIX = {"MEETS": 12, "VISITS": 7, "SANCTIONS": 12, "COOPERATES_WITH": 12,
            "SUPPLIES_ARMS": 7, "CONDEMNS": 10, "THREATENS": 7, "FIGHTS": 10,
            "SEVERS_TIES": 3}
_MODALITIES = ["asserted"] * 6 + ["planned", "reported", "reported", "negated"]
_TOPICS = ["armed-conflict", "arms-trade", "diplomacy", "economic-cooperation", "energy",
           "human-rights", "military-cooperation", "nuclear-weapons", "sanctions",
           "territorial-dispute", "terrorism", "trade"]
_REC_DOMAINS = ["diplomatic", "economic", "energy", "humanitarian", "military", "security",
                "technology"]


def _record(seed: int, i: int, relations: int) -> dict[str, Any]:
    from relgraph.ontology import load_ontology

    onto = load_ontology()
    rng = random.Random(f"r{seed}:{i}")
    gaz = gazetteer()
    art = _Article(rng)
    nodes: dict[str, dict[str, Any]] = {}

    def node(kind: str, key: str, name: str, wikidata: str | None) -> str:
        entry = {"type": kind, "key": key, "name": name}
        if wikidata:
            entry["wikidata"] = wikidata
        nodes.setdefault(key, entry)
        return key

    states = [node("State", s.iso3, s.name, s.wikidata) for s in art.cast]
    leaders = []
    rels: list[dict[str, Any]] = []
    published = art.published.isoformat()
    for s in art.cast[:3]:
        leader = art._leader(s)
        if leader:
            leaders.append(node("Leader", leader.id, leader.name, leader.wikidata))
            rels.append({"type": "LEADER_OF", "source": leader.id, "target": s.iso3,
                         "modality": "asserted", "confidence": 0.9, "role": leader.role,
                         "evidence": f"{ROLE_TITLE[leader.role]} {leader.name} of {s.name} "
                                     f"spoke (article {i}).",
                         "rule": "bench-title"})
    extra = []
    if rng.random() < 0.3:
        g = rng.choice(gaz["groups"])
        extra.append(node(g.kind, g.key, g.name, g.wikidata))
    if rng.random() < 0.3:
        o = rng.choice(gaz["orgs"])
        extra.append(node(o.kind, o.key, o.name, o.wikidata))
    kinds = {k: v["type"] for k, v in nodes.items()}
    types, weights = list(_REL_MIX), list(_REL_MIX.values())
    for j in range(relations):
        rel_type = rng.choices(types, weights)[0]
        spec = onto.relation(rel_type)
        pool = states + (leaders if rel_type in ("MEETS", "VISITS", "CONDEMNS", "THREATENS")
                         else []) + extra
        for _ in range(20):
            a, b = rng.sample(pool, 2)
            if spec.allows(kinds[a], kinds[b]):
                break
        else:
            a, b = rng.sample(states, 2)
        day = art.published - timedelta(days=rng.randrange(0, 6))
        rel: dict[str, Any] = {
            "type": rel_type, "source": a, "target": b, "modality": rng.choice(_MODALITIES),
            "confidence": round(rng.uniform(0.4, 0.95), 2), "date": day.isoformat(),
            "evidence": f"{nodes[a]['name']} and {nodes[b]['name']}: {rel_type.lower()} "
                        f"(article {i}, sentence {j}).",
            "rule": "bench-" + rel_type.lower(),
        }
        if "domain" in spec.properties and rng.random() < 0.7:
            rel["domain"] = rng.choice(_REC_DOMAINS)
        if "channel" in spec.properties and rng.random() < 0.3:
            rel["channel"] = rng.choice(["phone", "video"])
        rels.append(rel)
    topics = sorted(set(rng.sample(_TOPICS, rng.randint(1, 3))))
    return {"id": f"rec-{seed}-{i:07d}", "title": f"Synthetic article {i}",
            "published": published, "source": "relgraph bench generator",
            "nodes": list(nodes.values()), "relations": rels, "topics": topics}


def records(n: int, seed: int = 0, *, relations: int = 8, start: int = 0) -> Iterator[dict[str, Any]]:
    """``n`` extraction records (about ``relations`` + 3 assertions each), valid for ``store.add``."""
    for i in range(start, start + n):
        yield _record(seed, i, relations)


# ---------------------------------------------------------------------------- CLI
def write_txt(folder: Path, items: Iterator[dict[str, Any]]) -> int:
    """One ``ID.txt`` per article (title, blank line, text) and a ``MANIFEST.tsv``."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with (folder / "MANIFEST.tsv").open("w", encoding="utf-8") as manifest:
        manifest.write("id\ttitle\tpublished\tsource\n")
        for a in items:
            (folder / f"{a['id']}.txt").write_text(f"{a['title']}\n\n{a['text']}\n", encoding="utf-8")
            manifest.write(f"{a['id']}\t{a['title']}\t{a['published']}\t{a['source']}\n")
            count += 1
    return count


def write_jsonl(path: Path, items: Iterator[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("n", type=int, help="how many articles (or records)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True, help="FILE.jsonl, or a folder with --format txt")
    ap.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    ap.add_argument("--records", action="store_true",
                    help="write extraction records instead of article texts")
    ap.add_argument("--relations", type=int, default=8, help="relations per record (--records)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if args.records:
        count = write_jsonl(out, records(args.n, args.seed, relations=args.relations))
    elif args.format == "txt":
        count = write_txt(out, articles(args.n, args.seed))
    else:
        count = write_jsonl(out, articles(args.n, args.seed))
    print(f"wrote {count} {'records' if args.records else 'articles'} to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
