"""Played words and suggestions written onto documents: idempotent, human fields untouched."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.analysis.suggest import annotate, opening_words
from kiroku.schema import BatchLog, ChatLog, Suggestion, to_data
from testkit import DATA, REPO

EARLIER = datetime(2026, 4, 22, 12, 0, tzinfo=UTC)
LATER = EARLIER + timedelta(days=3)


@pytest.fixture
def chat(tmp_path: Path) -> ChatLog:
    (tmp_path / "logs").mkdir()
    path = tmp_path / "logs" / "chat.yaml"
    shutil.copy(DATA / "analysis" / "chat-with-every-rule-break.yaml", path)
    doc = storage.load(path).doc
    assert isinstance(doc, ChatLog)
    return doc


def suggested(doc: ChatLog) -> dict[str, list[str]]:
    return {
        f"s{s.index}-t{t.index}": [x.id for x in t.suggestions]
        for s in doc.sessions
        for t in s.turns
        if t.suggestions
    }


def test_every_kind_of_break_is_suggested_where_it_happens(chat: ChatLog) -> None:
    assert suggested(annotate(chat, EARLIER)) == {
        "s1-t2": ["turn-initiation-failure"],
        "s2-t2": ["ends-in-n"],
        "s3-t2": ["chain-broken"],
        "s4-t7": ["word-repeated"],
        "s5-t2": ["ends-in-n", "first-token-commitment", "generation-verification-gap"],
    }


def test_suggestions_name_their_rule_and_time(chat: ChatLog) -> None:
    [suggestion] = annotate(chat, EARLIER).turn(3, 2).suggestions
    assert suggestion.by == "rule:chain-broken"
    assert suggestion.at == EARLIER
    assert suggestion.reason == "りんご starts with り, but うみ ends in み"


def test_played_words_are_stored_with_how_they_were_found(chat: ChatLog) -> None:
    doc = annotate(chat, EARLIER)
    assert [(w.surface, w.found_by) for w in doc.turn(5, 2).played] == [
        ("みかん", "first-word"),
        ("みかさ", "correction"),
    ]
    assert [(w.surface, w.reading) for w in doc.turn(6, 4).played] == [("眼鏡", "めがね")]
    assert doc.turn(2, 3).played == []


def test_human_fields_are_untouched(chat: ChatLog) -> None:
    doc = annotate(chat, EARLIER)
    turn = doc.turn(2, 2)
    assert turn.labels == chat.turn(2, 2).labels
    assert [label.id for label in turn.labels] == ["silent-attractor"]
    assert doc.turn(6, 4).played_override == chat.turn(6, 4).played_override


def test_a_second_run_changes_nothing_and_keeps_the_first_time(chat: ChatLog) -> None:
    once = annotate(chat, EARLIER)
    twice = annotate(once, LATER)
    assert to_data(twice) == to_data(once)
    assert twice.turn(3, 2).suggestions[0].at == EARLIER


def test_other_tools_suggestions_are_kept_and_stale_rule_ones_dropped(chat: ChatLog) -> None:
    turn = chat.turn(6, 2)
    other = Suggestion(id="semantic-association-bias", by="model:judge", at=EARLIER)
    stale = Suggestion(id="ends-in-n", by="rule:ends-in-n", at=EARLIER)
    turn.suggestions = [other, stale]
    assert annotate(chat, LATER).turn(6, 2).suggestions == [other]


def test_a_conversation_that_repeats_nothing_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    path = tmp_path / "logs" / "conversation.yaml"
    shutil.copy(DATA / "analysis" / "conversation-not-shiritori.yaml", path)
    doc = storage.load(path).doc
    assert to_data(annotate(doc, EARLIER)) == to_data(doc)


def test_a_batch_trial_continues_from_its_prompts_game() -> None:
    doc = storage.load(REPO / "logs" / "claude-fixed-prompt-kami-n50-20260420.yaml").doc
    assert isinstance(doc, BatchLog)
    opening = [w.surface for w in opening_words(doc.condition)]
    assert opening[0] == "りんご"
    assert opening[-1] == "かみ"
    assert len(opening) == 15


def _kami_batch() -> BatchLog:
    doc = storage.load(REPO / "logs" / "claude-fixed-prompt-kami-n50-20260420.yaml").doc
    assert isinstance(doc, BatchLog)
    return doc


def test_each_trial_of_a_batch_reads_as_if_it_were_alone() -> None:
    """A batch's outputs repeat (`みかん` again and again): each trial still gets the played
    words and suggestions it gets analysed on its own, and words of its own."""
    from kiroku.analysis import suggest

    whole = annotate(_kami_batch(), EARLIER)
    outputs = [trial.output for trial in whole.trials]
    assert len(set(outputs)) < len(outputs)
    for trial in _kami_batch().trials:
        suggest._trial_reading.cache_clear()
        alone = annotate(_kami_batch().model_copy(update={"trials": [trial]}), EARLIER)
        (expected,) = alone.trials
        got = whole.trials[trial.trial - 1]
        assert (got.trial, got.played, got.suggestions) == (
            trial.trial,
            expected.played,
            expected.suggestions,
        )
    first, again, *_ = (t for t in whole.trials if t.output == "みかん" and t.played)
    assert first.played == again.played and first.played[0] is not again.played[0]


def test_the_same_output_after_another_prompt_reads_against_that_prompt() -> None:
    kami = annotate(_kami_batch(), EARLIER)
    ringo = _kami_batch()
    ringo.condition.user_prompt = "しりとりを続けます。\nA: りんご\nB:"
    ringo.condition.prior_word = "りんご"
    ringo = annotate(ringo, EARLIER)

    def rules_of_mikan(doc: BatchLog) -> set[str]:
        return {s.id for t in doc.trials if t.output == "みかん" for s in t.suggestions}

    assert "chain-broken" not in rules_of_mikan(kami)
    assert "chain-broken" in rules_of_mikan(ringo)
    assert "ends-in-n" in rules_of_mikan(ringo)
