"""Guessed block heights and their offsets: exact where measured, consistent everywhere."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from kiroku.tui.layout import BlockHeights, estimate_cells, estimate_rows
from rich.cells import cell_len


def test_estimates_are_exact_for_plain_english_and_japanese() -> None:
    assert estimate_cells("mikan after mi") == cell_len("mikan after mi")
    assert estimate_cells("みかんを出しました") == cell_len("みかんを出しました")
    assert estimate_rows("みかん\n\nabc", 4) == 2 + 1 + 1


def test_a_mixed_line_is_guessed_within_a_few_cells() -> None:
    line = "「み」からですね！ **みかん** 🍊 Your turn!"
    assert abs(estimate_cells(line) - cell_len(line)) <= 3


def test_measuring_a_block_moves_only_the_blocks_below() -> None:
    heights = BlockHeights([3, 3, 3, 3])
    assert heights.height() == 12 and heights.start(2) == 6
    assert heights.set_exact(1, 5) == 2
    assert [heights.start(p) for p in range(4)] == [0, 3, 8, 11]
    assert heights.height() == 14
    assert heights.position_at(7) == 1 and heights.position_at(8) == 2
    assert heights.position_at(14) is None and heights.position_at(-1) is None
    assert heights.next_inexact() == 0 and heights.next_inexact(1) == 2
    heights.forget(1)
    assert heights.next_inexact(1) == 1


@given(
    st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 59), st.integers(1, 9)), max_size=40),
)
def test_offsets_always_agree_with_the_heights(
    guesses: list[int], measured: list[tuple[int, int]]
) -> None:
    heights = BlockHeights(guesses)
    true = list(guesses)
    for position, height in measured:
        if position < len(true):
            heights.set_exact(position, height)
            true[position] = height
            assert heights.height() == sum(true)
    lines = [p for p, h in enumerate(true) for _ in range(h)]
    assert [heights.position_at(line) for line in range(len(lines))] == lines
    if all(position < len(true) for position, _ in measured) and len(
        {p for p, _ in measured}
    ) == len(true):
        assert heights.next_inexact() is None
