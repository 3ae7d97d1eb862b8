"""Morae of a kana reading, and the shiritori conventions for a word's first and last mora.

Conventions (each a named rule with its own test):
- small ゃゅょぁぃぅぇぉゎ join the kana before them (きょうりゅう is きょ・う・りゅ・う, ends in う);
- っ and ー are morae of their own, but a final ー is skipped (ルビー ends in び);
- katakana and hiragana compare equal (リス and りす start with the same mora);
- voiced and unvoiced kana differ (ご is not こ).

Disputed conventions are settings of `MoraRules`; the defaults are `final_long_vowel="skip"`
(ルビー → び; `"vowel"` gives い) and `final_small_kana="join"` (いしゃ → しゃ; `"enlarge"` gives や),
with `voicing_matters=True` (`False` lets が continue か), `contracted_follows_big_kana=True`
(いち → ちょうちょ: a word opening with a contracted sound may follow the big kana of its first part)
and `either_final_reading=True` (a final ー or small kana may be continued under either reading).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

SMALL_KANA = frozenset("ぁぃぅぇぉゃゅょゎゕゖ")
"""Small kana that join the kana before them into one mora (not っ, which is a mora itself)."""

LONG_VOWEL = "ー"
SOKUON = "っ"
N = "ん"

_ENLARGED = dict(zip("ぁぃぅぇぉゃゅょゎゕゖ", "あいうえおやゆよわかけ", strict=True))
_VOWEL_ROWS = {
    "あ": "あかさたなはまやらわがざだばぱぁゃゎゕ",
    "い": "いきしちにひみりゐぎじぢびぴぃ",
    "う": "うくすつぬふむゆるぐずづぶぷぅゅゔ",
    "え": "えけせてねへめれゑげぜでべぺぇゖ",
    "お": "おこそとのほもよろをごぞどぼぽぉょ",
}
VOWEL_OF = {kana: vowel for vowel, row in _VOWEL_ROWS.items() for kana in row}
_VOICED = "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゔ"
_UNVOICED = "かきくけこさしすせそたちつてとはひふへほはひふへほう"
_DEVOICE = str.maketrans(_VOICED, _UNVOICED)


@dataclass(frozen=True)
class MoraRules:
    """The disputed shiritori conventions, so that a study can state which ones it used."""

    final_long_vowel: Literal["skip", "vowel"] = "skip"
    """A final ー: `skip` it (ルビー → び) or read it as the vowel it lengthens (ルビー → い)."""
    final_small_kana: Literal["join", "enlarge"] = "join"
    """A final small-kana mora: keep it whole (いしゃ → しゃ) or continue from its large kana (や)."""
    voicing_matters: bool = True
    """Whether ご and こ are different morae (they are in the usual game)."""
    contracted_follows_big_kana: bool = True
    """Whether a word opening with a contracted sound (ちょ, きゅ, じゃ) may follow a word ending in
    the big kana of its first part (いち → ちょうちょ, ゆき → きゅうしょく, もじ → じゃがいも), as
    players usually allow."""
    either_final_reading: bool = True
    """Whether a word ending in ー or a small kana may also be continued under the other reading of
    that ending (ルビー → いす as well as → びわ; いしゃ → やま as well as → しゃしん), since players
    disagree on them and a move either way is no broken chain; `False` holds to the two settings."""


DEFAULT_RULES = MoraRules()


_KATAKANA_TO_HIRAGANA = {
    code: code - 0x60 for code in [*range(ord("ァ"), ord("ヶ") + 1), 0x30FD, 0x30FE]
}
"""ァ…ヶ and ヽヾ to the hiragana 0x60 before them (ー and the rest are left as they are)."""


def to_hiragana(text: str) -> str:
    """Katakana turned into hiragana, so that リス and りす compare equal; ー and the rest unchanged."""
    return text.translate(_KATAKANA_TO_HIRAGANA)


def morae(reading: str) -> list[str]:
    """The morae of a kana reading, in hiragana: small ゃゅょ join the kana before them."""
    result: list[str] = []
    for char in to_hiragana(reading):
        if char in SMALL_KANA and result and result[-1][-1] not in SMALL_KANA:
            result[-1] += char
        else:
            result.append(char)
    return result


@lru_cache(maxsize=8192)
def first_mora(reading: str) -> str | None:
    """The mora a word starts with, the one the previous word must end in."""
    found = morae(reading)
    return found[0] if found else None


@lru_cache(maxsize=8192)
def last_mora(reading: str, rules: MoraRules = DEFAULT_RULES) -> str | None:
    """The mora the next word must start with, under `rules`."""
    found = morae(reading)
    if rules.final_long_vowel == "skip":
        while found and found[-1] == LONG_VOWEL:
            found.pop()
    elif found and found[-1] == LONG_VOWEL:
        before = next((m for m in reversed(found) if m != LONG_VOWEL), None)
        vowel = VOWEL_OF.get(before[-1]) if before else None
        if vowel is None:
            found = [m for m in found if m != LONG_VOWEL]
        else:
            found[-1] = vowel
    if not found:
        return None
    last = found[-1]
    if rules.final_small_kana == "enlarge" and len(last) > 1 and last[-1] in SMALL_KANA:
        return _ENLARGED[last[-1]]
    return last


def same_mora(a: str, b: str, rules: MoraRules = DEFAULT_RULES) -> bool:
    """Whether two morae are the same in the game (script never matters, voicing by `rules`)."""
    a, b = to_hiragana(a), to_hiragana(b)
    if not rules.voicing_matters:
        a, b = a.translate(_DEVOICE), b.translate(_DEVOICE)
    return a == b


def chains(previous_last: str, first: str, rules: MoraRules = DEFAULT_RULES) -> bool:
    """Whether a word opening with mora `first` may follow a word ending in mora `previous_last`."""
    if same_mora(first, previous_last, rules):
        return True
    return (
        rules.contracted_follows_big_kana
        and len(first) == 2
        and first[1] in SMALL_KANA
        and len(previous_last) == 1
        and same_mora(first[0], previous_last, rules)
    )


@lru_cache(maxsize=16384)
def follows(
    previous_reading: str | None,
    previous_last: str,
    first: str,
    rules: MoraRules = DEFAULT_RULES,
) -> bool:
    """Whether a word opening with `first` may follow a word read `previous_reading` (ending `previous_last`).

    Under `either_final_reading`, the other reading of a final ー or small kana counts too.
    """
    if chains(previous_last, first, rules):
        return True
    if not rules.either_final_reading or not previous_reading:
        return False
    other = replace(
        rules,
        final_long_vowel="vowel" if rules.final_long_vowel == "skip" else "skip",
        final_small_kana="enlarge" if rules.final_small_kana == "join" else "join",
    )
    alternative = last_mora(previous_reading, other)
    return alternative is not None and chains(alternative, first, rules)


def ends_in_n(reading: str, rules: MoraRules = DEFAULT_RULES) -> bool:
    """A word ending in ん loses: no word can continue from it."""
    return last_mora(reading, rules) == N
