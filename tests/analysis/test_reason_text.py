"""Every rule's reason reads in Japanese in the Japanese interface (from the rules themselves)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from kiroku.analysis import behaviours, rules
from kiroku.analysis.conversation_suggest import CONVERSATION_RULES, annotate_conversation
from kiroku.analysis.game import Play, Reading
from kiroku.analysis.reason_text import JAPANESE, reason_text
from kiroku.analysis.rules import Move
from kiroku.importers import markdown_chat
from kiroku.schema import PlayedWord
from testkit import DATA, raw_input


def word(surface: str, reading: str, first: str, last: str) -> PlayedWord:
    return PlayedWord(surface=surface, reading=reading, first_mora=first, last_mora=last)


MIKAN = word("蜜柑", "みかん", "み", "ん")
UMI = word("うみ", "うみ", "う", "み")
RINGO = word("りんご", "りんご", "り", "ご")
MIKASA = word("みかさ", "みかさ", "み", "さ")


def after_n(text: str) -> str:
    """The reason the analysis gives for what the model said after playing 蜜柑."""
    reading = Reading("s1-t2", "model", "move", (MIKAN,))
    (found,) = behaviours.after_words_ending_in_n([reading], [Play("s1-t2", "model", text, ())])
    return found.reason


def findings() -> dict[str, str]:
    """One reason of each rule and behaviour, as `kiroku analyse` writes it into a log."""
    found = [
        rules.check_ends_in_n(Move("s1-t2", "model", (MIKAN,))),
        rules.check_chain_broken(Move("s1-t2", "model", (RINGO,)), UMI),
        rules.check_word_repeated(Move("s1-t3", "user", (UMI,)), {"うみ"}),
        rules.check_turn_initiation(Move("s1-t2", "model"), "えーと", UMI, "user"),
        rules.check_first_token_commitment(Move("s1-t2", "model", (MIKAN, MIKASA))),
        behaviours.confidence_collapse(
            Play("s1-t4", "model", "えっ、待って…もしかして", ()),
            Play("s1-t3", "user", "いやいや", ()),
            after_correct_loss=True,
        ),
    ]
    reasons = {finding.rule: finding.reason for finding in found if finding is not None}
    reasons["generation-verification-gap"] = after_n("蜜柑！あ、「ん」で終わってしまいました")
    reasons["rule-representation-failure"] = after_n("蜜柑！次は「ん」からどうぞ")
    assert set(reasons) == set(rules.RULE_IDS)
    return reasons


def test_every_rule_has_a_japanese_wording() -> None:
    assert set(JAPANESE) == set(rules.RULE_IDS) | set(CONVERSATION_RULES)


def test_every_conversation_suggestion_of_the_purchase_loop_reads_in_japanese() -> None:
    [doc] = markdown_chat.parse(raw_input(DATA / "conversation" / "purchase_loop_ja.md"))
    annotated = annotate_conversation(doc, datetime(2026, 12, 1, tzinfo=UTC))
    reasons = [(s.id, s.reason or "") for t in annotated.units() for s in t.suggestions]
    assert {rule for rule, _ in reasons} == set(CONVERSATION_RULES)
    for rule, reason in reasons:
        worded = reason_text(rule, reason, "ja")
        assert worded != reason and not re.search(r"\b(?:closes|states|built|again)\b", worded)
    closing = next(r for rule, r in reasons if rule == "repeated-closing")
    assert reason_text("repeated-closing", closing, "ja").startswith("それまでの返答 ")


def test_each_rule_reason_is_worded_in_japanese_with_its_words() -> None:
    japanese = {rule: reason_text(rule, reason, "ja") for rule, reason in findings().items()}
    assert japanese == {
        "ends-in-n": "「蜜柑 (みかん)」は「ん」で終わる：出した側の負け",
        "chain-broken": "「りんご」は「り」で始まるが、「うみ」は「み」で終わる",
        "word-repeated": "「うみ」はこのゲームで既に出た語",
        "turn-initiation-failure": "「うみ」の後はモデルの番なのに、語を出さずに番を返している",
        "first-token-commitment": "訂正した「みかさ」も「蜜柑 (みかん)」と同じ「みか」で始め直している",
        "generation-verification-gap": "「蜜柑」は「ん」で終わる。モデルは出した後で初めてそれに気づく",
        "rule-representation-failure": "「蜜柑」は「ん」で終わるのに、モデルは正しい手のように続けている",
        "confidence-collapse": "正しく負けと判断した後、「いやいや」と言われただけで判断を疑っている",
    }


def test_english_stays_as_recorded_and_an_unknown_sentence_is_shown_as_written() -> None:
    reason = "みかん ends in ん: the player loses"
    assert reason_text("ends-in-n", reason, "en") == reason
    assert reason_text("ends-in-n", "a reason written by hand", "ja") == "a reason written by hand"
    assert reason_text("no-such-rule", reason, "ja") == reason
