"""The labeling config and annotator instructions the toolkit generates for Label Studio, from
the templates in `schemas/`: one entity control, one stance control, `holder` relations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from string import Template

from ..core.records import ENTITY_LABELS, STANCE_LABELS, StanceLabel
from ..core.schema import schema_dir

ENTITY_CONTROL, STANCE_CONTROL, TEXT_NAME, RELATION_LABEL = "entities", "stance", "text", "holder"
LABEL_COLOURS = {StanceLabel.SUPPORTS: "#2ca02c", StanceLabel.REJECTS: "#d62728"}


@dataclass(frozen=True)
class LabelingConfig:
    entity_labels: tuple[str, ...] = ENTITY_LABELS
    stance_labels: tuple[str, ...] = STANCE_LABELS

    def controls(self) -> dict[str, tuple[str, ...]]:
        return {ENTITY_CONTROL: self.entity_labels, STANCE_CONTROL: self.stance_labels}

    def xml(self) -> str:
        template = Template((schema_dir() / "labeling-config.xml.template").read_text("utf-8"))

        def labels(values: Iterable[str]) -> str:
            return "\n".join(
                f'    <Label value="{v}"'
                + (f' background="{LABEL_COLOURS[v]}"' if v in LABEL_COLOURS else "")
                + "/>"
                for v in values
            )

        return template.substitute(
            entity_control=ENTITY_CONTROL,
            stance_control=STANCE_CONTROL,
            text_name=TEXT_NAME,
            relation_label=RELATION_LABEL,
            entity_labels=labels(self.entity_labels),
            stance_labels=labels(self.stance_labels),
        )

    def instructions(self) -> str:
        template = Template((schema_dir() / "guidelines.html").read_text("utf-8"))
        return template.substitute(
            entity_label_list=", ".join(self.entity_labels), relation_label=RELATION_LABEL
        )
