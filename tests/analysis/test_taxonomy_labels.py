"""`logs/taxonomy.yaml` defines every label the analysis suggests and the study's modes."""

from __future__ import annotations

from collections import Counter

from kiroku.analysis.rules import RULE_IDS
from kiroku.taxonomy import load_taxonomy
from testkit import REPO

TAXONOMY = load_taxonomy(REPO / "logs" / "taxonomy.yaml")


def test_every_rule_suggestion_is_a_known_label() -> None:
    assert set(RULE_IDS) <= TAXONOMY.ids()


def test_the_studys_failure_modes_and_behaviours() -> None:
    groups = Counter(label.group for label in TAXONOMY.labels)
    assert groups == {"rule-break": 4, "failure-mode": 5, "behaviour": 5}
    assert {
        "silent-attractor",
        "attractor-with-self-recognition",
        "absent-post-generation-evaluation",
        "semantic-association-bias",
        "no-attractor",
        "turn-initiation-failure",
        "generation-verification-gap",
        "confidence-collapse",
        "first-token-commitment",
    } <= TAXONOMY.ids()


def test_every_label_is_named_and_described_in_both_languages() -> None:
    for label in TAXONOMY.labels:
        assert label.name.ja and label.name.en, label.id
        assert label.description.ja and label.description.en, label.id
