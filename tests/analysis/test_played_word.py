"""Finding the played word of a turn or trial: every pattern, and all 150 real outputs."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kiroku import storage
from kiroku.analysis.played_word import effective_words, find_played, played_words, strip_emoji
from kiroku.schema import PlayedOverride, Trial
from testkit import DATA, REPO, blns_strings


def surfaces(text: str) -> list[str]:
    return [c.surface for c in find_played(text)]


@pytest.mark.parametrize(
    ("text", "words", "found_by"),
    [
        ("みかん", ["みかん"], "first-word"),
        ("**みかん** 🍊", ["みかん"], "bold"),
        ("「み」からですね！\n\n**みかん** 🍊\n\nどうぞ！", ["みかん"], "bold"),
        ("「りんご」の最後は「ご」ですね。では… ごま！", ["ごま"], "after-explanation"),
        ("しりとりをしましょう。んで終わったらダメ。私からはじめます。うみ", ["うみ"], "after-explanation"),
        ("りす🐿️", ["りす"], "first-word"),
        ("りんご🍎", ["りんご"], "first-word"),
        ("ごま！", ["ごま"], "first-word"),
        ("がか（画家）", ["がか"], "first-word"),
        ("がっこう (学校)", ["がっこう"], "first-word"),
        ("画家（がか）", ["画家"], "first-word"),
        ("**カラス** 🐦", ["カラス"], "bold"),
        ("銀河", ["銀河"], "first-word"),
        ("じゃあ、ごま！", ["ごま"], "after-explanation"),
        ("私から：いちご", ["いちご"], "after-explanation"),
        ("答え: みかん", ["みかん"], "after-explanation"),
        ("- ゴリラ", ["ゴリラ"], "first-word"),
    ],
)  # fmt: skip
def test_patterns(text: str, words: list[str], found_by: str) -> None:
    found = find_played(text)
    assert [c.surface for c in found] == words
    assert found[0].found_by == found_by


@pytest.mark.parametrize(
    "text",
    [
        "「み」ですね！次は「み」から始まる言葉をお願いします！",
        "またか🤣",
        "「うみ」の「み」ですね",
        "どうぞ！",
        "しりとりしよう！",
        "私の負けです😅",
        "Wait, that ends in 'ん' which means I lose.",
        "",
        "🍊🍎",
    ],
)
def test_explanations_questions_and_remarks_play_no_word(text: str) -> None:
    assert find_played(text) == []


def test_a_correction_keeps_both_words_in_order() -> None:
    text = "みかん\n\nWait, that ends in 'ん' which means I lose.\n\nみかさ"
    found = find_played(text)
    assert [(c.surface, c.found_by) for c in found] == [
        ("みかん", "first-word"),
        ("みかさ", "correction"),
    ]


def test_a_sentence_about_the_first_word_is_not_a_correction() -> None:
    text = "みかん\n\nWait, that ends in 'ん' - I lose.\n\nみかんは「ん」で終わるので負けになります。\n\nみず"
    assert surfaces(text) == ["みかん", "みず"]


def test_a_bracketed_reading_gives_the_reading() -> None:
    [word] = played_words("画家（がか）")
    assert (word.surface, word.reading, word.romaji, word.last_mora) == (
        "画家",
        "がか",
        "gaka",
        "か",
    )


def test_played_words_carry_reading_and_morae() -> None:
    [word] = played_words("**ルビー** 💎")
    assert (word.reading, word.first_mora, word.last_mora, word.found_by) == (
        "るびー",
        "る",
        "び",
        "bold",
    )


def test_emoji_with_variation_selector_and_joiner_are_stripped() -> None:
    assert strip_emoji("りす🐿️") == "りす"
    assert strip_emoji("か👨‍👩‍👧ぞく") == "かぞく"
    assert strip_emoji("が") == "が"


def _kept_one_by_one(text: str) -> str:
    """`strip_emoji` by its definition: each character's Unicode category looked at."""
    skipped = {"So", "Cs", "Co", "Mn", "Me", "Cf"}
    return "".join(
        c
        for c in text
        if (unicodedata.category(c) not in skipped and not 0x1F3FB <= ord(c) < 0x1F400)
        or c in "\u3099\u309a"
    )


@given(st.text())
def test_strip_emoji_keeps_what_each_characters_category_keeps(text: str) -> None:
    assert strip_emoji(text) == _kept_one_by_one(text)


def test_strip_emoji_gives_plain_text_back_unchanged_and_blns_as_defined() -> None:
    plain = "しりとり、「みかん」はダメ！ Your turn? ｗ　画家（がか）ー"
    assert strip_emoji(plain) is plain
    for text in blns_strings():
        assert strip_emoji(text) == _kept_one_by_one(text)


def test_a_persons_override_wins() -> None:
    trial = Trial(
        trial=1,
        output="**みかん** 🍊",
        played_override=PlayedOverride(words=["みかさ"], by="emi", at=datetime.now(UTC)),
    )
    assert [(w.surface, w.found_by) for w in effective_words(trial)] == [("みかさ", "person")]


def _real(name: str) -> list[Trial]:
    doc = storage.load(REPO / "logs" / f"{name}.yaml").doc
    return doc.trials  # type: ignore[union-attr]


def test_all_real_precise_outputs_play_mikan_in_bold() -> None:
    trials = _real("claude-natural-precise-umi-n50-20260420")
    assert len(trials) == 50
    assert all(
        [(c.surface, c.found_by) for c in find_played(t.output)] == [("みかん", "bold")]
        for t in trials
    )


def test_real_imprecise_outputs_give_the_studys_first_words() -> None:
    trials = _real("claude-natural-imprecise-umi-n50-20260420")
    firsts = Counter(tuple(surfaces(t.output)) for t in trials)
    assert firsts == {("みかん",): 30, ("りんご",): 11, ("りす",): 9}


def test_real_fixed_prompt_outputs_start_with_mikan_and_keep_corrections() -> None:
    trials = _real("claude-fixed-prompt-kami-n50-20260420")
    played = {t.trial: surfaces(t.output) for t in trials}
    assert len(played) == 50
    assert all(words[0] == "みかん" for words in played.values())
    assert played[1] == ["みかん", "みかさ"]
    assert played[3] == ["みかん", "みず"]
    assert played[27] == ["みかん", "みかんご", "みずうみ"]
    assert played[7] == ["みかん"]
    corrections = Counter(w for words in played.values() for w in words[1:])
    assert sum(1 for words in played.values() if len(words) > 1) == 31
    assert corrections["みかさ"] == 15
    assert corrections["みかど"] == 8


def test_hostile_strings_never_crash_and_words_come_from_the_text() -> None:
    for text in blns_strings():
        for candidate in find_played(text):
            assert candidate.surface in text


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("しりとりをしましょう。私から始めます。「しりとり」", "しりとり"),
        ("しりとりしよう！ 「ん」で終わったら負け。最初は「ねこ」。", "ねこ"),
    ],
)
def test_a_move_written_in_quotes_counts_when_nothing_else_does(text: str, word: str) -> None:
    assert [(c.surface, c.found_by) for c in find_played(text)] == [(word, "quoted")]


@pytest.mark.parametrize(
    "text",
    [
        "「み」の後はいつも「みかん」ですね。もう一度やりますか？",
        "「み」ですね。",
        "「みかん」は「ん」で終わります。",
    ],
)
def test_quotes_inside_a_sentence_play_no_word(text: str) -> None:
    assert find_played(text) == []


def test_every_common_shiritori_word_is_a_word_on_its_own() -> None:
    """Hiragana, katakana and kanji nouns children play, each as a whole turn (さかな is no `かな?`)."""
    words = (DATA / "analysis" / "common-shiritori-words.txt").read_text(encoding="utf-8").split()
    assert len(words) > 400
    refused = [word for word in words if surfaces(word) != [word]]
    assert refused == []


@pytest.mark.parametrize(
    "text", ["くやしい！", "やる！", "そうかな？", "まだ続ける", "悔しい〜", "いいかな"]
)
def test_exclamations_verbs_and_sentences_are_no_words(text: str) -> None:
    assert surfaces(text) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("まど\n\nここまで：りんご → ごりら → らっぱ → パンダ → だるま → まど", ["まど"]),
        ("これまで: すいか→カスタネット→とけい→いちご", ["いちご"]),
        ("しりとり → りんご", ["しりとり", "りんご"]),
        ("「ンジャメナ」（チャドの首都）！次は「な」です！", ["ンジャメナ"]),
        ("ンジャメナ", ["ンジャメナ"]),
        ("んー、ごま", ["ごま"]),
    ],
)  # fmt: skip
def test_recaps_remarks_and_words_starting_with_n(text: str, words: list[str]) -> None:
    """A recap stands for its newest word; a bracketed remark is cut; a real ン-word is a word."""
    assert surfaces(text) == words


@pytest.mark.parametrize(
    ("text", "word"),
    [("うーん…ごまで！", "ごま"), ("じゃあ、ごまにする", "ごま"), ("ごまです！", "ごま"),
     ("私はごま！", "ごま"), ("ごまはどう？", "ごま"), ("画家で", "画家"), ("ねずみで！", "ねずみ"),
     ("らくだ", "らくだ"), ("うで", "うで")],
)  # fmt: skip
def test_a_word_offered_in_a_phrase_is_the_word(text: str, word: str) -> None:
    """`ごまで！` plays ごま (not ごまで, which would end in で); a noun that ends so stays whole."""
    assert surfaces(text) == [word]


@pytest.mark.parametrize(
    "text",
    ["そうです", "いいです", "だめです", "大丈夫です", "どうです", "それで", "ここで", "まだです",
     "ひとつです", "もちろんです", "以上です", "あとで"],
)  # fmt: skip
def test_a_phrase_around_no_noun_plays_nothing(text: str) -> None:
    assert surfaces(text) == []
