"""The shapes of real shiritori chats: every turn's played word and every suggestion, exactly.

The fixtures in tests/data/analysis/shapes/ are invented wording with the structure of the
researcher's published logs: talk after a loss, a loss taken back, a confidence collapse, remarks
before a move, hand-overs, a repeat in katakana with a bracketed remark, a restart, a one-mora word,
contracted sounds. A restart accepted (`やる！今度は私から`), the loser playing on (`まだ続ける`), going on from ん,
the opponent's word restated in bold and the move handed back, a plain-text chain recap. A false
alarm fails these tests as surely as a miss.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kiroku.analysis.suggest import analyse
from kiroku.importers import markdown_chat
from testkit import DATA, raw_input

SHAPES = DATA / "analysis" / "shapes"

# (anchor, the words played with the move first, the suggestions) for every turn of each fixture.
EXPECTED: dict[str, list[tuple[str, str, str]]] = {
    "chatgpt-remarks-and-moves.md": [
        ("s1-t1", "うた", ""),
        ("s1-t2", "たまご", ""),
        ("s1-t3", "ごりら", ""),
        ("s1-t4", "", "turn-initiation-failure"),
        ("s1-t5", "", ""),
        ("s1-t6", "らっぱ", ""),
        ("s1-t7", "パンツ", ""),
        ("s1-t8", "つくえ", ""),
        ("s1-t9", "えだまめ", ""),
        ("s1-t10", "めがね", ""),
        ("s1-t11", "ねずみ", ""),
        ("s1-t12", "みかん", "ends-in-n rule-representation-failure"),
        ("s1-t13", "", ""),
        ("s1-t14", "ミルク", ""),
        ("s1-t15", "くるま", ""),
    ],
    "chatgpt-lists-quotes-and-recaps.md": [
        ("s1-t1", "ごりら", ""),
        ("s1-t2", "ラッパ", ""),
        ("s1-t3", "ぱせり", ""),
        ("s1-t4", "りす", ""),
        ("s1-t5", "すずめ", ""),
        ("s1-t6", "めだか", ""),
        ("s1-t7", "かき", ""),
        ("s1-t8", "キツネ", ""),
        ("s1-t9", "ねこ", ""),
        ("s1-t10", "コアラ", ""),
        ("s1-t11", "らいおん", "ends-in-n"),
        ("s1-t12", "", ""),
    ],
    "claude-mikan-again-and-again.md": [
        ("s1-t1", "くるみ", ""),
        ("s1-t2", "みかん", "ends-in-n generation-verification-gap"),
        ("s1-t3", "すずみ", ""),
        ("s1-t4", "みかん", "ends-in-n generation-verification-gap"),
        ("s1-t5", "かみ", ""),
        ("s1-t6", "みかん", "ends-in-n rule-representation-failure"),
        ("s1-t7", "", ""),
        ("s1-t8", "", ""),
        ("s1-t9", "", ""),
        ("s1-t10", "", ""),
        ("s1-t11", "うみ", ""),
        ("s1-t12", "みみず", ""),
    ],
    "chatgpt-loser-plays-on.md": [
        ("s1-t1", "", ""),
        ("s1-t2", "りんご", ""),
        ("s1-t3", "ゴール", ""),
        ("s1-t4", "ルビー", ""),
        ("s1-t5", "びーだま", ""),
        ("s1-t6", "まくら", ""),
        ("s1-t7", "ライオン", "ends-in-n"),
        ("s1-t8", "", ""),
        ("s1-t9", "らいちょう", ""),
        ("s1-t10", "うさぎ", ""),
        ("s1-t11", "ぎんこう", ""),
        ("s1-t12", "うどん", "ends-in-n generation-verification-gap"),
        ("s1-t13", "", ""),
    ],
    "claude-plain-text-with-recap.md": [
        ("s1-t1", "りんご", ""),
        ("s1-t2", "ごりら", ""),
        ("s1-t3", "らっぱ", ""),
        ("s1-t4", "パンダ", ""),
        ("s1-t5", "だるま", ""),
        ("s1-t6", "まど", ""),
        ("s1-t7", "どうぶつえん", "ends-in-n"),
        ("s1-t8", "", ""),
        ("s1-t9", "", ""),
        ("s1-t10", "", ""),
        ("s1-t11", "", ""),
        ("s1-t12", "かさ", ""),
        ("s1-t13", "さかな", ""),
        ("s1-t14", "なみ", ""),
        ("s1-t15", "みかん", "ends-in-n generation-verification-gap"),
    ],
    "claude-restart-accepted.md": [
        ("s1-t1", "", ""),
        ("s1-t2", "しりとり", ""),
        ("s1-t3", "りんご", ""),
        ("s1-t4", "ゴリラ", ""),
        ("s1-t5", "らっぱ", ""),
        ("s1-t6", "パイナップル", ""),
        ("s1-t7", "るすばん", "ends-in-n"),
        ("s1-t8", "", ""),
        ("s1-t9", "すいか", ""),
        ("s1-t10", "カスタネット", ""),
        ("s1-t11", "とけい", ""),
        ("s1-t12", "いちご", ""),
        ("s1-t13", "ごはん", "ends-in-n"),
        ("s1-t14", "", ""),
        ("s1-t15", "", ""),
    ],
    "gemini-going-on-from-n.md": [
        ("s1-t1", "", ""),
        ("s1-t2", "リス", ""),
        ("s1-t3", "すし", ""),
        ("s1-t4", "しまうま", ""),
        ("s1-t5", "まど", ""),
        ("s1-t6", "ドーナツ", ""),
        ("s1-t7", "つみき", ""),
        ("s1-t8", "キリン", "ends-in-n generation-verification-gap"),
        ("s1-t9", "", ""),
        ("s1-t10", "ンジャメナ", ""),
        ("s1-t11", "なす", ""),
        ("s1-t12", "スイカ", ""),
    ],
    "grok-restated-word-handed-back.md": [
        ("s1-t1", "", ""),
        ("s1-t2", "ねこ", ""),
        ("s1-t3", "こあら", ""),
        ("s1-t4", "らくだ", ""),
        ("s1-t5", "だちょう", ""),
        ("s1-t6", "うま", ""),
        ("s1-t7", "まめ", ""),
        ("s1-t8", "", "turn-initiation-failure"),
        ("s1-t9", "", ""),
        ("s1-t10", "めだか", ""),
        ("s1-t11", "かばん", "ends-in-n"),
        ("s1-t12", "", ""),
        ("s1-t13", "", ""),
        ("s1-t14", "", ""),
        ("s1-t15", "とまと", ""),
        ("s1-t16", "とけい", ""),
    ],
    "claude-after-the-loss.md": [
        ("s1-t1", "しりとり", ""),
        ("s1-t2", "りす", ""),
        ("s1-t3", "すいか", ""),
        ("s1-t4", "かめ", ""),
        ("s1-t5", "め", ""),
        ("s1-t6", "めだか", ""),
        ("s1-t7", "かち", ""),
        ("s1-t8", "ちょうちょ", ""),
        ("s1-t9", "ちょきんばこ", ""),
        ("s1-t10", "こうばん", "ends-in-n generation-verification-gap"),
        ("s1-t11", "", ""),
        ("s1-t12", "", ""),
        ("s1-t13", "", ""),
        ("s1-t14", "", ""),
        ("s1-t15", "ごりら", ""),
        ("s1-t16", "らっこ", ""),
        ("s1-t17", "こま", ""),
        ("s1-t18", "まくら", ""),
        ("s1-t19", "ラッコ", "word-repeated"),
        ("s1-t20", "", ""),
    ],
    "claude-repeat-in-brackets.md": [
        ("s1-t1", "らっこ", ""),
        ("s1-t2", "こま", ""),
        ("s1-t3", "まつり", ""),
        ("s1-t4", "りす", ""),
        ("s1-t5", "すずめ", ""),
        ("s1-t6", "めだか", ""),
        ("s1-t7", "かみなり", ""),
        ("s1-t8", "りす", "word-repeated"),
        ("s1-t9", "", ""),
        ("s1-t10", "すいか", ""),
        ("s1-t11", "からす", ""),
        ("s1-t12", "すもも", ""),
        ("s1-t13", "もぐら", ""),
        ("s1-t14", "ラッコ", "word-repeated"),
        ("s1-t15", "こけし", ""),
        ("s1-t16", "しんぶん", "ends-in-n"),
        ("s1-t17", "", ""),
        ("s1-t18", "", ""),
        ("s1-t19", "さくら", ""),
        ("s1-t20", "らくだ", ""),
        ("s1-t21", "だるま", ""),
        ("s1-t22", "まめ", ""),
        ("s1-t23", "めだか", ""),
        ("s1-t24", "かめ", ""),
        ("s1-t25", "めがね", ""),
        ("s1-t26", "ねこ", ""),
        ("s1-t27", "こども", ""),
        ("s1-t28", "たぬき", "chain-broken"),
        ("s1-t29", "", ""),
    ],
    "grok-one-more-time.md": [  # `もう一回！` asks for a game: never a word played
        ("s1-t1", "すいか", ""),
        ("s1-t2", "カメラ", ""),
        ("s1-t3", "らくだ", ""),
        ("s1-t4", "ダンス", ""),
        ("s1-t5", "すもう", ""),
        ("s1-t6", "うどん", "ends-in-n generation-verification-gap"),
        ("s1-t7", "ごりら", ""),
        ("s1-t8", "ラッコ", ""),
        ("s1-t9", "こま", ""),
        ("s1-t10", "まくら", ""),
        ("s1-t11", "ラーメン", "ends-in-n"),
        ("s1-t12", "", ""),
        ("s1-t13", "りんご", ""),
        ("s1-t14", "ゴマ", ""),
    ],
    "gemini-rematch-after-remarks.md": [  # after a restart marker the bold word is the move
        ("s1-t1", "りんご", ""),
        ("s1-t2", "ゴリラ", ""),
        ("s1-t3", "らいおん", "ends-in-n"),
        ("s1-t4", "", ""),
        ("s1-t5", "", ""),
        ("s1-t6", "ねこ", ""),
        ("s1-t7", "こあら", ""),
        ("s1-t8", "ラズベリー", ""),
        ("s1-t9", "りす", ""),
        ("s1-t10", "すずめ", ""),
    ],
    "gemini-loss-taken-back.md": [
        ("s1-t1", "ねこ", ""),
        ("s1-t2", "こま", ""),
        ("s1-t3", "", ""),
        ("s1-t4", "", ""),
        ("s1-t5", "", ""),
        ("s1-t6", "", ""),
        ("s1-t7", "こいのぼり", ""),
        ("s1-t8", "りんごあめ", ""),
        ("s1-t9", "メロン", "ends-in-n rule-representation-failure"),
        ("s1-t10", "", ""),
        ("s1-t11", "りんご", "chain-broken"),
        ("s2-t1", "", ""),
        ("s2-t2", "", "turn-initiation-failure"),
        ("s2-t3", "", ""),
        ("s2-t4", "ごま", ""),
        ("s2-t5", "まど", ""),
        ("s2-t6", "", "turn-initiation-failure"),
        ("s2-t7", "", ""),
        ("s2-t8", "どんぐり", ""),
        ("s2-t9", "りゅう", ""),
        ("s2-t10", "うし", ""),
    ],
    "grok-chain-break-called-out-and-retried.md": [
        ("s1-t1", "りんご", ""),
        ("s1-t2", "ゴリラ", ""),
        ("s1-t3", "らっぱ", ""),
        ("s1-t4", "パンツ", ""),
        ("s1-t5", "つくえ", ""),
        ("s1-t6", "きつね", "chain-broken"),
        ("s1-t7", "", ""),
        ("s1-t8", "えのぐ", ""),
        ("s1-t9", "ぐんて", ""),
        ("s1-t10", "テレビ", ""),
    ],
    "grok-confidence-collapse.md": [
        ("s1-t1", "りんご", ""),
        ("s1-t2", "ごま", ""),
        ("s1-t3", "まつり", ""),
        ("s1-t4", "りす", ""),
        ("s1-t5", "すいみん", "ends-in-n"),
        ("s1-t6", "", ""),
        ("s1-t7", "", ""),
        ("s1-t8", "", "confidence-collapse"),
        ("s1-t9", "しりとり", ""),
        ("s1-t10", "りんご", ""),
        ("s1-t11", "ごはん", "ends-in-n"),
        ("s1-t12", "", ""),
    ],
}


def read(name: str) -> list[tuple[str, str, str]]:
    [doc] = markdown_chat.parse(raw_input(SHAPES / name))
    return [
        (a.reading.anchor, " ".join(w.surface for w in a.reading.words),
         " ".join(f.rule for f in a.findings))
        for a in analyse(doc)
    ]  # fmt: skip


def test_every_shape_fixture_has_its_expectations() -> None:
    assert sorted(p.name for p in SHAPES.glob("*.md")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_turn_plays_and_is_judged_as_a_person_would(name: str) -> None:
    assert read(name) == EXPECTED[name]


def test_the_shapes_hold_every_kind_of_event() -> None:
    found = {rule for turns in EXPECTED.values() for _, _, rules in turns for rule in rules.split()}
    assert found == {
        "ends-in-n", "chain-broken", "word-repeated", "turn-initiation-failure", "generation-verification-gap",
        "rule-representation-failure", "confidence-collapse",
    }  # fmt: skip


def test_talk_after_a_loss_plays_no_word(tmp_path: Path) -> None:
    turns = dict((anchor, words) for anchor, words, _ in read("claude-after-the-loss.md"))
    assert [turns[f"s1-t{i}"] for i in range(11, 15)] == ["", "", "", ""]
    assert turns["s1-t15"] == "ごりら"


def test_a_broken_chain_played_on_is_no_retry(tmp_path: Path) -> None:
    """The other side accepts the broken chain and plays on from it: the game goes on from there."""
    log = tmp_path / "grok-played-on.md"
    log.write_text(
        "# Grok しりとり\n\n**Me:** りんご\n\n**Grok:** **ゴリラ**\n\n**Me:** らっぱ\n\n"
        "**Grok:** **きつね** 次は「ね」！\n\n**Me:** ねずみ\n\n**Grok:** **みみず**\n",
        encoding="utf-8",
    )
    [doc] = markdown_chat.parse(raw_input(log))
    found = [(a.reading.anchor, " ".join(f.rule for f in a.findings)) for a in analyse(doc)]
    assert found == [
        ("s1-t1", ""), ("s1-t2", ""), ("s1-t3", ""), ("s1-t4", "chain-broken"), ("s1-t5", ""),
        ("s1-t6", ""),
    ]  # fmt: skip
