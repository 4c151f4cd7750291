"""Lexicons: the word lists a component works with, as frozen, typed, validated settings.

A component keeps its lexicon with the pipeline (`to_disk`/`from_disk`, as spaCy's SpanRuler
keeps its patterns) and takes overrides from its config. Whatever the source, a lexicon is
validated: an unknown or misspelt key, or a value of the wrong type, is a `LexiconError` that
names it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Self

import srsly
from pydantic import BaseModel, ConfigDict, ValidationError
from spacy.util import SimpleFrozenList

from ..core.errors import LexiconError
from . import words

LEXICON_FILE = "lexicon.json"
Words = frozenset[str]


class Lexicon(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str) -> Self:
        try:
            return cls.model_validate(dict(data))
        except ValidationError as e:
            raise LexiconError(f"{where}: {_explain(cls, e)}") from e

    def updated(self, overrides: Mapping[str, Any], *, where: str) -> Self:
        """This lexicon with some entries replaced (nested lexicons replaced key by key)."""
        merged = self.model_dump()
        for key, value in overrides.items():
            current = merged.get(key)
            if isinstance(current, dict) and isinstance(value, Mapping) and key in _nested(self):
                merged[key] = {**current, **value}
            else:
                merged[key] = value
        return type(self).from_dict(merged, where=where)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with every word set sorted so that a saved pipeline is reproducible."""
        return _sorted_sets(self.model_dump())

    def to_disk(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        srsly.write_json(directory / LEXICON_FILE, self.to_dict())

    @classmethod
    def from_disk(cls, directory: Path) -> Self:
        path = directory / LEXICON_FILE
        try:
            data = srsly.read_json(path)
        except (OSError, ValueError) as e:
            raise LexiconError(f"{path}: cannot read the lexicon ({e})") from e
        return cls.from_dict(data, where=str(path))


def _nested(lexicon: Lexicon) -> set[str]:
    return {name for name, value in lexicon if isinstance(value, Lexicon)}


def _sorted_sets(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, dict):
        return {key: _sorted_sets(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_sorted_sets(item) for item in value]
    return value


def _explain(cls: type[Lexicon], error: ValidationError) -> str:
    reasons = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"])
        if item["type"] == "extra_forbidden":
            known = _known_keys(cls, item["loc"][:-1])
            close = difflib.get_close_matches(str(item["loc"][-1]), known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f"; known: {', '.join(known)}"
            reasons.append(f"unknown setting {key!r}{hint}")
        else:
            reasons.append(f"setting {key!r}: {item['msg']}")
    return "; ".join(reasons)


def _known_keys(cls: type[Lexicon], path: tuple) -> list[str]:
    model: Any = cls
    for part in path:
        annotation = model.model_fields[part].annotation
        if not (isinstance(annotation, type) and issubclass(annotation, Lexicon)):
            return []
        model = annotation
    return sorted(model.model_fields)


class EntityLexicon(Lexicon):
    """`annotate_entity_extent`: what an entity's extent drops (scheme section 1)."""

    determiners: Words = frozenset(words.DETERMINERS)
    counting_articles: Words = frozenset(words.COUNTING_ARTICLES)
    amount_labels: Words = frozenset(words.AMOUNT_LABELS)
    possessives: Words = frozenset(words.POSSESSIVES)
    person_titles: Words = frozenset(words.PERSON_TITLES)
    time_zones: Words = frozenset(words.TIME_ZONES)
    local_time: tuple[str, ...] = words.LOCAL_TIME
    day_parts: Words = frozenset(words.DAY_PARTS)
    name_labels: Words = frozenset(words.NAME_LABELS)
    portfolios: Words = frozenset(words.PORTFOLIOS)
    facility_heads: Words = frozenset(words.FACILITY_HEADS)
    organisation_heads: Words = frozenset(words.ORGANISATION_HEADS)
    months: Words = frozenset(words.MONTHS)
    capitalised_name_labels: Words = frozenset(words.CAPITALISED_NAME_LABELS)


class HolderLexicon(Lexicon):
    """Who holds a stance: pronouns, titles and descriptions of actors (scheme section 2)."""

    actor_labels: Words = frozenset(words.ACTOR_LABELS)
    person_pronouns: Words = frozenset(words.PERSON_PRONOUNS)
    group_pronouns: Words = frozenset(words.GROUP_PRONOUNS)
    first_person: Words = frozenset(words.FIRST_PERSON)
    relative_pronouns: Words = frozenset(words.RELATIVE_PRONOUNS)
    opening_punct: Words = frozenset(words.OPENING_PUNCT)
    person_titles: Words = frozenset(words.PERSON_TITLES)
    title_window: int = words.TITLE_WINDOW
    collective_nouns: dict[str, tuple[str, ...]] = words.COLLECTIVE_NOUNS


class StanceLexicon(Lexicon):
    """`annotate_ceasefire_stance`: targets, cues and clause words (scheme section 2)."""

    target_patterns: tuple[tuple[dict[str, Any], ...], ...] = tuple(
        tuple(pattern) for pattern in words.TARGET_PATTERNS
    )
    weak_targets: Words = frozenset(words.WEAK_TARGETS)
    support_cues: Words = frozenset(words.SUPPORT_CUES)
    reject_cues: Words = frozenset(words.REJECT_CUES)
    ending_cues: Words = frozenset(words.ENDING_CUES)
    ended_preps: Words = frozenset(words.ENDED_PREPS)
    activity_cues: Words = frozenset(words.ACTIVITY_CUES)
    continuation_verbs: Words = frozenset(words.CONTINUATION_VERBS)
    continue_verbs: Words = frozenset(words.CONTINUE_VERBS)
    continue_particles: Words = frozenset(words.CONTINUE_PARTICLES)
    fighting_words: Words = frozenset(words.FIGHTING_WORDS)
    order_verbs: Words = frozenset(words.ORDER_VERBS)
    concessive_words: Words = frozenset(words.CONCESSIVE_WORDS)
    speech_verbs: Words = frozenset(words.SPEECH_VERBS)
    relay_verbs: Words = frozenset(words.RELAY_VERBS)
    condition_marks: Words = frozenset(words.CONDITION_MARKS)
    hypothetical_marks: Words = frozenset(words.HYPOTHETICAL_MARKS)
    inverted_condition_aux: Words = frozenset(words.INVERTED_CONDITION_AUX)
    prep_bound_cues: dict[str, tuple[str, ...]] = words.PREP_BOUND_CUES
    vote_verbs: Words = frozenset(words.VOTE_VERBS)
    quit_verbs: Words = frozenset(words.QUIT_VERBS)
    meet_verbs: Words = frozenset(words.MEET_VERBS)
    demand_words: Words = frozenset(words.DEMAND_WORDS)
    accuse_verbs: Words = frozenset(words.ACCUSE_VERBS)
    violation_cues: Words = frozenset(words.VIOLATION_CUES)
    uncertain_heads: Words = frozenset(words.UNCERTAIN_HEADS)
    circumstance_starts: Words = frozenset(words.CIRCUMSTANCE_STARTS)
    contrast_conjunctions: Words = frozenset(words.CONTRAST_CONJUNCTIONS)
    climb_deps: Words = frozenset(words.CLIMB_DEPS)
    holders: HolderLexicon = HolderLexicon()


class LexiconComponent:
    """What the toolkit's components share: a validated lexicon kept with the pipeline."""

    lexicon_type: type[Lexicon] = Lexicon

    def __init__(self, name: str, lexicon: Any) -> None:
        self.name = name
        self.lexicon = lexicon

    @property
    def lexicon(self) -> Any:
        return self._lexicon

    @lexicon.setter
    def lexicon(self, lexicon: Any) -> None:
        if not isinstance(lexicon, self.lexicon_type):
            raise LexiconError(f"{self.name}: a {self.lexicon_type.__name__} is needed")
        self._lexicon = lexicon
        self.lexicon_changed()

    def lexicon_changed(self) -> None:
        """Rebuild whatever the component derives from its lexicon (a Matcher, say)."""

    def set_lexicon(self, overrides: dict[str, Any]) -> None:
        self.lexicon = self.lexicon.updated(overrides, where=f"{self.name} lexicon")

    def initialize(self, get_examples: Any = None, *, nlp: Any = None, lexicon: Any = None) -> None:
        """`[initialize.components.NAME.lexicon]` replaces entries, as SpanRuler's patterns."""
        if lexicon:
            self.set_lexicon(lexicon)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        self.lexicon.to_disk(Path(path))

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> LexiconComponent:
        self.lexicon = self.lexicon_type.from_disk(Path(path))
        return self
