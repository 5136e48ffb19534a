"""Find actor mentions in a sentence and link them to gazetteer keys.

Names, aliases, demonyms, capitals and seats of power come from one
PhraseMatcher built over the gazetteer; titles ("Foreign Minister") turn the
names after them into leaders, known or newly discovered; pronouns, "the two
leaders" and "both countries" are resolved against what the article named
before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..gazetteer import Gazetteer, slugify
from .dates import MONTHS
from .lexicon import Lexicon
from .tokens import lowers, sent_text, texts

__all__ = ["ArticleContext", "LeaderInfo", "Mention", "MentionFinder"]

Key = tuple[str, str]  # (kind, key)

_POSSESSIVE = {"'s", "’s", "'", "’"}
_NAME_PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "de",
    "da",
    "van",
    "von",
    "der",
    "du",
    "la",
    "le",
    "-",
    "abu",
}
# "X-linked group": X qualifies someone else
_LINKED = {
    "linked",
    "backed",
    "based",
    "allied",
    "aligned",
    "affiliated",
    "inspired",
    "sponsored",
    "supported",
    "funded",
    "armed",
    "trained",
    "controlled",
    "held",
    "occupied",
}
_HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "madam", "sir"}
_MONTHS = set(MONTHS)


@dataclass(slots=True)
class Mention:
    """A stretch of tokens that names one or more actors (several for "both countries")."""

    start: int
    end: int
    ents: tuple[Key, ...]
    how: str
    possessive: bool = False


@dataclass(slots=True)
class LeaderInfo:
    """What the article says (or the gazetteer knows) about a leader it mentions."""

    key: str
    name: str
    role: str | None
    of: str | None
    evidence: str
    from_text: bool
    wikidata: str | None = None


@dataclass
class ArticleContext:
    """Running state of one article: who was named so far, for coreference."""

    year: int | None
    leaders: dict[str, LeaderInfo] = field(default_factory=dict)
    recent_leaders: list[str] = field(default_factory=list)
    recent_states: list[str] = field(default_factory=list)
    prev_leaders: list[str] = field(default_factory=list)
    prev_states: list[str] = field(default_factory=list)
    last_event: tuple[str, ...] = ()
    last_pair: dict[str, tuple[str, str]] = field(default_factory=dict)
    last_attacker: Key | None = None

    def saw(self, key: Key) -> None:
        kind, k = key
        lst = (
            self.recent_leaders
            if kind == "Leader"
            else self.recent_states
            if kind == "State"
            else None
        )
        if lst is not None:
            if k in lst:
                lst.remove(k)
            lst.append(k)


def _last_two(seq: list[str]) -> tuple[str, ...]:
    return tuple(seq[-2:]) if len(seq) >= 2 else ()


class MentionFinder:
    """Compiled matchers over the gazetteer and lexicon; build once, use for many articles."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.gaz = gazetteer
        self.lex = lexicon
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.short: dict[str, list[str]] = {}
        self.plural_demonyms: set[str] = set()
        make = nlp.make_doc
        for ent in gazetteer.entities.values():
            if ent.kind == "Leader":
                self.names.add(f"L|{ent.key}", [make(n) for n in (ent.name, *ent.aliases)])
                for s in ent.short:
                    self.short.setdefault(s, []).append(ent.key)
                continue
            label = f"E|{ent.kind}|{ent.key}"
            forms = {ent.name, *ent.aliases}
            if ent.kind == "Bloc":  # "Western nations" also opens sentences in lower case
                forms |= {f[0].upper() + f[1:] for f in forms} | {
                    f[0].lower() + f[1:] for f in forms
                }
            self.names.add(label, [make(n) for n in forms])
            if ent.kind == "State":
                if ent.demonyms:
                    self.names.add(f"D|{ent.key}", [make(d) for d in ent.demonyms])
                    self.plural_demonyms.update(d for d in ent.demonyms if d.endswith("s"))
                if ent.capitals:
                    self.names.add(f"C|{ent.key}", [make(c) for c in ent.capitals])
                if ent.seats:
                    self.names.add(f"S|{ent.key}", [make(s) for s in ent.seats])
        # geographic names that contain a state's name block it ("Gulf of Oman")
        places = lexicon.places
        if places:
            self.names.add("X|place", [make(p) for p in places])
        for short in self.short:
            self.names.add(f"LS|{short}", [make(short)])
        for words, role in lexicon.titles.items():
            forms = [" ".join(words)]
            if words[-1] not in ("leader",):
                forms.append(" ".join((*words[:-1], words[-1] + "s")))
            self.lower.add(f"T|{role}", [make(f) for f in forms])
        self.lower.add("P|leaders", [make(" ".join(p)) for p in lexicon.leader_pairs])
        self.lower.add("P|states", [make(" ".join(p)) for p in lexicon.state_pairs])
        self.actor_nouns = lexicon.actor_nouns
        self.patient_nouns = lexicon.patient_nouns
        self.act_nouns = tuple((w,) for w in sorted(lexicon.attack_nouns | lexicon.measure_nouns))

    def hits(self, doc: Doc, sent: Span) -> tuple[int, list[tuple[int, int]]]:
        """A cheap upper bound on how many actors the sentence names (distinct names,
        demonyms, capitals; two for a pair phrase; one for a leading pronoun), and
        the spans of those words."""
        lw = lowers(doc)
        part = doc[sent.start : sent.end]
        strings = self.names.vocab.strings
        labels: set[int] = set()
        spans: list[tuple[int, int]] = []
        for m, a, b in self.names(part):
            if not strings[m].startswith("X|"):
                labels.add(m)
                spans.append((a, b))
        n = len(labels)
        for m, a, b in self.lower(part):
            if strings[m].startswith("P|"):
                n += 2
                spans.append((a, b))
        first = lw[sent.start]
        if first in self.lex.he or first in self.lex.they:
            n += 1
            spans.append((sent.start, sent.start + 1))
        return n, spans

    # ------------------------------------------------------------------ helpers
    @staticmethod
    @lru_cache(maxsize=64)
    def _by_first(seqs: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
        index: dict[str, list[tuple[str, ...]]] = {}
        for seq in seqs:
            index.setdefault(seq[0], []).append(seq)
        return {k: tuple(v) for k, v in index.items()}

    def _follows(self, doc: Doc, i: int, seqs: tuple[tuple[str, ...], ...], limit: int) -> int:
        """Length of the longest seq (allowing up to one word between) starting at i, else 0."""
        lw = lowers(doc)
        index = self._by_first(seqs)
        best = 0
        end = min(len(doc), limit)
        for skip in (0, 1):
            j = i + skip
            if j >= end:
                break
            for seq in index.get(lw[j], ()):
                n = len(seq)
                if j + n <= end and tuple(lw[j : j + n]) == seq:
                    best = max(best, skip + n)
        return best

    def _leader_from_short(
        self, short: str, role: str | None, ctx: ArticleContext, titled: bool
    ) -> str | None:
        cands = self.short.get(short, [])
        for k in reversed(ctx.recent_leaders):  # named earlier in the article
            if k in cands:
                return k
        if role:
            by_role = [k for k in cands if (t := self.gaz.term(k, ctx.year)) and t.role == role]
            if len(by_role) == 1:
                return by_role[0]
        active = [k for k in cands if any(t.active(ctx.year) for t in self.gaz.terms.get(k, []))]
        if len(active) == 1 and (titled or short.lower() not in _MONTHS):
            return active[0]
        if len(cands) == 1 and (titled or short.lower() not in _MONTHS):
            return cands[0]
        return None

    def _name_after(self, doc: Doc, i: int, limit: int) -> int:
        """End of a capitalised personal name starting at token i (i itself when none)."""
        lw = lowers(doc)
        j = i
        while j < limit and j - i < 5:
            t = doc[j]
            if (
                t.is_title
                or (t.is_upper and len(t) > 1 and t.is_alpha and j > i)
                or t.lower_ in _NAME_PARTICLES
                and j + 1 < limit
                and doc[j + 1].is_title
            ):
                j += 1
            else:
                break
        while j > i and lw[j - 1] in _NAME_PARTICLES:
            j -= 1
        return j

    # ------------------------------------------------------------------- main
    def find(self, doc: Doc, sent: Span, ctx: ArticleContext) -> list[Mention]:
        """Mentions in one sentence, linked; updates ``ctx`` with what was named."""
        lw = lowers(doc)
        s0, s1 = sent.start, sent.end
        # matchers called on a Span report Doc positions
        spans = [
            Span(doc, a, b, label=self.names.vocab.strings[m]) for m, a, b in self.names(doc[s0:s1])
        ]
        spans = filter_spans(spans)
        titles = filter_spans(
            [
                Span(doc, a, b, label=self.lower.vocab.strings[m])
                for m, a, b in self.lower(doc[s0:s1])
            ]
        )
        by_start = {sp.start: sp for sp in spans}
        used: set[int] = set()
        out: list[Mention] = []
        text = sent_text(sent)

        def state_of(sp: Span) -> str | None:
            lab = sp.label_.split("|")
            if lab[0] in ("D", "C", "S"):
                return lab[1]
            if lab[0] == "E" and lab[1] == "State":
                return lab[2]
            return None

        # Titles: "[Russian|Russia's] Foreign Minister [Name]", "President of [the] X [Name]".
        for t in titles:
            kind, val = t.label_.split("|")
            if kind == "P":
                continue
            role = val
            plural = (
                lw[t.end - 1].endswith("s")
                and lw[t.end - 1] not in ("leaders",)
                and not any(lw[t.end - 1] == w[-1] for w in self.lex.titles)
            )
            if plural or any(i in used for i in range(t.start, t.end)):
                continue
            start, state = t.start, None
            k = t.start - 1
            if k >= s0 and doc[k].text in _POSSESSIVE:
                k -= 1
            prev = next((sp for sp in spans if sp.end == k + 1), None)
            if prev is not None and state_of(prev):
                state, start = state_of(prev), prev.start
            end = t.end
            if state is None and end + 1 < s1 and lw[end] == "of":
                j = end + 1 + (lw[end + 1] == "the")
                nxt = by_start.get(j)
                if nxt is not None and state_of(nxt):
                    state, end = state_of(nxt), nxt.end
            if state is None and not doc[t.start].is_title:
                continue  # "the president said": no state, no name to resolve it by
            nxt = by_start.get(end)
            leader: str | None = None
            if nxt is not None and nxt.label_.startswith("L|"):
                leader, end = nxt.label_[2:], nxt.end
            elif nxt is not None and nxt.label_.startswith("LS|"):
                leader = self._leader_from_short(nxt.label_[3:], role, ctx, titled=True)
                end = nxt.end if leader else end
            elif doc[t.start].is_title or doc[t.start].is_upper:
                name_end = self._name_after(doc, end, s1)
                if name_end - end >= 2 and not any(i in by_start for i in range(end, name_end)):
                    name = doc[end:name_end].text
                    leader = slugify(name)
                    if leader not in ctx.leaders and self.gaz.get("Leader", leader) is None:
                        ctx.leaders[leader] = LeaderInfo(
                            leader,
                            name,
                            role if role != "supreme-leader" or state else "other",
                            state,
                            text,
                            True,
                        )
                    end = name_end
            if (
                leader is None
                and state is not None
                and not (start > s0 and lw[start - 1] in ("a", "an"))
            ):
                # "the President of Russia", "Russia's president": the office holder,
                # as named earlier in the article, else as the gazetteer knows it
                known = [
                    k
                    for k in reversed(ctx.recent_leaders)
                    if (i := ctx.leaders.get(k)) and i.of == state and i.role == role
                ]
                holders = known[:1] or self.gaz.holders(role, state, ctx.year)
                if len(holders) == 1:
                    leader = holders[0]
            if leader is None:
                continue
            self._note_leader(leader, role, state, text, ctx)
            used.update(range(start, end))
            out.append(Mention(start, end, (("Leader", leader),), "title", self._poss(doc, end)))
            if state:
                ctx.saw(("State", state))

        # Plain names, demonyms, capitals, seats, surnames.
        for sp in spans:
            if any(i in used for i in range(sp.start, sp.end)) or sp.label_.startswith("X|"):
                continue
            lab = sp.label_.split("|")
            end = sp.end
            if sp.end + 1 < s1 and doc[sp.end].text == "-" and lw[sp.end + 1] in _LINKED:
                continue  # "an ISIS-linked cell", "Turkey-backed fighters": not the actor
            if lab[0] == "E":
                key: Key = (lab[1], lab[2])
                how = "name"
            elif lab[0] in ("C", "S"):
                key, how = ("State", lab[1]), "metonym"
            elif lab[0] == "D":
                how = "demonym"
                n = self._follows(doc, sp.end, self.actor_nouns, s1)
                if n:
                    end = sp.end + n
                elif self._coordinated_demonym_actor(doc, sp, spans, s1, self.actor_nouns):
                    pass  # "Chilean and Peruvian officials": the noun after the last one
                elif sp.text in self.plural_demonyms:
                    pass  # "the Russians"
                elif self._follows(doc, sp.end, self.act_nouns, s1) or (
                    self._coordinated_demonym_actor(doc, sp, spans, s1, self.act_nouns)
                ):
                    pass  # "Turkish air strikes", "Canadian and Swiss sanctions": who acts
                elif n := self._follows(doc, sp.end, self.patient_nouns, s1):
                    end, how = sp.end + n, "patient"  # "Yemeni civilians"
                elif self._coordinated_demonym_actor(doc, sp, spans, s1, self.patient_nouns):
                    how = "patient"  # "Malian and Nigerien migrants"
                else:
                    continue  # an adjective ("Russian markets"), not an actor
                key = ("State", lab[1])
            elif lab[0] == "L":
                key, how = ("Leader", lab[1]), "name"
                self._note_leader(lab[1], None, None, text, ctx)
            else:  # LS: a surname alone
                titled = sp.start > s0 and lw[sp.start - 1] in _HONORIFICS
                k = self._leader_from_short(lab[1], None, ctx, titled)
                if k is None or (
                    sp.start == s0
                    and not titled
                    and k not in ctx.recent_leaders
                    and len(self.short[lab[1]]) > 1
                ):
                    continue
                key, how = ("Leader", k), "surname"
                self._note_leader(k, None, None, text, ctx)
            used.update(range(sp.start, end))
            out.append(Mention(sp.start, end, (key,), how, self._poss(doc, end)))

        # Surnames of leaders this article introduced by title but the gazetteer
        # does not know ("Prime Minister Ariel Henry ... Henry said").
        surnames = {
            info.name.split()[-1]: key
            for key, info in ctx.leaders.items()
            if self.gaz.get("Leader", key) is None and len(info.name.split()) > 1
        }
        if surnames:
            words = texts(doc)
            for i in range(s0, s1):
                if i not in used and words[i] in surnames and doc[i].is_title:
                    out.append(
                        Mention(
                            i,
                            i + 1,
                            (("Leader", surnames[words[i]]),),
                            "surname",
                            self._poss(doc, i + 1),
                        )
                    )
                    used.add(i)

        # Coreference: pairs and pronouns.
        for t in titles:
            kind, val = t.label_.split("|")
            if kind != "P" or any(i in used for i in range(t.start, t.end)):
                continue
            # the two parties of the latest relation between two of a kind, else the last two named
            kind_name = "Leader" if val == "leaders" else "State"
            pool = ctx.recent_leaders if val == "leaders" else ctx.recent_states
            # two of a kind named earlier in this very sentence come first
            # ("Chilean and Peruvian officials agreed that their countries ...")
            here = list(
                dict.fromkeys(
                    k
                    for m in out
                    if m.end <= t.start and m.how not in ("pair", "pronoun", "patient")
                    for kk, k in m.ents
                    if kk == kind_name
                )
            )
            pair = (
                tuple(here[-2:])
                if len(here) >= 2
                else ctx.last_pair.get(kind_name) or _last_two(pool)
            )
            if val == "leaders" and not pair:
                continue
            if val == "states" and not pair and len(ctx.recent_leaders) >= 2:
                pair = tuple(
                    s
                    for k in ctx.recent_leaders[-2:]
                    if (s := (ctx.leaders[k].of if k in ctx.leaders else None))
                )
            if len(set(pair)) == 2:
                kind_name = "Leader" if val == "leaders" else "State"
                out.append(
                    Mention(
                        t.start,
                        t.end,
                        tuple((kind_name, k) for k in pair),
                        "pair",
                        self._poss(doc, t.end),
                    )
                )
                used.update(range(t.start, t.end))
        first = lw[s0]
        if first in self.lex.he and ctx.prev_leaders:
            out.append(Mention(s0, s0 + 1, (("Leader", ctx.prev_leaders[-1]),), "pronoun"))
        elif first in self.lex.they:
            grp = ctx.prev_leaders[-2:] if len(ctx.prev_leaders) >= 2 else ctx.prev_states[-2:]
            kind_name = "Leader" if len(ctx.prev_leaders) >= 2 else "State"
            if len(grp) == 2:
                out.append(Mention(s0, s0 + 1, tuple((kind_name, k) for k in grp), "pronoun"))
        out.sort(key=lambda m: m.start)
        # "China's Xi": the possessive state only qualifies the leader after it
        starts = {m.start: m for m in out}
        out = [
            m
            for m in out
            if not (
                m.possessive
                and m.ents[0][0] == "State"
                and (n := starts.get(m.end + 1))
                and n.ents[0][0] == "Leader"
            )
        ]
        for m in out:
            if m.how not in ("pair", "pronoun", "patient"):
                for e in m.ents:
                    ctx.saw(e)
        return out

    def _coordinated_demonym_actor(
        self, doc: Doc, sp: Span, spans: list[Span], limit: int, nouns: tuple[tuple[str, ...], ...]
    ) -> bool:
        """Whether a demonym is coordinated with later demonyms that end in one of ``nouns``."""
        lw = lowers(doc)
        cur = sp
        while cur.end + 1 < limit and lw[cur.end] in ("and", ",", "or"):
            nxt = next(
                (s for s in spans if s.start == cur.end + 1 and s.label_.startswith("D|")), None
            )
            if nxt is None:
                return False
            if self._follows(doc, nxt.end, nouns, limit):
                return True
            cur = nxt
        return False

    @staticmethod
    def _poss(doc: Doc, end: int) -> bool:
        return end < len(doc) and doc[end].text in _POSSESSIVE

    def _note_leader(
        self, key: str, role: str | None, state: str | None, text: str, ctx: ArticleContext
    ) -> None:
        info = ctx.leaders.get(key)
        ent = self.gaz.get("Leader", key)
        if info is None:
            term = self.gaz.term(key, ctx.year)
            info = LeaderInfo(
                key,
                ent.name if ent else key.replace("-", " ").title(),
                role or (term.role if term else None),
                state or (term.of if term else None),
                text,
                from_text=role is not None,
                wikidata=ent.wikidata if ent else None,
            )
            if (
                role
                and term
                and term.of == state
                and role in ("supreme-leader", "other")
                and term.role != role
            ):
                info.role = term.role
            ctx.leaders[key] = info
        elif role and not info.from_text:
            term = self.gaz.term(key, ctx.year)
            info.role = (
                term.role
                if term and role in ("supreme-leader", "other") and term.of == (state or term.of)
                else role
            )
            info.of = state or info.of
            info.evidence, info.from_text = text, True
