"""Consistency checks on the gazetteer data files in data/gazetteer/.

Plain csv only: these tests check the data as shipped, independently of the
loader in relgraph.gazetteer.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

GAZ = Path(__file__).resolve().parents[1] / "data" / "gazetteer"

HEADERS = {
    "states.csv": [
        "iso3",
        "iso2",
        "name",
        "official_name",
        "aliases",
        "demonyms",
        "capitals",
        "seats",
        "status",
        "wikidata",
    ],
    "organizations.csv": ["id", "name", "aliases", "members", "wikidata"],
    "blocs.csv": ["id", "name", "aliases", "members"],
    "armed_groups.csv": ["id", "name", "aliases", "wikidata"],
    "leaders.csv": ["id", "name", "aliases", "short", "role", "of", "start", "end", "wikidata"],
}
ROLES = {
    "president",
    "prime-minister",
    "supreme-leader",
    "monarch",
    "chancellor",
    "foreign-minister",
    "defence-minister",
    "secretary-general",
    "other",
}
# Offices held by one person at a time in one state or organization.
SINGLE_HOLDER = ROLES - {"other"}
# Organizations with more than one office called "president" (Commission and European Council).
MULTI_PRESIDENT = {"EU"}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ORG_ID = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
WIKIDATA = re.compile(r"Q[1-9][0-9]*")
YEAR = re.compile(r"(19|20)[0-9]{2}")
# States for which leaders.csv must name a current head of state or government.
COVERED = (
    "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA "
    "UKR PRK SDN SSD ARM AZE ETH IRN ISR SYR VEN CUB BLR POL PAK AFG IRQ EGY QAT ARE "
    "TWN GEO KAZ NGA KEN SOM YEM LBN PSE"
).split()
HEAD_ROLES = {"president", "prime-minister", "supreme-leader", "monarch", "chancellor"}


def split(cell: str) -> list[str]:
    return [p for p in cell.split("|")] if cell else []


def read(name: str) -> list[dict[str, str]]:
    with (GAZ / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == HEADERS[name], f"{name}: header {reader.fieldnames}"
        rows = list(reader)
    for i, row in enumerate(rows, start=2):
        assert None not in row and all(v is not None for v in row.values()), (
            f"{name}:{i}: wrong number of fields"
        )
    return rows


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict[str, str]]]:
    return {name: read(name) for name in HEADERS}


def test_files_parse_with_exact_header(data):
    for name, rows in data.items():
        assert rows, f"{name} is empty"


def test_cells_are_clean(data):
    problems = []
    for name, rows in data.items():
        for i, row in enumerate(rows, start=2):
            for col, val in row.items():
                if val != val.strip():
                    problems.append(f"{name}:{i}:{col}: surrounding whitespace {val!r}")
                for part in split(val):
                    if not part or part != part.strip():
                        problems.append(f"{name}:{i}:{col}: empty or padded list item in {val!r}")
    assert not problems, "\n".join(problems)


def test_states(data):
    rows = data["states.csv"]
    iso3 = [r["iso3"] for r in rows]
    assert len(iso3) == len(set(iso3)), "duplicate iso3"
    for r in rows:
        assert re.fullmatch(r"[A-Z]{3}", r["iso3"]), r["iso3"]
        assert re.fullmatch(r"[A-Z]{2}", r["iso2"]), r
        assert r["name"] and r["official_name"], r
        assert r["status"] in {"un-member", "un-observer", "other"}, r
    iso2 = [r["iso2"] for r in rows]
    assert len(iso2) == len(set(iso2)), "duplicate iso2"
    status = {r["iso3"]: r["status"] for r in rows}
    assert sum(s == "un-member" for s in status.values()) == 193
    assert sorted(k for k, s in status.items() if s == "un-observer") == ["PSE", "VAT"]
    assert sorted(k for k, s in status.items() if s == "other") == ["TWN", "XKX"]
    for key in ("RUS", "USA", "CHN", "PRK", "UKR", "GBR", "FRA"):
        assert status[key] == "un-member"


def test_organizations_and_blocs(data):
    iso3 = {r["iso3"] for r in data["states.csv"]}
    orgs = data["organizations.csv"]
    ids = [r["id"] for r in orgs]
    assert len(ids) == len(set(ids)), "duplicate organization id"
    assert len(ids) >= 60
    for r in orgs:
        assert ORG_ID.fullmatch(r["id"]), r["id"]
        assert r["id"] not in iso3, f"organization id {r['id']} is also an iso3 code"
    for want in (
        "UN",
        "NATO",
        "EU",
        "AU",
        "IAEA",
        "ASEAN",
        "G7",
        "G20",
        "BRICS",
        "SCO",
        "GCC",
        "ICC",
        "ICJ",
    ):
        assert want in ids, want
    blocs = data["blocs.csv"]
    bids = [r["id"] for r in blocs]
    assert len(bids) == len(set(bids))
    for b in bids:
        assert SLUG.fullmatch(b), b
    for want in ("the-west", "international-community", "gulf-states", "global-south", "quad"):
        assert want in bids, want
    for r in orgs + blocs:
        unknown = [m for m in split(r["members"]) if m not in iso3]
        assert not unknown, f"{r['id']}: unknown members {unknown}"
        members = split(r["members"])
        assert len(members) == len(set(members)), f"{r['id']}: duplicate member"
    by_id = {r["id"]: set(split(r["members"])) for r in orgs}
    assert len(by_id["NATO"]) == 32 and len(by_id["EU"]) == 27 and len(by_id["G7"]) == 7
    assert by_id["G7"] <= by_id["G20"]


def test_armed_groups(data):
    rows = data["armed_groups.csv"]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 30
    for i in ids:
        assert SLUG.fullmatch(i), i
    for want in (
        "islamic-state",
        "al-qaeda",
        "al-shabab",
        "hamas",
        "hezbollah",
        "houthis",
        "taliban",
    ):
        assert want in ids, want


def test_leaders(data):
    iso3 = {r["iso3"] for r in data["states.csv"]}
    orgs = {r["id"] for r in data["organizations.csv"]}
    problems = []
    person: dict[str, tuple] = {}
    for i, r in enumerate(data["leaders.csv"], start=2):
        where = f"leaders.csv:{i} ({r['id']})"
        if not SLUG.fullmatch(r["id"]):
            problems.append(f"{where}: id is not a lowercase ASCII slug")
        if r["role"] not in ROLES:
            problems.append(f"{where}: role {r['role']!r}")
        if r["of"] not in iso3 and r["of"] not in orgs:
            problems.append(f"{where}: unknown 'of' {r['of']!r}")
        if not YEAR.fullmatch(r["start"]):
            problems.append(f"{where}: start {r['start']!r}")
        if r["end"] and not YEAR.fullmatch(r["end"]):
            problems.append(f"{where}: end {r['end']!r}")
        if YEAR.fullmatch(r["start"]) and r["end"] and int(r["start"]) > int(r["end"]):
            problems.append(f"{where}: start after end")
        ident = (r["name"], r["aliases"], r["short"], r["wikidata"])
        if person.setdefault(r["id"], ident) != ident:
            problems.append(
                f"{where}: name/aliases/short/wikidata differ between rows of one person"
            )
    assert not problems, "\n".join(problems)
    for key in (
        "vladimir-putin",
        "kim-jong-un",
        "omar-al-bashir",
        "recep-tayyip-erdogan",
        "xi-jinping",
    ):
        assert key in person, key


def test_leader_terms_do_not_overlap(data):
    """Two holders of one single-holder office never both hold it through a whole year."""
    terms = defaultdict(list)
    for r in data["leaders.csv"]:
        if r["role"] in SINGLE_HOLDER and not (
            r["role"] == "president" and r["of"] in MULTI_PRESIDENT
        ):
            terms[(r["role"], r["of"])].append(
                (r["id"], int(r["start"]), int(r["end"]) if r["end"] else 2100)
            )
    problems = []
    for (role, of), ts in sorted(terms.items()):
        for year in range(1950, 2030):
            full = sorted({lid for lid, s, e in ts if s < year < e})
            if len(full) > 1:
                problems.append(f"{role} of {of} in {year}: {full}")
    assert not problems, "\n".join(problems)


def test_covered_states_have_a_current_leader(data):
    current = defaultdict(set)
    for r in data["leaders.csv"]:
        if not r["end"] and r["role"] in HEAD_ROLES:
            current[r["of"]].add(r["id"])
    missing = [s for s in COVERED if not current[s]]
    assert not missing, f"no current head of state or government for {missing}"


def _surfaces(data):
    """Every (surface form, entity) pair that a matcher would use, except leaders' short forms."""
    out = []
    for r in data["states.csv"]:
        for col in ("name", "official_name", "aliases", "demonyms", "capitals", "seats"):
            out += [(s, f"State:{r['iso3']}", col) for s in split(r[col])]
    for fname, kind in (
        ("organizations.csv", "Organization"),
        ("blocs.csv", "Bloc"),
        ("armed_groups.csv", "ArmedGroup"),
    ):
        for r in data[fname]:
            for col in ("name", "aliases"):
                out += [(s, f"{kind}:{r['id']}", col) for s in split(r[col])]
    for r in data["leaders.csv"]:
        for col in ("name", "aliases"):
            out += [(s, f"Leader:{r['id']}", col) for s in split(r[col])]
    return out


def test_no_alias_names_two_entities(data):
    owners = defaultdict(set)
    for surface, entity, _ in _surfaces(data):
        owners[surface].add(entity)
    clashes = {s: sorted(e) for s, e in owners.items() if len(e) > 1}
    for s, e in sorted(clashes.items()):
        print(f"alias {s!r} is shared by {', '.join(e)}")
    assert not clashes, f"{len(clashes)} shared aliases: {clashes}"


def test_leader_short_forms_do_not_shadow_other_entities(data):
    """A short form ('Kim') may be shared by leaders (resolved by date), not with another entity."""
    owners = defaultdict(set)
    for surface, entity, _ in _surfaces(data):
        owners[surface].add(entity)
    clashes = []
    for r in data["leaders.csv"]:
        me = f"Leader:{r['id']}"
        for s in split(r["short"]):
            other = owners.get(s, set()) - {me}
            if other:
                clashes.append(f"short {s!r} of {me} is also {sorted(other)}")
    for c in sorted(set(clashes)):
        print(c)
    assert not clashes, "\n".join(sorted(set(clashes)))


def test_no_leading_article(data):
    bad = []
    for surface, entity, col in _surfaces(data):
        if col != "name" and re.match(r"(?i)the\s", surface):
            bad.append(f"{entity}: {surface!r}")
    for r in data["leaders.csv"]:
        bad += [f"Leader:{r['id']}: {s!r}" for s in split(r["short"]) if re.match(r"(?i)the\s", s)]
    assert not bad, "\n".join(bad)


def test_wikidata_ids(data):
    seen = {}
    problems = []
    for fname, key in (
        ("states.csv", "iso3"),
        ("organizations.csv", "id"),
        ("armed_groups.csv", "id"),
        ("leaders.csv", "id"),
    ):
        for r in data[fname]:
            q = r["wikidata"]
            if not q:
                continue
            if not WIKIDATA.fullmatch(q):
                problems.append(f"{fname}: {r[key]}: bad Q-id {q!r}")
            owner = f"{fname}:{r[key]}"
            if seen.setdefault(q, owner) != owner:
                problems.append(f"{q} used by {seen[q]} and {owner}")
    assert not problems, "\n".join(problems)
    states = {r["iso3"]: r["wikidata"] for r in data["states.csv"]}
    assert states["RUS"] == "Q159" and states["USA"] == "Q30" and states["CHN"] == "Q148"
