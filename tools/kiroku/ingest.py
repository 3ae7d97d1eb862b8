"""Importing raw files: archive them unchanged, parse them, and write or update their logs."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from kiroku import importers, storage
from kiroku.errors import KirokuError, ParseError
from kiroku.export_items import IdBook, id_book
from kiroku.importers.base import CHUNK, SIDECAR_SUFFIX, Importer, RawInput, load_sidecar
from kiroku.project import Project
from kiroku.recorded import keyed_units, recorded
from kiroku.schema import ANNOTATION_FIELDS, BatchLog, Bilingual, ChatLog, to_data

Document = ChatLog | BatchLog

EDITABLE_FIELDS = ("title", "notes", "tags")
"""Log-level fields a person may edit by hand; re-import keeps their values."""


@dataclass
class ArchiveCopy:
    """A raw file (or its sidecar) and where it goes in the archive."""

    origin: Path
    destination: Path
    sha256: str
    """What the copy must hash to: the bytes that were parsed, checked again as they are copied."""
    data: bytes | None = None
    """The bytes of a small generated file (a settings sidecar); other files are streamed."""

    @property
    def needed(self) -> bool:
        return not self.destination.exists()


@dataclass(frozen=True, slots=True)
class LogSummary:
    """What the import listing shows of a log: kept instead of the document for streamed exports,
    so a plan costs a few hundred bytes per conversation, not the conversation itself."""

    id: str
    item: str | None
    date: date | None
    title: str
    """The title as listed (Japanese if it has one)."""
    units: int

    @classmethod
    def of(cls, doc: Document) -> LogSummary:
        title = doc.title.pick("ja") or ""
        return cls(doc.id, doc.source.item, doc.date, title, len(doc.units()))


@dataclass(slots=True)
class PlannedLog:
    summary: LogSummary
    path: Path
    status: str
    """`new`, `updated` or `unchanged`."""
    carried: int = 0
    """Turns or trials whose annotations were carried over from the previous version."""
    dropped: list[str] = field(default_factory=list)
    """Annotated units that no longer exist or changed: their annotations would be lost."""
    doc: Document | None = None
    """The document to write; None for a streamed export, parsed again when the plan is applied."""


@dataclass
class StreamedSource:
    """An export too large to hold parsed: validated once while planning, written in a second
    pass over its archive copy, one conversation at a time."""

    project: Project
    raw: RawInput
    """Reads the archive copy (whose checksum the copy verified), not the incoming file."""
    importer: Importer
    select: Callable[[Document], bool] | None
    logs: list[PlannedLog]
    """The kept conversations in the order the export lists them."""
    reimport: bool
    force: bool


@dataclass
class ImportPlan:
    """Everything an import would write; nothing is written until every file parsed cleanly."""

    copies: list[ArchiveCopy] = field(default_factory=list)
    logs: list[PlannedLog] = field(default_factory=list)
    skipped: list[LogSummary] = field(default_factory=list)
    """Conversations of an export that `--select` left out."""
    streamed: list[StreamedSource] = field(default_factory=list)


def carry_over(old: Document, new: Document) -> tuple[Document, int, list[str]]:
    """`new` with the annotations of `old` on every unchanged turn, and what could not be kept."""
    old_units = keyed_units(old)
    carried, dropped = 0, []
    new_units = keyed_units(new)
    for key, unit in new_units.items():
        before = old_units.get(key)
        if before is not None and recorded(before) == recorded(unit):
            for name in ANNOTATION_FIELDS:
                setattr(unit, name, getattr(before, name))
            carried += 1
    for key, before in old_units.items():
        after = new_units.get(key)
        if before.has_human_annotations() and (
            after is None or recorded(after) != recorded(before)
        ):
            dropped.append(key)
    for name in EDITABLE_FIELDS:
        value = getattr(old, name)
        if isinstance(value, Bilingual):
            fresh = getattr(new, name)
            value = Bilingual(ja=value.ja or fresh.ja, en=value.en or fresh.en)
        setattr(new, name, value)
    return new, carried, dropped


def _archive_destination(project: Project, origin: Path, into: str | None) -> Path:
    origin = origin.resolve()
    archive = project.archive_dir.resolve()
    if origin.is_relative_to(archive):
        return origin
    folder = archive / into if into else archive
    return folder / origin.name


def _file_sha256(path: Path) -> str:
    try:
        return storage.sha256_file(path)
    except OSError as error:
        raise ParseError(f"cannot read: {error.strerror}", path) from None


def _read_raw(
    project: Project,
    path: Path,
    into: str | None,
    plan: ImportPlan,
    settings: dict[str, Any] | None = None,
) -> RawInput:
    """The raw file, checksummed as a stream (not read whole), with its sidecar planned."""
    sha = _file_sha256(path)
    destination = _archive_destination(project, path, into)
    _plan_copy(path, destination, sha, plan)
    sidecar: dict[str, Any] = {}
    sidecar_rel = sidecar_sha = None
    sidecar_path = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar_path.exists():
        sidecar_sha = _file_sha256(sidecar_path)
        sidecar = load_sidecar(sidecar_path)
        sidecar_destination = destination.with_name(destination.name + SIDECAR_SUFFIX)
        _plan_copy(sidecar_path, sidecar_destination, sidecar_sha, plan)
        sidecar_rel = project.relative(sidecar_destination)
        clashing = [k for k, v in (settings or {}).items() if sidecar.get(k) != v]
        if clashing:
            raise KirokuError(
                f"declare {', '.join(clashing)} in {sidecar_path.name} rather than as options",
                sidecar_path,
            )
    elif settings:
        sidecar_bytes = settings_sidecar(settings)
        sidecar_destination = destination.with_name(destination.name + SIDECAR_SUFFIX)
        sidecar_sha = storage.sha256_bytes(sidecar_bytes)
        _plan_copy(sidecar_path, sidecar_destination, sidecar_sha, plan, sidecar_bytes)
        sidecar = dict(settings)
        sidecar_rel = project.relative(sidecar_destination)
    return RawInput(
        path=path,
        archive_path=project.relative(destination),
        sha256=sha,
        sidecar=sidecar,
        sidecar_path=sidecar_rel,
        sidecar_sha256=sidecar_sha,
    )


def _plan_copy(
    origin: Path, destination: Path, sha: str, plan: ImportPlan, data: bytes | None = None
) -> None:
    if destination == origin.resolve():
        return
    if destination.exists():
        if storage.sha256_file(destination) != sha:
            raise KirokuError(
                f"{destination} already exists with other content; archived files are never "
                "rewritten (rename the new file; import it with --reimport to update its log)",
                origin,
            )
        return
    plan.copies.append(ArchiveCopy(origin, destination, sha, data))


def importer_for(raw: RawInput, format_name: str | None = None) -> Importer:
    """The importer `format_name` names, else the one that recognises the file."""
    importer = importers.get(format_name) if format_name else importers.detect(raw.path, raw.head())
    if raw.is_blank():
        raise ParseError("empty file", raw.path)
    return importer


def parse_raw(raw: RawInput, format_name: str | None = None) -> Iterator[Document]:
    """Every document of a raw file, one at a time for the formats that stream."""
    yield from importer_for(raw, format_name).documents(raw)


def plan_import(
    project: Project,
    paths: list[Path],
    format_name: str | None = None,
    into: str | None = None,
    reimport: bool = False,
    force: bool = False,
    select: Callable[[Document], bool] | None = None,
    settings: dict[str, Any] | None = None,
    book: IdBook | None = None,
) -> ImportPlan:
    """Parse every file and decide every write; raises before anything is written.

    `select` keeps only some conversations of an export; `settings` (such as `speakers`) are
    given to the importer as sidecar metadata and archived as a sidecar so re-parsing agrees.
    A file archived before keeps the id of its log, and a conversation its id (`book`: the
    project's ids, read here when needed unless given).
    A streamed export keeps only a summary of each conversation here, so the plan stays small
    however large the export is; `apply` parses it again from its archive copy.
    """
    plan = ImportPlan()
    seen_ids: dict[str, Path] = {}
    for path in paths:
        raw = _read_raw(project, path, into, plan, settings)
        archived_before = project.absolute(raw.archive_path).exists()
        importer = importer_for(raw, format_name)
        streamed = importer.iter_documents is not None
        kept: list[PlannedLog] = []
        for doc in importer.documents(raw):
            if select is not None and not select(doc):
                plan.skipped.append(LogSummary.of(doc))
                continue
            if doc.source.item is not None or archived_before:
                if book is None:
                    book = id_book(storage.load(p).doc for p in project.log_paths())
                book.assign(doc)
            if doc.id in seen_ids:
                raise KirokuError(f"log id {doc.id!r} is also produced by {seen_ids[doc.id]}", path)
            seen_ids[doc.id] = path
            planned = _plan_log(project, doc, path, reimport, force)
            if streamed:
                planned.doc = None
            kept.append(planned)
        plan.logs.extend(kept)
        if streamed and kept:
            archived = RawInput(
                path=project.absolute(raw.archive_path),
                archive_path=raw.archive_path,
                sha256=raw.sha256,
                sidecar=raw.sidecar,
                sidecar_path=raw.sidecar_path,
                sidecar_sha256=raw.sidecar_sha256,
            )
            plan.streamed.append(
                StreamedSource(project, archived, importer, select, kept, reimport, force)
            )
    return plan


def _plan_log(
    project: Project, doc: Document, origin: Path, reimport: bool, force: bool
) -> PlannedLog:
    target = project.log_path(doc.id)
    if not target.exists():
        return PlannedLog(LogSummary.of(doc), target, "new", doc=doc)
    old = storage.load(target).doc
    newer_export = doc.source.item is not None and (old.source.format, old.source.item) == (
        doc.source.format,
        doc.source.item,
    )
    # A raw file edited after its import is archived under a new name (the old copy is
    # never rewritten); `--reimport` says it is a new version of the same log.
    newer_version = (
        reimport
        and doc.source.item is None
        and (old.source.format, old.source.item) == (doc.source.format, None)
    )
    if not (newer_export or newer_version) and (old.source.path, old.source.item) != (
        doc.source.path,
        doc.source.item,
    ):
        raise KirokuError(
            f"log id {doc.id!r} is already used by {old.source.path}; ids are never reused "
            "(declare another `id` in the sidecar or front matter, or pass --reimport if "
            "this file is a new version of that one)",
            origin,
        )
    annotated = any(unit.has_human_annotations() for unit in old.units())
    if annotated and not reimport:
        raise KirokuError(
            f"{target.name} already has annotations; pass --reimport to update it and carry "
            "them over",
            origin,
        )
    merged, carried, dropped = carry_over(old, doc)
    if dropped and not force:
        raise KirokuError(
            f"re-import would drop the annotations of {', '.join(dropped)} in {target.name} "
            "(those turns changed or vanished); pass --force to drop them",
            origin,
        )
    status = "unchanged" if to_data(merged) == to_data(old) else "updated"
    return PlannedLog(LogSummary.of(merged), target, status, carried, dropped, merged)


def _stage(copy: ArchiveCopy) -> Path:
    """The copy written beside its destination under a temporary name, its checksum verified.

    Streamed in blocks, so a large export is never held in memory; a file that changed since
    it was parsed is refused rather than archived under the wrong checksum.
    """
    copy.destination.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".{copy.destination.name}.", suffix=".tmp", dir=copy.destination.parent
    )
    staged = Path(name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as target:
            if copy.data is not None:
                digest.update(copy.data)
                target.write(copy.data)
            else:
                with copy.origin.open("rb") as source:
                    for block in iter(lambda: source.read(CHUNK), b""):
                        digest.update(block)
                        target.write(block)
            target.flush()
            os.fsync(target.fileno())
        if digest.hexdigest() != copy.sha256:
            raise KirokuError(
                "the file changed while it was being imported; import it again", copy.origin
            )
        os.chmod(staged, 0o644)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged


def _write_copies(copies: list[ArchiveCopy]) -> None:
    """Every archive copy staged and verified first, then all renamed into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for copy in copies:
            if copy.needed:
                staged.append((_stage(copy), copy.destination))
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, destination in staged:
        os.replace(temporary, destination)
    for folder in {destination.parent for _, destination in staged}:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _write_streamed(source: StreamedSource) -> None:
    """The second pass over an export: each conversation written as soon as it is parsed."""
    expected = iter(source.logs)
    for doc in source.importer.documents(source.raw):
        if source.select is not None and not source.select(doc):
            continue
        planned = next(expected, None)
        if planned is None or planned.summary.item != doc.source.item:
            raise KirokuError(
                "the archived export parses differently than when it was planned", source.raw.path
            )
        doc.id = planned.summary.id
        again = _plan_log(source.project, doc, source.raw.path, source.reimport, source.force)
        if again.status != "unchanged" and again.doc is not None:
            storage.save(again.doc, again.path)


def apply(plan: ImportPlan) -> None:
    """Write the archive copies first (so a log never points to a missing file), then the logs."""
    _write_copies(plan.copies)
    for planned in plan.logs:
        if planned.status != "unchanged" and planned.doc is not None:
            storage.save(planned.doc, planned.path)
    for source in plan.streamed:
        _write_streamed(source)


def sources_of_logs(project: Project, docs: Iterable[Document] | None = None) -> dict[Path, str]:
    """The archived raw files the logs (`docs`, else every log of the project) were parsed
    from, each once, with its format."""
    if docs is None:
        docs = (storage.load(path).doc for path in project.log_paths())
    sources: dict[Path, str] = {}
    for doc in docs:
        sources.setdefault(project.absolute(doc.source.path), doc.source.format)
    return sources


def settings_sidecar(settings: dict[str, Any]) -> bytes:
    """A sidecar file holding import options, so `sync` and `check` parse the file the same way."""
    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    stream.write("# Written by `kiroku import` from its options.\n")
    yaml.dump(settings, stream)
    return stream.getvalue().encode("utf-8")
