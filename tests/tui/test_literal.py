"""Folding document text never loses or reorders a character, and never exceeds the width."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from kiroku.tui.literal import fold, visible, wrap
from rich.cells import cell_len


@given(
    st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=300),
    st.integers(min_value=2, max_value=80),
)
def test_fold_keeps_every_character(line: str, width: int) -> None:
    line = line.replace("\n", " ")
    pieces = fold(line, width)
    assert "".join(pieces) == line
    assert all(cell_len(piece) <= width for piece in pieces)


def test_wrap_prefers_spaces_and_handles_wide_characters() -> None:
    assert wrap("hello world again", 12) == ["hello world ", "again"]
    assert wrap("みかんみかん", 4) == ["みか", "んみ", "かん"]
    assert wrap("a\nb", 10) == ["a", "b"]


def test_control_characters_become_symbols() -> None:
    assert visible("\x00\x07\x7f\x85\t") == "␀␇␡\\x85    "


def test_fold_measures_emoji_sequences_as_rich_draws_them() -> None:
    squirrels = "🐿️" * 10  # each a squirrel and a variation selector: two cells to Rich
    pieces = fold(squirrels, 5)
    assert "".join(pieces) == squirrels
    assert all(cell_len(piece) <= 5 for piece in pieces)
    assert all(piece.count("🐿") == piece.count("\ufe0f") for piece in pieces)  # never split
    family = "👨\u200d👩\u200d👧" * 4
    assert fold(family, 4) == ["👨\u200d👩\u200d👧" * 2] * 2


def test_invisible_format_characters_become_marks() -> None:
    """Raw, RLO makes a terminal reverse what follows; ZWSP and SHY hide that words differ."""
    assert visible("abc\u202edef") == "abc⟨RLO⟩def"
    assert visible("\u2066عربي\u2069 x") == "⟨LRI⟩عربي⟨PDI⟩ x"
    assert visible("み\u200bかん") == "み⟨ZWSP⟩かん"
    assert visible("mi\u00adkan") == "mi⟨SHY⟩kan"
    assert visible("a\u200db\u200cc") == "a⟨ZWJ⟩b⟨ZWNJ⟩c"
    assert visible("\ufeffstart\u2061") == "⟨BOM⟩start⟨U+2061⟩"
    assert visible("tag\U000e0041") == "tag⟨U+E0041⟩"


def test_emoji_keep_their_joiners_and_flag_tags() -> None:
    family = "👨\u200d👩\u200d👧"
    runner = "🏃\u200d♀\ufe0f"
    scotland = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert visible(f"{family} {runner} {scotland}") == f"{family} {runner} {scotland}"
    assert visible("🍊\u200d") == "🍊⟨ZWJ⟩"


@given(st.text(alphabet=st.characters(categories=("Cf", "Zl", "Zp"))))
def test_no_format_character_reaches_the_terminal_raw_outside_emoji(text: str) -> None:
    shown = visible(text)
    assert not any(ord(char) in range(0x202A, 0x202F) for char in shown)
    assert not any(ord(char) in range(0x2066, 0x206A) for char in shown)
    assert not any(char in "\u200b\u200d\u00ad\u2028\u2029" for char in shown)
