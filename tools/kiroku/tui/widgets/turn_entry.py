"""What one turn or trial looks like in a list, computed from the schema without any widget."""

from __future__ import annotations

from dataclasses import dataclass

from kiroku.schema import Annotations, Turn
from kiroku.tui.data.units import dismissed, is_rule_break, played_words, unconfirmed, unit_text


@dataclass(frozen=True)
class UnitEntry:
    """The display facts of one unit; rebuilt whenever its annotations change."""

    anchor: str
    speaker: str
    name: str | None
    text: str
    played: str
    """Played word with reading and romaji, e.g. `みかん (みかん · mikan)`; empty if none."""
    corrected: bool
    labels: tuple[str, ...]
    suggestions: tuple[str, ...]
    """Unconfirmed suggestions only: accepted ones show as labels."""
    dismissed: tuple[str, ...]
    """Suggestions a person turned down, shown struck through."""
    rule_break: bool
    annotated_text: bool
    """Has a translation or a note."""


def played_display(unit: Annotations) -> str:
    if unit.played_override is not None:
        return " ".join(unit.played_override.words)
    if not unit.played:
        return ""
    word = unit.played[0]
    details = " · ".join(part for part in (word.reading, word.romaji) if part)
    shown = f"{word.surface} ({details})" if details else word.surface
    later = [w.surface for w in unit.played[1:]]
    return shown + (" → " + " → ".join(later) if later else "")


def unit_entry(unit: Annotations, anchor: str, rule_break_ids: frozenset[str]) -> UnitEntry:
    speaker = unit.speaker if isinstance(unit, Turn) else "model"
    name = unit.name if isinstance(unit, Turn) else None
    return UnitEntry(
        anchor=anchor,
        speaker=speaker,
        name=name,
        text=unit_text(unit),
        played=played_display(unit),
        corrected=unit.played_override is not None,
        labels=tuple(label.id for label in unit.labels),
        suggestions=tuple(s.id for s in unconfirmed(unit)),
        dismissed=tuple(s.id for s in dismissed(unit)),
        rule_break=is_rule_break(unit, rule_break_ids),
        annotated_text=bool(unit.translation_text() or unit.note_text()),
    )


def unit_sketch(unit: Annotations) -> tuple[str, int]:
    """A unit's raw text and how many rows its played word and badges add, for a height guess.

    Far cheaper than `unit_entry`: a 10,000-turn log guesses every height before it is shown.
    """
    extra = 1 if unit.played or unit.played_override is not None else 0
    if unit.labels or unit.suggestions:
        extra += 1
    return unit_text(unit), extra


def first_word(unit: Annotations) -> str:
    """The word a trial committed to: the played word, else the first non-empty output line."""
    words = played_words(unit)
    if words:
        return words[0]
    for line in unit_text(unit).splitlines():
        if line.strip():
            return line.strip()
    return ""
