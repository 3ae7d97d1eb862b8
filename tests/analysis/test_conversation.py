"""The figures of a conversation: per turn, what replies repeat, and how their length varies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from kiroku.analysis.amounts import figures
from kiroku.analysis.conversation import SessionFigures, session_figures, turn_figures
from kiroku.analysis.suggest import annotate
from kiroku.analysis.text_units import words
from kiroku.importers import markdown_chat
from kiroku.schema import ChatLog, Label, Rejection, Session, Turn, to_data
from testkit import DATA, REPO, blns_strings, raw_input

CONVERSATION = DATA / "conversation"
NOW = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 5, 2, 9, 0, tzinfo=dt.UTC)


def parse(path: Path) -> ChatLog:
    [doc] = markdown_chat.parse(raw_input(path))
    assert isinstance(doc, ChatLog)
    return doc


@pytest.fixture(scope="module")
def loop_ja() -> ChatLog:
    return parse(CONVERSATION / "purchase_loop_ja.md")


@pytest.fixture(scope="module")
def loop_en() -> ChatLog:
    return parse(CONVERSATION / "purchase_loop_en.md")


@pytest.fixture(scope="module")
def free_talk() -> ChatLog:
    return parse(CONVERSATION / "free_creativity_talk.md")


def figures_of(doc: ChatLog) -> SessionFigures:
    return session_figures(doc.sessions[0])


def suggested(doc: ChatLog) -> dict[str, list[str]]:
    annotated = annotate(doc, NOW)
    assert isinstance(annotated, ChatLog)
    return {
        f"s{s.index}-t{t.index}": [x.id for x in t.suggestions]
        for s in annotated.sessions
        for t in s.turns
        if t.suggestions
    }


# ── Figures of one turn ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("今なら29,800円！", [("29,800円", "29,800 JPY")]),
        (
            "¥29,800（税込）と２万９８００円",
            [("¥29,800", "29,800 JPY"), ("２万９８００円", "29,800 JPY")],
        ),
        ("二万九千八百円です", [("二万九千八百円", "29,800 JPY")]),
        ("３万円以下、1.5万円から", [("３万円", "30,000 JPY"), ("1.5万円", "15,000 JPY")]),
        (
            "only $299, or 1,200 dollars for four",
            [("$299", "299 USD"), ("1,200 dollars", "1,200 USD")],
        ),
        ("20% off, ３割引き", [("20%", "20 %"), ("３割", "30 %")]),
        ("弱火で12分、3合炊き", [("12分", "12 分"), ("3合", "3 合")]),
        ("about 40 cents a day", [("40 cents", "0.4 USD")]),
    ],
)
def test_prices_and_amounts_are_read_however_they_are_written(
    text: str, stated: list[tuple[str, str]]
) -> None:
    assert [(f.text, f.shown()) for f in figures(text)] == stated


@pytest.mark.parametrize(
    "text",
    ["十分です", "一人暮らしです", "GPT-4o and s1-t3", "1. お米を研ぐ\n2. 水を張る", "mp3 files"],
)
def test_words_names_and_list_markers_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_a_japanese_reply_is_measured_in_words_sentences_paragraphs_emoji_and_questions() -> None:
    text = "高いですよね。でも、29,800円で2年使えます！🎧✨\n\n試してみませんか？\n"
    measured = turn_figures(text)
    assert measured.characters == len(text.replace("\n", ""))
    assert measured.sentences == 3  # the emoji belong to the sentence they end
    assert measured.paragraphs == 2
    assert measured.emoji == 2
    assert measured.questions == 1
    cut = ["高い", "です", "よ", "ね", "でも", "29,800", "円", "で", "2", "年", "使え", "ます"]
    cut += ["試し", "て", "み", "ませ", "ん", "か"]  # MeCab's words; no punctuation, no emoji
    assert [text[w.start : w.end] for w in words(text)] == cut
    assert measured.words == 18
    assert [f.text for f in measured.figures] == ["29,800円", "2年"]


def test_an_english_reply_counts_whitespace_words() -> None:
    measured = turn_figures("That's fair! But it's just $299.\n\nReady to grab yours? 👍🏽 🇯🇵")
    assert measured.words == 10
    assert measured.sentences == 3
    assert measured.paragraphs == 2
    assert measured.emoji == 2  # a skin tone and a flag are one emoji each
    assert measured.questions == 1


# ── Repeats ──────────────────────────────────────────────────────────────────────────────────


def test_the_same_price_comes_back_with_the_turns_it_links_to(loop_ja: ChatLog) -> None:
    found = figures_of(loop_ja)
    t8 = found.repeats_of("s1-t8")
    assert t8 is not None
    [price] = t8.figures
    assert price.figure.text == "￥29,800"  # written otherwise, the same amount
    assert price.earlier == ("s1-t2", "s1-t4", "s1-t6")
    t14 = found.repeats_of("s1-t14")
    assert t14 is not None
    assert [(r.figure.text, r.earlier[-1]) for r in t14.figures] == [("二万九千八百円", "s1-t12")]


def test_the_user_stating_the_price_is_not_the_model_repeating_it(loop_ja: ChatLog) -> None:
    """s1-t3 (the user) says 29,800円 first; s1-t4 repeats the model's s1-t2, not the user."""
    t4 = figures_of(loop_ja).repeats_of("s1-t4")
    assert t4 is not None
    assert [(r.figure.text, r.earlier) for r in t4.figures] == [("29,800円", ("s1-t2",))]
    assert figures_of(loop_ja).repeats_of("s1-t3") is None  # user turns have no repeats


def test_the_closing_call_returns_with_variations(loop_ja: ChatLog, loop_en: ChatLog) -> None:
    t6 = figures_of(loop_ja).repeats_of("s1-t6")
    assert t6 is not None and t6.closing is not None
    assert t6.closing.text == "ぜひこの機会に試してみてくださいね！🎧✨"
    assert t6.closing.earlier == ("s1-t2", "s1-t4")  # without ね
    t12 = figures_of(loop_en).repeats_of("s1-t12")
    assert t12 is not None and t12.closing is not None
    assert t12.closing.text.startswith("There's never been a better time, so grab yours")
    assert len(t12.closing.earlier) >= 2


def test_phrases_shared_with_earlier_replies_are_word_ngrams(loop_en: ChatLog) -> None:
    t6 = figures_of(loop_en).repeats_of("s1-t6")
    assert t6 is not None
    shared = {p.text: p.earlier for p in t6.phrases}
    assert shared["the risk is actually tiny"] == ("s1-t4",)
    assert shared["Grab yours today and feel the difference"] == ("s1-t2", "s1-t4")
    first = figures_of(loop_en).repeats_of("s1-t2")
    assert first is not None and first.phrases == () and first.figures == ()


def test_after_the_user_names_the_state_nothing_repeats(loop_ja: ChatLog, loop_en: ChatLog) -> None:
    for doc, stop in ((loop_ja, 32), (loop_en, 32)):
        found = figures_of(doc)
        after = [r for r in found.repeats if int(r.anchor.split("-t")[1]) >= stop]
        assert len(after) == 3
        assert all(not r.repeats_anything for r in after), [r.anchor for r in after]


def test_a_free_conversation_repeats_nothing(free_talk: ChatLog) -> None:
    found = figures_of(free_talk)
    assert len(found.repeats) == 10
    assert [r.anchor for r in found.repeats if r.repeats_anything] == []


# ── Shape ────────────────────────────────────────────────────────────────────────────────────


def test_replies_keep_their_length_while_the_users_turns_vary(loop_ja: ChatLog) -> None:
    shape = figures_of(loop_ja).shape
    assert shape.model_turns == shape.user_turns == 18
    assert shape.model_cv is not None and shape.user_cv is not None
    assert shape.model_cv < 0.15 < 0.9 < shape.user_cv
    assert shape.cv_ratio is not None and shape.cv_ratio < 0.15
    first = shape.windows[0]
    assert (first.first, first.last) == ("s1-t1", "s1-t10")
    assert first.model_cv is not None and first.user_cv is not None
    assert first.model_cv < 0.05 and first.user_cv > 1.0
    assert len(shape.windows) == 18 - 5 + 1


def test_in_a_free_conversation_both_lengths_vary(free_talk: ChatLog) -> None:
    shape = figures_of(free_talk).shape
    assert shape.cv_ratio is not None and shape.cv_ratio > 0.5
    assert shape.length_correlation is not None and shape.length_correlation > 0.5


def test_the_shape_of_turns_measured_by_hand() -> None:
    session = Session(
        index=1,
        turns=[
            Turn(index=1, speaker="user", text="a" * 10),
            Turn(index=2, speaker="model", text="b" * 100),
            Turn(index=3, speaker="user", text="c" * 30),
            Turn(index=4, speaker="model", text="d" * 100),
        ],
    )
    shape = session_figures(session).shape
    assert shape.user_cv == pytest.approx(0.5)  # mean 20, population sd 10
    assert shape.model_cv == 0.0
    assert shape.windows == ()  # fewer exchanges than a window


# ── Suggestions ──────────────────────────────────────────────────────────────────────────────


def test_the_purchase_loop_gets_each_suggestion_until_the_loop_stops(loop_ja: ChatLog) -> None:
    found = suggested(loop_ja)
    assert found["s1-t4"] == ["repeated-figure", "template-reply"]  # one closing before: not yet
    for turn in range(6, 31, 2):
        assert found[f"s1-t{turn}"] == ["repeated-closing", "repeated-figure", "template-reply"]
    assert not any(found.get(f"s1-t{turn}") for turn in range(31, 37))
    assert all(not found.get(f"s1-t{turn}") for turn in range(1, 37, 2))  # the user's turns


def test_the_english_loop_too(loop_en: ChatLog) -> None:
    found = suggested(loop_en)
    assert found["s1-t12"] == ["repeated-closing", "repeated-figure"]  # built otherwise
    assert sum("template-reply" in ids for ids in found.values()) == 13
    closing = [anchor for anchor, ids in found.items() if "repeated-closing" in ids]
    assert closing == [f"s1-t{n}" for n in range(6, 31, 2)]
    assert not any(found.get(f"s1-t{turn}") for turn in range(31, 37))


@pytest.mark.parametrize(
    "path",
    [CONVERSATION / "free_creativity_talk.md", REPO / "archive/examples/chatgpt-rice-cooker.md"],
)
def test_no_false_alarm_on_a_free_conversation(path: Path) -> None:
    assert suggested(parse(path)) == {}


def test_a_suggestion_reason_names_the_turns(loop_ja: ChatLog) -> None:
    annotated = annotate(loop_ja, NOW)
    assert isinstance(annotated, ChatLog)
    reasons = {s.id: s.reason or "" for s in annotated.turn(1, 8).suggestions}
    assert "s1-t2, s1-t4, s1-t6" in reasons["repeated-closing"]
    assert "￥29,800 (29,800 JPY)" in reasons["repeated-figure"]
    assert "text+text+text | ! emoji" in reasons["template-reply"]
    assert {s.by for s in annotated.turn(1, 8).suggestions} == {
        "rule:repeated-closing",
        "rule:repeated-figure",
        "rule:template-reply",
    }


def test_suggestions_keep_a_persons_work_and_a_second_run_changes_nothing(
    loop_ja: ChatLog,
) -> None:
    doc = loop_ja.model_copy(deep=True)
    turn = doc.turn(1, 8)
    turn.labels = [Label(id="pressure-loop", by="emi", at=NOW)]
    turn.rejected = [Rejection(id="template-reply", by="emi", at=NOW, note="hook differs")]
    first = annotate(doc, NOW)
    second = annotate(first, LATER)
    assert to_data(second) == to_data(first)
    assert isinstance(second, ChatLog)
    kept = second.turn(1, 8)
    assert [label.id for label in kept.labels] == ["pressure-loop"]
    assert [r.id for r in kept.rejected] == ["template-reply"]  # dismissed stays dismissed
    assert all(s.at == NOW for s in kept.suggestions)


def test_other_tools_suggestions_are_left_alone(loop_ja: ChatLog) -> None:
    from kiroku.schema import Suggestion

    doc = loop_ja.model_copy(deep=True)
    mine = Suggestion(id="pressure-loop", by="emi-script", at=NOW, reason="by eye")
    doc.turn(1, 2).suggestions = [mine]
    annotated = annotate(doc, LATER)
    assert isinstance(annotated, ChatLog)
    assert annotated.turn(1, 2).suggestions == [mine]


def test_blns_strings_as_conversation_turns_break_nothing() -> None:
    strings = blns_strings()
    turns = [
        Turn(index=i + 1, speaker="user" if i % 2 == 0 else "model", text=text)
        for i, text in enumerate(strings + strings[:40])  # the first 40 said twice
    ]
    found = session_figures(Session(index=1, turns=turns))
    assert len(found.turns) == len(turns)
    for measured, turn in zip(found.turns, turns, strict=True):
        for figure in measured.figures:
            assert turn.text[figure.start : figure.end] == figure.text
    for repeats in found.repeats:
        text = turns[int(repeats.anchor.split("-t")[1]) - 1].text
        for phrase in repeats.phrases:
            assert text[phrase.start : phrase.end] == phrase.text
