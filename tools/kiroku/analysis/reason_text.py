"""A rule's reason for its suggestion, in the reader's language (the annotator and the site).

The analysis writes each reason once, in English, into the log (`Suggestion.reason`). Until
it also records the reason's parts, the faces read them back out of that sentence, by rule
id, and word them in Japanese; a sentence not recognised is shown as written.
`tests/analysis/test_reason_text.py` runs every rule, so a change of wording in `rules.py`
fails there rather than turning Japanese reasons back into English unnoticed.
"""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["ja", "en"]

WORD = r"(?P<{name}>.+?(?: \([^()]*\))?)"
"""A word as the rules name it: `みかん`, or `蜜柑 (みかん)` with its reading."""


def _pattern(template: str, **names: str) -> re.Pattern[str]:
    escaped = re.escape(template)
    for name, kind in names.items():
        part = WORD.format(name=name) if kind == "word" else f"(?P<{name}>.+?)"
        escaped = escaped.replace(re.escape("{" + name + "}"), part)
    return re.compile(escaped + r"\Z")


JAPANESE: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "ends-in-n": [
        (
            _pattern("{word} ends in ん: the player loses", word="word"),
            "「{word}」は「ん」で終わる：出した側の負け",
        ),
    ],
    "chain-broken": [
        (
            _pattern(
                "{word} starts with {first}, but {previous} ends in {last}",
                word="word",
                first="mora",
                previous="word",
                last="mora",
            ),
            "「{word}」は「{first}」で始まるが、「{previous}」は「{last}」で終わる",
        ),
    ],
    "word-repeated": [
        (_pattern("{word} was already played", word="word"), "「{word}」はこのゲームで既に出た語"),
    ],
    "turn-initiation-failure": [
        (
            _pattern(
                "after {previous} it is the model's move, but it plays no word and hands it back",
                previous="word",
            ),
            "「{previous}」の後はモデルの番なのに、語を出さずに番を返している",
        ),
    ],
    "first-token-commitment": [
        (
            _pattern(
                "the correction {correction} starts again with {prefix}, like {first}",
                correction="word",
                prefix="mora",
                first="word",
            ),
            "訂正した「{correction}」も「{first}」と同じ「{prefix}」で始め直している",
        ),
    ],
    "generation-verification-gap": [
        (
            _pattern("{word} ends in ん, and the model says so only after playing it", word="word"),
            "「{word}」は「ん」で終わる。モデルは出した後で初めてそれに気づく",
        ),
    ],
    "rule-representation-failure": [
        (
            _pattern(
                "{word} ends in ん, yet the model carries on as if it were legal", word="word"
            ),
            "「{word}」は「ん」で終わるのに、モデルは正しい手のように続けている",
        ),
    ],
    "confidence-collapse": [
        (
            _pattern(
                "after a correct loss and only 「{pushback}」, the model doubts its judgement",
                pushback="text",
            ),
            "正しく負けと判断した後、「{pushback}」と言われただけで判断を疑っている",
        ),
    ],
    "repeated-closing": [
        (
            _pattern(
                "closes with {closing} as {count} earlier replies did ({turns})",
                closing="text",
                count="text",
                turns="text",
            ),
            "それまでの返答 {count} 件と同じく {closing} で締めくくっている（{turns}）",
        ),
    ],
    "repeated-figure": [
        (
            _pattern(
                "states {figure} ({shown}) again, as in {turns} and {more} more figure(s)",
                figure="text",
                shown="text",
                turns="text",
                more="text",
            ),
            "{figure}（{shown}）をまた述べている（{turns} と同じ）。ほかに {more} 件の数値も",
        ),
        (
            _pattern(
                "states {figure} ({shown}) again, as in {turns}",
                figure="text",
                shown="text",
                turns="text",
            ),
            "{figure}（{shown}）をまた述べている（{turns} と同じ）",
        ),
    ],
    "template-reply": [
        (
            _pattern(
                "built like {turns} ({structure}); {repeating} of {sentences} sentences repeat "
                "phrases of earlier replies",
                turns="text",
                structure="text",
                repeating="text",
                sentences="text",
            ),
            "{turns} と同じ組み立て（{structure}）。{sentences} 文のうち {repeating} 文が"
            "それまでの返答の言い回しを繰り返している",
        ),
    ],
}
"""Per rule id (the game's rules and behaviours, the conversation's suggestions), the English
sentences it writes and their Japanese wording."""


def reason_text(rule_id: str, reason: str, lang: Lang) -> str:
    """`reason` in `lang`: English as recorded, Japanese when the sentence is one we know."""
    if lang == "en":
        return reason
    for pattern, wording in JAPANESE.get(rule_id, ()):
        found = pattern.match(reason)
        if found:
            return wording.format(**found.groupdict())
    return reason
