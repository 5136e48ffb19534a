"""Relation cues in a sentence, the parties on each side, direction and modality.

Rules over word order (the parse of issue #3 refines these on candidate
sentences): the parties are the coordinated group of actors nearest before
the cue in the same clause and the groups after it; a group introduced by
"by" or "from" is the source ("sanctions from the West", "procure weapons
from X", passives), one introduced by "between" holds both ends, any other is
the target.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..ontology import Ontology
from .lexicon import Cue, Lexicon
from .mentions import ArticleContext, Key, Mention
from .syntax import Parse, Parser
from .tokens import lowers

__all__ = ["Found", "RelationFinder"]

_JOINERS = {",", "and", "the", "as", "well", "&", "both", "neighboring", "neighbouring"}
_SOURCE_PREPS = {"by", "from"}
_TARGET_PREPS = {
    "on",
    "against",
    "to",
    "with",
    "in",
    "into",
    "at",
    "toward",
    "towards",
    "upon",
    "over",
    "of",
    "for",
}
_PLACE_WORDS = {
    "the",
    "a",
    "an",
    "capital",
    "city",
    "town",
    "port",
    "village",
    "region",
    "province",
}
_QUANTITIES = {
    "scores",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "tens",
    "number",
    "group",
    "groups",
    "dozen",
    "hundred",
    "thousand",
}
_SOURCE_NOUNS = {"sources", "source", "media", "officials", "official", "spokesman", "spokeswoman"}
_BE = {"is", "are", "was", "were", "be", "been", "being"}
_ADJECTIVE_GAP = {
    "new",
    "economic",
    "financial",
    "tough",
    "fresh",
    "further",
    "harsh",
    "sweeping",
    "military",
    "trade",
}
_PREPS_BEFORE_OBJECT = {
    "to",
    "in",
    "at",
    "into",
    "from",
    "for",
    "with",
    "on",
    "against",
    "by",
    "toward",
    "towards",
    "aboard",
    "about",
    "after",
    "before",
    "during",
    "near",
    "across",
    "through",
    "under",
    "around",
    "since",
    "without",
    "within",
    "via",
    "like",
    "than",
    "despite",
    "amid",
    "among",
    "onto",
    "upon",
}


@dataclass(frozen=True, slots=True)
class Found:
    """One relation found in one sentence, before linking to the ontology's endpoint rules."""

    type: str
    source: Key
    target: Key
    modality: str
    confidence: float
    rule: str
    cue_start: int
    cue_end: int
    domains: tuple[str, ...] = ()
    channel: str | None = None


@dataclass(slots=True)
class _Group:
    start: int
    end: int
    ents: list[Key]
    coref: bool
    possessive: bool = False
    metonym: bool = False
    patient: bool = False


_INDEXES: dict[int, tuple[object, dict[str, tuple[tuple[str, ...], ...]]]] = {}


def _index(seqs: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The word sequences by first word, built once per lexicon list (which lives as
    long as the process: the entry keeps it alive, so its id is not reused)."""
    hit = _INDEXES.get(id(seqs))
    if hit is None:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for seq in seqs:
            by_first.setdefault(seq[0], []).append(seq)
        hit = _INDEXES[id(seqs)] = (seqs, {k: tuple(v) for k, v in by_first.items()})
    return hit[1]


def _find(tokens: list[str], seqs: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """(position, end) of the first of ``seqs`` found in ``tokens``, or None."""
    index = _index(seqs)
    for i, word in enumerate(tokens):
        for seq in index.get(word, ()):
            if tuple(tokens[i : i + len(seq)]) == seq:
                return i, i + len(seq)
    return None


def _has(tokens: list[str], seqs: tuple[tuple[str, ...], ...]) -> bool:
    return _find(tokens, seqs) is not None


class RelationFinder:
    """Compiled cue matcher; build once per process."""

    def __init__(self, nlp: Language, lexicon: Lexicon, ontology: Ontology) -> None:
        self.lex = lexicon
        self.onto = ontology
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cues: list[Cue] = list(lexicon.cues)
        for i, cue in enumerate(self.cues):
            self.matcher.add(str(i), [nlp.make_doc(" ".join(cue.words))])
        self._context_cues: dict[tuple[str, ...], int] = {}
        self.parser: Parser | None = None
        self._cached: dict[tuple[int, int], list[tuple[Span, Cue]]] = {}
        self._named: set[int] = set()  # token positions of the sentence's mentions

    # ---------------------------------------------------------------- cues
    def _cue_spans(self, doc: Doc, sent: Span) -> list[tuple[Span, Cue]]:
        lw = lowers(doc)
        s0 = sent.start
        spans = [
            Span(doc, a, b, label=self.matcher.vocab.strings[m])
            for m, a, b in self.matcher(doc[s0 : sent.end])
        ]
        # a verb with one of its object words shortly after ("supplied artillery
        # shells to", "expelled 60 Russian diplomats"): the verb is the cue
        consumed: set[int] = set()
        for i in range(s0, sent.end):
            word = lw[i]
            for rtype, verbs, objects, window in self.lex.compounds:
                if word not in verbs:
                    continue
                ahead = lw[i + 1 : min(i + 1 + window, sent.end)]
                hit = _find(ahead, objects)
                if hit is not None:
                    # the verb with its object outranks the bare verb ("hosts a base", not a meeting)
                    spans = [sp for sp in spans if not (sp.start == i and sp.end == i + 1)]
                    spans.append(
                        Span(doc, i, i + 1, label=str(self._extra((rtype, word, "+object"))))
                    )
                    consumed.update(
                        range(i + 1, i + 1 + hit[1])
                    )  # "cut diplomatic ties": not cooperation
                    break
            # a verb of naming with a word of blame after it: CONDEMNS
            if lw[i] in self.lex.evaluative_verbs:
                for j in range(i + 1, min(i + 13, sent.end)):
                    if lw[j] in self.lex.negative_words:
                        spans.append(
                            Span(
                                doc,
                                i,
                                i + 1,
                                label=str(self._extra(("CONDEMNS", lw[i], lw[j]))),
                            )
                        )
                        break
        return [
            (sp, self.cues[int(sp.label_)])
            for sp in filter_spans(spans)
            if sp.start not in consumed
        ]

    def _extra(self, key: tuple[str, ...]) -> int:
        """Index of a cue made from context (not in the phrase matcher), created once."""
        if key not in self._context_cues:
            self._context_cues[key] = len(self.cues)
            self.cues.append(Cue(key[0], key[1:], False, True))
        return self._context_cues[key]

    # -------------------------------------------------------------- groups
    @staticmethod
    def _groups(doc: Doc, mentions: list[Mention]) -> list[_Group]:
        lw = lowers(doc)
        groups: list[_Group] = []
        for m in mentions:
            if groups:
                g = groups[-1]
                gap = lw[g.end : m.start]
                coordinated = (
                    0 < len(gap) <= 3
                    and all(w in _JOINERS for w in gap)
                    and ("and" in gap or "," in gap)
                )
                # "war in Ukraine and North Korea's missile tests": a possessive opens a new phrase
                if coordinated and not (m.possessive and not g.possessive):
                    g.end = m.end
                    g.ents.extend(e for e in m.ents if e not in g.ents)
                    g.coref = g.coref or m.how in ("pair", "pronoun")
                    g.possessive = m.possessive
                    g.metonym = g.metonym and m.how == "metonym"
                    g.patient = g.patient and m.how == "patient"
                    continue
            groups.append(
                _Group(
                    m.start,
                    m.end,
                    list(m.ents),
                    m.how in ("pair", "pronoun"),
                    m.possessive,
                    m.how == "metonym",
                    m.how == "patient",
                )
            )
        return groups

    @staticmethod
    def _left(doc: Doc, groups: list[_Group], lo: int, cue_start: int) -> _Group | None:
        """The nearest group before the cue that can be its subject (not inside a prepositional phrase)."""
        lw = lowers(doc)
        for g in reversed(groups):
            if g.end > cue_start or g.patient:
                continue
            if g.start < lo:
                return None
            if g.possessive and cue_start - g.end <= 4:
                return g  # "Russia's ongoing war": the possessor
            k = g.start - 1
            while k >= lo and lw[k] in ("the", "a", "an"):
                k -= 1
            if k >= lo and lw[k] in _PREPS_BEFORE_OBJECT:
                continue
            # "in the Kenyan capital Nairobi": a place named after its description
            j = k
            while j >= lo and j > k - 4 and (lw[j] in _PLACE_WORDS or doc[j].is_title):
                j -= 1
            if j < k and j >= lo and lw[k] in _PLACE_WORDS and lw[j] in _PREPS_BEFORE_OBJECT:
                continue
            return g
        return None

    def _speaker(self, doc: Doc, g: _Group, end: int) -> bool:
        """A group after a comma and before a verb of saying: the source of the sentence."""
        lw = lowers(doc)
        k = g.start - 1
        while k > 0 and lw[k] in ("the", "a", "an", "official", "state", "state-run"):
            k -= 1
        j = g.end
        if j + 1 < end and lw[j] in _SOURCE_NOUNS:
            j += 1  # "..., Greek military sources said"
        after = lw[j] if j < end else ""
        if k >= 1 and lw[k] == "to" and lw[k - 1] == "according":
            return True  # "according to Indian officials"
        return doc[k].text == "," and after in self.lex.speech_verbs

    @staticmethod
    def _subject(
        parse: Parse, groups: list[_Group], span: Span, left: _Group | None
    ) -> _Group | None:
        """The actor group inside the cue's grammatical subject; None when the subject
        names no actor ("the plan won praise from Paris"); the word-order
        choice when the parse finds no subject or the subject lies after the cue."""
        subj = parse.subject(span.start, span.end)
        if subj is None or subj[0] >= span.start:
            return left
        inside = [
            g
            for g in groups
            if g.start < subj[1]
            and subj[0] < g.end
            and (not g.patient or parse.passive(span.start))
        ]
        if not inside:
            # a pronoun refers back, most often to the actor named before it
            return left if parse.is_pronoun(subj[2]) else None
        return next((g for g in inside if g.start <= subj[2] < g.end), inside[0])

    def _condition_party(self, doc: Doc, groups: list[_Group], after: int, end: int) -> list[Key]:
        """The party named first in a threat's condition ("... unless Israel rescinds")."""
        lw = lowers(doc)
        for i in range(after, end):
            if lw[i] in self.lex.threat_conditions:
                g = next((g for g in groups if i < g.start <= i + 3 and not g.patient), None)
                return list(g.ents) if g else []
        return []

    def _accusation(
        self,
        doc: Doc,
        parse: Parse,
        groups: list[_Group],
        span: Span,
        attacker: _Group,
        conf: float,
    ) -> list[Found]:
        """CONDEMNS speaker -> attacker for "Armenia said Azerbaijani forces attacked ..."."""
        subj = parse.claimant(span.start, self.lex.claim_verbs)
        if subj is None:
            return []
        speaker = next(
            (g for g in groups if g.start < subj[1] and subj[0] < g.end and not g.patient), None
        )
        if speaker is None or speaker is attacker or set(speaker.ents) & set(attacker.ents):
            return []
        return [
            Found(
                "CONDEMNS",
                s,
                t,
                "asserted",
                round(max(conf - 0.2, 0.3), 2),
                "condemns.claim_of_attack",
                span.start,
                span.end,
            )
            for s in speaker.ents
            for t in attacker.ents
        ]

    @staticmethod
    def _passive(doc: Doc, span: Span) -> bool:
        """A participle after a form of "be": "was condemned by"."""
        return any(w in _BE for w in lowers(doc)[max(0, span.start - 2) : span.start])

    def _event_subject(self, doc: Doc, lo: int, cue_start: int) -> bool:
        """Whether the clause opens with a definite event noun ("This meeting", "The talks")."""
        lw = lowers(doc)
        words = lw[lo : min(cue_start, lo + 3)]
        return (
            len(words) >= 2
            and words[0] in ("this", "the", "that")
            and words[1] in self.lex.event_nouns
        )

    def _clause(self, doc: Doc, sent: Span, a: int, b: int) -> tuple[int, int]:
        lw = lowers(doc)
        lo, hi = sent.start, sent.end
        for i in range(a - 1, sent.start - 1, -1):
            if lw[i] in self.lex.clause_breaks:
                lo = i + 1
                break
        for i in range(b, sent.end):
            if lw[i] in self.lex.clause_breaks:
                hi = i
                break
        return lo, hi

    # ------------------------------------------------------------ modality
    def _modality(self, doc: Doc, sent: Span, lo: int, cue: Span, rtype: str) -> str:
        lw = lowers(doc)
        before = lw[max(lo, cue.start - 5) : cue.start]
        if _has(before, self.lex.modality["negated"]):
            return "negated"
        upto = lw[sent.start : cue.start]
        if _has(upto, self.lex.modality["negated_scope"]):
            return "negated"
        if _has(upto, self.lex.modality["reported"]):
            return "reported"
        if _has(lw[sent.start : sent.end], self.lex.modality["reported_anywhere"]):
            return "reported"
        if rtype == "THREATENS":
            return "asserted"  # a threat made is an act, whatever it threatens
        start = max(lo, cue.start - 9)
        if lw[cue.start].endswith("ed"):
            # a past-tense verb coordinated after a modal one is not in its scope:
            # "said Kyiv would defend itself and severed ties"
            for k in range(cue.start - 1, start - 1, -1):
                if lw[k] == "and":
                    start = k + 1
                    break
        for k in range(cue.start - 1, start - 1, -1):
            if lw[k] in self.lex.clause_openers and not lw[k + 1].endswith("ing"):
                start = k + 1  # "expected to raise it, after Washington accused": a new clause
                break  # (but "will stop in Mexico before travelling to" stays in scope)
        # names are no modals: "Brian May visited ..." ("may")
        window = [lw[i] for i in range(start, cue.start) if i not in self._named]
        if _has(window, self.lex.modality["planned"]):
            return "planned"
        return "asserted"

    def _domains(self, doc: Doc, lo: int, hi: int, cue: Span) -> tuple[str, ...]:
        lw = lowers(doc)
        near = lw[max(lo, cue.start - 3) : cue.end]
        found = tuple(
            d for d, seqs in self.lex.domains.items() if d != "diplomatic" and _has(near, seqs)
        )
        if found:
            return found
        clause = lw[lo:hi]
        found = tuple(
            d for d, seqs in self.lex.domains.items() if d != "diplomatic" and _has(clause, seqs)
        )
        return found or ("diplomatic",)

    # ---------------------------------------------------------------- main
    def cue_spans(self, doc: Doc, sent: Span) -> list[tuple[int, int]]:
        """Token spans of the relation cues in the sentence (cheap: no parse needed).

        The cues are kept for ``find`` on the same sentence, until ``forget``."""
        cues = self._cue_spans(doc, sent)
        self._cached[(id(doc), sent.start)] = cues
        return [(sp.start, sp.end) for sp, _ in cues]

    def forget(self) -> None:
        """Drop the cues kept by ``cue_spans`` (call once their Docs are done with)."""
        self._cached.clear()

    def find(
        self,
        doc: Doc,
        sent: Span,
        mentions: list[Mention],
        ctx: ArticleContext,
        parse: Parse | None = None,
        *,
        lazy: bool = True,
    ) -> list[Found]:
        """Relations expressed in one sentence.

        ``parse`` is its parse when made beforehand in a batch; with ``lazy`` a
        candidate sentence without one is parsed here.
        """
        lw = lowers(doc)
        groups = self._groups(doc, mentions)
        self._named = {i for m in mentions for i in range(m.start, m.end)}
        cues = self._cached.pop((id(doc), sent.start), None)
        if cues is None:
            cues = self._cue_spans(doc, sent)
        out: list[Found] = []
        actors = {e for g in groups for e in g.ents}
        if (
            lazy
            and parse is None
            and cues
            and self.parser is not None
            and (len(actors) >= 2 or any(g.coref for g in groups))
        ):
            parse = self.parser(sent)  # only sentences that can hold a relation
        threat_seen_at: int | None = None
        seen: set[tuple[object, ...]] = set()
        cue_starts = {i for span, _ in cues for i in range(span.start, span.end)}
        whole = parse
        for span, cue in cues:
            # a parse of part of the sentence serves only the cues inside it
            parse = whole if whole is not None and whole.covers(span.start, span.end) else None
            if any(m.start < span.end and span.start < m.end for m in mentions):
                continue
            if (span.end < sent.end and doc[span.end].text == "-") or (
                span.start > sent.start and doc[span.start - 1].text == "-"
            ):
                continue  # part of a compound modifier: "war-torn", "long-threatened"
            around = lw[max(sent.start, span.start - 1) : min(sent.end, span.end + 3)]
            if _has(around, self.lex.blocked_compounds):
                continue  # "war games", "trade war"

            lo, hi = self._clause(doc, sent, span.start, span.end)
            clause_words = lw[lo:hi]
            before = lw[max(lo, span.start - 4) : span.start]
            if _has(
                [lw[i] for i in range(max(lo, span.start - 4), span.start) if i not in cue_starts],
                self.lex.counterfactual,
            ):  # (a word of another cue is that cue's: "will stop in Venezuela before travelling")
                continue
            if (
                not cue.verb
                and span.start > lo
                and lw[span.start - 1] in ("this", "that", "these", "those")
            ):
                continue  # "this meeting": refers back to an event already found
            if cue.type == "THREATENS":
                threat_seen_at = lo
            elif threat_seen_at == lo:
                continue  # "threatened to launch an offensive": the threat is the relation
            after = lw[span.end : min(hi, span.end + 3)]
            if cue.words[0].startswith("agree") and _has(after, self.lex.agree_opinion):
                continue
            intent = cue.words[0].startswith("agree") or (
                self.lex.cue_modality.get((cue.type, cue.words)) == "planned"
            )
            if intent and any(o.start > span.start and o.start - span.end <= 3 for o, _ in cues):
                continue  # "agreed to supply arms": the agreed relation, planned, is the one to keep
            spec = self.onto.relation(cue.type)
            left = self._left(doc, groups, lo, span.start)
            by_parse = False
            owner = left is not None and left.possessive and span.start - left.end <= 4
            if (
                parse is not None
                and parse.object_of_cue(span.start, cue_starts)
                and not (left is not None and left.possessive and span.start - left.end <= 4)
            ):
                left = None  # "Chile and Peru condemned the raid": not the raid's parties
            elif parse is not None and (
                cue.verb
                or parse.is_predicate(span.start)
                or (
                    not owner
                    and parse.light_verb_object(span.start, cue_starts, self.lex.speech_verbs)
                )
            ):
                # "Iraq launched its offensive on", "held talks with": the verb's subject
                left = self._subject(parse, groups, span, left)
                by_parse = not cue.verb
            modifier = None
            if not cue.verb and (not spec.symmetric or cue.type == "FIGHTS"):
                # "U.S. and EU sanctions", "Israeli shelling of": the group right before a noun is its source
                modifier = next(
                    (
                        g
                        for g in groups
                        if g.end == span.start
                        or (g.end == span.start - 1 and lw[g.end] in _ADJECTIVE_GAP)
                    ),
                    None,
                )
            if modifier is not None:
                left = self._left(doc, [g for g in groups if g is not modifier], lo, modifier.start)
                anchor = modifier.start
            else:
                anchor = span.start
            if (
                not cue.verb
                and not by_parse
                and left is not None
                and not left.possessive
                and anchor - left.end > 4
            ):
                left = None  # a noun takes its parties from close by: "the war in Ukraine"
            rights = [
                g
                for g in groups
                if g.start >= span.end
                and g.end <= hi
                and not self._speaker(doc, g, sent.end)
                and (
                    parse is None
                    or parse.attached(
                        g.start, g.end, span.start, span.end, topics=cue.type != "CONDEMNS"
                    )
                )
            ][:2]
            if (
                cue.type == "CONDEMNS"
                and len(rights) == 2
                and "to" in lw[rights[0].start - 3 : rights[0].start]
                and any(
                    w in ("over", "about", "for", "against")
                    for w in lw[rights[0].end : rights[1].start]
                )
            ):
                rights = rights[1:]  # "protested to NATO over Turkish strikes": NATO is addressed
            if rights and rights[0].start - span.end > self.lex.object_gaps.get(cue.words, 12):
                rights = []
            if cue.words in self.lex.object_gaps and not rights:
                continue  # "experts warn of ...": no one is warned
            attack_first = (
                cue.type in ("CONDEMNS", "THREATENS")
                and ctx.last_attacker is not None
                and any(w in self.lex.attack_nouns for w in after)
                and not (rights and rights[0].start < span.end + 3)
            )
            if attack_first:
                rights = []  # "condemned the attack": the latest attacker
            event_first = (
                cue.type not in ("MEETS", "VISITS")
                and ctx.last_event
                and any(w in self.lex.event_nouns for w in after)
            )
            if event_first and rights and rights[0].start < span.end + 3:
                event_first = False
            if event_first:
                rights = []  # "condemned the meeting, calling it ...": the meeting's parties
            direct = (cue.type, cue.words) in self.lex.direct_object
            src: list[Key] = []
            tgt: list[Key] = []
            pairs_within: list[Key] = []
            rule = [cue.type.lower(), "_".join(cue.words)]
            conf = 0.85
            prev_end = span.end
            taken = False
            for n, g in enumerate(rights):
                gap = lw[prev_end : g.start]
                prev_end = g.end
                prep = next(
                    (w for w in reversed(gap) if w in _SOURCE_PREPS | _TARGET_PREPS | {"between"}),
                    None,
                )
                if spec.symmetric and "between" in gap and len(g.ents) >= 2:
                    prep = "between"  # "talks in Oslo between envoys of both states"
                if prep == "between" and cue.verb and parse is not None:
                    k = max(i for i in range(g.start - len(gap), g.start) if lw[i] == "between")
                    if parse.covers(k, k + 1) and not (
                        span.start <= parse.tok(k).head.i + parse.offset < span.end
                    ):
                        continue  # "discussed relations between A and B": the topic's pair
                if n == 0 and _has(gap, ((",", "and"), (",", "but"), (",", "while"))):
                    break  # "condemned the test, and the Council imposed": a new clause
                if prep == "of" and gap[:1] == ["of"] and cue.type in ("MEETS", "VISITS"):
                    continue  # "a summit of the AU": the forum, not a party
                if (
                    direct
                    and prep == "of"
                    and len(gap) >= 2
                    and gap[gap.index("of") - 1] in _QUANTITIES
                ):
                    prep = None  # "tortured scores of refugees": the refugees
                if direct and prep not in (None, "by"):
                    if parse is None or parse.dep(g.start, g.end) != "dobj":
                        continue  # "killed in Ukraine": where, not whom
                    prep = None  # "drove out last week 500 villagers": the object
                if prep == "at" and cue.type == "FIGHTS" and not direct:
                    pass  # "fired shells at Kyiv": the target
                elif prep in ("in", "at") and (
                    cue.type not in ("VISITS", "FIGHTS", "THREATENS")
                    or (g.metonym and cue.type != "VISITS")
                ):
                    continue  # a venue ("talks held in Geneva", "a strike in Baghdad"), not a party
                if (
                    n >= 1
                    and spec.symmetric
                    and tgt
                    and "with" in gap
                    and set(gap) <= {",", "and", "with", "also", "separately", "then", "later"}
                ):
                    tgt = tgt + [e for e in g.ents if e not in tgt]  # "spoke with A and with B"
                    continue
                if n == 1 and (left is not None or (src and tgt)):
                    break  # a second phrase after the object is a circumstance
                taken = True
                if prep == "by" and cue.verb and not self._passive(doc, span) and not tgt:
                    tgt = g.ents  # "denounced the assault by al-Shabab": the agent of the assault
                    rule.append("agent")
                elif prep == "from" and cue.type == "SEVERS_TIES" and not tgt:
                    tgt = g.ents  # "withdrew its envoy from Lima": where ties are cut
                    rule.append("from")
                elif prep in _SOURCE_PREPS and not src:
                    src = g.ents
                    rule.append(prep)
                elif prep == "between":
                    if spec.symmetric and len(g.ents) >= 2:
                        pairs_within = g.ents
                        rule.append("between")
                elif not tgt:
                    tgt = g.ents
                conf -= 0.1 if g.coref else 0
            # "condemned the meeting": the parties of the latest meeting or visit
            if event_first:
                tgt = [("State", k) for k in ctx.last_event]
                rule.append("event")
                conf -= 0.15
            if attack_first and not tgt:
                tgt = [ctx.last_attacker]  # type: ignore[list-item]
                rule.append("attacker")
                conf -= 0.15
            if not tgt and not rights and span.end < hi and lw[span.end] in ("it", "them") and out:
                tgt = [out[-1].target]  # "accusing it of ...": the party just named
                rule.append("pronoun")
            if modifier is not None and not src:
                src = modifier.ents
                rule.append("modifier")
            if left is not None:
                conf -= 0.1 if left.coref else 0
                if not src:
                    src = left.ents
                elif not tgt:
                    tgt = left.ents
            if cue.type == "THREATENS" and src and not tgt:
                tgt = self._condition_party(doc, groups, span.end, sent.end)
                if tgt:
                    rule.append("condition")
            if cue.type == "SEVERS_TIES" and src and not tgt and not rights:
                # "A broke off relations with B, while C recalled its ambassador": with B
                earlier = [f for f in out if f.type == "SEVERS_TIES" and f.target not in src]
                if earlier:
                    tgt = [earlier[-1].target]
                    rule.append("same_target")
                    conf -= 0.15
            if (cue.type, cue.words) in self.lex.claimed:
                # "Oslo said Minsk was behind it": the claimant blames the subject
                src, tgt = [], []
                blamed = modifier if modifier is not None else left
                if parse is not None and blamed is not None:
                    who = parse.claimant(span.start, self.lex.claim_verbs)
                    speaker = next(
                        (g for g in groups if who and g.start < who[1] and who[0] < g.end), None
                    )
                    if speaker is not None and speaker is not blamed:
                        src, tgt = list(speaker.ents), list(blamed.ents)
                        rule.append("claimed")
                modifier = None
                left = None
                rights = []
            if (
                not rights
                and not tgt
                and lw[span.end : span.end + 2] in (["each", "other"], ["one", "another"])
                and left is not None
                and len(left.ents) >= 2
            ):
                # "Peru and Chile accused each other": both ways
                pairs_each = [(a, b) for a in left.ents for b in left.ents if a != b]
            else:
                pairs_each = []
            if cue.type == "FIGHTS" and cue.verb and parse is not None and left is not None:
                out.extend(self._accusation(doc, parse, groups, span, left, conf))
            pairs: list[tuple[Key, Key]] = list(pairs_each)
            if pairs_within:
                others = [e for e in src if e not in pairs_within] if src else []
                if others and not spec.symmetric:
                    pairs = [(s, t) for s in others for t in pairs_within]
                else:
                    pairs = [
                        (a, b) for i, a in enumerate(pairs_within) for b in pairs_within[i + 1 :]
                    ]
                    pairs += [(s, t) for s in others for t in pairs_within]
            elif pairs:
                rule.append("each_other")
            elif src and tgt:
                pairs = [(s, t) for s in src for t in tgt]
            elif src and len(src) >= 2 and not tgt and spec.symmetric and "by" in rule:
                # "a ceasefire agreed by Japan and China": the agents hold it together
                pairs = [(a, b) for i, a in enumerate(src) for b in src[i + 1 :]]
            elif (
                src
                and len(src) >= 2
                and not tgt
                and (spec.symmetric or cue.reciprocal)
                and not taken
                and left is not None
                and (span.start - left.end <= 6 or (parse is not None and cue.verb))
            ):
                # "X and Y met": the coordinated subject (right before the cue, or as parsed)
                pairs = [(a, b) for i, a in enumerate(src) for b in src[i + 1 :]]
                if not spec.symmetric:
                    pairs += [(b, a) for a, b in pairs]
                rule.append("group")
            if (
                not pairs
                and spec.symmetric
                and len(ctx.last_event) == 2
                and self._event_subject(doc, lo, span.start)
            ):
                # "This meeting could signal closer economic ties": between the meeting's parties
                pairs = [(("State", ctx.last_event[0]), ("State", ctx.last_event[1]))]
                rule.append("event_subject")
                conf = 0.6
            if not pairs:
                continue
            modality = self._modality(doc, sent, lo, span, cue.type)
            if (
                modality == "asserted"
                and parse is not None
                and parse.governed_by(span.start, self.lex.planning_verbs)
            ):
                modality = "planned"  # "suggested that Norway and Qatar host talks between ..."
            if modality == "asserted":
                modality = self.lex.cue_modality.get((cue.type, cue.words), modality)
            rtype = cue.type
            if (
                rtype == "FIGHTS"
                and modality == "planned"
                and src
                and tgt
                and _has(
                    before + lw[max(lo, span.start - 6) : span.start],
                    self.lex.threat_intents,
                )
            ):
                # "Iraq wants to strike Syria": an actor's own will to use force
                # against a party is a threat, not a planned fight
                rtype, modality = "THREATENS", "asserted"
                rule.append("intent")
                spec = self.onto.relation(rtype)
            domains = self._domains(doc, lo, hi, span) if "domain" in spec.properties else ()
            channel = None
            if "channel" in spec.properties:
                channel = (
                    "phone"
                    if _has(clause_words, (("phone",), ("telephone",), ("call",)))
                    else "video"
                    if _has(clause_words, (("video",), ("videoconference",)))
                    else "in-person"
                )
            for s, t in pairs:
                key = (rtype, lo, frozenset((s, t)) if spec.symmetric else (s, t))
                if key in seen:
                    continue  # "did not meet at the summit": the first cue of the clause decides
                seen.add(key)
                if s != t:
                    out.append(
                        Found(
                            rtype,
                            s,
                            t,
                            modality,
                            round(max(conf, 0.3), 2),
                            ".".join(rule),
                            span.start,
                            span.end,
                            domains,
                            channel,
                        )
                    )
        # membership: "France, Russia and the United States as the Minsk Group"
        for g, nxt in itertools.pairwise(groups):
            gap = lw[g.end : nxt.start]
            kinds = {k for k, _ in nxt.ents}
            if (
                gap
                and gap[-1] in ("as", "the", '"', "“")
                and "as" in gap
                and len(gap) <= 3
                and kinds & {"Bloc", "Organization"}
            ):
                for s in g.ents:
                    for t in nxt.ents:
                        out.append(
                            Found(
                                "MEMBER_OF",
                                s,
                                t,
                                "asserted",
                                0.7,
                                "member_of.as_group",
                                g.end,
                                nxt.start,
                            )
                        )
        return out
