"""What the site's shared pages need of each log, kept between builds by the sha256 of its file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from kiroku import jsonio
from kiroku.analysis.stats import LabelCount, label_counts
from kiroku.annotations.agreement import Judgement, judgements
from kiroku.project import Project
from kiroku.schema import BatchLog, ChatLog
from kiroku.site.index_pages import LogRow, log_rows
from kiroku.site.page_cache import code_digest
from kiroku.site.phrases import LANGUAGES
from kiroku.site.taxonomy_page import doc_label_uses
from kiroku.storage import atomic_write

Document = ChatLog | BatchLog


@dataclass(frozen=True)
class LogDigest:
    """One log as the list of logs, the taxonomy page, the tables and the page titles see it.

    Reading and validating every log is most of what an incremental build has left to do
    once pages are kept; a log whose file is unchanged gives its digest from the cache."""

    id: str
    kind: str
    date: str
    """ISO date, or "" for an undated log."""
    rows: dict[str, LogRow]
    """Language → the log's row in the list of logs (its title in that language included)."""
    sources: tuple[str, ...]
    """The archive files its page links to."""
    uses: tuple[tuple[str, str, str], ...]
    """`doc_label_uses`: (label id, anchor, state) of every label and suggestion."""
    labels: tuple[LabelCount, ...]
    """`label_counts` of this log alone."""
    judged: tuple[tuple[str, dict[str, list[str]]], ...] = ()
    """(anchor, annotator → her labels) of each unit two or more annotators judged."""

    def judgements(self) -> list[Judgement]:
        return [
            Judgement(self.id, anchor, {who: frozenset(ids) for who, ids in labels.items()})
            for anchor, labels in self.judged
        ]

    @property
    def order(self) -> int:
        """Sort key of the newest-first list: the date's ordinal, 0 if undated."""
        return date.fromisoformat(self.date).toordinal() if self.date else 0

    def title(self, lang: str) -> str:
        return self.rows[lang].title

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        data["labels"] = [count.model_dump() for count in self.labels]
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> LogDigest:
        return cls(
            id=data["id"],
            kind=data["kind"],
            date=data["date"],
            rows={lang: LogRow(**row) for lang, row in data["rows"].items()},
            sources=tuple(data["sources"]),
            uses=tuple((str(a), str(b), str(c)) for a, b, c in data["uses"]),
            labels=tuple(LabelCount.model_validate(count) for count in data["labels"]),
            judged=tuple((str(a), dict(labels)) for a, labels in data.get("judged", [])),
        )


def digest_of(doc: Document) -> LogDigest:
    return LogDigest(
        id=doc.id,
        kind=doc.kind,
        date=doc.date.isoformat() if doc.date else "",
        rows={lang: log_rows([doc], lang)[0] for lang in LANGUAGES},
        sources=tuple(path for path in (doc.source.path, doc.source.metadata) if path),
        uses=tuple(doc_label_uses(doc)),
        labels=tuple(label_counts([doc])),
        judged=tuple(
            (j.anchor, {who: sorted(ids) for who, ids in j.labels.items()})
            for j in judgements(doc, least=2)
        ),
    )


class DigestCache:
    """The digests of the last build, by the sha256 of each log file; the site code's digest
    guards them (a new phrase or column makes every digest again)."""

    def __init__(self, project: Project) -> None:
        self.path = project.cache_dir / "site-digests.json"
        self.code = code_digest()
        self.previous: dict[str, dict[str, Any]] = {}
        try:
            data = jsonio.decode(self.path.read_bytes())
            if data.get("code") == self.code:
                self.previous = data["logs"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.previous = {}
        self.current: dict[str, dict[str, Any]] = {}

    def get(self, sha256: str) -> LogDigest | None:
        data = self.previous.get(sha256)
        if data is None:
            return None
        try:
            digest = LogDigest.from_data(data)
        except (KeyError, TypeError, ValueError):
            return None
        self.current[sha256] = data
        return digest

    def put(self, sha256: str, digest: LogDigest) -> None:
        self.current[sha256] = digest.to_data()

    def save(self) -> None:
        atomic_write(self.path, jsonio.encode({"code": self.code, "logs": self.current}))
