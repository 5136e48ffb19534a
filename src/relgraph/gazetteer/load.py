"""Read and validate the gazetteer CSV files in ``data/gazetteer/``."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import InputError
from ..ontology import load_ontology
from ..resources import gazetteer_dir

__all__ = ["Entity", "Gazetteer", "LeaderTerm", "load_gazetteer", "slugify"]

_FILES = {
    "states.csv": (
        "State",
        ["iso3", "name", "official_name", "aliases", "demonyms", "capitals", "seats"],
    ),
    "organizations.csv": ("Organization", ["id", "name", "aliases"]),
    "blocs.csv": ("Bloc", ["id", "name", "aliases"]),
    "armed_groups.csv": ("ArmedGroup", ["id", "name", "aliases"]),
    "leaders.csv": ("Leader", ["id", "name", "aliases", "short", "role", "of", "start", "end"]),
}


def slugify(name: str) -> str:
    """Lowercase ASCII slug of a name, as used for Leader and ArmedGroup keys.

    Examples:
        >>> slugify("Recep Tayyip Erdoğan")
        'recep-tayyip-erdogan'
        >>> slugify("Omar al-Bashir")
        'omar-al-bashir'
    """
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


@dataclass(frozen=True, slots=True)
class Entity:
    """One gazetteer entry: a node kind, its key, its display name and the names that link to it."""

    kind: str
    key: str
    name: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LeaderTerm:
    """One office term of a leader: role, the state or organization, and the years."""

    leader: str
    role: str
    of: str
    start: int | None
    end: int | None

    def active(self, year: int | None) -> bool:
        """Whether the term covers ``year`` (an unknown year matches a current term)."""
        if year is None:
            return self.end is None
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass
class Gazetteer:
    """All reference entities, keyed by ``(kind, key)``, with leaders' office terms."""

    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    terms: dict[str, list[LeaderTerm]] = field(default_factory=lambda: defaultdict(list))

    def get(self, kind: str, key: str) -> Entity | None:
        """The entity of a kind and key, or None."""
        return self.entities.get((kind, key))

    def kind_of(self, key: str) -> str | None:
        """The kind of a key when it is unambiguous."""
        kinds = [k for (k, kk) in self.entities if kk == key]
        return kinds[0] if len(kinds) == 1 else None

    def of_kind(self, kind: str) -> list[Entity]:
        """Every entity of one kind."""
        return [e for (k, _), e in self.entities.items() if k == kind]

    def term(self, leader: str, year: int | None) -> LeaderTerm | None:
        """The leader's office in ``year`` (heads of state/government first), else the latest."""
        terms = self.terms.get(leader, [])
        if not terms:
            return None
        active = [t for t in terms if t.active(year)]
        pool = active or sorted(terms, key=lambda t: (t.end or 9999, t.start or 0))[-1:]
        return pool[0]

    def holders(self, role: str, of: str, year: int | None) -> list[str]:
        """Leaders who held ``role`` in ``of`` during ``year`` (or now, when unknown)."""
        return sorted(
            {
                t.leader
                for ts in self.terms.values()
                for t in ts
                if t.role == role and t.of == of and t.active(year)
            }
        )


def _year(path: Path, line: int, value: str) -> int | None:
    if not value.strip():
        return None
    if not re.fullmatch(r"\d{4}", value.strip()):
        raise InputError(f"{path}:{line}: expected a year (YYYY), got {value!r}")
    return int(value)


def _read(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    if not path.is_file():
        raise InputError(f"{path}: gazetteer file missing")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                f"{path}:1: missing column(s) {', '.join(missing)}; found {reader.fieldnames}"
            )
        return [(i, row) for i, row in enumerate(reader, start=2)]


@cache
def load_gazetteer(folder: Path | None = None) -> Gazetteer:
    """Read every gazetteer file (cached) and check keys, roles and references.

    All problems in the files are reported at once in one ``InputError``.
    """
    folder = folder or gazetteer_dir()
    onto = load_ontology()
    gaz = Gazetteer()
    problems: list[str] = []
    for fname, (kind, required) in _FILES.items():
        path = folder / fname
        for line, row in _read(path, required):
            key = (row.get("iso3") or row.get("id") or "").strip()
            name = (row.get("name") or "").strip()
            if not key or not name:
                problems.append(f"{path}:{line}: empty key or name")
                continue
            wd = (row.get("wikidata") or "").strip() or None
            if kind == "Leader":
                role = row["role"].strip()
                if role not in onto.roles:
                    problems.append(
                        f"{path}:{line}: unknown role {role!r}; expected one of {', '.join(onto.roles)}"
                    )
                    continue
                try:
                    start, end = _year(path, line, row["start"]), _year(path, line, row["end"])
                except InputError as err:
                    problems.append(str(err))
                    continue
                gaz.terms[key].append(LeaderTerm(key, role, row["of"].strip(), start, end))
                prev = gaz.entities.get((kind, key))
                if prev is not None:
                    continue
                gaz.entities[(kind, key)] = Entity(
                    kind, key, name, _split(row.get("aliases")), wd, short=_split(row.get("short"))
                )
                continue
            if (kind, key) in gaz.entities:
                problems.append(f"{path}:{line}: duplicate key {key!r}")
                continue
            gaz.entities[(kind, key)] = Entity(
                kind,
                key,
                name,
                _split(row.get("aliases")) + _split(row.get("official_name")),
                wd,
                demonyms=_split(row.get("demonyms")),
                capitals=_split(row.get("capitals")),
                seats=_split(row.get("seats")),
                members=_split(row.get("members")),
            )
    known_targets = {k for (kind, k) in gaz.entities if kind in ("State", "Organization")}
    for leader, terms in gaz.terms.items():
        for t in terms:
            if t.of not in known_targets:
                problems.append(
                    f"{folder / 'leaders.csv'}: leader {leader!r} holds office in unknown {t.of!r}"
                )
    if problems:
        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        raise InputError(f"gazetteer in {folder}: {shown}")
    return gaz
