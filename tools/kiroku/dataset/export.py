"""Exporting the archive log by log into tidy tables, a dataset card and the licences."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from kiroku import storage
from kiroku.analysis.stats import (
    BatchFigures,
    LabelCount,
    assembled_report,
    batch_figures,
    label_counts,
    merged_label_counts,
)
from kiroku.dataset.card import MARK, dataset_card
from kiroku.dataset.licences import LicenceBook
from kiroku.dataset.rows import (
    annotation_rows,
    condition_row,
    log_row,
    study_rows,
    unit_rows,
)
from kiroku.dataset.selection import LogFilter
from kiroku.dataset.tables import PER_LOG, STUDY, TABLES
from kiroku.dataset.writers import FORMATS, TableWriter
from kiroku.errors import KirokuError
from kiroku.project import Project
from kiroku.schema import BatchLog, ChatLog

Document = ChatLog | BatchLog
CARD = "README.md"
PROJECT_FOLDERS = ("archive", "logs", "docs", "docs-gen", "tools", "tests", ".kiroku")


@dataclass(frozen=True)
class Provenance:
    """How the export was produced: Kiroku's version, the archive's commit, the options given."""

    kiroku: str
    commit: str | None
    uncommitted: bool
    options: tuple[str, ...]


@dataclass
class ExportResult:
    """What was written: the folder, each table's row count, the logs and licences it holds."""

    folder: Path
    fmt: str
    rows: dict[str, int] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)
    licences: list[str] = field(default_factory=list)

    def files(self) -> list[str]:
        return sorted(
            p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*") if p.is_file()
        )


def archive_commit(root: Path) -> tuple[str | None, bool]:
    """The git commit the project is at, and whether `logs/` or `archive/` differ from it."""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "logs", "archive"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None, False
    return head or None, bool(status.strip())


def kiroku_version() -> str:
    try:
        return metadata.version("kiroku")
    except metadata.PackageNotFoundError:
        return "unknown"


def _documents(project: Project, selection: LogFilter) -> Iterator[Document]:
    """The selected logs, one at a time, in the order of their ids."""
    wanted = set(selection.logs)
    found = set()
    for path in project.log_paths():
        if not selection.wants_id(path.stem):
            continue
        doc = storage.load(path).doc
        found.add(doc.id)
        if selection(doc):
            yield doc
    missing = sorted(wanted - found)
    if missing:
        raise KirokuError(f"--log {missing[0]}: no log with this id in logs/")


def _check_target(out_dir: Path, project: Project) -> None:
    """Refuse to replace a folder that is not an earlier export (a person's files, the project)."""
    resolved = out_dir.resolve()
    root = project.root.resolve()
    inside = root in resolved.parents and resolved.relative_to(root).parts[0] in PROJECT_FOLDERS
    if resolved == root or resolved in root.parents or inside:
        raise KirokuError(f"{out_dir}: choose a folder outside the project's own files")
    if out_dir.exists() and not out_dir.is_dir():
        raise KirokuError(f"{out_dir}: exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        try:
            head = (out_dir / CARD).read_text(encoding="utf-8").splitlines()[:3]
        except (OSError, UnicodeDecodeError):
            head = []
        if MARK not in head:
            raise KirokuError(
                f"{out_dir}: the folder holds files that are not a Kiroku export; "
                "choose an empty or new folder"
            )


@contextlib.contextmanager
def _staged(out_dir: Path) -> Iterator[Path]:
    """A folder beside `out_dir` that replaces it only once everything is written."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        yield staging
        staging.chmod(0o755)
        old = None
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
            old.rmdir()
            out_dir.rename(old)
        staging.rename(out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def export_archive(
    project: Project,
    out_dir: Path,
    fmt: str = "parquet",
    selection: LogFilter | None = None,
    site_url: str | None = None,
    progress: Callable[[Document], None] | None = None,
) -> ExportResult:
    """Write the selected logs as tables into `out_dir`, reading one log at a time.

    Nothing but a few figures per batch is kept between logs, so memory does not grow with
    the archive. The folder appears complete or not at all; an earlier export is replaced.
    """
    from kiroku.site.cite import permanent_url

    if fmt not in FORMATS:
        raise KirokuError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    selection = selection or LogFilter()
    _check_target(out_dir, project)
    licences = LicenceBook(project)
    figures: list[BatchFigures] = []
    labels: list[LabelCount] = []
    result = ExportResult(out_dir, fmt)
    with _staged(out_dir) as folder:
        writers = {spec.name: TableWriter(spec, folder, fmt) for spec in PER_LOG}
        try:
            for doc in _documents(project, selection):
                licence = licences.of(doc.source.path)
                url = permanent_url(site_url, doc) if site_url else None
                writers["logs"].add(
                    [
                        log_row(
                            doc,
                            licence.name if licence else None,
                            licence.export_file if licence else None,
                            url,
                        )
                    ]
                )
                writers["units"].add(unit_rows(doc, url))
                writers["annotations"].add(annotation_rows(doc))
                if isinstance(doc, BatchLog):
                    writers["conditions"].add([condition_row(doc)])
                    figures.append(batch_figures(doc))
                labels.extend(label_counts([doc]))
                result.logs.append(doc.id)
                if progress is not None:
                    progress(doc)
        finally:
            for writer in writers.values():
                writer.close()
        report = assembled_report(figures, merged_label_counts(labels))
        for spec in STUDY:
            writer = TableWriter(spec, folder, fmt)
            writer.add(study_rows(report)[spec.name])
            writer.close()
            writers[spec.name] = writer
        result.rows = {spec.name: writers[spec.name].rows for spec in TABLES}
        for licence in sorted(licences.used.values(), key=lambda item: item.folder):
            target = folder / licence.export_folder
            target.mkdir(parents=True, exist_ok=True)
            for path in (licence.path, *licence.attribution):
                shutil.copyfile(path, target / path.name)
            result.licences.append(licence.export_file)
        commit, uncommitted = archive_commit(project.root)
        provenance = Provenance(kiroku_version(), commit, uncommitted, tuple(selection.described()))
        card = dataset_card(result, list(licences.used.values()), provenance, site_url)
        (folder / CARD).write_text(card, encoding="utf-8")
    return result
