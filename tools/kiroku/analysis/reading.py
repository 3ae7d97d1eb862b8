"""Hiragana readings and Hepburn romaji of played words, via one lazily created pykakasi."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from kiroku.analysis.morae import to_hiragana

KANA_ONLY = re.compile(r"^[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc\u30fd\u30fe]+$")
"""A word written in kana only: its reading needs no dictionary."""


class _KanjiOnDemand:
    """pykakasi's kanji converter (`pykakasi.kanji.JConv`), its kanji dictionary loaded on the
    first kanji it is asked to read, not when the converter is made.

    The dictionary is a 10 MB pickle (about 0.5 s and 90 MB to load), which the romaji of a
    kana reading never looks at: pykakasi asks it only whether a character is a kanji, which
    the small dictionary of variant kanji (`Itaiji`) answers."""

    def __init__(self) -> None:
        from pykakasi.kanji import Itaiji

        self._itaiji = Itaiji()
        self._full: Any = None

    def isRegion(self, char: str) -> bool:  # pykakasi calls it by this name
        from pykakasi.kanji import JConv

        return bool(JConv.isRegion(self, char))  # type: ignore[arg-type]  # reads self._itaiji only

    def convert(self, text: str, before: str) -> tuple[str, int]:
        if self._full is None:
            from pykakasi.kanji import JConv

            self._full = JConv()
        return self._full.convert(text, before)  # type: ignore[no-any-return]


@cache
def kakasi() -> Any:
    """The one pykakasi converter, made on first use, with its kanji dictionary loaded only
    when a kanji is read (`_KanjiOnDemand`): it converts as `pykakasi.kakasi()` does."""
    from pykakasi.kakasi import Kakasi
    from pykakasi.scripts import IConv

    converter = Kakasi.__new__(Kakasi)
    converter._jconv = _KanjiOnDemand()
    converter._iconv = IConv()
    return converter


def is_kana(text: str) -> bool:
    return bool(KANA_ONLY.match(text))


@lru_cache(maxsize=8192)
def reading(word: str) -> str:
    """The hiragana reading (銀河 → ぎんが, ルーマニア → るーまにあ; ー is kept)."""
    if is_kana(word):
        return to_hiragana(word)
    return "".join(token["hira"] for token in kakasi().convert(word))


@lru_cache(maxsize=8192)
def romaji(word: str) -> str:
    """Hepburn romaji as pykakasi writes it (long vowels doubled: ルーマニア → ruumania)."""
    return "".join(token["hepburn"] for token in kakasi().convert(word))
