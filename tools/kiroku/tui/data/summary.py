"""One row of the log list: what a log is and how far its annotation has come."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiroku.annotations.units import Document, is_done, unconfirmed, unit_text
from kiroku.schema import Bilingual, ChatLog


@dataclass(frozen=True)
class LogSummary:
    """Enough about a log to list, filter and open it, without keeping its text around."""

    id: str
    path: Path
    title: Bilingual
    model: str
    date: str
    kind: str
    units: int
    done: int
    """Units reviewed or labelled."""
    unconfirmed: int
    label_ids: frozenset[str]
    search_text: str
    """Lower-cased id, title, model and every unit's text, for the free-text filter."""

    def matches(
        self,
        text: str = "",
        model: str | None = None,
        label: str | None = None,
        unconfirmed_only: bool = False,
    ) -> bool:
        """Whether the log passes every filter of the list at once."""
        if model is not None and self.model != model:
            return False
        if label is not None and label not in self.label_ids:
            return False
        if unconfirmed_only and not self.unconfirmed:
            return False
        return all(word in self.search_text for word in text.lower().split())


def summarize(doc: Document, path: Path) -> LogSummary:
    units = doc.units()
    label_ids = frozenset(
        label_id
        for unit in units
        for label_id in [*(lb.id for lb in unit.labels), *(s.id for s in unit.suggestions)]
    )
    texts = [doc.id, doc.title.ja or "", doc.title.en or "", doc.model.name]
    texts.extend(unit_text(unit) for unit in units)
    if isinstance(doc, ChatLog):
        texts.extend(s.title.ja or "" for s in doc.sessions if s.title is not None)
    return LogSummary(
        id=doc.id,
        path=path,
        title=doc.title,
        model=doc.model.name,
        date=doc.date.isoformat() if doc.date else "",
        kind=doc.kind,
        units=len(units),
        done=sum(1 for unit in units if is_done(unit)),
        unconfirmed=sum(1 for unit in units if unconfirmed(unit)),
        label_ids=label_ids,
        search_text="\n".join(texts).lower(),
    )
