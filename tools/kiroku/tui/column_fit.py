"""Column widths that fit a table into the width it has, and cells wrapped or cut to them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len, split_graphemes
from rich.text import Text

from kiroku.tui.literal import fold

ELLIPSIS = "…"


@dataclass(frozen=True)
class ColumnNeed:
    """What one column asks for, in terminal cells (padding apart)."""

    natural: int
    """The widest of its header and cells: all of it on one line."""
    floor: int
    """Never narrower (its header)."""
    wraps: bool = False
    """Its cells may take several lines (labels): it shares what the other columns leave."""
    cap: int | None = None
    """At most this wide when the table is too narrow; longer cells end in `…`."""


Cells = tuple[tuple[str, ...], tuple[str, ...]]
"""One row's words in the two wrapping columns (its labels, its suggestions)."""
SAMPLED = 200
"""Distinct rows weighed when sharing the width: a batch's trials repeat a few patterns."""


def fit_widths(room: int, needs: Sequence[ColumnNeed], rows: Counter[Cells]) -> list[int] | None:
    """Each column's width within `room` cells; None when every cell fits on one line.

    Two of the columns wrap (a trial's labels and its suggestions). A column that neither wraps nor is capped keeps its natural width (a trial's anchor); a
    capped one shrinks to its cap; the two wrapping columns share what is left so that the
    rows (`rows`, counted) take the fewest lines, then break the fewest words. Below the
    floors the table is wider than `room` (and scrolls) rather than hiding a header.
    """
    if sum(need.natural for need in needs) <= room:
        return None
    widths = [
        need.natural if need.cap is None else max(need.floor, min(need.natural, need.cap))
        for need in needs
    ]
    first, second = (i for i, need in enumerate(needs) if need.wraps)
    left = room - sum(w for i, w in enumerate(widths) if not needs[i].wraps)
    low = needs[first].floor
    high = max(low, min(needs[first].natural, left - needs[second].floor))
    sample = rows.most_common(SAMPLED)

    def cost(width: int) -> tuple[int, int]:
        other = max(needs[second].floor, left - width)
        lines = broken = 0
        for (words, others), count in sample:
            mine, theirs = _shape(words, width), _shape(others, other)
            lines += count * max(mine[0], theirs[0])
            broken += count * (mine[1] + theirs[1])
        return lines, broken

    widths[first] = min(range(low, high + 1), key=cost)
    widths[second] = max(needs[second].floor, min(needs[second].natural, left - widths[first]))
    return widths


@lru_cache(maxsize=4096)
def _shape(words: tuple[str, ...], width: int) -> tuple[int, int]:
    """Lines the words take at `width`, and how many more than if no word were broken
    (kept: an edit in a batch fits its columns again, over the same few patterns)."""
    lines = wrap_words([Text(word) for word in words], width)
    return max(len(lines), 1), len(lines) - _line_count_unbroken(words, width)


def _line_count_unbroken(words: Sequence[str], width: int) -> int:
    """The lines the words would take if none were broken (a word longer counts as one)."""
    lines, used = 0, 0
    for word in words:
        size = cell_len(word)
        if lines and used + 1 + size <= width:
            used += 1 + size
        else:
            lines, used = lines + 1, size
    return max(lines, 1)


def cut(text: Text, width: int) -> Text:
    """`text` on one line of at most `width` cells, ending in `…` if it had to be cut.

    A wide character (kana, kanji) is never split: where only half of it would fit, the
    line ends one cell short.
    """
    if cell_len(text.plain) <= width:
        return text
    kept = text[: _fitting(text.plain, max(width - 1, 0))]
    kept.append(ELLIPSIS)
    return kept


def wrap_words(words: Sequence[Text], width: int) -> list[Text]:
    """Words (label ids) on lines of at most `width` cells, one space between two on a line.

    A word longer than a line is broken after its hyphens (`generation-` / `verification-gap`),
    and only where a part is still too long, between characters (never inside one).
    """
    width = max(width, 1)
    lines: list[Text] = []
    for word in words:
        parts = _parts(word, width)
        first = parts[0]
        if lines and cell_len(lines[-1].plain) + 1 + cell_len(first.plain) <= width:
            lines[-1].append(" ")
            lines[-1].append_text(first)
        else:
            lines.append(first)
        lines.extend(parts[1:])
    return lines


def _parts(word: Text, width: int) -> list[Text]:
    """`word` as pieces of at most `width` cells, broken after hyphens where it can be."""
    pieces: list[Text] = []
    start = 0
    for piece in fold(word.plain, width, breaks="-"):
        pieces.append(word[start : start + len(piece)])
        start += len(piece)
    return pieces


def _fitting(plain: str, width: int) -> int:
    """How many of `plain`'s characters fit in `width` cells, never parting a grapheme
    (a letter and its accent, an emoji sequence)."""
    spans, _ = split_graphemes(plain)
    used = 0
    for begin, _end, size in spans:
        used += size
        if used > width:
            return begin
    return len(plain)
