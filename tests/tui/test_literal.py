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
