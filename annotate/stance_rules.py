"""The stance component's vocabulary, from the annotation scheme's own wording (section 2).

Everything here is a default of the `annotate_ceasefire_stance` factory, so a project can
override any list in its pipeline config; nothing names an article, a sentence or a person.
"""

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
]

# Words that stand for "a proposal or talks for one" once the article is about a ceasefire.
WEAK_TARGETS: list[str] = [
    "deal",
    "agreement",
    "accord",
    "proposal",
    "plan",
    "talk",
    "negotiation",
    "discussion",
    "term",
    "condition",
    "pause",
    "offer",
]

SUPPORT_CUES: list[str] = [
    # verbs
    "support",
    "endorse",
    "welcome",
    "accept",
    "agree",
    "propose",
    "push",
    "urge",
    "call",
    "seek",
    "want",
    "back",
    "favor",
    "favour",
    "consider",
    "explore",
    "deliberate",
    "negotiate",
    "engage",
    "encourage",
    "advance",
    "secure",
    "pursue",
    "broker",
    "mediate",
    "discuss",
    "suggest",
    "signal",
    "press",
    "demand",
    "offer",
    "reach",
    "hope",
    "embrace",
    "approve",
    "sign",
    "enter",
    "join",
    "facilitate",
    "promote",
    # nouns and adjectives
    "readiness",
    "willingness",
    "openness",
    "optimism",
    "optimistic",
    "hopeful",
    "ready",
    "willing",
    "open",
    "prepared",
    "acceptance",
    "endorsement",
    "call",
    "push",
    "bid",
    "effort",
    "discussion",
    "negotiation",
    "talk",
    "appeal",
    "support",
]

# Cues that name an activity rather than a position: they make a claim only with a holder.
# (also reporting verbs that only relay a proposal's content: "reports suggest a plan ...").
ACTIVITY_CUES: list[str] = [
    "effort",
    "discussion",
    "negotiation",
    "talk",
    "push",
    "bid",
    "suggest",
    "signal",
]

REJECT_CUES: list[str] = [
    "reject",
    "refuse",
    "oppose",
    "dismiss",
    "rebuff",
    "spurn",
    "veto",
    "scuttle",
    "rejection",
    "refusal",
    "opposition",
    "unwilling",
    "unwillingness",
    "decline",
]

# "would not stop attacking ... until", "the operations would not end until ..."
CONTINUATION_VERBS: list[str] = ["stop", "end", "halt", "cease", "cease-fire"]
CONTINUE_VERBS: list[str] = ["continue", "keep", "press"]

# Verbs that report a position: the claim's holder is their subject (the speaker).
SPEECH_VERBS: list[str] = [
    "say",
    "state",
    "add",
    "tell",
    "announce",
    "confirm",
    "note",
    "emphasize",
    "emphasise",
    "stress",
    "insist",
    "indicate",
    "suggest",
    "acknowledge",
    "reiterate",
    "vow",
    "signal",
    "declare",
    "warn",
    "report",
    "claim",
    "explain",
    "argue",
    "write",
    "hint",
    "assert",
    "affirm",
    "reaffirm",
    "express",
    "voice",
    "pledge",
    "promise",
    "reply",
    "respond",
    "believe",
    "think",
    "hope",
    "tweet",
    "post",
]

# A cue inside a clause introduced by these is a condition or a question, not a position.
HYPOTHETICAL_MARKS: list[str] = ["if", "whether", "unless"]
UNCERTAIN_HEADS: list[str] = ["unclear", "uncertain", "unknown", "doubtful", "question", "ask"]

# Adverbial clauses that describe circumstances rather than the position (cut from a claim).
CIRCUMSTANCE_STARTS: list[str] = [
    "after",
    "as",
    "while",
    "when",
    "since",
    "even",
    "with",
    "following",
    "because",
]
