"""`kiroku check`: every log valid, matching its archived source, and using known label ids."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiroku import storage
from kiroku.errors import KirokuError
from kiroku.importers.base import RawInput, load_sidecar
from kiroku.ingest import parse_raw, recorded_document
from kiroku.project import Project
from kiroku.schema import BatchLog, ChatLog
from kiroku.taxonomy import load_taxonomy

Document = ChatLog | BatchLog


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the project, located as precisely as possible."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return str(KirokuError(self.message, self.path, self.line))


def _source_problems(project: Project, path: Path, doc: Document) -> Iterator[Problem]:
    raw_path = project.absolute(doc.source.path)
    if not raw_path.is_file():
        yield Problem(path, f"source {doc.source.path} is missing from the archive")
        return
    data = raw_path.read_bytes()
    if storage.sha256_bytes(data) != doc.source.sha256:
        yield Problem(
            path,
            f"source {doc.source.path} changed: its sha256 no longer matches the log "
            "(archived files must never be rewritten)",
        )
        return
    sidecar = {}
    if doc.source.metadata:
        meta_path = project.absolute(doc.source.metadata)
        if not meta_path.is_file():
            yield Problem(path, f"metadata {doc.source.metadata} is missing from the archive")
            return
        if storage.sha256_file(meta_path) != doc.source.metadata_sha256:
            yield Problem(path, f"metadata {doc.source.metadata} changed since import; re-import")
        sidecar = load_sidecar(meta_path)
    raw = RawInput(
        path=raw_path,
        archive_path=doc.source.path,
        data=data,
        sha256=doc.source.sha256,
        sidecar=sidecar,
        sidecar_path=doc.source.metadata,
        sidecar_sha256=doc.source.metadata_sha256,
    )
    try:
        parsed = parse_raw(raw, doc.source.format)
    except KirokuError as error:
        yield Problem(path, f"re-parsing {doc.source.path} fails: {error}")
        return
    again = next((d for d in parsed if d.source.item == doc.source.item and d.id == doc.id), None)
    if again is None:
        again = next((d for d in parsed if d.source.item == doc.source.item), None)
    if again is None:
        yield Problem(path, f"re-parsing {doc.source.path} no longer gives this log")
    elif recorded_document(again) != recorded_document(doc):
        yield Problem(
            path,
            f"the recorded turns differ from what {doc.source.path} parses to "
            "(edited by hand? re-import with --reimport to restore them)",
        )


def check_project(project: Project) -> list[Problem]:
    """Every problem in the project's logs; an empty list means all is well."""
    problems: list[Problem] = []
    label_ids: set[str] | None = None
    if project.taxonomy_path.exists():
        try:
            label_ids = load_taxonomy(project.taxonomy_path).ids()
        except KirokuError as error:
            problems.append(Problem(project.taxonomy_path, error.message, error.line))
    ids: dict[str, Path] = {}
    for path in project.log_paths():
        try:
            loaded = storage.load(path)
        except KirokuError as error:
            problems.append(Problem(path, error.message, error.line))
            continue
        doc = loaded.doc
        if doc.id != path.stem:
            problems.append(
                Problem(path, f"id {doc.id!r} does not match the file name {path.name}")
            )
        if doc.id in ids:
            problems.append(Problem(path, f"duplicate id {doc.id!r} (also in {ids[doc.id].name})"))
        ids[doc.id] = path
        problems.extend(_source_problems(project, path, doc))
        if label_ids is not None:
            for unit in doc.units():
                used = [label.id for label in unit.labels] + [s.id for s in unit.suggestions]
                problems.extend(
                    Problem(path, f"label {label_id!r} is not in {project.taxonomy_path.name}")
                    for label_id in used
                    if label_id not in label_ids
                )
    return problems
