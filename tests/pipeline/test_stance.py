"""The stance component on sentences from the seeds and on sentences written for these tests."""

from __future__ import annotations

import pytest
import spacy

from annotate.pipeline.cues import cue_label
from annotate.pipeline.stance import CeasefireStance


def claims(nlp, text: str) -> list[tuple[str, list[str]]]:
    doc = nlp(text)
    return [(c.label_, [doc[s:e].text for s, e in c._.holders]) for c in doc.spans["stance"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # support cue families: verbs, nouns, adjectives, mediators
        ("Egypt welcomed the ceasefire agreement on Sunday.", [("SUPPORTS", ["Egypt"])]),
        ("Qatar is pushing for a truce between Israel and Hamas.", [("SUPPORTS", ["Qatar"])]),
        (
            "Hezbollah has expressed willingness for talks about a truce.",
            [("SUPPORTS", ["Hezbollah"])],
        ),
        ("Hamas said it was ready to accept a pause in the fighting.", [("SUPPORTS", ["Hamas"])]),
        (
            "Najib Mikati expressed optimism about reaching a ceasefire.",
            [("SUPPORTS", ["Najib Mikati"])],
        ),
        (
            "Germany and Britain called for an immediate cessation of hostilities.",
            [("SUPPORTS", ["Germany", "Britain"])],
        ),
        # reject cue families
        ("Iran rejected the truce proposal as a trap.", [("REJECTS", ["Iran"])]),
        ("Hamas firmly rejected the ceasefire proposal.", [("REJECTS", ["Hamas"])]),
        ("Israel refused to agree to a ceasefire.", [("REJECTS", ["Israel"])]),
        # negation flips a support cue
        ("Israel did not accept the ceasefire proposal.", [("REJECTS", ["Israel"])]),
        (
            "“We will never accept a truce,” Yahya Sinwar told reporters.",
            [("REJECTS", ["Yahya Sinwar"])],
        ),
        # "will not stop / end ... until" vows
        (
            "Netanyahu vowed that Israel would not stop fighting until Hamas is destroyed.",
            [("REJECTS", ["Netanyahu"])],
        ),
        # conditional acceptance is support; a cue inside an if-clause is not a position
        (
            "Hamas would accept a truce if Israel withdraws its troops, its leader Ismail Haniyeh said.",
            [("SUPPORTS", ["Ismail Haniyeh"])],
        ),
        # no actor position: no claim
        ("The ceasefire took effect at 4 a.m. on Wednesday.", []),
        ("It is unclear whether Hezbollah will accept the truce.", []),
        ("The talks are scheduled for Monday in Doha.", []),
    ],
)
def test_cue_families_negation_and_conditions(nlp, text, expected):
    assert claims(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "holders"),
    [
        # speaker of a quote
        ("“We are ready for a ceasefire,” said Nabih Berri.", ["Nabih Berri"]),
        # subject of the stance verb
        (
            "The US and France have repeatedly urged for the two sides to engage in a truce.",
            ["US", "France"],
        ),
        # apposition
        (
            "Hezbollah’s deputy secretary general, Naim Qassem, publicly endorsed a truce with Israel.",
            ["Naim Qassem"],
        ),
        # a pronoun: the nearest earlier named actor that was a subject
        (
            "Antony Blinken arrived in Cairo on Monday. He urged both sides to agree to a ceasefire.",
            ["Antony Blinken"],
        ),
        # a description of a group: the nearest earlier organisation
        (
            "Hamas leader Ismail Haniyeh spoke on Monday. The Palestinian group has dismissed the "
            "ceasefire plan.",
            ["Hamas"],
        ),
        # a title with no earlier holder (a headline): the later person with that title
        (
            "The Lebanese Speaker signalled openness to a truce.\nLebanese Parliament Speaker Nabih "
            "Berri met envoys.",
            ["Nabih Berri"],
        ),
        # a collective with a nationality or state
        (
            "Senior U.S. officials are in Israel to explore a potential truce with Lebanon.",
            ["U.S."],
        ),
    ],
)
def test_holder_rules(nlp, text, holders):
    (found,) = claims(nlp, text)
    assert found[1] == holders


@pytest.mark.parametrize(
    ("text", "extent"),
    [
        # the final period is excluded
        ("Egypt welcomed the ceasefire agreement.", "Egypt welcomed the ceasefire agreement"),
        # a trailing circumstantial clause is cut; the leading adverbial is kept
        (
            "Hezbollah said Tuesday it is now ready to engage in cease-fire talks with Israel, after "
            "suffering serious blows to its leadership.",
            "Hezbollah said Tuesday it is now ready to engage in cease-fire talks with Israel",
        ),
        (
            "In a hopeful sign, Lebanese Prime Minister Najib Mikati expressed optimism about "
            "reaching a ceasefire “in the coming hours or days.”",
            "In a hopeful sign, Lebanese Prime Minister Najib Mikati expressed optimism about "
            "reaching a ceasefire “in the coming hours or days",
        ),
        # a second predicate set against the claim ("but") or reported anew ("adding that")
        # is cut with its connective; one that goes on with the claim ("and") is kept
        (
            "Portugal had planned to vote against the ceasefire deal, but was eventually "
            "convinced.",
            "Portugal had planned to vote against the ceasefire deal",
        ),
        (
            "Chile said it accepts the truce proposal, but Peru is still examining the plan.",
            "Chile said it accepts the truce proposal",
        ),
        (
            "Mexico said the truce offer was unacceptable, adding that talks would go on.",
            "Mexico said the truce offer was unacceptable",
        ),
        (
            "“Once the ceasefire holds, the details will be discussed and decisions will be "
            "made,” Chile said.",
            "“Once the ceasefire holds, the details will be discussed and decisions will be "
            "made,” Chile said",
        ),
        # a quotation that closes right after the claim's last word keeps its closing mark
        (
            'Mexico said the truce offer was "far from its essential demands".',
            'Mexico said the truce offer was "far from its essential demands"',
        ),
        # a subordinate clause loses its conjunction
        (
            "While efforts to negotiate a short-term pause in Gaza hostilities are underway, Hamas "
            "firmly rejected the proposal.",
            "Hamas firmly rejected the proposal",
        ),
    ],
)
def test_claim_extent_follows_clause_boundaries(nlp, text, extent):
    doc = nlp(text)
    assert [c.text for c in doc.spans["stance"]] == [extent]


def test_two_claims_by_different_actors_in_one_sentence(nlp):
    text = (
        "Hezbollah’s deputy secretary general, Naim Qassem, publicly endorsed a truce with "
        "Israel, the first such time the terror group has proposed a cease-fire not "
        "conditioned on the war in Gaza."
    )
    doc = nlp(text)
    spans = doc.spans["stance"]
    assert [(c.label_, c._.cue) for c in spans] == [
        ("SUPPORTS", "supports:endorse"),
        ("SUPPORTS", "supports:propose"),
    ]
    assert spans[0].end <= spans[1].start  # claims never overlap
    assert [doc[s:e].text for s, e in spans[1]._.holders] == ["Hezbollah"]


def test_each_claim_records_its_cue_and_a_score(nlp):
    doc = nlp("Hamas firmly rejected the ceasefire proposal.")
    (claim,) = doc.spans["stance"]
    assert claim._.cue == "rejects:reject"
    assert 0 < claim._.score <= 1


def test_settings_are_configurable(nlp):
    custom = spacy.blank("en")
    lexicon = nlp.get_pipe("annotate_ceasefire_stance").lexicon.updated(
        {"reject_cues": ["snub"]}, where="test"
    )
    CeasefireStance(custom, "s", span_key="stance", lexicon=lexicon)
    assert cue_label(custom("snub")[0], lexicon) == "REJECTS"
    assert cue_label(custom("reject")[0], lexicon) is None


def test_pipeline_round_trips_through_disk(nlp, tmp_path):
    text = "Iran rejected the truce proposal. Egypt welcomed the ceasefire agreement."
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    before, after = nlp(text), loaded(text)
    assert [(c.text, c.label_, c._.holders) for c in after.spans["stance"]] == [
        (c.text, c.label_, c._.holders) for c in before.spans["stance"]
    ]
    assert (
        loaded.get_pipe("annotate_ceasefire_stance").lexicon
        == nlp.get_pipe("annotate_ceasefire_stance").lexicon
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # REJECTS beyond "reject": denials, denunciations, violations
        ("Jordan denied agreeing to the truce proposal.", [("REJECTS", ["Jordan"])]),
        ("Turkey denounced the ceasefire plan on Friday.", [("REJECTS", ["Turkey"])]),
        ("Syria violated the truce within hours.", [("REJECTS", ["Syria"])]),
        # ending a truce rejects it, when the truce is what is ended; undermining it too
        ("Portugal ended the ceasefire on Tuesday.", [("REJECTS", ["Portugal"])]),
        ("Airstrikes brought an end to the truce after two months.", [("REJECTS", [])]),
        ("Kenya wants to end the war through a ceasefire.", [("SUPPORTS", ["Kenya"])]),
        ("Fiji accused Peru of trying to sabotage the truce.", [("REJECTS", ["Peru"])]),
        # criticism given as the reason: a deal or its terms called delusional, unacceptable
        ("Peru said the truce terms were delusional.", [("REJECTS", ["Peru"])]),
        ("Egypt called the truce proposal unacceptable.", [("REJECTS", ["Egypt"])]),
        ("The truce is fragile, Chile said.", []),
        # a halt tied to a condition elsewhere
        (
            "Bolivia said its forces would only stop their attacks if a ceasefire held in the "
            "south.",
            [("REJECTS", ["Bolivia"])],
        ),
        ("The rain will only stop if the wind changes, a truce monitor said.", []),
        # votes for and against
        ("The Labour Party voted against the ceasefire deal.", [("REJECTS", ["Labour Party"])]),
        # a threat to quit over a deal, or should it pass
        (
            "Senator Alan Ross threatened to resign over the ceasefire deal.",
            [("REJECTS", ["Alan Ross"])],
        ),
        # ... or to leave a coalition over it (what it leaves over must be the deal), or should
        # it be approved (an inverted condition, parsed as a complement clause)
        (
            "The Green Party threatened to leave the coalition over the ceasefire deal.",
            [("REJECTS", ["Green Party"])],
        ),
        ("Kenya left the room over the noise before the truce vote.", []),
        (
            "Senator Alan Ross said he would resign should the ceasefire deal be approved.",
            [("REJECTS", ["Alan Ross"])],
        ),
        # criticism as the reason: a deal that fails to meet, falls short of, is far from demands
        ("Mexico said the ceasefire plan fails to meet its demands.", [("REJECTS", ["Mexico"])]),
        ("Chile said the truce proposal falls short of its demands.", [("REJECTS", ["Chile"])]),
        ("Peru said the truce offer was far from its basic demands.", [("REJECTS", ["Peru"])]),
        ("Brazil said the ceasefire plan fails to mention the border.", []),
        ("The truce is far from secure, Chile said.", []),
        # an offer made is a proposal; the offer as a subject only names the target
        ("Israel made a truce offer on Monday.", [("SUPPORTS", ["Israel"])]),
        # fighting ordered to go on
        (
            "Defence Minister Omar Haddad instructed the army to continue the offensive despite "
            "the truce talks.",
            [("REJECTS", ["Omar Haddad"])],
        ),
        # SUPPORTS beyond "support": examining, approving, proposing by an agent
        ("Chile is examining the ceasefire proposal.", [("SUPPORTS", ["Chile"])]),
        ("The cabinet gave its approval to the truce.", [("SUPPORTS", [])]),
        # "call" and "push" state a position only with "for"
        ("Norway called for an immediate ceasefire.", [("SUPPORTS", ["Norway"])]),
        ("What Peru called a truce ended on Monday.", []),
        # a plain report of fighting is no claim
        ("Strikes continued across the region after the ceasefire began.", []),
    ],
)
def test_rule_families_of_the_hard_cases(nlp, text, expected):
    assert claims(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a relayed position belongs to the actor whose position it is, not to the reporter
        (
            "The spokeswoman Ana Lopez confirmed that Peru had approved the truce.",
            [("SUPPORTS", ["Peru"])],
        ),
        # while the speaker's own vow stays the speaker's
        (
            "Omar Haddad vowed that Syria would never accept the truce.",
            [("REJECTS", ["Omar Haddad"])],
        ),
        # the doer named on a violation holds it, and so does one said to have violated it
        (
            "Officials denounced repeated Chilean violations of the ceasefire.",
            [("REJECTS", ["Chilean"])],
        ),
        ("Chile said Peru had broken the ceasefire.", [("REJECTS", ["Peru"])]),
        # "we" in a quotation is its speaker; "the Johnson administration" is Johnson's
        (
            "Sarah Miller spoke in Lima on Monday. “We hope that a ceasefire will take place "
            "soon,” she said.",
            [("SUPPORTS", ["Sarah Miller"])],
        ),
        (
            "The Johnson administration announced an effort to negotiate a truce with Peru.",
            [("SUPPORTS", ["Johnson"])],
        ),
        # "the government" is the one whose cabinet was the subject, not an earlier place
        (
            "Cairo hosted the truce talks on Monday. Israel's security cabinet recommended that "
            "the government approve the ceasefire deal.",
            [("SUPPORTS", ["Cairo"]), ("SUPPORTS", ["Israel"])],
        ),
    ],
)
def test_whose_position_it_is(nlp, text, expected):
    assert claims(nlp, text) == expected


def test_the_accused_holds_a_violation(nlp):
    found = claims(nlp, "Greece accused Albania of violating the ceasefire.")
    assert found == [("REJECTS", ["Albania"])]


def test_a_proposer_clause_is_its_own_claim(nlp):
    doc = nlp("Hamas rejected the ceasefire plan proposed by Egypt and Qatar.")
    found = [
        (c.label_, c.text, [doc[s:e].text for s, e in c._.holders]) for c in doc.spans["stance"]
    ]
    assert ("SUPPORTS", "proposed by Egypt and Qatar", ["Egypt", "Qatar"]) in found
    assert found[0][0] == "REJECTS" and found[0][2] == ["Hamas"]


def test_a_relative_clause_naming_the_proposer_is_its_own_claim(nlp):
    doc = nlp("Chile rejected the truce plan which Peru had proposed.")
    found = [
        (c.label_, c.text, [doc[s:e].text for s, e in c._.holders]) for c in doc.spans["stance"]
    ]
    assert found == [
        ("REJECTS", "Chile rejected the truce plan", ["Chile"]),
        ("SUPPORTS", "which Peru had proposed", ["Peru"]),
    ]


def test_playing_down_a_pause_dismisses_it(nlp):
    found = claims(nlp, "Israel later played down the likelihood of a pause in the fighting.")
    assert found == [("REJECTS", ["Israel"])]
    assert claims(nlp, "Israel played a role in the pause in the fighting.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the report a position is told in is part of the claim; the holder stays whose it is
        (
            "The spokeswoman Ana Lopez confirmed that Peru had approved the truce.",
            ("SUPPORTS", "The spokeswoman Ana Lopez confirmed that Peru had approved the truce",
             ["Peru"]),
        ),
        (
            "Chile said Peru had broken the ceasefire.",
            ("REJECTS", "Chile said Peru had broken the ceasefire", ["Peru"]),
        ),
        (
            "Omar Haddad informed Ana Lopez that he accepts the truce.",
            ("SUPPORTS", "Omar Haddad informed Ana Lopez that he accepts the truce",
             ["Omar Haddad"]),
        ),
        # a threat to break a truce is the speaker's, not a report of a violation
        (
            "Omar Haddad warned that Syria will break the truce if the attacks go on.",
            ("REJECTS", "Omar Haddad warned that Syria will break the truce if the attacks go on",
             ["Omar Haddad"]),
        ),
        # the condition of a vow, and the talks fighting goes on against, are part of it
        (
            "Peru says attacks won't stop until Chile agrees to a ceasefire.",
            ("REJECTS", "Peru says attacks won't stop until Chile agrees to a ceasefire",
             ["Peru"]),
        ),
        (
            "Omar Haddad said the army will push on with its offensive even as its negotiators "
            "examine the truce proposal.",
            ("REJECTS", "Omar Haddad said the army will push on with its offensive even as its "
             "negotiators examine the truce proposal", ["Omar Haddad"]),
        ),
        # what a proposal seeks is what it is, not a position of its own
        (
            "Chile presented a truce proposal that seeks to secure a deal.",
            ("SUPPORTS", "Chile presented a truce proposal that seeks to secure a deal",
             ["Chile"]),
        ),
        # a concession after a comma is cut, and so is a trailer inside a vow's condition
        (
            "Chile backed the truce plan, though Peru rejected it.",
            ("SUPPORTS", "Chile backed the truce plan", ["Chile"]),
        ),
        (
            "Chile will reject the truce proposal, despite it having the backing of Peru.",
            ("REJECTS", "Chile will reject the truce proposal", ["Chile"]),
        ),
        (
            "Peru says attacks won't stop until Chile agrees to end the war, with its army "
            "firing shells every day.",
            ("REJECTS", "Peru says attacks won't stop until Chile agrees to end the war",
             ["Peru"]),
        ),
        # a description after a comma is the writer's, not part of the position
        (
            "Omar Haddad endorsed a truce with Chile, the first such time he has done so.",
            ("SUPPORTS", "Omar Haddad endorsed a truce with Chile", ["Omar Haddad"]),
        ),
        # "despite rejecting ...": the rejection is a claim of its own, held by the subject
        (
            "Despite rejecting the truce proposal, Chile remains in contact with the mediators.",
            ("REJECTS", "rejecting the truce proposal", ["Chile"]),
        ),
        # the agent of a passive holds it; proposing in other words is support
        (
            "The truce plan was approved by Chile.",
            ("SUPPORTS", "The truce plan was approved by Chile", ["Chile"]),
        ),
        (
            "Egypt outlined a truce plan on Monday.",
            ("SUPPORTS", "Egypt outlined a truce plan on Monday", ["Egypt"]),
        ),
    ],
)  # fmt: skip
def test_what_a_claim_takes_in(nlp, text, expected):
    doc = nlp(text)
    found = [
        (c.label_, c.text, [doc[s:e].text for s, e in c._.holders]) for c in doc.spans["stance"]
    ]
    assert found == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The truce proposal calls for the withdrawal of troops.",  # what a plan does
        "Chile said the truce proposal calls for the withdrawal of troops.",
    ],
)
def test_what_a_deal_or_plan_does_is_no_ones_support(nlp, text):
    assert claims(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "There will be no ceasefire unless Chile withdraws its troops, Omar Haddad said.",
            [("REJECTS", ["Omar Haddad"])],
        ),
        ("There is no ceasefire yet, officials said.", []),  # a report, not a threat
        ("There will be no ceasefire before Monday, Omar Haddad said.", []),  # no condition
    ],
)
def test_no_deal_unless_a_condition_is_met_rejects_it(nlp, text, expected):
    assert claims(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quotation that goes on in the next sentence is still its speaker's
        (
            'Omar Haddad spoke in Lima. "We are tired," he said. "And we will never accept a '
            'truce on these terms."',
            [("REJECTS", ["Omar Haddad"])],
        ),
        # a quotation that names another actor is still its speaker's
        (
            "Prime Minister Maria Costa met the envoy. Her spokesman Omar Haddad said that "
            "reports of a truce were “the opposite of the truth. The prime minister instructed "
            "the army to continue fighting at full force.”",
            [("REJECTS", ["Omar Haddad"])],
        ),
        # a document that reports a position does not hold it; the clause's actor does
        (
            "Chile’s cabinet met on Monday. “The cabinet has recommended that the government "
            "approve the truce,” the statement said.",
            [("SUPPORTS", ["Chile"])],
        ),
    ],
)
def test_who_speaks_a_quotation_or_a_statement(nlp, text, expected):
    assert claims(nlp, text) == expected


def test_fighting_in_the_background_of_a_position_is_no_rejection(nlp):
    """The fighting is set against the talks only where it governs the concession itself."""
    text = (
        "Chile said it would consider a truce, even as Peru continues heavy shelling of the border."
    )
    assert claims(nlp, text) == [("SUPPORTS", ["Chile"])]


def test_a_vote_on_it_is_a_vote_on_the_deal(nlp):
    found = claims(nlp, "The cabinet met on the truce deal. Chile's ruling party voted against it.")
    assert found == [("REJECTS", ["Chile"])]
