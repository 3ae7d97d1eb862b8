"""What `sync`, `analyse` and `check` proved on earlier runs, kept in `.kiroku/` by what they read."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiroku.code_version import code_version
from kiroku.errors import StorageError
from kiroku.file_stamps import stamps
from kiroku.keyed_store import KeyedStore, chunked
from kiroku.project import Project

if TYPE_CHECKING:
    from kiroku.schema import LogDocument

PIPELINE_CODE = ("kiroku.proofs", "kiroku.sync_logs", "kiroku.analyse_logs", "kiroku.check")
"""The steps' own code; importers, analysis and site code key only what depends on them."""
SEPARATE = ("kiroku.importers", "kiroku.analysis", "kiroku.site")


def pipeline_version() -> str:
    """The digest of the steps' code (storage, schema, ingest included), not of the importers,
    the analysis or the site: each of those has its own version in the keys that need it."""
    return code_version(PIPELINE_CODE, exclude=SEPARATE)


def key_of(*parts: object) -> str:
    """One sha256 of everything a proof read (strings, numbers, nested lists)."""
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ProofBook:
    """The proofs of one step: key → a small JSON value, valid while `version` holds.

    Kept in `.kiroku/proofs/<name>.sqlite` and read by key (`kiroku.keyed_store`), so a run
    holds the proofs it uses, not the whole book. Only the proofs used or made in this run
    are saved again, so the file follows the archive instead of growing with every version
    of every log."""

    def __init__(self, project: Project, name: str, version: str) -> None:
        folder = project.cache_dir / "proofs"
        self.path = folder / f"{name}.sqlite"
        self.version = version
        self.store = KeyedStore(self.path, version, legacy=folder / f"{name}.json")

    def get(self, key: str) -> Any | None:
        """The proof an earlier run saved for `key` (kept for the next run), or None."""
        value = self.store.previous(key)
        if value is not None:
            self.store.keep(key)
        return value

    def put(self, key: str, value: Any = True) -> None:
        self.store.put(key, value)

    def forget(self, key: str) -> None:
        self.store.forget(key)

    def __len__(self) -> int:
        """How many proofs the last save left (valid for this version)."""
        return len(self.store)

    def save(self) -> None:
        self.store.save()


PEOPLE_S_MARKS = {"labels": True, "rejected": True, "reviewed": True}
"""What a person adds to a turn or trial: her labels, rejections and reviews."""


def url_inputs(doc: LogDocument) -> str:
    """A digest of all that the site's published URLs (`SitePlan.published_urls`) read of
    a log: all of it but a person's marks, except on the units two or more people judged.

    The URLs are a page per log (its id), the study's tables (from the batches' text and
    analysis) and the agreement table, which exists once two annotators judged a unit; a
    person's labels otherwise show only in pages and counts. So saving a label leaves the
    list of URLs proved, and `kiroku check` does not plan the site again."""
    from kiroku.annotations.agreement import judgements
    from kiroku.schema import BatchLog

    units: dict[str, object] = {"__all__": PEOPLE_S_MARKS}
    exclude = (
        {"trials": units}
        if isinstance(doc, BatchLog)
        else {"sessions": {"__all__": {"turns": units}}}
    )
    judged = [
        (j.anchor, sorted((who, sorted(ids)) for who, ids in j.labels.items()))
        for j in judgements(doc, least=2)
    ]
    return _digest(doc.model_dump_json(exclude=exclude), judged)  # type: ignore[arg-type]


@dataclass(frozen=True)
class LogFacts:
    """What `sync` and `check` need of a log, without holding it: found once per file sha256."""

    id: str
    experiment: str
    format: str
    source_path: str
    source_sha256: str
    item: str | None
    metadata: str | None
    metadata_sha256: str | None
    recorded: str
    """A digest of `recorded_document`: what re-parsing the source must give again."""
    synced: str
    """A digest of all that `sync` compares with a new parse: `recorded` and the title,
    model and date (not annotations: an analysis or a label leaves a sync proof valid)."""
    label_ids: tuple[str, ...]
    """Every label, suggestion and rejection id the log uses, in order."""
    published: str
    """`url_inputs`: a digest of what the site's list of published URLs reads of the log."""

    @classmethod
    def of(cls, doc: LogDocument) -> LogFacts:
        used: list[str] = []
        for unit in doc.units():
            used += [label.id for label in unit.labels] + [s.id for s in unit.suggestions]
            used += [rejection.id for rejection in unit.rejected]
        source = doc.source
        return cls(
            doc.id,
            doc.experiment,
            source.format,
            source.path,
            source.sha256,
            source.item,
            source.metadata,
            source.metadata_sha256,
            recorded_digest(doc),
            _digest(
                recorded_digest(doc),
                doc.model_dump(mode="json", include={"id", "title", "model", "date"}),
            ),
            tuple(used),
            url_inputs(doc),
        )

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> LogFacts:
        return cls(**{**data, "label_ids": tuple(data["label_ids"])})


def _digest(*parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def recorded_digest(doc: LogDocument) -> str:
    """What re-parsing the raw file must give again, as a digest (`recorded_document`)."""
    from kiroku.recorded import recorded_document  # not kiroku.ingest: it imports every importer

    text = json.dumps(recorded_document(doc), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class LogFile:
    """A log file as it is on disk now: its path, its sha256 and its facts."""

    path: Path
    sha256: str
    facts: LogFacts


class FactBook:
    """The facts of every log by its file's sha256; a log is read only when its file is new."""

    def __init__(self, project: Project) -> None:
        self.book = ProofBook(project, "logs", pipeline_version())
        self.stamps = stamps(project.cache_dir)

    def facts(self, path: Path) -> LogFile:
        """The log at `path` now; raises StorageError if it cannot be read or is invalid."""
        sha = self.stamps.sha256(path)
        if sha is None:
            try:
                path.read_bytes()
            except OSError as error:
                raise StorageError(f"cannot read: {error.strerror}", path) from None
        known = self.book.get(sha) if sha is not None else None
        if known is not None and sha is not None:
            try:
                return LogFile(path, sha, LogFacts.from_data(known))
            except (TypeError, KeyError):
                self.book.forget(sha)
        from kiroku.storage import load

        loaded = load(path)
        facts = LogFacts.of(loaded.doc)
        self.book.put(loaded.sha256, asdict(facts))
        return LogFile(path, loaded.sha256, facts)

    def ahead(self, paths: Iterable[Path]) -> Iterator[Path]:
        """`paths`, each 500 of them with their stamps and facts read ahead in a few queries
        (`KeyedStore.prefetch`), for a loop asking `facts` of each."""
        for chunk in chunked(paths):
            self.stamps.prefetch(chunk)
            shas = [self.stamps.sha256(path) for path in chunk]
            self.book.store.prefetch(sha for sha in shas if sha is not None)
            yield from chunk

    def learn(self, paths: Iterable[Path]) -> None:
        """Find the facts of every log not known yet, holding none of them: a run that
        then keeps each log's few facts keeps them side by side, not scattered among
        what reading each log left behind (memory the process could not give back)."""
        for path in self.ahead(paths):
            sha = self.stamps.sha256(path)
            if sha is None or self.book.store.previous(sha) is None:
                try:
                    self.facts(path)
                except StorageError:
                    continue  # reported when the caller asks for its facts

    def save(self) -> None:
        self.book.save()
        self.stamps.save()


def file_sha256(path: Path, project: Project | None = None) -> str | None:
    """The sha256 of a file, None if it is missing (a key then says "absent"); with the
    `project`, from its stamps when the file's stat is unchanged (`kiroku.file_stamps`)."""
    if project is not None:
        return stamps(project.cache_dir).sha256(path)
    from kiroku.atomic import sha256_file

    try:
        return sha256_file(path)
    except OSError:
        return None
