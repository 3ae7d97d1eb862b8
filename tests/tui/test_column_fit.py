"""Fitting a table's columns to its width: labels wrapped whole, long words cut at a character."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from kiroku.tui.column_fit import Cells, ColumnNeed, cut, fit_widths, wrap_words
from kiroku.tui.literal import literal
from rich.cells import cell_len
from rich.text import Text

REAL_TRIAL: Cells = ((), ("?ends-in-n", "?generation-verification-gap"))
"""A trial of the real batches as the analysis leaves it: no label, two suggestions."""
NEEDS = [
    ColumnNeed(natural=8, floor=5),  # trial-50
    ColumnNeed(natural=10, floor=10, cap=12),  # "First word"
    ColumnNeed(natural=6, floor=6, wraps=True),  # "Labels", none yet
    ColumnNeed(natural=39, floor=9, wraps=True),  # both suggestions on one line
]


def lines(words: list[str], width: int) -> list[str]:
    return [line.plain for line in wrap_words([Text(word) for word in words], width)]


def test_columns_that_fit_keep_their_natural_widths() -> None:
    assert fit_widths(63, NEEDS, Counter({REAL_TRIAL: 50})) is None


def test_at_80_columns_the_suggestions_get_what_the_other_columns_leave() -> None:
    """The table beside the panel at 80×24 has 40 cells for its four columns' contents."""
    widths = fit_widths(40, NEEDS, Counter({REAL_TRIAL: 50}))
    assert widths == [8, 10, 6, 16]
    assert lines(list(REAL_TRIAL[1]), 16) == ["?ends-in-n", "?generation-", "verification-gap"]


def test_the_width_goes_where_it_saves_the_most_lines() -> None:
    """One trial labelled, forty-nine not: the label is broken rather than every row made
    taller by the suggestions' column narrowing for it."""
    labelled: Cells = (("✓ends-in-n",), ("?generation-verification-gap",))
    rows = Counter({REAL_TRIAL: 49, labelled: 1})
    needs = [*NEEDS[:2], ColumnNeed(10, 6, wraps=True), NEEDS[3]]
    widths = fit_widths(40, needs, rows)
    assert widths is not None and widths[3] == 16
    assert lines(["✓ends-in-n"], widths[2]) == ["✓ends-", "in-n"]


def test_a_header_is_never_narrowed_below_its_own_width() -> None:
    widths = fit_widths(10, NEEDS, Counter({REAL_TRIAL: 1}))
    assert widths is not None
    assert all(width >= need.floor for width, need in zip(widths, NEEDS, strict=True))


def test_words_share_a_line_while_they_fit_and_break_after_a_hyphen() -> None:
    assert lines(["?ends-in-n", "?mikan"], 17) == ["?ends-in-n ?mikan"]
    assert lines(["?ends-in-n", "?mikan"], 16) == ["?ends-in-n", "?mikan"]
    assert lines(["?attractor-with-self-recognition"], 20) == [
        "?attractor-with-",
        "self-recognition",
    ]
    assert lines(["?supercalifragilistic"], 8) == ["?superca", "lifragil", "istic"]


def test_a_long_japanese_first_word_is_cut_between_characters_with_an_ellipsis() -> None:
    """An unanalysed trial shows its first output line: cut, never half a kana."""
    line = Text("「み」から始まる言葉ですね！")
    assert cut(line, 11).plain == "「み」から…"
    assert cut(line, 12).plain == "「み」から…"  # 11 cells: 始 would take two more
    assert cut(line, 10).plain == "「み」か…"
    assert cut(Text("みかん"), 6).plain == "みかん"


@given(st.text(min_size=1, max_size=30), st.integers(min_value=1, max_value=20))
def test_a_cut_line_is_a_prefix_that_fits(text: str, width: int) -> None:
    shown = cut(literal(text), width).plain
    text = literal(text).plain  # control characters as the table shows them
    assert cell_len(shown) <= width
    if shown != text:
        assert shown.endswith("…") and text.startswith(shown[:-1])


@given(
    st.lists(st.text(alphabet="abcみかん-", min_size=1, max_size=40), min_size=1, max_size=5),
    st.integers(min_value=2, max_value=30),
)
def test_wrapped_words_fit_their_lines_and_lose_nothing(words: list[str], width: int) -> None:
    wrapped = lines(words, width)
    assert all(cell_len(line) <= width for line in wrapped)
    assert "".join(wrapped).replace(" ", "") == "".join(words)
