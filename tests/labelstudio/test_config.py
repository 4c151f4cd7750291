"""The labeling config and the annotator instructions the toolkit generates."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from annotate.core.records import ENTITY_LABELS
from annotate.labelstudio.config import LabelingConfig


def test_config_has_entity_and_stance_labels_and_holder_relation():
    root = ET.fromstring(LabelingConfig().xml())
    controls = {
        n.get("name"): [lab.get("value") for lab in n.iter("Label")] for n in root.iter("Labels")
    }
    assert controls == {"entities": list(ENTITY_LABELS), "stance": ["SUPPORTS", "REJECTS"]}
    assert [r.get("value") for r in root.iter("Relation")] == ["holder"]
    assert root.find("Text").get("value") == "$text"


def test_instructions_are_rendered_from_the_guidelines():
    html = LabelingConfig(entity_labels=("ORG", "GPE")).instructions()
    assert "SUPPORTS" in html and "REJECTS" in html and "holder" in html and "ORG, GPE" in html
    assert "$" not in html
