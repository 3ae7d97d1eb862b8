"""Finding text inside the open log: which units match, and the next one from the cursor."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from kiroku.schema import Annotations
from kiroku.tui.data.units import played_words, unit_text


def folded(text: str) -> str:
    """Compared as a reader would: full-width ＡＢＣ is ABC, case is ignored."""
    return unicodedata.normalize("NFKC", text).casefold()


def searchable(unit: Annotations) -> str:
    """What a search looks in: the text, the played words with their readings and romaji, the
    translation and the note."""
    spelled = [part for word in unit.played for part in (word.reading, word.romaji) if part]
    parts = [unit_text(unit), *played_words(unit), *spelled]
    parts += [unit.translation_text() or "", unit.note_text() or ""]
    return folded("\n".join(parts))


def matching(units: Sequence[Annotations], query: str) -> list[int]:
    """Positions of the units holding every word of `query`, in order."""
    words = folded(query).split()
    if not words:
        return []
    return [p for p, unit in enumerate(units) if all(w in searchable(unit) for w in words)]


def step_to(found: Sequence[int], position: int, step: int) -> tuple[int, bool] | None:
    """The match after (`step` 1) or before (-1) `position`, and whether it wrapped around."""
    if not found:
        return None
    if step > 0:
        later = [p for p in found if p > position]
        return (later[0], False) if later else (found[0], True)
    earlier = [p for p in found if p < position]
    return (earlier[-1], False) if earlier else (found[-1], True)
