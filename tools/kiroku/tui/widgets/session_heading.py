"""What the heading between two sessions shows, computed from the schema without any widget."""

from __future__ import annotations

from dataclasses import dataclass

from kiroku.schema import Session
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.data.units import Document, session_breaks
from kiroku.tui.layout import estimate_rows


@dataclass(frozen=True)
class SessionHeading:
    """One session's heading: raw document text, made visible and wrapped only when drawn."""

    title: str
    """`Session 2 · Game 2 · 2025-10-29`, in the reader's language."""
    notes: tuple[str, ...]
    """The source's own notes about the session, as written."""
    context: tuple[str, ...]
    """One line per context message (`system: You are…`): the site folds them away too."""
    remark: str | None
    """Said instead of turns when the session has none, so two headings never look like one."""


def session_heading(session: Session, catalogue: Catalogue) -> SessionHeading:
    parts = [catalogue("session.heading", index=session.index)]
    named = session.title.pick(catalogue.lang) if session.title else None
    if named:
        parts.append(named)
    if session.date:
        parts.append(session.date.isoformat())
    context = tuple(
        catalogue("session.context", role=message.role, text=first_line(message.text))
        for message in session.context
    )
    return SessionHeading(
        title=" · ".join(parts),
        notes=tuple(session.notes),
        context=context,
        remark=None if session.turns else catalogue("session.no_turns"),
    )


def first_line(text: str) -> str:
    """The first non-blank line, with `…` when more follows."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    return lines[0].strip() + (" …" if len(lines) > 1 else "")


def session_headings(doc: Document, catalogue: Catalogue) -> dict[int, tuple[SessionHeading, ...]]:
    """The headings shown above each unit position (see `session_breaks`)."""
    return {
        position: tuple(session_heading(session, catalogue) for session in sessions)
        for position, sessions in session_breaks(doc).items()
    }


def estimate_heading_rows(heading: SessionHeading, width: int) -> int:
    """About how many rows a heading takes: its title, notes, context lines and a gap."""
    rows = estimate_rows(heading.title, width) + 1
    rows += sum(estimate_rows(line, width) for line in (*heading.notes, *heading.context))
    return rows + (1 if heading.remark else 0)
