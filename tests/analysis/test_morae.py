"""Morae and the shiritori conventions: each convention a named rule, checked on real words."""

from __future__ import annotations

import pytest
from kiroku.analysis.morae import (
    MoraRules,
    ends_in_n,
    first_mora,
    follows,
    last_mora,
    morae,
    same_mora,
    to_hiragana,
)
from kiroku.analysis.reading import reading

# word, hiragana reading, first mora, last mora (default rules)
WORDS = [
    # plain hiragana
    ("うみ", "うみ", "う", "み"),
    ("りんご", "りんご", "り", "ご"),
    ("ごま", "ごま", "ご", "ま"),
    ("まくら", "まくら", "ま", "ら"),
    ("らっぱ", "らっぱ", "ら", "ぱ"),
    ("だるま", "だるま", "だ", "ま"),
    ("めだか", "めだか", "め", "か"),
    ("かみ", "かみ", "か", "み"),
    ("みかさ", "みかさ", "み", "さ"),
    ("みかど", "みかど", "み", "ど"),
    ("みずうみ", "みずうみ", "み", "み"),
    ("すいか", "すいか", "す", "か"),
    ("きつね", "きつね", "き", "ね"),
    ("ねこ", "ねこ", "ね", "こ"),
    ("はっぱ", "はっぱ", "は", "ぱ"),
    ("こっぷ", "こっぷ", "こ", "ぷ"),
    # small ゃゅょ join the kana before them
    ("きょうりゅう", "きょうりゅう", "きょ", "う"),
    ("しゃしん", "しゃしん", "しゃ", "ん"),
    ("ちょうちょ", "ちょうちょ", "ちょ", "ちょ"),
    ("いしゃ", "いしゃ", "い", "しゃ"),
    ("きゅうり", "きゅうり", "きゅ", "り"),
    ("じゃんけん", "じゃんけん", "じゃ", "ん"),
    ("ひゃく", "ひゃく", "ひゃ", "く"),
    ("でんしゃ", "でんしゃ", "で", "しゃ"),
    ("きんぎょ", "きんぎょ", "き", "ぎょ"),
    ("ファイル", "ふぁいる", "ふぁ", "る"),
    # final ー is skipped; ー elsewhere is a mora
    ("ルビー", "るびー", "る", "び"),
    ("アイスクリーム", "あいすくりーむ", "あ", "む"),
    ("ルール", "るーる", "る", "る"),
    ("コーヒー", "こーひー", "こ", "ひ"),
    ("スキー", "すきー", "す", "き"),
    ("タクシー", "たくしー", "た", "し"),
    ("ボール", "ぼーる", "ぼ", "る"),
    ("ケーキ", "けーき", "け", "き"),
    ("ルーマニア", "るーまにあ", "る", "あ"),
    ("メニュー", "めにゅー", "め", "にゅ"),
    # katakana
    ("リス", "りす", "り", "す"),
    ("カラス", "からす", "か", "す"),
    ("パンダ", "ぱんだ", "ぱ", "だ"),
    ("トマト", "とまと", "と", "と"),
    ("ゴリラ", "ごりら", "ご", "ら"),
    ("ラッパ", "らっぱ", "ら", "ぱ"),
    ("ヴァイオリン", "ゔぁいおりん", "ゔぁ", "ん"),
    # kanji, read with pykakasi
    ("銀河", "ぎんが", "ぎ", "が"),
    ("画家", "がか", "が", "か"),
    ("学校", "がっこう", "が", "う"),
    ("東京", "とうきょう", "と", "う"),
    ("医者", "いしゃ", "い", "しゃ"),
    ("蜜柑", "みかん", "み", "ん"),
    ("眼鏡", "めがね", "め", "ね"),
    ("電車", "でんしゃ", "で", "しゃ"),
    ("金魚", "きんぎょ", "き", "ぎょ"),
    ("写真", "しゃしん", "しゃ", "ん"),
    ("太陽", "たいよう", "た", "う"),
    ("自転車", "じてんしゃ", "じ", "しゃ"),
    ("海", "うみ", "う", "み"),
    ("猫", "ねこ", "ね", "こ"),
    ("犬", "いぬ", "い", "ぬ"),
    ("林檎", "りんご", "り", "ご"),
    # words ending in ん
    ("みかん", "みかん", "み", "ん"),
    ("ミカン", "みかん", "み", "ん"),
    ("メロン", "めろん", "め", "ん"),
    ("ライオン", "らいおん", "ら", "ん"),
    ("きりん", "きりん", "き", "ん"),
    ("パン", "ぱん", "ぱ", "ん"),
    ("かばん", "かばん", "か", "ん"),
    ("みかんご", "みかんご", "み", "ご"),
]


@pytest.mark.parametrize(("word", "kana", "first", "last"), WORDS)
def test_reading_first_and_last_mora(word: str, kana: str, first: str, last: str) -> None:
    assert reading(word) == kana
    assert first_mora(kana) == first
    assert last_mora(kana) == last


def test_the_table_covers_at_least_sixty_words() -> None:
    assert len({word for word, *_ in WORDS}) >= 60


@pytest.mark.parametrize(
    ("word", "expected"),
    [("みかん", True), ("ミカン", True), ("蜜柑", True), ("みかさ", False), ("しゃしん", True),
     ("ヴァイオリン", True), ("みかんご", False), ("ルビー", False)],
)  # fmt: skip
def test_ends_in_n(word: str, expected: bool) -> None:
    assert ends_in_n(reading(word)) is expected


def test_small_kana_join_the_kana_before_them() -> None:
    assert morae("きょうりゅう") == ["きょ", "う", "りゅ", "う"]


def test_sokuon_and_long_vowel_are_morae_of_their_own() -> None:
    assert morae("らっぱ") == ["ら", "っ", "ぱ"]
    assert morae("るーる") == ["る", "ー", "る"]


def test_katakana_and_hiragana_compare_equal() -> None:
    assert to_hiragana("リス") == "りす"
    assert same_mora("リ", "り")
    assert same_mora("キョ", "きょ")


def test_voiced_and_unvoiced_differ_by_default() -> None:
    assert not same_mora("ご", "こ")
    assert not same_mora("ば", "ぱ")
    assert same_mora("ご", "こ", MoraRules(voicing_matters=False))
    assert same_mora("ぱ", "は", MoraRules(voicing_matters=False))


def test_final_long_vowel_as_its_vowel_when_set() -> None:
    vowel = MoraRules(final_long_vowel="vowel")
    assert last_mora("るびー", vowel) == "い"
    assert last_mora("こーひー", vowel) == "い"
    assert last_mora("ぼーる", vowel) == "る"
    assert last_mora("めにゅー", vowel) == "う"


def test_final_small_kana_enlarged_when_set() -> None:
    enlarge = MoraRules(final_small_kana="enlarge")
    assert last_mora("いしゃ", enlarge) == "や"
    assert last_mora("きんぎょ", enlarge) == "よ"
    assert last_mora("きょうりゅう", enlarge) == "う"


def test_empty_and_long_vowel_only_readings_have_no_mora() -> None:
    assert first_mora("") is None
    assert last_mora("") is None
    assert last_mora("ー") is None


def test_a_final_long_vowel_or_small_kana_may_be_continued_under_either_reading() -> None:
    assert follows("るびー", "び", "い") and follows("るびー", "び", "び")
    assert follows("いしゃ", "しゃ", "や") and follows("いしゃ", "しゃ", "しゃ")
    strict = MoraRules(either_final_reading=False)
    assert not follows("るびー", "び", "い", strict) and not follows("いしゃ", "しゃ", "や", strict)
    assert not follows("りんご", "ご", "こ") and not follows(None, "び", "い")
