"""Prodigy's token view of a text: the `tokens` list and the tokenizer it comes from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc


def blank_tokenizer() -> Any:
    """spaCy's English tokenizer, as Prodigy uses it for `tokens` and token indices."""
    import spacy

    return spacy.blank("en").tokenizer


def prodigy_tokens(doc: Doc) -> tuple[dict, ...]:
    """Prodigy's `tokens`: text, character offsets, index and trailing whitespace."""
    return tuple(
        {
            "text": t.text,
            "start": t.idx,
            "end": t.idx + len(t),
            "id": t.i,
            "ws": bool(t.whitespace_),
        }
        for t in doc
    )
