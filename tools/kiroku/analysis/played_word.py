"""Finding the words a turn or trial plays in a shiritori game, from its exact text.

The played word is the word in bold if there is one (`**みかん** 🍊`), else the first piece of the
text that is a word on its own: at the very start (`みかん`) or after an explanation
(`「りんご」の最後は「ご」ですね。では… ごま！`). Later standalone words are corrections
(`みかん` … `Wait, that ends in 'ん'` … `みかさ`); the first word is what was committed to.
Words in 「」 quote the previous word or the mora asked for, so a piece holding 「」 is explanation;
a remark (`またか🤣`, a bracketed `（またラッコだ！笑）`), a sentence (`私からはじめます`, `いいですよ`),
a hand-over (`すからどうぞ`, `ねこのこから`) or a question (`ほんとに？`) is no word.
Which of several words is the move depends on the game (the one that chains): see `game.py`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from kiroku.analysis.morae import (
    DEFAULT_RULES,
    MoraRules,
    first_mora,
    last_mora,
    morae,
    to_hiragana,
)
from kiroku.analysis.reading import is_kana, reading, romaji
from kiroku.schema import Annotations, PlayedWord, Trial, Turn

JAPANESE = "\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc\u30fd\u30fe\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_CHARS = re.compile(f"^[{JAPANESE}]+$")
_READING = re.compile(rf"^(?P<word>[{JAPANESE}]+?)[（(](?P<alt>[{JAPANESE}]+)[）)]$")
_BOLD = re.compile(r"\*\*(?P<bold>[^*\n]+?)\*\*(?P<after>\s*[（(][^）)\n]*[）)])?")
_SPLIT = re.compile(r"([。．！？!?…\n、，,：:]|\.{2,}|\s+)")
_BEFORE_BRACKET = re.compile(r"[ \t\u3000]+(?=[（(])")
_EDGE_CHARS = "*_#>~〜-–—・→:：\"'`«»|"

_INTERJECTION_LIST = """はい いいえ うん ええ あ あっ あれ あら あらら えっ えー おっ おお おや おっと わあ わっ
    しまった よし よっしゃ では じゃあ じゃ それでは それなら さて さあ まず 次に うーん うーむ
    えーと ええと えっと なるほど またか まじか まじで ほんと ほんとだ やった やったー すごい
    残念 正解 不正解 了解 どうも ありがとう おしまい 終わり 終了 笑 でも いや いやいや ちがう
    違う 惜しい 改めて もう一度 もう一 ごめん ごめんなさい すみません 失礼 訂正 気を取り直して
    そうだ そうか そうですね よろしく どうぞ お願いします ok 本当 ほんとう ほんとに ほんと
    セーフ アウト ドンマイ いえいえ おめでとう よかった あはは えへへ ふふ ふむ へえ へー ほう
    ゲームオーバー 自爆 うまい いいね いいよ ナイス さすが 天才 つよい 強い おもしろい 面白い
    たのしい 楽しい かわいい えらい 上手 じょうず ありがと おっけー オッケー りょうかい わかった
    分かった がんばれ 頑張れ おしい 惜しかった やばい すごいね はいはい やる やります やろう やりたい
    いく いきます いこう する します しよう はじめよう 始めよう くやしい 悔しい うれしい 嬉しい
    まけた 負けた かった 勝った むずかしい 難しい えーっと えっとね うーんと そうだな そうだなあ
    そうだなぁ どうしよう なんだろう むむ むむむ よーし よしよし おっけい ふーん へぇ はーい
    それで なので ここで そこで これで あとで なんで だから それから ところで つまり いまので
    もう一回 もう1回 もう１回 もういっかい もういちど もう1度 もう１度 もう一戦 もういっせん
    再戦 リベンジ 仕切り直し リスタート"""
INTERJECTIONS = frozenset(_INTERJECTION_LIST.split())
"""Remarks and connectives that stand alone like a word but are never a move in the game."""

REMARK_MARKERS = ("あなた", "私", "わたし", "僕", "ぼく", "次は", "番", "負け", "勝ち", "どうぞ")
"""A piece mentioning these talks about the game instead of playing in it."""

SENTENCE_ENDINGS = (
    "です", "ます", "ました", "ません", "ましょう", "でした", "ください", "だよ", "だね", "よね",
    "ですね", "ますね", "ったら", "ってね", "てね", "でしょう", "しよう", "やろう",
    "ますか", "ですか", "ませんか", "でしょうか", "ですよ", "ますよ", "ですって", "だって",
    "だった", "でしたね", "ですけど", "ですが", "だけど", "だから", "ですから", "ましたね",
    "ちゃった", "じゃった", "ちゃう", "ないよ", "ないね", "ないか", "かな", "かなあ", "かなぁ",
)  # fmt: skip
"""Endings of a sentence: a piece ending so explains or asks, it does not play."""

GAME_NAME = "しりとり"
"""`しりとりしよう` talks about the game; only `しりとり` itself can be a move."""

_HANDOVER = re.compile(
    rf"^(?:[{JAPANESE}]+の)?(?P<mora>[{JAPANESE}][ゃゅょャュョぁぃぅぇぉァィゥェォ]?)から"
    r"(?P<tail>どうぞ|お願い.*|おねがい.*|ね|よ|です|だよ|スタート|始めて.*|はじめて.*|いこう|行こう)?$"
)
"""`すからどうぞ`, `ねこのこから`: the next mora handed over, not a word (bare `たから` is a word)."""
_HIRAGANA = re.compile("[\u3041-\u3096]")
_KANJI = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BRACKETED = re.compile(r"[（(](?P<inside>[^（）()\n]*)[）)]")
_ENDS_NOT_A_NOUN = frozenset(["助詞", "助動詞", "副詞", "接続詞", "感動詞"])
_NOT_A_NOUN = _ENDS_NOT_A_NOUN | {"動詞", "形容詞"}

_MENTIONED = re.compile(
    r"(?:は|って|を|が|も|じゃ|では|だと|だったら|とか|なら)(?![\u3041-\u3096])|の(?=[「\u4e00-\u9fff])"
)
"""A bold word followed by a particle is talked about, not played (`**みかん**はダメなので…`)."""

_SKIPPED_CATEGORIES = {"So", "Cs", "Co", "Mn", "Me", "Cf"}
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)


@dataclass(frozen=True)
class Candidate:
    """A word found in a text, before its reading is looked up."""

    surface: str
    found_by: str
    """`bold`, `first-word`, `after-explanation` or `correction`."""
    reading_hint: str | None = None
    """A kana reading the text itself gave in brackets (`画家（がか）`)."""


_PLAIN_TEXT = re.compile(
    "[\t\n\r\x20-\x7e\u3000-\u3002\u300c-\u300f\u3041-\u3096\u30a1-\u30fa\u30fc"
    "\u4e00-\u9fff\uff01-\uff5e]*"
)
"""Text made only of characters `strip_emoji` keeps (ASCII, kana, common kanji and Japanese
punctuation): most text, given back as it is without looking at each character."""


@functools.cache
def _kept(char: str) -> bool:
    return (
        unicodedata.category(char) not in _SKIPPED_CATEGORIES and ord(char) not in _EMOJI_MODIFIERS
    ) or char in "\u3099\u309a"


def strip_emoji(text: str) -> str:
    """Text without emoji, variation selectors and joiners (`りす🐿️` → `りす`)."""
    if _PLAIN_TEXT.fullmatch(text):
        return text
    return "".join(filter(_kept, text))


def _script(char: str) -> str:
    if "\u3041" <= char <= "\u309e":
        return "hiragana"
    if "\u30a1" <= char <= "\u30fe":
        return "katakana"
    return "kanji"


def _script_runs(word: str) -> int:
    runs, previous = 0, ""
    for char in word:
        script = previous if char == "ー" and previous else _script(char)
        if script != previous:
            runs += 1
        previous = script
    return runs


@functools.cache
def _tagger() -> Any:
    """One MeCab tagger per process, made on first use."""
    import fugashi
    import ipadic

    return fugashi.GenericTagger(ipadic.MECAB_ARGS)


@functools.lru_cache(maxsize=4096)
def _inflected(piece: str) -> bool:
    """Whether a piece written with kanji ends as a sentence does (待って, 言った, 本当に).

    Only pieces with kanji are asked: MeCab's dictionary cuts hiragana words apart (すいみん).
    """
    tokens = list(_tagger()(piece.rstrip("笑wｗ")))
    if not tokens:
        return False
    last = tokens[-1].feature
    if last[0] in _ENDS_NOT_A_NOUN:
        return True
    if len(tokens) == 1 and last[0] == "動詞" and last[5] in {"基本形", "連用形"}:
        return False  # a verb's noun form (曇り, 泳ぎ), or a lone verb that may be a word
    return last[0] in {"動詞", "形容詞"}


@functools.lru_cache(maxsize=4096)
def _one_noun(piece: str) -> bool:
    """Whether MeCab reads the whole piece as one noun (`さかな`, not `そうかな`)."""
    tokens = list(_tagger()(piece))
    return len(tokens) == 1 and tokens[0].feature[0] == "名詞"


def is_noun_like(surface: str) -> bool:
    """Whether MeCab reads a word as a noun, not an exclamation (`くやしい！`) or a verb (`やった`).

    Stricter than `is_word`, for the turns where a word must be meant as a move to count: a
    player's word after their own loss resumes the game only when it is one.
    """
    tokens = list(_tagger()(surface))
    return bool(tokens) and tokens[-1].feature[0] not in _NOT_A_NOUN


def is_handover(piece: str) -> bool:
    """Whether a piece only hands the next mora over (`すからどうぞ`, `ねこのこから`)."""
    match = _HANDOVER.match(piece)
    if match is None:
        return False
    return bool(match["tail"]) or "の" in piece[: match.start("mora")]


@functools.lru_cache(maxsize=16384)
def is_word(piece: str) -> bool:
    """Whether a cleaned piece of text can be a move: one short Japanese word, not a remark."""
    if not piece or len(piece) > 12 or not _WORD_CHARS.match(piece):
        return False
    if piece in INTERJECTIONS or to_hiragana(piece[0]) in "ーっゃゅょぁぃぅぇぉゎ":
        return False
    if to_hiragana(piece[0]) == "ん" and (len(piece) < 3 or piece[1] in "ーっッ〜"):
        return False
    if "を" in piece or "です" in piece or any(marker in piece for marker in REMARK_MARKERS):
        return False
    if (piece.endswith(SENTENCE_ENDINGS) and not _one_noun(piece)) or is_handover(piece):
        return False
    if GAME_NAME in piece and piece != GAME_NAME:
        return False
    if _KANJI.search(piece) and _inflected(piece):
        return False
    return _script_runs(piece) <= 3


@functools.lru_cache(maxsize=16384)
def _clean(piece: str) -> str:
    piece = strip_emoji(piece).strip().strip(_EDGE_CHARS).strip()
    if piece[:1] in "（(" and not piece.endswith(("）", ")")):
        piece = piece[1:]
    if piece[-1:] in "）)" and not re.search("[（(]", piece):
        piece = piece[:-1]
    return piece.strip(_EDGE_CHARS).strip()


_OFFERED = re.compile(
    r"^(?:(?:私|僕|俺|わたし|ぼく|おれ|うち)は)?(?P<word>.+?)"
    r"(?:でどう|はどう|にします|にする|にしよう|にしました|でいこう|でいく|でいい|でお願いします"
    r"|です|でした|で)?$"
)
"""A word offered in a phrase a player writes (`ごまで！`, `ごまにします`, `ごまはどう？`, `私はごま`)."""


def _offered_word(piece: str) -> str:
    """The word inside an offering phrase, or the piece itself when it is a word as written."""
    match = _OFFERED.match(piece)
    if piece in INTERJECTIONS or match is None or match["word"] == piece or len(match["word"]) < 2:
        return piece
    word = match["word"]
    if _one_noun(piece) or not is_word(word) or not _common_noun(word):
        return piece
    return word


@functools.lru_cache(maxsize=4096)
def _common_noun(word: str) -> bool:
    """Whether MeCab reads a word as nouns ending in a common or proper one (ごま, 画家), not a
    pronoun, an adverbial noun or an adjectival stem (それ, 最後, だめ)."""
    tokens = list(_tagger()(word))
    return (
        bool(tokens)
        and all(t.feature[0] == "名詞" for t in tokens)
        and tokens[-1].feature[1] in {"一般", "固有名詞"}
    )


@functools.lru_cache(maxsize=16384)
def _candidate(piece: str, found_by: str) -> Candidate | None:
    """The word a piece holds, with a bracketed reading or spelling (`がっこう(学校)`) split off."""
    piece = _offered_word(_clean(piece))
    match = _READING.match(piece)
    if match is not None:
        word, alt = match["word"], match["alt"]
        if not is_word(word):
            return None
        hint = alt if is_kana(alt) and not is_kana(word) else None
        return Candidate(word, found_by, hint)
    return Candidate(piece, found_by) if is_word(piece) else None


def _without_remarks(text: str) -> str:
    """Bracketed remarks (`ラッコ🦦（またラッコだ！笑）`) cut off; a bracketed reading (`画家（がか）`) kept."""

    def keep_reading(match: re.Match[str]) -> str:
        inside = strip_emoji(match["inside"]).strip()
        spelling = (
            inside
            and _WORD_CHARS.match(inside)
            and (is_kana(inside) or not _HIRAGANA.search(inside))
        )
        return match[0] if spelling else "。"

    return _BRACKETED.sub(keep_reading, text)


def _pieces(text: str) -> list[tuple[str, str]]:
    """Pieces of text with the delimiter after each, split at sentence ends, commas and spaces."""
    parts = _SPLIT.split(_BEFORE_BRACKET.sub("", _without_remarks(text)))
    return [(parts[i], parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]


def _bold_candidates(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for match in _BOLD.finditer(text):
        if _MENTIONED.match(text, match.end()):
            continue
        inner = match["bold"] + (match["after"] or "").strip()
        for piece, _ in _pieces(inner):
            candidate = _candidate(piece, "bold" if not found else "correction")
            if candidate is not None:
                found.append(candidate)
                break
    return found


def _plain_candidates(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    asked: list[Candidate] = []
    explained = False
    for piece, delimiter in _pieces(text.replace("**", "").replace("__", "")):
        if not _clean(piece):
            continue
        if delimiter in "、，,：:" and delimiter:
            explained = True
            continue
        if not found:
            candidate = _candidate(piece, "after-explanation" if explained else "first-word")
        else:
            candidate = _candidate(piece, "correction")
        if candidate is None:
            explained = True
        elif delimiter in "？?" and delimiter:
            asked.append(candidate)
            explained = True
        elif not found or found[-1].surface != candidate.surface:
            found.append(candidate)
    if not found and len(asked) == 1 and len(_pieces(text.strip())) <= 2:
        return asked
    return found


_QUOTED_MOVE = re.compile(
    r"^(?:最初は|最初の言葉は|はじめは|まずは|では|じゃあ|私は|僕は|私から)?"
    r"「(?P<word>[^「」]+)」(?:です|で|にします|から)?$"
)
"""A piece that is nothing but a quoted word, as in `私から始めます。「しりとり」` or `最初は「ねこ」`."""


def _quoted_candidates(text: str) -> list[Candidate]:
    """The last piece that only quotes a word of two morae or more: a move written in 「」."""
    for piece, _ in reversed(_pieces(text.replace("**", ""))):
        match = _QUOTED_MOVE.match(_clean(piece))
        if match is None:
            continue
        candidate = _candidate(match["word"], "quoted")
        if candidate is not None and len(morae(reading(candidate.surface))) > 1:
            return [candidate]
    return []


_ARROW = re.compile(r"\s*(?:[→⇒➡➔⟶]|->)\s*")


def _without_recaps(text: str) -> str:
    """A recap of the chain (`ここまで：りんご → ごりら → まど`) stands for its newest word only."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        items = _ARROW.split(line)
        if len(items) > 2:
            lines[index] = items[-1]
    return "\n".join(lines)


def find_played(text: str) -> list[Candidate]:
    """The words a text plays, in order: the first is the move, later ones are corrections.

    A quoted word counts only when nothing else does and its piece is nothing but the quote.
    """
    return list(_found(text))


@functools.lru_cache(maxsize=8192)
def _found(text: str) -> tuple[Candidate, ...]:
    """`find_played`, remembered by text: a batch's outputs say the same thing again and again."""
    text = _without_recaps(text)
    return tuple(_bold_candidates(text) or _plain_candidates(text) or _quoted_candidates(text))


def describe(
    surface: str,
    found_by: str,
    reading_hint: str | None = None,
    rules: MoraRules = DEFAULT_RULES,
) -> PlayedWord:
    """A played word with its reading, romaji and the morae the chain rule looks at."""
    kana = to_hiragana(reading_hint) if reading_hint else reading(surface)
    return PlayedWord(
        surface=surface,
        reading=kana,
        romaji=romaji(kana),
        first_mora=first_mora(kana),
        last_mora=last_mora(kana, rules),
        found_by=found_by,
    )


def played_words(text: str, rules: MoraRules = DEFAULT_RULES) -> list[PlayedWord]:
    """Every word a text plays, described; empty when it only explains, asks or remarks."""
    return [describe(c.surface, c.found_by, c.reading_hint, rules) for c in find_played(text)]


def unit_text(unit: Annotations) -> str:
    """The exact text of a turn or a trial."""
    if isinstance(unit, Turn):
        return unit.text
    if isinstance(unit, Trial):
        return unit.output
    raise TypeError(f"not a turn or trial: {type(unit).__name__}")


def effective_words(unit: Annotations, rules: MoraRules = DEFAULT_RULES) -> list[PlayedWord]:
    """The words a unit plays: a person's `played_override` wins over what the text suggests."""
    if unit.played_override is not None:
        return [describe(word, "person", rules=rules) for word in unit.played_override.words]
    return played_words(unit_text(unit), rules)
