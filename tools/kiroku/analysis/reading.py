"""Hiragana readings and Hepburn romaji of played words, via one lazily created pykakasi."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from kiroku.analysis.morae import to_hiragana

KANA_ONLY = re.compile(r"^[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc\u30fd\u30fe]+$")
"""A word written in kana only: its reading needs no dictionary."""


@cache
def kakasi() -> Any:
    """The one pykakasi converter: building it loads dictionaries (~0.4 s), so only once, on use."""
    import pykakasi

    return pykakasi.kakasi()


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
