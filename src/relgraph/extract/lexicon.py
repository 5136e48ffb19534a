"""Load the extraction lexicons in ``data/lexicon/`` (relation cues, titles, cue words)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import InputError
from ..ontology import load_ontology
from ..resources import lexicon_dir

__all__ = ["Cue", "Lexicon", "inflect", "load_lexicon"]


def inflect(lemma: str) -> list[str]:
    """Regular English verb forms of a lemma.

    Examples:
        >>> inflect("sanction")
        ['sanction', 'sanctions', 'sanctioned', 'sanctioning']
        >>> inflect("criticize")
        ['criticize', 'criticizes', 'criticized', 'criticizing']
        >>> inflect("ally")
        ['ally', 'allies', 'allied', 'allying']
    """
    if lemma.endswith("e"):
        return [lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return [lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    if lemma.endswith(("sh", "ch", "ss", "x")):
        return [lemma, lemma + "es", lemma + "ed", lemma + "ing"]
    if lemma in ("ship", "slam", "ban"):
        return [lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    return [lemma, lemma + "s", lemma + "ed", lemma + "ing"]


@dataclass(frozen=True, slots=True)
class Cue:
    """One surface form that can express a relation type."""

    type: str
    words: tuple[str, ...]
    reciprocal: bool
    verb: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the rule-based extractor reads from ``data/lexicon``."""

    cues: tuple[Cue, ...]
    compounds: tuple[tuple[str, frozenset[str], tuple[tuple[str, ...], ...], int], ...]
    object_gaps: dict[tuple[str, ...], int]
    attack_nouns: frozenset[str]
    evaluative_verbs: frozenset[str]
    negative_words: frozenset[str]
    modality: dict[str, tuple[tuple[str, ...], ...]]
    counterfactual: tuple[tuple[str, ...], ...]
    blocked_compounds: tuple[tuple[str, ...], ...]
    speech_verbs: frozenset[str]
    agree_opinion: tuple[tuple[str, ...], ...]
    clause_breaks: frozenset[str]
    event_nouns: frozenset[str]
    leader_pairs: tuple[tuple[str, ...], ...]
    state_pairs: tuple[tuple[str, ...], ...]
    he: frozenset[str]
    they: frozenset[str]
    actor_nouns: tuple[tuple[str, ...], ...]
    titles: dict[tuple[str, ...], str]
    domains: dict[str, tuple[tuple[str, ...], ...]]
    topics: dict[str, dict[str, object]]
    places: tuple[str, ...] = ()
    patient_nouns: tuple[tuple[str, ...], ...] = ()
    # (type, words) of cues that carry their own modality ("offered": planned)
    cue_modality: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)
    # (type, words) of cues whose other party is a direct object or a passive agent
    direct_object: frozenset[tuple[str, tuple[str, ...]]] = frozenset()
    claim_verbs: frozenset[str] = frozenset()
    # (type, words) of cues whose source is whoever claims them ("said X was behind")
    claimed: frozenset[tuple[str, tuple[str, ...]]] = frozenset()
    measure_nouns: frozenset[str] = frozenset()
    planning_verbs: frozenset[str] = frozenset()
    threat_intents: tuple[tuple[str, ...], ...] = ()
    threat_conditions: frozenset[str] = frozenset()
    clause_openers: frozenset[str] = frozenset()


def _toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise InputError(f"{path}: cannot read lexicon ({err})") from err


def _seqs(words: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(w.lower().split()) for w in words)


@cache
def load_lexicon(folder: Path | None = None) -> Lexicon:
    """Read and check the lexicon files (cached)."""
    folder = folder or lexicon_dir()
    onto = load_ontology()
    rel = _toml(folder / "relations.toml")
    cues: list[Cue] = []
    compounds: list[tuple[str, frozenset[str], tuple[tuple[str, ...], ...], int]] = []
    gaps: dict[tuple[str, ...], int] = {}
    evaluative: set[str] = set()
    negative: set[str] = set()
    cue_modality: dict[tuple[str, tuple[str, ...]], str] = {}
    direct: set[tuple[str, tuple[str, ...]]] = set()
    claimed: set[tuple[str, tuple[str, ...]]] = set()
    for rtype, entries in rel.items():
        if rtype not in onto.relations:
            raise InputError(
                f"{folder / 'relations.toml'}: unknown relation type {rtype!r}; "
                f"expected one of {', '.join(onto.relations)}"
            )
        for entry in entries:  # type: ignore[union-attr]
            recip = bool(entry.get("reciprocal", False))
            first = len(cues)
            for lemma in entry.get("verbs", []):
                for form in inflect(lemma):
                    cues.append(Cue(rtype, (form,), recip, True))
            for form in entry.get("irregular", []):
                cues.append(Cue(rtype, tuple(form.split()), recip, True))
            for phrase in entry.get("phrases", []):
                words = phrase.lower().split()
                forms = [words]
                if entry.get("inflect"):
                    forms = [[f, *words[1:]] for f in inflect(words[0])]
                for f in forms:
                    cues.append(Cue(rtype, tuple(f), recip, bool(entry.get("inflect"))))
            if entry.get("verb_forms"):
                compounds.append(
                    (
                        rtype,
                        frozenset(entry["verb_forms"]),
                        _seqs(entry.get("object_words", [])),
                        int(entry.get("object_window", 6)),
                    )
                )
            if "object_gap" in entry:
                for phrase in entry.get("phrases", []):
                    gaps[tuple(phrase.lower().split())] = int(entry["object_gap"])
            if entry.get("modality"):
                if entry["modality"] not in onto.modalities:
                    raise InputError(
                        f"{folder / 'relations.toml'}: unknown modality {entry['modality']!r}"
                    )
                cue_modality.update({(rtype, c.words): entry["modality"] for c in cues[first:]})
            if entry.get("claimed"):
                claimed.update((rtype, c.words) for c in cues[first:])
            if entry.get("direct_object"):
                direct.update((rtype, c.words) for c in cues[first:])
            evaluative.update(entry.get("evaluative_verbs", []))
            negative.update(entry.get("negative_words", []))
    # one cue per surface form; a listed phrase ("meeting") wins over an inflected verb form
    by_words: dict[tuple[str, ...], Cue] = {}
    for c in cues:
        prev = by_words.get(c.words)
        if prev is None or (prev.verb and not c.verb):
            by_words[c.words] = c
    cues = list(by_words.values())
    cw = _toml(folder / "cues.toml")
    mod = cw["modality"]
    coref = cw["coref"]
    titles_raw = _toml(folder / "titles.toml")
    titles: dict[tuple[str, ...], str] = {}
    for role, phrases in titles_raw.items():
        if role not in onto.roles:
            raise InputError(f"{folder / 'titles.toml'}: unknown role {role!r}")
        for p in phrases:  # type: ignore[union-attr]
            titles[tuple(p.lower().split())] = role
    for d in cw["domains"]:  # type: ignore[union-attr]
        if d not in onto.domains:
            raise InputError(f"{folder / 'cues.toml'}: unknown domain {d!r}")
    topics = _toml(folder / "topics.toml")
    for t in topics:
        if t not in onto.topics:
            raise InputError(f"{folder / 'topics.toml'}: unknown topic {t!r}")
    return Lexicon(
        cues=tuple(cues),
        compounds=tuple(compounds),
        object_gaps=gaps,
        attack_nouns=frozenset(mod["attack_nouns"]),  # type: ignore[index]
        evaluative_verbs=frozenset(evaluative),
        negative_words=frozenset(negative),
        modality={
            m: _seqs(mod[m])  # type: ignore[index]
            for m in ("negated", "planned", "reported", "negated_scope", "reported_anywhere")
        },
        counterfactual=_seqs(mod["counterfactual"]),  # type: ignore[index]
        blocked_compounds=_seqs(mod["blocked_compounds"]),  # type: ignore[index]
        speech_verbs=frozenset(mod["speech_verbs"]),  # type: ignore[index]
        agree_opinion=_seqs(mod["agree_opinion"]),  # type: ignore[index]
        clause_breaks=frozenset(mod["clause_breaks"]),  # type: ignore[index]
        event_nouns=frozenset(mod["event_nouns"]),  # type: ignore[index]
        leader_pairs=_seqs(coref["leader_pairs"]),  # type: ignore[index]
        state_pairs=_seqs(coref["state_pairs"]),  # type: ignore[index]
        he=frozenset(coref["he"]),  # type: ignore[index]
        they=frozenset(coref["they"]),  # type: ignore[index]
        actor_nouns=_seqs(coref["actor_nouns"]),  # type: ignore[index]
        titles=titles,
        domains={d: _seqs(w) for d, w in cw["domains"].items()},  # type: ignore[union-attr]
        topics=topics,  # type: ignore[arg-type]
        places=tuple(_toml(folder / "places.toml").get("names", [])),  # type: ignore[arg-type]
        patient_nouns=_seqs(coref.get("patient_nouns", [])),  # type: ignore[union-attr]
        cue_modality=cue_modality,
        claimed=frozenset(claimed),
        claim_verbs=frozenset(mod.get("claim_verbs", [])),  # type: ignore[union-attr]
        measure_nouns=frozenset(mod.get("measure_nouns", [])),  # type: ignore[union-attr]
        threat_intents=_seqs(mod.get("threat_intents", [])),  # type: ignore[arg-type]
        planning_verbs=frozenset(mod.get("planning_verbs", [])),  # type: ignore[union-attr]
        threat_conditions=frozenset(mod.get("threat_conditions", [])),  # type: ignore[union-attr]
        clause_openers=frozenset(mod.get("clause_openers", [])),  # type: ignore[union-attr]
        direct_object=frozenset(direct),
    )
