"""Words, sentences, paragraphs and emoji of a chat turn's text, with their places in the text.

Japanese is cut into words by MeCab (fugashi with IPAdic); a run without Japanese is cut at
whitespace, as a reader of English counts words. Every piece keeps its offsets into the text,
so the site and the terminal app can mark exactly what was found.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
_PIECE = re.compile(r"[^\s\x00-\x1f\x7f]+")
"""Runs between whitespace and control characters (MeCab reads C strings: a NUL ends them)."""

_NUMERIC = re.compile(r"[\d.,]+")
_CONTENT_POS = frozenset(["名詞", "動詞", "形容詞", "副詞", "連体詞", "感動詞"])
_NOT_CONTENT_DETAIL = frozenset(["非自立", "接尾", "代名詞", "数"])

_FUNCTION_WORD_LIST = """a an the and or but if then so as of to in on at by for with from into onto about over
    under than that this these those it its it's is are was were be been being am do does did
    done have has had having i me my mine you your yours we us our he him his she her they them
    their there here what which who whom whose when where why how not no nor can could will
    would shall should may might must just also very too more most much many some any all each
    every other such own same both few let let's i'm you're we're they're that's don't can't
    isn't won't up down out off again once only well really"""
ENGLISH_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())
"""Words that carry no content: a phrase made only of them is not worth calling repeated."""


@dataclass(frozen=True)
class Word:
    """One word of a turn: where it stands in the text and the form it is compared by."""

    start: int
    end: int
    norm: str
    """Compared form: NFKC, lower case (`Ｃｏｏｋｅｒ` and `cooker` are one word)."""
    content: bool
    """A content word (noun, verb, adjective...), not a particle, ending or function word."""


@functools.cache
def _tagger() -> Any:
    """One MeCab tagger per process, made on first use."""
    import fugashi
    import ipadic

    return fugashi.GenericTagger(ipadic.MECAB_ARGS)


def _has_letters(text: str) -> bool:
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def words(text: str) -> list[Word]:
    """The words of `text` in order; punctuation, symbols and emoji are not words."""
    found: list[Word] = []
    for piece in _PIECE.finditer(text):
        if _JAPANESE.search(piece.group()):
            found.extend(_japanese_words(piece.group(), piece.start()))
        else:
            found.extend(_spaced_words(piece.group(), piece.start()))
    return found


def _spaced_words(piece: str, offset: int) -> list[Word]:
    start, end = 0, len(piece)
    while start < end and unicodedata.category(piece[start])[0] not in "LN":
        start += 1
    while end > start and unicodedata.category(piece[end - 1])[0] not in "LN":
        end -= 1
    if start == end:
        return []
    norm = unicodedata.normalize("NFKC", piece[start:end]).lower()
    content = norm not in ENGLISH_FUNCTION_WORDS and not _NUMERIC.fullmatch(norm)
    return [Word(offset + start, offset + end, norm, content)]


def _japanese_words(piece: str, offset: int) -> list[Word]:
    found: list[Word] = []
    position = 0
    number_end = -1
    """Where the last number word ends while only separators follow it (29,800 is one word)."""
    for node in _tagger()(piece):
        surface = node.surface
        at = piece.find(surface, position)
        if at < 0:
            continue
        position = at + len(surface)
        feature = node.feature
        pos, detail = feature[0], feature[1]
        if pos == "名詞" and detail == "数":
            if number_end >= 0 and piece[number_end:at] in ("", ",", "，", ".", "．"):
                last = found.pop()
                found.append(
                    Word(
                        last.start,
                        offset + position,
                        _norm(piece[last.start - offset : position]),
                        False,
                    )
                )
            else:
                found.append(Word(offset + at, offset + position, _norm(surface), False))
            number_end = position
            continue
        if surface not in (",", "，", ".", "．"):
            number_end = -1
        if pos == "記号" or not _has_letters(surface):
            continue
        content = pos in _CONTENT_POS and detail not in _NOT_CONTENT_DETAIL
        if pos == "名詞" and detail == "一般" and not _JAPANESE.search(surface):
            content = _norm(surface) not in ENGLISH_FUNCTION_WORDS
        found.append(Word(offset + at, offset + position, _norm(surface), content))
    return found


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


# ── Sentences and paragraphs ──────────────────────────────────────────────────────────────────

_TERMINATOR = "。！？!?…"
_CLOSERS = "」』）)]】\"'”’"
_OPENERS = '「『（(【["“‘'
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """Sentences: ended by 。！？!? (and a full stop before a space), or by the end of a line.

    A piece holding no word (a lone emoji, `---`) belongs to the sentence before it, so
    `ぜひ！🛒` is one sentence and so is `Buy now! 🎉`.
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        spans.extend(_line_sentences(text, line.start(), line.end()))
    merged: list[list[int]] = []
    pending_start: int | None = None
    for start, end in spans:
        if _has_letters(text[start:end]):
            if pending_start is not None and not merged:
                start, pending_start = pending_start, None
            merged.append([start, end])
        elif merged and text.count("\n", merged[-1][1], start) == 0:
            merged[-1][1] = end
        elif pending_start is None and not merged:
            pending_start = start
    return [Sentence(*_trimmed(text, start, end)) for start, end in merged]


def _line_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    begin = start
    i = start
    while i < end:
        c = text[i]
        ends = c in _TERMINATOR or (
            c == "."
            and (i + 1 == end or text[i + 1] in " \t")
            and i > start
            and not text[i - 1].isdigit()
        )
        if ends:
            j = i + 1
            while j < end and (text[j] in _TERMINATOR or text[j] in _CLOSERS or text[j] == "."):
                j += 1
            k = j  # the emoji and symbols after it, up to the next word, end it too: ！🛒✨
            while k < end and not _has_letters(text[k]) and text[k] not in _OPENERS:
                k += 1
                if not text[k - 1].isspace():
                    j = k
            found.append((begin, j))
            begin = i = j
            continue
        i += 1
    if begin < end:
        found.append((begin, end))
    return [(s, e) for s, e in (_trimmed(text, s, e) for s, e in found) if s < e]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> int:
    """Blocks of text between blank lines (a list without blank lines in it is one)."""
    return sum(1 for block in re.split(r"\n[ \t\u3000]*\n", text) if block.strip())


# ── Emoji ─────────────────────────────────────────────────────────────────────────────────────

_VS16 = "\ufe0f"
_ZWJ = "\u200d"
_KEYCAP = "\u20e3"
_EMOJI_PRESENTATION_BMP = frozenset(
    "⌚⌛⏩⏪⏫⏬⏰⏳◽◾☔☕♈♉♊♋♌♍♎♏♐♑♒♓♿⚓⚡⚪⚫⚽⚾⛄⛅⛎⛔⛪⛲⛳⛵⛺⛽✅✊✋✨❌❎❓❔❕❗➕➖➗➰➿⬛⬜⭐⭕"
)


def _pictographic(c: str) -> bool:
    """Shown as an emoji on its own (not only when a variation selector asks for it)."""
    code = ord(c)
    if 0x1F1E6 <= code <= 0x1F1FF:
        return True  # regional indicators: a pair is a flag
    if 0x1F300 <= code <= 0x1FAFF or code in (0x1F004, 0x1F0CF):
        return not (0x1F3FB <= code <= 0x1F3FF)  # skin tones modify the emoji before them
    if 0x1F170 <= code <= 0x1F251:
        return code in (0x1F18E,) or 0x1F191 <= code <= 0x1F19A or code in (0x1F201, 0x1F21A)
    return c in _EMOJI_PRESENTATION_BMP


def _emoji_capable(c: str) -> bool:
    code = ord(c)
    return (
        _pictographic(c)
        or 0x2600 <= code <= 0x27BF
        or 0x2190 <= code <= 0x21FF
        or 0x2300 <= code <= 0x23FF
        or 0x2B00 <= code <= 0x2BFF
        or c in "©®‼⁉™ℹ〰〽㊗㊙"
        or c in "#*0123456789"
    )


@dataclass(frozen=True)
class Emoji:
    start: int
    end: int


def emoji(text: str) -> list[Emoji]:
    """Each emoji as a person sees it: 👍🏽, 👨‍👩‍👧, 🇯🇵 and 1️⃣ count once; ❤ without U+FE0F
    and ★ are symbols of the text, not emoji."""
    found: list[Emoji] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        following = text[i + 1] if i + 1 < n else ""
        starts = _pictographic(c) and not c.isdigit()
        starts = starts or (_emoji_capable(c) and following in (_VS16, _KEYCAP))
        if not starts:
            i += 1
            continue
        j = i + 1
        if 0x1F1E6 <= ord(c) <= 0x1F1FF and j < n and 0x1F1E6 <= ord(text[j]) <= 0x1F1FF:
            j += 1
        while j < n:
            d = text[j]
            if (
                d in (_VS16, _KEYCAP)
                or 0x1F3FB <= ord(d) <= 0x1F3FF
                or 0xE0020 <= ord(d) <= 0xE007F
            ):
                j += 1
            elif d == _ZWJ and j + 1 < n and _emoji_capable(text[j + 1]):
                j += 2
            else:
                break
        found.append(Emoji(i, j))
        i = j
    return found
