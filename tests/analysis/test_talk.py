"""What a turn says about the game: losses declared, restarts, take-backs, hand-overs, doubt."""

from __future__ import annotations

import pytest
from kiroku.analysis import talk
from kiroku.analysis.played_word import played_words


@pytest.mark.parametrize(
    "text",
    ["私の負けです！", "あ、負けちゃった…", "ゲームオーバー！", "自爆しました😇", "Wait, that ends in 'ん' which means I lose.",
     "ルール上は私の負けですね。", "本当だ…同じ言葉はダメなので、私の負けです😢"],
)  # fmt: skip
def test_a_declared_loss(text: str) -> None:
    assert talk.declares_loss(text)


@pytest.mark.parametrize(
    "text",
    ["「ん」で終わったら負けです", "「ん」がついたら負けね。私から、「しりとり」", "んで終わると負けだよ",
     "負けないぞ！", "勝ち負けより楽しもう"],
)  # fmt: skip
def test_a_rule_or_a_boast_declares_no_loss(text: str) -> None:
    assert not talk.declares_loss(text)


def test_restarts_and_offers() -> None:
    assert talk.restarts("うん！もう1回！じゃあ私から、「ごりら」")
    assert talk.restarts("リベンジ！") and talk.restarts("じゃあいきます！しりとり")
    assert talk.offers_only("もう一度やりますか？") and not talk.offers_only("もう1回！")
    assert talk.after_restart("もう1回！じゃあ私から、「ごりら」").endswith(
        "じゃあ私から、「ごりら」"
    )
    assert not talk.restarts("わざとですか？")


def test_a_loss_taken_back() -> None:
    assert talk.takes_back("あ、ごめん！まだ言ってないからセーフ！ねこのこから！")
    assert talk.takes_back("今のはノーカンで！")
    assert not talk.takes_back("ほんとに？😯")


@pytest.mark.parametrize(
    ("text", "mora"),
    [("「て」からどうぞ！", "て"), ("Geminiさんが「ご」からお願いします！", "ご"), ("すからどうぞ！", "す"),
     ("すからどうぞ！じゃなくて、「ご」からどうぞ！", "ご"), ("ねこ", None), ("次は何にしよう", None)],
)  # fmt: skip
def test_the_mora_handed_over(text: str, mora: str | None) -> None:
    assert talk.handed_mora(text) == mora


@pytest.mark.parametrize(
    "text",
    ["「て」からどうぞ！", "Geminiさんが「ご」からお願いします！", "すからどうぞ！", "ねこのこから！",
     "わざとですか？", "いえいえ、本当にうっかりです！", "ほんとに？😯", "いやいや",
     "えっ、待って…「すいみん」って「ん」で終わってない？", "もう1回やろう！"],
)  # fmt: skip
def test_talk_and_hand_overs_play_no_word(text: str) -> None:
    assert played_words(text) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [("いいですよ！じゃあ、たまご！", ["たまご"]), ("同じ言葉はダメなんですよ！w すずめ", ["すずめ"]),
     ("ラッコ🦦（またラッコだ！笑）次は「こ」からどうぞ！", ["ラッコ"]), ("め", ["め"]),
     ("画家（がか）", ["画家"]), ("たから", ["たから"]), ("ちから！", ["ちから"])],
)  # fmt: skip
def test_the_move_among_remarks(text: str, words: list[str]) -> None:
    assert [w.surface for w in played_words(text)] == words


def test_the_ends_in_n_behaviours_tell_acknowledged_from_carried_on() -> None:
    assert talk.acknowledges_n("あっ、「ん」で終わってしまいました！")
    assert talk.acknowledges_n("Wait, that ends in 'ん'.")
    assert not talk.acknowledges_n("(「ん」で終わらないように気をつけますね！どうぞ！)")
    assert not talk.acknowledges_n("どうぞ！（「ん」で終わってはダメですよ！）")
    assert talk.carries_on_from_n("次は「ん」から始まる言葉をどうぞ！")
    assert talk.carries_on_from_n("どうぞ！")


def test_pushback_and_doubt() -> None:
    assert talk.is_pushback("いやいや") and talk.is_pushback("ほんとに？😯")
    assert not talk.is_pushback("いやいや、あなたの番だよ！")
    assert talk.doubts("えっ、待って…「すいみん」って「ん」で終わってない？")
    assert not talk.doubts("いえいえ、本当にうっかりです！")


def test_this_time_from_me_starts_a_new_game() -> None:
    assert talk.restarts("やる！今度は私から。すいか")
    assert talk.restarts("よし、じゃあ今度は君から！") and talk.restarts("今度はGeminiさんから")
    assert [w.surface for w in played_words(talk.after_restart("やる！今度は私から。すいか"))] == [
        "すいか"
    ]
    assert not talk.restarts("次は「か」からどうぞ")


def test_playing_on_after_a_loss_and_going_on_from_n() -> None:
    assert talk.takes_back("やだ、まだ続ける。らいちょう")
    assert talk.takes_back("え、負けじゃないよ。キリンの「ん」から続けて！")
    assert talk.goes_on_from_n("え、負けじゃないよ。キリンの「ん」から続けて！")
    assert not talk.goes_on_from_n("あ、ごめん！まだ言ってないからセーフ！ねこのこから！")


@pytest.mark.parametrize(
    "text", ["3回目！「かみ」", "2回戦いこう", "第2ゲーム！", "ラウンド2", "Round 3!"]
)
def test_a_numbered_game_starts_a_new_game(text: str) -> None:
    assert talk.restarts(text)
