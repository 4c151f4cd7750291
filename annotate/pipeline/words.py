"""The default word lists of the toolkit's spaCy components, from the annotation scheme's wording.

They are only defaults: `lexicon.py` turns them into the validated lexicons that each
component keeps and saves with its pipeline, so a project can replace any list. Nothing here
names an article, a sentence, a person or a place.
"""

from __future__ import annotations


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# -- entity extent (scheme section 1: OntoNotes extents) -----------------------------------------
DETERMINERS = words("the a an")
# "a week", "an hour": the article counts one, and a DATE or TIME keeps it (OntoNotes).
COUNTING_ARTICLES = words("a an")
AMOUNT_LABELS = words("DATE TIME")
POSSESSIVES = ("'s", "’s", "'", "’")
# Words that name an office or an honorific, never part of a person's name (lower case).
PERSON_TITLES = words(
    """mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady president vice prime minister secretary
    general gen. deputy speaker chief leader envoy ambassador spokesman spokeswoman spokesperson
    senator sen. rep. gov. governor mayor king queen prince princess pope sheikh sheik sayyed
    sayyid ayatollah imam rabbi emir sultan commander colonel col. lt. major maj. captain capt.
    sergeant sgt. admiral adm. judge justice professor prof. foreign defense defence energy
    finance interior parliament"""
)

# Times keep what tells the reader which time it is (OntoNotes TIME): a time zone or "local
# time" after the clock time ("5 a.m. GMT"), and the day before a part of the day ("Friday
# night", "this Monday evening"), which together are one TIME.
# Labels of names, which keep one label through an article; not numbers, dates or times.
NAME_LABELS = words("PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE")
# Ministerial portfolios: "Defense Minister", "Secretary of State" name an office, not an ORG.
PORTFOLIOS = words(
    """defense defence finance foreign interior security national state health energy justice
    economy treasury education transport agriculture homeland"""
)
# The last word of a street or a crossing's name: the name is a facility (FAC), not a person.
FACILITY_HEADS = words("street road avenue boulevard highway square bridge crossing airport")
# Months and their short forms: "Aug 18" is a DATE, not the CARDINAL 18.
MONTHS = words(
    """january february march april may june july august september october november december
    jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct.
    nov nov. dec dec."""
)
# Capitalised heads that make a nationality an organisation's name ("Lebanese Army").
ORGANISATION_HEADS = words("army forces force navy police guard party government ministry")
# Labels whose names end with a capitalised word: "Jewish Power party" is the ORG Jewish Power.
CAPITALISED_NAME_LABELS = words("PERSON ORG GPE NORP")
TIME_ZONES = words(
    """et est edt ct cst cdt mt mst mdt pt pst pdt gmt utc bst cet cest eet eest ist idt
    msk jst aest"""
)
LOCAL_TIME = words("local time")
DAY_PARTS = words("morning afternoon evening night midnight noon dawn dusk overnight")

# -- holders (scheme section 2, "Holder") ---------------------------------------------------------
ACTOR_LABELS = words("PERSON ORG GPE NORP")
PERSON_PRONOUNS = words("he she him her his hers")
GROUP_PRONOUNS = words("it its they them their we our us")
# Inside a quotation these are the speaker ("“We hope for a ceasefire,” she said" -> her).
FIRST_PERSON = words("i we me us my our")
RELATIVE_PRONOUNS = words("who which that whom")
OPENING_PUNCT = ("“", '"', "‘", "'", "[", "(")
TITLE_WINDOW = 4  # tokens before a name searched for a title ("Lebanon's Prime Minister ...")
# Descriptions of collective actors, and the entity labels they are linked to.
COLLECTIVE_NOUNS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        words("group organization organisation movement militia party faction militant"), ("ORG",)
    ),
    **dict.fromkeys(
        words(
            """government administration cabinet country state regime ministry military army
            force official envoy diplomat negotiator mediator leader actor authority side
            representative delegation"""
        ),
        ("GPE", "ORG", "NORP"),
    ),
}

# -- stance (scheme section 2) --------------------------------------------------------------------
# What a claim is about: a ceasefire, truce, pause in fighting or cessation of hostilities.
# Matcher patterns (token attributes); "cease-fire" is three tokens in spaCy's tokenizer.
TARGET_PATTERNS: list[list[dict]] = [
    [{"LOWER": {"IN": ["ceasefire", "ceasefires", "truce", "truces", "armistice"]}}],
    [{"LOWER": "cease"}, {"ORTH": "-"}, {"LOWER": {"IN": ["fire", "fires"]}}],
    [{"LOWER": "cessation"}, {"LOWER": "of"}, {"LOWER": {"IN": ["hostilities", "fighting"]}}],
    [
        {"LEMMA": {"IN": ["pause", "halt", "lull"]}},
        {"LOWER": {"IN": ["in", "to"]}},
        {"LOWER": {"IN": ["the", "gaza", "lebanon"]}, "OP": "*"},
        {"LEMMA": {"IN": ["fighting", "war", "hostility", "combat", "attack"]}},
    ],
    [{"LOWER": "humanitarian"}, {"LEMMA": "pause"}],
    # "an end to the war / the fighting / the hostilities"
    [
        {"LEMMA": "end"},
        {"LOWER": "to"},
        {"LOWER": {"IN": ["the", "this"]}, "OP": "?"},
        {"LEMMA": {"IN": ["war", "fighting", "hostility", "conflict"]}},
    ],
]
# Words that stand for "a proposal or talks for one" once the article is about a ceasefire.
WEAK_TARGETS = words(
    """deal agreement accord proposal plan talk negotiation discussion term condition pause offer
    framework outline initiative phase"""
)
SUPPORT_CUES = words(
    """support endorse welcome accept agree propose push urge call seek want back favor favour
    consider explore deliberate negotiate engage encourage advance secure pursue broker mediate
    discuss suggest signal press demand offer reach hope embrace approve sign enter join
    facilitate promote outline recommend
    readiness willingness openness optimism optimistic hopeful ready willing open prepared
    acceptance endorsement call push bid effort discussion negotiation talk appeal support
    examine study weigh review present formulate draft mediation approval backing commitment
    committed"""
)
# Cues that state a position only with one of these prepositions ("call for", "push for"):
# "what it called ..." or "push on" with an operation say nothing for a ceasefire.
PREP_BOUND_CUES: dict[str, tuple[str, ...]] = {
    "call": ("for", "on", "upon"),
    "push": ("for",),
    "press": ("for",),
    "play": ("down",),  # "played down the likelihood of a pause": dismissing it
}
# Verbs whose "for" or "against" says the position ("voted against it").
VOTE_VERBS = words("vote campaign lobby argue speak")
# Cues that name an activity rather than a position: they make a claim only with a holder
# (also reporting verbs that only relay a proposal's content: "reports suggest a plan ...").
ACTIVITY_CUES = words("effort discussion negotiation talk push bid suggest signal")
# With the criticisms (the last line): calling a deal or its terms "delusional" or
# "unacceptable" is the reason given for rejecting it (scheme, hard cases).
REJECT_CUES = words(
    """reject refuse oppose dismiss rebuff spurn veto scuttle rejection refusal opposition
    unwilling unwillingness decline deny denial denounce condemn violate violation breach break
    ignore resign quit end terminate abandon scrap undermine sabotage torpedo derail
    delusional unacceptable immoral absurd unrealistic ridiculous illegitimate worthless
    inadequate unfair flawed humiliating play downplay"""
)
# Ending a truce rejects it (scheme, hard cases) only when the truce is what is ended: "ended
# the ceasefire", "an end to the truce"; "end the war through a truce" says nothing against it.
ENDING_CUES = words("end terminate abandon scrap")
ENDED_PREPS = words("of to")
# Leaving a government or a coalition over a deal is a rejection of it (scheme, hard cases):
# these are REJECTS over it ("leave the coalition over the deal") or when a condition on a
# ceasefire hangs on them ("would resign if ..."). "bring down" the government is one too.
QUIT_VERBS = words("resign quit leave withdraw dismantle topple collapse exit")
# Criticism given as the reason to reject: a deal that "fails to meet" the demands, "falls
# short of" them or is "far from" them.
MEET_VERBS = words("meet satisfy address fulfil fulfill answer")
DEMAND_WORDS = words("demand requirement expectation condition goal need aim term")
# A violation reported by another ("Hamas said Israel had broken the truce") is held, like an
# accusation, by the one said to have violated it (scheme, "Whose position it is").
VIOLATION_CUES = words("violate violation breach break")
# "accused X of violating the truce": the accused holds the rejection, not the accuser.
ACCUSE_VERBS = words("accuse blame charge")
# "would not stop attacking ... until", "the operations would not end until ..."
CONTINUATION_VERBS = words("stop end halt cease cease-fire")
CONTINUE_VERBS = words("continue keep press proceed")
# "push on / ahead with an operation": pressing on with the fighting.
CONTINUE_PARTICLES = words("on ahead forward")
# What goes on when fighting goes on (scheme: orders or vows that fighting continues).
FIGHTING_WORDS = words(
    """fight fighting attack attacks operation operations offensive strike strikes war campaign
    pressure assault bombardment shelling"""
)
# Verbs that order or vow what their complement says ("instructed the army to continue").
ORDER_VERBS = words("instruct order direct tell vow pledge promise insist")
# Words that set the fighting against the talks ("even as", "despite", "while").
CONCESSIVE_WORDS = words("despite even while though although regardless notwithstanding")
# Verbs that report a position: the claim's holder is their subject (the speaker).
SPEECH_VERBS = words(
    """say state add tell announce confirm note emphasize emphasise stress insist indicate
    suggest acknowledge reiterate vow signal declare warn report claim explain argue write hint
    assert affirm reaffirm express voice pledge promise reply respond believe think hope tweet
    post inform communicate"""
)
# Verbs that relay another actor's position ("Leavitt confirmed that Israel had signed off"):
# a named subject of the reported clause holds it. Saying or vowing keeps the speaker's own.
RELAY_VERBS = words("confirm report claim allege reveal")
# Conditions a halt may be tied to ("would only stop if ...", "only once ...").
CONDITION_MARKS = words("if when once unless until")
# A cue inside a clause introduced by these is a condition or a question, not a position.
HYPOTHETICAL_MARKS = words("if whether unless")
# Auxiliaries that open an inverted condition ("should the proposal be accepted").
INVERTED_CONDITION_AUX = words("should were had")
UNCERTAIN_HEADS = words("unclear uncertain unknown doubtful question ask")
# Connectives that set a second predicate against the claim's ("..., but voted for it").
CONTRAST_CONJUNCTIONS = words("but yet")
# Adverbial clauses that describe circumstances rather than the position (cut from a claim).
CIRCUMSTANCE_STARTS = words(
    "after as while when since even with following because though although whereas despite"
)
# Dependency relations the claim climbs through from its cue to the clause that carries it.
CLIMB_DEPS = words(
    "xcomp ccomp conj acl advcl prep pobj pcomp dobj attr acomp oprd compound amod nmod dative"
)
