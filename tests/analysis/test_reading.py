"""Readings and romaji: pykakasi created once, kana read without it."""

from __future__ import annotations

from kiroku.analysis import reading as reading_module
from kiroku.analysis.reading import is_kana, kakasi, reading, romaji


def test_kanji_and_katakana_readings_in_hiragana() -> None:
    assert reading("銀河") == "ぎんが"
    assert reading("ルーマニア") == "るーまにあ"


def test_hepburn_romaji() -> None:
    assert romaji("ぎんが") == "ginga"
    assert romaji("みかん") == "mikan"
    assert romaji("しゃしん") == "shashin"


def test_the_converter_is_built_once() -> None:
    assert kakasi() is kakasi()


def test_kana_words_need_no_converter(monkeypatch) -> None:
    reading_module.reading.cache_clear()

    def refuse() -> None:
        raise AssertionError("pykakasi used for a kana word")

    monkeypatch.setattr(reading_module, "kakasi", refuse)
    assert reading("リンゴ") == "りんご"
    assert is_kana("ヴァイオリン")
    assert not is_kana("画家")
    reading_module.reading.cache_clear()
