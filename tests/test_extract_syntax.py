"""Constructions decided by the dependency parse, the cue classes that rely on it,
and event dates. Every sentence is written for these tests."""

from __future__ import annotations

import warnings

import pytest

from relgraph.extract import Extractor, syntax
from relgraph.model import Article


def _rels(extractor, text, published="2024-06-19"):
    rec = extractor.extract(Article(id="t", text=text, published=published))
    return {(r["type"], r["source"], r["target"], r["modality"]) for r in rec["relations"]}


def _check(rels, expected, absent):
    """``expected`` is among ``rels``; ``absent`` is not (a 1-tuple names a type that must not occur)."""
    if expected:
        assert expected in rels, rels
    if absent and len(absent) == 1:
        assert not any(r[0] == absent[0] for r in rels), rels
    elif absent:
        assert absent not in rels, rels


def test_parser_is_used_on_candidate_sentences_only(extractor):
    parser = extractor.relations.parser
    assert parser is not None, "the test environment installs an English model"
    before = parser.calls
    _rels(extractor, "The weather in the capital was mild. Markets rose.")
    _rels(extractor, "Russia praised the weather.")  # one actor: nothing to relate
    assert parser.calls == before
    _rels(extractor, "Russia imposed sanctions on Ukraine.")
    assert parser.calls == before + 1


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # the subject, not the nearest actor before the verb
        (
            "Germany, whose officials met Chinese diplomats last year, imposed sanctions on Iran.",
            ("SANCTIONS", "DEU", "IRN", "asserted"),
            ("SANCTIONS", "CHN", "IRN", "asserted"),
        ),
        # a subject that names no actor: no relation for the speaker before it
        (
            "Washington said such a move enjoyed support from Moscow.",
            None,
            ("COOPERATES_WITH",),
        ),
        # a pronoun subject refers back to the actor named before
        (
            "President Joe Biden says the measures punish what he calls Russia's illegal war.",
            ("CONDEMNS", "joe-biden", "RUS", "asserted"),
            None,
        ),
        # what a summit is about is not where it is held
        (
            "Joe Biden will attend a conference on the war in Ukraine.",
            None,
            ("VISITS",),
        ),
        # a phrase under another predicate is not a party of the cue
        (
            "Turkey condemned the bombing and sent condolences to the Japanese people.",
            None,
            ("FIGHTS",),
        ),
        # the object of a light verb takes the verb's subject
        (
            "Russia on Tuesday launched its largest air offensive of the year against Ukraine.",
            ("FIGHTS", "RUS", "UKR", "asserted"),
            None,
        ),
        # a purpose infinitive stays under the cue
        (
            "Japan is willing to send engineers to help rebuild Ukraine.",
            ("COOPERATES_WITH", "JPN", "UKR", "planned"),
            None,
        ),
        # a passive noun cue takes its agent
        (
            "New charges against Iran were brought by Israel.",
            ("CONDEMNS", "ISR", "IRN", "asserted"),
            None,
        ),
        # the purpose of cooperation is not a partner in it
        (
            "Japan and South Korea agreed to expand cooperation to counter North Korea's missile tests.",
            ("COOPERATES_WITH", "JPN", "KOR", "planned"),
            ("COOPERATES_WITH", "JPN", "PRK", "planned"),
        ),
        # a noun cue as subject shares nothing with its verb's object
        (
            "The deal follows a visit to Tehran by Chinese officials.",
            None,
            ("COOPERATES_WITH",),
        ),
        # passive voice with a coordinated agent
        (
            "Iran was sanctioned by the United States and France.",
            ("SANCTIONS", "FRA", "IRN", "asserted"),
            ("SANCTIONS", "IRN", "USA", "asserted"),
        ),
        # a relative pronoun stands for the noun it modifies
        (
            "It was Turkey, which has long courted Moscow, that condemned Israel.",
            ("CONDEMNS", "TUR", "ISR", "asserted"),
            ("CONDEMNS", "RUS", "ISR", "asserted"),
        ),
    ],
)
def test_parse_decides_parties(extractor, text, expected, absent):
    _check(_rels(extractor, text), expected, absent)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # victims as direct object; a place after "in" is no party
        (
            "Russian drones killed five Ukrainian civilians on Tuesday.",
            ("FIGHTS", "RUS", "UKR", "asserted"),
            None,
        ),
        ("Two Russian soldiers were killed in Ukraine on Monday.", None, ("FIGHTS",)),
        # fire aimed at a party
        (
            "Russian artillery fired dozens of shells at Ukrainian positions overnight.",
            ("FIGHTS", "RUS", "UKR", "asserted"),
            None,
        ),
        # a demonym before an attack noun is the attacker
        (
            "Venezuela protested to the UN about Colombian air strikes.",
            ("CONDEMNS", "VEN", "COL", "asserted"),
            ("CONDEMNS", "VEN", "UN", "asserted"),
        ),
        # a claim of attack by a named party is an accusation
        (
            "Ukraine said Russian forces attacked a power plant near Kyiv.",
            ("CONDEMNS", "UKR", "RUS", "asserted"),
            None,
        ),
        # the party of a threat's condition
        (
            "Turkey threatened to close its airspace unless Germany changes course.",
            ("THREATENS", "TUR", "DEU", "asserted"),
            None,
        ),
        # aid given and aid withdrawn
        (
            "Japan will give Ukraine a loan of $1 billion.",
            ("COOPERATES_WITH", "JPN", "UKR", "planned"),
            None,
        ),
        (
            "The United States halted military aid to Colombia.",
            ("SANCTIONS", "USA", "COL", "asserted"),
            ("COOPERATES_WITH",),
        ),
        # an offer of help is intended cooperation
        (
            "China offered to help Venezuela rebuild its power grid.",
            ("COOPERATES_WITH", "CHN", "VEN", "planned"),
            None,
        ),
        # a call for sanctions condemns; it imposes nothing
        (
            "France called for sanctions against Iran.",
            ("CONDEMNS", "FRA", "IRN", "asserted"),
            ("SANCTIONS",),
        ),
        (
            "Paris cited new evidence against Tehran.",
            ("CONDEMNS", "FRA", "IRN", "asserted"),
            None,
        ),
        (
            "French officials exchanged intelligence with Germany.",
            ("COOPERATES_WITH", "DEU", "FRA", "asserted"),
            None,
        ),
        (
            "Germany extradited two suspects to Turkey on Friday.",
            ("COOPERATES_WITH", "DEU", "TUR", "asserted"),
            None,
        ),
        ("The ministers called it an economic war against Iran.", None, ("FIGHTS",)),
        # taking ground in a state
        (
            "Russian forces captured a village in eastern Ukraine on Sunday.",
            ("FIGHTS", "RUS", "UKR", "asserted"),
            None,
        ),
        # the parsed object of force, however far from the verb
        (
            "Russian troops drove out last week about 2,000 Ukrainian villagers.",
            ("FIGHTS", "RUS", "UKR", "asserted"),
            None,
        ),
        # "their countries": the two named earlier in the same sentence
        (
            ("Japanese and Chinese ministers said their countries now cooperate closely on trade."),
            ("COOPERATES_WITH", "CHN", "JPN", "asserted"),
            None,
        ),
        (
            "Venezuela said Colombian drones destroyed a bridge.",
            ("CONDEMNS", "VEN", "COL", "asserted"),
            None,
        ),
        (
            "Iran depends on aid from China.",
            ("COOPERATES_WITH", "CHN", "IRN", "asserted"),
            None,
        ),
        (
            "Germany froze ministerial contacts with Turkey.",
            ("SEVERS_TIES", "DEU", "TUR", "asserted"),
            None,
        ),
        # a recall with no party named shares the target of the break before it
        (
            (
                "Turkey cut ties with Israel, while Colombia and Venezuela withdrew their envoys "
                "for consultations."
            ),
            ("SEVERS_TIES", "VEN", "ISR", "asserted"),
            ("MEETS",),
        ),
        # strained ties are no cooperation
        (
            "Seoul and Tokyo, whose ties have been strained for years, held talks on Friday.",
            ("MEETS", "JPN", "KOR", "asserted"),
            ("COOPERATES_WITH",),
        ),
        # the source of a report is no party, even with a noun before "said"
        (
            "Russian troops shelled Ukrainian towns on Sunday, killing nine, French military sources said.",
            ("FIGHTS", "RUS", "UKR", "asserted"),
            ("FIGHTS", "FRA", "RUS", "asserted"),
        ),
    ],
)
def test_cue_classes(extractor, text, expected, absent):
    _check(_rels(extractor, text), expected, absent)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # in the complement of a proposal, however far
        (
            (
                "Emmanuel Macron proposed that a group of states, among them Germany and China, "
                "cooperate on climate finance."
            ),
            ("COOPERATES_WITH", "CHN", "DEU", "planned"),
        ),
        # an actor's own will to use force against a party is a threat ...
        ("Iran vowed to strike Israel.", ("THREATENS", "IRN", "ISR", "asserted")),
        # ... a prediction by others is a planned fight
        ("Russia is expected to attack Ukraine next week.", ("FIGHTS", "RUS", "UKR", "planned")),
        # ... but does reach a gerund after "before"
        (
            "Xi Jinping will stop in Venezuela before travelling to Colombia.",
            ("VISITS", "xi-jinping", "COL", "planned"),
        ),
        # a modal does not reach into a new clause
        (
            "Joe Biden is expected to raise the matter, after Washington accused China of hacking.",
            ("CONDEMNS", "USA", "CHN", "asserted"),
        ),
        # an existing state of affairs is no plan, even under "wants"
        (
            "Russia seeks relief from American and French sanctions.",
            ("SANCTIONS", "FRA", "RUS", "asserted"),
        ),
    ],
)
def test_modality_scope(extractor, text, expected):
    assert expected in _rels(extractor, text)


@pytest.mark.parametrize(
    ("text", "published", "date"),
    [
        ("Vladimir Putin met Xi Jinping in Beijing on Monday.", "2024-06-19", "2024-06-17"),
        ("Vladimir Putin will visit China on Monday.", "2024-06-19", "2024-06-24"),
        ("Vladimir Putin visited China yesterday.", "2024-06-19", "2024-06-18"),
        ("France imposed sanctions on Iran last month.", "2024-06-19", "2024-05-01"),
        ("France imposed sanctions on Iran on 3 March 2022.", "2024-06-19", "2022-03-03"),
        ("France imposed sanctions on Iran on March 3.", "2024-06-19", "2024-03-03"),
        ("France will impose sanctions on Iran on March 3.", "2024-06-19", "2025-03-03"),
        ("France imposed sanctions on Iran on Monday.", None, None),
    ],
)
def test_relation_dates(extractor, text, published, date):
    rec = extractor.extract(Article(id="t", text=text, published=published))
    dates = {r["date"] for r in rec["relations"] if r["type"] != "LEADER_OF"}
    assert dates == {date}


def test_rules_alone_without_a_model(small_gazetteer, monkeypatch):
    monkeypatch.setattr(syntax, "_warned", False)
    with pytest.warns(RuntimeWarning, match="reduced accuracy"):
        assert syntax.load_parser("no_such_model_xx") is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said once per process
        assert syntax.load_parser("no_such_model_xx") is None
    ex = Extractor(gazetteer=small_gazetteer, syntax=False)
    assert ex.relations.parser is None
    rels = _rels(ex, "France imposed sanctions on Iran.")
    assert ("SANCTIONS", "FRA", "IRN", "asserted") in rels


def test_between_a_pair_named_after_other_words(extractor):
    rels = _rels(
        extractor,
        "Japan and China agreed to resume trade. Talks were held in Tokyo between junior "
        "envoys from both countries.",
    )
    assert ("MEETS", "CHN", "JPN", "asserted") in rels


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (
            "A truce agreed by Japan and China last month has held.",
            ("COOPERATES_WITH", "CHN", "JPN", "asserted"),
            None,
        ),
        (
            "Turkey and Israel signed a joint declaration on Monday.",
            ("COOPERATES_WITH", "ISR", "TUR", "asserted"),
            None,
        ),
        (
            "French and German warships held joint exercises in the Baltic.",
            ("COOPERATES_WITH", "DEU", "FRA", "asserted"),
            None,
        ),
        (
            "Germany expressed solidarity with Ukraine.",
            ("COOPERATES_WITH", "DEU", "UKR", "asserted"),
            None,
        ),
        # hosting a base is cooperation, not a meeting
        (
            "Germany has hosted American troops since 1945.",
            ("COOPERATES_WITH", "DEU", "USA", "asserted"),
            ("MEETS",),
        ),
        # recalled from a capital: ties cut with that state
        (
            "Britain withdrew its ambassador from Caracas.",
            ("SEVERS_TIES", "GBR", "VEN", "asserted"),
            ("SEVERS_TIES", "VEN", "GBR", "asserted"),
        ),
        ("Japan and China discussed trade on Monday.", ("MEETS", "CHN", "JPN", "asserted"), None),
        # the topic's pair is not the meeting's
        (
            "Xi Jinping and Emmanuel Macron discussed the dispute between Iran and Israel.",
            None,
            ("MEETS", "IRN", "ISR", "asserted"),
        ),
        # a summit of an organization is the forum, not a party
        (
            "Joe Biden went to a summit of NATO leaders.",
            None,
            ("MEETS",),
        ),
        # several parties, each with "with"
        (
            "Emmanuel Macron talked by phone with Joe Biden and then with Xi Jinping.",
            ("MEETS", "emmanuel-macron", "xi-jinping", "asserted"),
            None,
        ),
        # a treaty named after a city is not that city's state
        (
            "Iranian police beat up dozens of Israeli captives last year.",
            ("FIGHTS", "IRN", "ISR", "asserted"),
            None,
        ),
        # "X-linked": X is not the actor
        (
            "Iran-backed fighters attacked Israeli positions overnight.",
            None,
            ("FIGHTS",),
        ),
        # a capital named after its description is a venue
        (
            "Turkey gave Israel's diplomats 72 hours to leave.",
            ("SEVERS_TIES", "TUR", "ISR", "asserted"),
            None,
        ),
        (
            "Turkey declared Israel's envoy persona non grata.",
            ("SEVERS_TIES", "TUR", "ISR", "asserted"),
            None,
        ),
        (
            "Joe Biden spoke with Xi Jinping on Tuesday.",
            ("MEETS", "joe-biden", "xi-jinping", "asserted"),
            None,
        ),
        (
            "Iran, supported by Russia, rejected the proposal.",
            ("COOPERATES_WITH", "IRN", "RUS", "asserted"),
            None,
        ),
        (
            "Joe Biden is reported to be planning a trip to Japan.",
            ("VISITS", "joe-biden", "JPN", "reported"),
            None,
        ),
        # an offer of a specific act is that act, planned
        (
            "North Korea pledged to ship more artillery shells to Russia.",
            ("SUPPLIES_ARMS", "PRK", "RUS", "planned"),
            ("COOPERATES_WITH",),
        ),
        # reciprocal accusations
        (
            "Japan and China accused each other of violating the truce.",
            ("CONDEMNS", "CHN", "JPN", "asserted"),
            None,
        ),
        # blame stated in a claim: from the claimant to the one blamed
        (
            "Emmanuel Macron said Moscow was responsible for the attack.",
            ("CONDEMNS", "emmanuel-macron", "RUS", "asserted"),
            ("CONDEMNS", "RUS", "emmanuel-macron", "asserted"),
        ),
        # the condemners of a raid are not its parties
        (
            "Japan and Germany condemned the raid on the embassy.",
            None,
            ("FIGHTS",),
        ),
    ],
)
def test_more_cues_and_parties(extractor, text, expected, absent):
    _check(_rels(extractor, text), expected, absent)


def test_a_name_is_no_modal_verb(full_extractor):
    """With the full gazetteer: "May" in "Theresa May met" is not the modal "may"."""
    rec = full_extractor.extract(
        Article(
            id="t",
            text="Theresa May met Joe Biden in London on Tuesday.",
            published="2021-06-01",
        )
    )
    meets = [r for r in rec["relations"] if r["type"] == "MEETS"]
    assert [(r["source"], r["target"], r["modality"]) for r in meets] == [
        ("joe-biden", "theresa-may", "asserted")
    ]


@pytest.fixture(scope="module")
def full_extractor():
    """The extractor over the shipped gazetteer (cities the small one lacks)."""
    return Extractor()


def test_a_treaty_named_after_a_city_is_no_state(full_extractor):
    rec = full_extractor.extract(
        Article(
            id="t",
            text="Canada condemned breaches of the Vienna Convention.",
            published="2024-06-19",
        )
    )
    assert not [r for r in rec["relations"] if r["type"] == "CONDEMNS"]


def test_word_order_skips_a_capital_named_after_its_description(small_gazetteer):
    """Without a parse, the nearest actor before the verb would be the venue."""
    rules = Extractor(gazetteer=small_gazetteer, syntax=False)
    rels = _rels(rules, "The EU, meeting in the French capital Paris, froze Russian state assets.")
    assert ("SANCTIONS", "EU", "RUS", "asserted") in rels
    assert ("SANCTIONS", "FRA", "RUS", "asserted") not in rels


def test_word_order_takes_the_victims_after_a_quantity(small_gazetteer):
    """Without a parse, "dozens of" before the victims still leaves them the object."""
    rules = Extractor(gazetteer=small_gazetteer, syntax=False)
    rels = _rels(rules, "Iranian police beat up dozens of Israeli captives last year.")
    assert ("FIGHTS", "IRN", "ISR", "asserted") in rels
