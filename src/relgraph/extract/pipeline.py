"""The extraction pipeline: an Article in, a record in the shape of the gold files out."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer, load_gazetteer
from ..model import Article
from ..ontology import Ontology, load_ontology
from .dates import event_date
from .lexicon import Lexicon, load_lexicon
from .mentions import ArticleContext, Key, MentionFinder
from .relations import Found, RelationFinder
from .syntax import Parse, Parser, load_parser
from .tokens import sent_text

__all__ = ["DEFAULT_MAX_SENTENCE_CHARS", "Extractor", "make_nlp"]

#: Sentences longer than this are left out of extraction (with a note on the
#: ``relgraph.extract`` logger): news sentences run to a few hundred characters,
#: and a run-on "sentence" of tables, lists or binary junk costs matching and
#: parsing time for nothing.
DEFAULT_MAX_SENTENCE_CHARS = 2_000
_log = logging.getLogger("relgraph.extract")

_LABEL = re.compile(r"^([A-Z][\w'’-]*(?: [\w'’-]+){0,4}):\s+(?=\S)")


def make_nlp() -> Language:
    """A blank English pipeline with a rule-based sentencizer (no model download)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


class Extractor:
    """Builds the matchers once; ``extract(article)`` is then a pure function of the article.

    ``syntax`` chooses the dependency parser used on sentences that can hold a
    relation: True finds an installed English model (see
    :mod:`relgraph.extract.syntax`), a string names one, False uses word-order
    rules alone.

    Examples:
        >>> from relgraph.model import Article
        >>> ex = Extractor()
        >>> rec = ex.extract(Article(id="a1", text="France imposed sanctions on Iran."))
        >>> [(r["type"], r["source"], r["target"], r["modality"]) for r in rec["relations"]]
        [('SANCTIONS', 'FRA', 'IRN', 'asserted')]
    """

    def __init__(
        self,
        *,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
        lexicon: Lexicon | None = None,
        ontology: Ontology | None = None,
        syntax: bool | str = True,
        max_sentence_chars: int = DEFAULT_MAX_SENTENCE_CHARS,
    ) -> None:
        if max_sentence_chars < 1:
            from ..errors import InputError

            raise InputError(f"max_sentence_chars must be at least 1, got {max_sentence_chars!r}")
        self.max_sentence_chars = max_sentence_chars
        self.nlp = nlp or make_nlp()
        self.gaz = gazetteer or load_gazetteer()
        self.lex = lexicon or load_lexicon()
        self.onto = ontology or load_ontology()
        self._fingerprint: str | None = None
        self._custom = any(x is not None for x in (nlp, gazetteer, lexicon, ontology))
        self.mentions = MentionFinder(self.nlp, self.gaz, self.lex)
        self.relations = RelationFinder(self.nlp, self.lex, self.onto)
        if syntax:
            model = load_parser(syntax if isinstance(syntax, str) else None)
            self.relations.parser = Parser(model) if model is not None else None
        self._topic_index: dict[int, list[tuple[str, tuple[int, ...]]]] = {}
        self._topic_seqs = {
            t: tuple(
                tuple(self.nlp.make_doc(c).to_array("LOWER").tolist()) for c in spec.get("cues", [])
            )
            for t, spec in self.lex.topics.items()
        }
        for topic, seqs in self._topic_seqs.items():  # by first word: one lookup per token
            for seq in seqs:
                if seq:
                    self._topic_index.setdefault(seq[0], []).append((topic, seq))

    # --------------------------------------------------------- provenance
    @property
    def fingerprint(self) -> str | None:
        """A hash of everything that decides this extractor's output: relgraph's
        version and extraction code, the gazetteer and lexicon files, and the
        parser model. None when built from objects passed in (they have no files
        to hash)."""
        if self._fingerprint is None and not self._custom:
            from .. import __version__
            from ..resources import gazetteer_dir, lexicon_dir

            h = hashlib.sha256(__version__.encode())
            files = [
                *sorted(Path(__file__).parent.glob("*.py")),
                *sorted(gazetteer_dir().glob("*.csv")),
                *sorted(lexicon_dir().glob("*.toml")),
            ]
            for path in files:
                h.update(path.name.encode() + b"\0" + path.read_bytes())
            h.update(f"max_sentence_chars={self.max_sentence_chars}".encode())
            parser = self.relations.parser
            if parser is not None:
                meta = parser.nlp.meta
                h.update(f"{meta.get('name')} {meta.get('version')}".encode())
            self._fingerprint = h.hexdigest()[:16]
        return self._fingerprint

    def input_hash(self, article: Article) -> str | None:
        """A hash of what this extractor reads of ``article`` and of the extractor
        itself: the record's ``input_hash``. A store holding an article with the
        same input hash holds exactly what extracting it again would give, so
        ``relgraph ingest`` skips it (and a re-run after an interruption resumes)."""
        fp = self.fingerprint
        if fp is None:
            return None
        fields = [
            fp,
            article.id,
            article.title,
            article.text,
            article.published,
            article.url,
            article.source,
            article.license,
        ]
        text = json.dumps(fields, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    # ------------------------------------------------------------ segments
    def _lines(self, article: Article) -> list[tuple[str, bool]]:
        lines: list[tuple[str, bool]] = []
        if article.title:
            lines.append((article.title.strip(), True))
        for raw in article.text.splitlines():
            line = " ".join(raw.split())
            if not line:
                continue
            if len(line) > self.nlp.max_length:  # spaCy refuses it; no sentence is this long
                self._skipped(article, len(line), "line")
                continue
            m = _LABEL.match(line)
            if m and len(line) > m.end() + 20:
                line = line[m.end() :]
            lines.append((line, False))
        return lines

    def extract(self, article: Article) -> dict[str, object]:
        """Extract nodes, relations and topics from one article."""
        return next(self.extract_many([article]))

    def extract_many(
        self, articles: Iterable[Article], *, chunk: int = 32
    ) -> Iterator[dict[str, object]]:
        """Extract from many articles, streaming.

        Articles are taken ``chunk`` at a time so that the parser sees the
        candidate sentences of many articles in one batch; memory stays bounded.
        """
        it = iter(articles)
        while batch := list(islice(it, chunk)):
            prepared = []
            for article in batch:
                lines = self._lines(article)
                docs = list(self.nlp.pipe(text for text, _ in lines))
                prepared.append((article, docs, [t for _, t in lines]))
            parses = self._parse_candidates([(docs, titles) for _, docs, titles in prepared])
            try:
                for ai, (article, docs, titles) in enumerate(prepared):
                    yield self._extract(article, docs, titles, parses.get(ai, {}))
            finally:
                self.relations.forget()

    def _extract(
        self,
        article: Article,
        docs: list[Doc],
        is_title: list[bool],
        parses: dict[tuple[int, int], Parse],
    ) -> dict[str, object]:
        year = int(article.published[:4]) if article.published else None
        ctx = ArticleContext(year=year)
        nodes: dict[Key, str] = {}
        found: list[tuple[Found, str, str | None]] = []
        topic_hits: Counter[str] = Counter()
        for di, (doc, title) in enumerate(zip(docs, is_title, strict=True)):
            lowers = doc.to_array("LOWER").tolist()
            self._count_topics(lowers, 2 if title else 1, topic_hits)
            for sent in doc.sents:
                text = sent_text(sent)
                if len(text) > self.max_sentence_chars:
                    self._skipped(article, len(text), "sentence")
                    continue
                ms = self.mentions.find(doc, sent, ctx)
                for m in ms:
                    if m.how not in ("pair", "pronoun", "patient"):
                        for e in m.ents:
                            nodes.setdefault(e, doc[m.start : m.end].text)
                found_here = self.relations.find(
                    doc, sent, ms, ctx, parses.get((di, sent.start)), lazy=False
                )
                for f in found_here:
                    if f.type == "FIGHTS" and f.modality == "asserted":
                        ctx.last_attacker = f.source  # before symmetric ordering
                    f = self._fit(f, ctx)
                    if f is None:
                        continue
                    when = event_date(text, article.published, planned=f.modality == "planned")
                    found.append((f, text, when))
                    states = tuple(
                        sorted({st for k in (f.source, f.target) if (st := self._state(k, ctx))})
                    )
                    if len(states) == 2:
                        ctx.last_pair["State"] = states  # type: ignore[assignment]
                    if f.source[0] == f.target[0] == "Leader":
                        ctx.last_pair["Leader"] = (f.source[1], f.target[1])
                    if f.type in ("MEETS", "VISITS") and f.modality != "negated":
                        ctx.last_event = states
                ctx.prev_leaders = [k for m in ms for kk, k in m.ents if kk == "Leader"]
                ctx.prev_states = [
                    k for m in ms if m.how != "patient" for kk, k in m.ents if kk == "State"
                ]
        return self._record(article, ctx, nodes, found, topic_hits)

    # ------------------------------------------------------------- helpers
    def _skipped(self, article: Article, size: int, what: str) -> None:
        where = article.origin if article.origin != "<unknown>" else f"article {article.id!r}"
        limit = self.max_sentence_chars if what == "sentence" else self.nlp.max_length
        _log.warning(
            "%s: %s of %s characters left out of extraction; expected at most %s%s",
            where,
            what,
            f"{size:,}",
            f"{limit:,}",
            " (raise it with --max-sentence-chars)" if what == "sentence" else "",
        )

    def _parse_candidates(
        self, articles: list[tuple[list[Doc], list[bool]]]
    ) -> dict[int, dict[tuple[int, int], Parse]]:
        """Parse, in one batch, the sentences that can hold a relation (a cue and two
        actors) of several articles: {article: {(line, sentence start): parse}}.

        Headlines are left to the word-order rules: their telegraphic grammar
        ("Putin Meets Kim") is what the parser reads worst."""
        parser = self.relations.parser
        if parser is None:
            return {}
        cands = []
        for ai, (docs, titles) in enumerate(articles):
            for di, (doc, title) in enumerate(zip(docs, titles, strict=True)):
                if title:
                    continue
                for sent in doc.sents:
                    if sent.end_char - sent.start_char > self.max_sentence_chars:
                        continue
                    n, hits = self.mentions.hits(doc, sent)
                    if n < 2:
                        continue
                    cues = self.relations.cue_spans(doc, sent)
                    if not cues:
                        continue
                    # from the first actor or cue to one token past the last: what
                    # lies outside decides nothing here and costs parsing time
                    spans = hits + cues
                    lo = min(a for a, _ in spans)
                    hi = min(max(b for _, b in spans) + 1, sent.end)
                    cands.append((ai, di, sent.start, doc[lo:hi]))
        out: dict[int, dict[tuple[int, int], Parse]] = {}
        for (ai, di, s0, _), p in zip(cands, parser.many([c[3] for c in cands]), strict=True):
            out.setdefault(ai, {})[(di, s0)] = p
        return out

    def _office(self, key: Key, ctx: ArticleContext) -> Key | None:
        """The state or organization a leader holds office in (None for other kinds)."""
        info = ctx.leaders.get(key[1]) if key[0] == "Leader" else None
        if info is None or not info.of:
            return None
        return ("State" if self.gaz.get("State", info.of) else "Organization", info.of)

    def _state(self, key: Key, ctx: ArticleContext) -> str | None:
        """The state of a State key, or the state a leader leads."""
        if key[0] == "State":
            return key[1]
        office = self._office(key, ctx)
        return office[1] if office and office[0] == "State" else None

    def _fit(self, f: Found, ctx: ArticleContext) -> Found | None:
        """Check endpoint kinds against the ontology; lift leaders to their office where required."""
        spec = self.onto.relation(f.type)
        s, t = f.source, f.target
        if not spec.allows(s[0], t[0]):
            s = self._office(s, ctx) or s
            t = self._office(t, ctx) or t
            if not spec.allows(s[0], t[0]):
                return None
        if s == t:
            return None
        if spec.symmetric and t[1] < s[1]:
            s, t = t, s
        return replace(f, source=s, target=t)

    def _count_topics(self, lowers: list[int], weight: int, hits: Counter[str]) -> None:
        n = len(lowers)
        for i, first in enumerate(lowers):
            for topic, seq in self._topic_index.get(first, ()):
                k = len(seq)
                if i + k <= n and tuple(lowers[i : i + k]) == seq:
                    hits[topic] += weight

    def _topics(self, hits: Counter[str], found: list[tuple[Found, str, str | None]]) -> list[str]:
        types = Counter(f.type for f, _, _ in found if f.modality != "negated")
        doms = Counter(d for f, _, _ in found for d in f.domains)
        out = []
        for topic, spec in self.lex.topics.items():
            score = hits[topic]
            score += sum(types[r] for r in spec.get("relations", []))  # type: ignore[union-attr]
            score += sum(doms[d] for d in spec.get("domains", []))  # type: ignore[union-attr]
            if score >= int(spec.get("min", 2)):  # type: ignore[call-overload]
                out.append(topic)
        return out

    def _record(
        self,
        article: Article,
        ctx: ArticleContext,
        nodes: dict[Key, str],
        found: list[tuple[Found, str, str | None]],
        topic_hits: Counter[str],
    ) -> dict[str, object]:
        rels: list[dict[str, object]] = []
        seen: set[tuple[object, ...]] = set()
        for key, info in ctx.leaders.items():
            nodes.setdefault(("Leader", key), info.name)
            office = self._office(("Leader", key), ctx)
            if office and info.role:
                nodes.setdefault(office, self._name(*office))
                rels.append(
                    {
                        "type": "LEADER_OF",
                        "source": key,
                        "target": info.of,
                        "modality": "asserted",
                        "confidence": 0.9 if info.from_text else 0.75,
                        "date": article.published,
                        "evidence": info.evidence,
                        "rule": "leader_of.title" if info.from_text else "leader_of.gazetteer",
                        "role": info.role,
                    }
                )
        for f, text, when in found:
            for dom in f.domains or (None,):
                ident = (f.type, f.source, f.target, f.modality, dom, f.channel)
                if ident in seen:
                    continue
                seen.add(ident)
                for k in (f.source, f.target):
                    nodes.setdefault(k, self._name(*k))
                rel: dict[str, object] = {
                    "type": f.type,
                    "source": f.source[1],
                    "target": f.target[1],
                    "modality": f.modality,
                    "confidence": f.confidence,
                    "date": when,
                    "evidence": text,
                    "rule": f.rule,
                }
                if dom:
                    rel["domain"] = dom
                if f.channel:
                    rel["channel"] = f.channel
                rels.append(rel)
        node_list = []
        for (kind, key), surface in sorted(
            nodes.items(), key=lambda kv: (self.onto.node_kinds.index(kv[0][0]), kv[0][1])
        ):
            ent = self.gaz.get(kind, key)
            node: dict[str, object] = {
                "type": kind,
                "key": key,
                "name": ent.name if ent else self._name(kind, key, surface),
            }
            if ent and ent.wikidata:
                node["wikidata"] = ent.wikidata
            node_list.append(node)
        return {
            "id": article.id,
            "title": article.title,
            "published": article.published,
            "url": article.url,
            "source": article.source,
            "license": article.license,
            **({"input_hash": h} if (h := self.input_hash(article)) else {}),
            "nodes": node_list,
            "relations": rels,
            "topics": self._topics(topic_hits, found),
        }

    def _name(self, kind: str, key: str, surface: str | None = None) -> str:
        ent = self.gaz.get(kind, key)
        if ent:
            return ent.name
        return surface or key.replace("-", " ").title()
