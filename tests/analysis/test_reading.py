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


MIXED = [
    "みかん", "ルーマニア", "ヴァイオリン", "きょうりゅう", "がっこう", "ゝゞヽヾ", "ーん", "しりとり",
    "銀河", "画家（がか）", "東京タワー", "学校へ行く", "〆切", "々", "ｶﾀｶﾅ", "ABC！", "りす🐿️",
    "わたしは、みかん。", "𠮷野家", "ー", "",
]  # fmt: skip


def test_converts_as_pykakasi_does() -> None:
    import pykakasi

    reference = pykakasi.kakasi()
    for text in MIXED:
        assert kakasi().convert(text) == reference.convert(text), text


def test_kana_romaji_never_loads_the_kanji_dictionary() -> None:
    """The 10 MB kanji dictionary is loaded by the first kanji, not by a kana word's romaji."""
    import subprocess
    import sys

    probe = (
        "from kiroku.analysis.reading import reading, romaji\n"
        "from pykakasi.kanji import Kanwa\n"
        "assert romaji(reading('ルーマニア')) == 'ruumania'\n"
        "assert romaji('きょうりゅう') == 'kyouryuu'\n"
        "print(Kanwa._shared_state['_jisyo_table'] is None)\n"
        "assert reading('銀河') == 'ぎんが'\n"
        "print(Kanwa._shared_state['_jisyo_table'] is None)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False"]
