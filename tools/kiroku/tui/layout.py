"""Heights of a conversation's turn blocks: guessed for all at once, exact where they are seen."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate


def estimate_cells(line: str) -> int:
    """About how many terminal cells `line` takes, without measuring each character.

    ASCII is one cell a character and kana or kanji two; their UTF-8 lengths are one and three
    bytes, so the mean of characters and bytes lands close for Japanese, English and a mix.
    """
    if line.isascii():
        return len(line)
    return (len(line) + len(line.encode("utf-8", "surrogatepass"))) // 2


def estimate_rows(text: str, width: int) -> int:
    """About how many display lines `text` folds into at `width` cells (at least one a line)."""
    width = max(width, 2)
    return sum(max(1, -(-estimate_cells(line) // width)) for line in text.split("\n"))


class BlockHeights:
    """Each block's height with where it starts, so one line finds its block by bisection.

    Opening a 10,000-turn log must not wait for every turn to be wrapped: heights start as
    estimates and become exact one block at a time (`set_exact`), the offsets following.
    """

    def __init__(self, estimates: list[int]) -> None:
        self.heights = [max(1, height) for height in estimates]
        self.exact = bytearray(len(self.heights))
        self._starts: list[int] = []
        self._stale_from = 0
        self.total = 0
        self._recount()

    def __len__(self) -> int:
        return len(self.heights)

    def _recount(self) -> None:
        if self._stale_from >= len(self.heights) and self._starts:
            return
        start = self._stale_from
        first = self._starts[start] if start < len(self._starts) else 0
        tail = list(accumulate(self.heights[start:], initial=first))
        self._starts[start:] = tail[:-1]
        self.total = tail[-1]
        self._stale_from = len(self.heights)

    def set_exact(self, position: int, height: int) -> int:
        """Record the true height of a block; returns by how much it moved the blocks below."""
        self.exact[position] = 1
        delta = height - self.heights[position]
        if delta:
            self.heights[position] = height
            self._stale_from = min(self._stale_from, position)
        return delta

    def forget(self, position: int) -> None:
        """The block changed (new labels, new width): its height must be measured again."""
        self.exact[position] = 0

    def is_exact(self, position: int) -> bool:
        return bool(self.exact[position])

    def start(self, position: int) -> int:
        """The first line of a block."""
        self._recount()
        return self._starts[position]

    def height(self) -> int:
        """Lines of all blocks together."""
        self._recount()
        return self.total

    def position_at(self, line: int) -> int | None:
        """The block showing `line`, or None past the last one."""
        self._recount()
        if line < 0 or line >= self.total or not self.heights:
            return None
        return bisect_right(self._starts, line) - 1

    def next_inexact(self, after: int = 0) -> int | None:
        """The first block from `after` on whose height is still a guess."""
        found = self.exact.find(0, after)
        if found < 0 and after:
            found = self.exact.find(0)
        return None if found < 0 else found
