"""`logs/taxonomy.yaml` defines every label the analysis suggests and the study's modes."""

from __future__ import annotations

from collections import Counter

from kiroku.analysis.conversation_suggest import CONVERSATION_RULES
from kiroku.analysis.rules import RULE_IDS
from kiroku.storage import parse_yaml
from kiroku.taxonomy import load_taxonomy
from testkit import REPO

TAXONOMY = load_taxonomy(REPO / "logs" / "taxonomy.yaml")


def test_every_rule_suggestion_is_a_known_label() -> None:
    assert set(RULE_IDS) <= TAXONOMY.ids()


def test_the_studys_failure_modes_and_behaviours() -> None:
    groups = Counter(label.group for label in TAXONOMY.labels)
    assert groups == {
        "rule-break": 4,
        "failure-mode": 5,
        "behaviour": 5,
        "repetition": 3,
        "conversation-behaviour": 4,
    }
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


def test_every_label_says_which_experiment_it_is_for() -> None:
    path = REPO / "logs" / "taxonomy.yaml"
    raw = parse_yaml(path.read_text("utf-8"), path)
    assert all(entry.get("experiments") for entry in raw["labels"])


def test_the_game_and_the_conversation_labels_are_kept_apart() -> None:
    conversation = {label.id for label in TAXONOMY.for_experiment("conversation")}
    shiritori = {label.id for label in TAXONOMY.for_experiment("shiritori")}
    assert set(CONVERSATION_RULES) <= conversation
    assert set(RULE_IDS) <= shiritori
    assert {
        "pressure-loop",
        "information-turned-into-argument",
        "narrative-rewritten",
        "loop-broken-by-naming",
    } <= conversation
    assert not conversation & shiritori
