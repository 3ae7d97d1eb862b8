"""Choosing and naming the conversations of a many-conversation export: `--select`, lasting ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from kiroku.errors import KirokuError
from kiroku.schema import BatchLog, ChatLog

Document = ChatLog | BatchLog
ItemKey = tuple[str, str]
"""(format, conversation id): what identifies a conversation across exports."""


@dataclass(frozen=True)
class Selection:
    """Which conversations of an export to import; every kind given must match (any of its values)."""

    titles: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def __call__(self, doc: Document) -> bool:
        if self.items and doc.source.item not in self.items:
            return False
        if self.titles:
            shown = " ".join(t for t in (doc.title.ja, doc.title.en) if t).casefold()
            if not any(title.casefold() in shown for title in self.titles):
                return False
        if self.since or self.until:
            if doc.date is None:
                return False
            if self.since and doc.date < self.since:
                return False
            if self.until and doc.date > self.until:
                return False
        return True


def _day(value: str, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KirokuError(f"--select {option}: {value!r} is not a date like 2026-04-20") from None


def parse_selection(options: Iterable[str]) -> Selection | None:
    """`--select` values: `title=TEXT` (or bare TEXT), `id=CONVERSATION`, `date=FROM..TO`."""
    titles: list[str] = []
    items: list[str] = []
    since = until = None
    given = False
    for option in options:
        given = True
        key, equals, value = option.partition("=")
        if not equals or key not in ("title", "id", "date"):
            titles.append(option)
        elif key == "title":
            titles.append(value)
        elif key == "id":
            items.append(value.strip())
        else:
            start, dots, end = value.partition("..")
            since = _day(start.strip(), option)
            until = _day(end.strip(), option) if dots else since
            if since and until and since > until:
                raise KirokuError(f"--select {option}: the range ends before it starts")
    if not given:
        return None
    return Selection(tuple(titles), tuple(items), since, until)


@dataclass
class IdBook:
    """The ids already given in the project, so a log keeps its id and no id is reused."""

    by_item: dict[ItemKey, str] = field(default_factory=dict)
    by_path: dict[str, str] = field(default_factory=dict)
    """The id of the log each archived single-log file (`item` None) was parsed into."""
    taken: set[str] = field(default_factory=set)

    def assign(self, doc: Document) -> Document:
        """`doc` under the id its conversation or file already has, or a free one.

        An archived file keeps the id its log was given, whatever the importer would name
        it today (ids are permanent: an importer that now reads ids from file names must
        not rename the logs published before).
        """
        if doc.source.item is None:
            doc.id = self.by_path.get(doc.source.path, doc.id)
            self.taken.add(doc.id)
            return doc
        key = (doc.source.format, doc.source.item)
        known = self.by_item.get(key)
        if known is not None:
            doc.id = known
        else:
            base, number = doc.id, 1
            while doc.id in self.taken:
                number += 1
                doc.id = f"{base}-{number}"
            self.by_item[key] = doc.id
        self.taken.add(doc.id)
        return doc


def id_book(docs: Iterable[Document]) -> IdBook:
    """The ids of the project's current logs."""
    book = IdBook()
    for doc in docs:
        book.taken.add(doc.id)
        if doc.source.item is not None:
            book.by_item[(doc.source.format, doc.source.item)] = doc.id
        else:
            book.by_path[doc.source.path] = doc.id
    return book


def logged_from(docs: Iterable[Document], source_path: str) -> Callable[[Document], bool]:
    """Only the conversations of `source_path` that already have a log pointing to it.

    `kiroku sync` uses it so that re-parsing an export neither adds the conversations that
    were not selected nor rolls back one that a newer export has since updated.
    """
    kept = {doc.source.item for doc in docs if doc.source.path == source_path}
    return lambda doc: doc.source.item is None or doc.source.item in kept
