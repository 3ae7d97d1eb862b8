"""The whole archive as dataset downloads on the tables page: a zip of the Parquet files, one of the CSVs."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

from kiroku.analysis.morae import DEFAULT_RULES
from kiroku.analysis.stats import BatchFigures, batch_figures
from kiroku.project import Project
from kiroku.schema import BatchLog, LogDocument
from kiroku.site.dataset_cache import CACHE_VERSION, LogTablesCache, TableFiles, sha256_of
from kiroku.site.fragments import PageContext
from kiroku.site.html import element, escape, text_element
from kiroku.site.page_cache import CachedFigures, code_digest
from kiroku.site.urls import TABLES
from kiroku.storage import atomic_write
from kiroku.zip_writer import DeflatedCache, Member, zip_bytes

if TYPE_CHECKING:
    from kiroku.dataset.export import LogSource
    from kiroku.site.generate import LogEntry


FORMATS = ("parquet", "csv")
ZIP_PATHS = {fmt: f"{TABLES}kiroku-dataset-{fmt}.zip" for fmt in FORMATS}
"""Where each zip is published, beside the study's tables."""
TOP_FOLDER = "kiroku-dataset"
"""The folder every file of a zip unpacks into."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member's time in the zips, so the same archive gives the same bytes."""

PHRASES = {
    "title": {"en": "The whole archive as a dataset", "ja": "アーカイブ全体をデータセットとして"},
    "text": {
        "en": "Every log, turn and trial with its labels and suggestions (who set them and "
        "when), as tables that join: logs, units, annotations, conditions and the study's "
        "figures, with a dataset card (README.md) saying how to load them with pandas, "
        "polars, DuckDB or Hugging Face datasets, and the data's licences.",
        "ja": "すべてのログ・ターン・試行と、そのラベルと提案（誰がいつ付けたか）を、結合できる表"
        "（logs、units、annotations、conditions と研究の集計）にしたものです。pandas・polars・"
        "DuckDB・Hugging Face datasets での読み込み方を書いたデータセットカード（README.md）と、"
        "データのライセンスが入っています。",
    },
    "parquet": {"en": "Parquet", "ja": "Parquet"},
    "csv": {"en": "CSV", "ja": "CSV"},
}


@dataclass(frozen=True)
class DatasetDownloads:
    """The zips of the whole archive's export, by format."""

    zips: dict[str, bytes] = field(default_factory=dict)

    def files(self) -> dict[str, bytes]:
        """Docs-folder path → bytes, for the site's generated files."""
        return {ZIP_PATHS[fmt]: data for fmt, data in self.zips.items()}

    def key(self) -> str:
        """What the tables page shows of them (which there are), for its page cache: not
        their sizes, so an edited translation does not change the page."""
        return repr(sorted(self.zips))


def _dataset_code() -> str:
    folder = Path(str(resources.files("kiroku.dataset")))
    digest = hashlib.sha256(f"{CACHE_VERSION}\0pyarrow=={metadata.version('pyarrow')}".encode())
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest() + code_digest()


def _licence_texts(project: Project) -> str:
    """Every licence and attribution file the export may copy: a change means a new export."""
    from kiroku.dataset.licences import ATTRIBUTION_NAMES, LICENCE_NAMES

    names = set(LICENCE_NAMES) | set(ATTRIBUTION_NAMES)
    digest = hashlib.sha256()
    candidates = [project.root / name for name in sorted(names)]
    if project.archive_dir.is_dir():
        candidates += sorted(p for p in project.archive_dir.rglob("*") if p.name in names)
    for path in candidates:
        if path.is_file():
            digest.update(project.relative(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def zipped(folder: Path, cache: DeflatedCache | None = None) -> bytes:
    """Every file of `folder` under `kiroku-dataset/`, sorted, with fixed times: the same bytes
    for the same files (with `cache`, a file deflated for an earlier zip is not deflated again)."""
    members = (
        # Parquet is compressed already (zstd): deflating it again costs time, saves little.
        Member(
            f"{TOP_FOLDER}/{path.relative_to(folder).as_posix()}",
            path.read_bytes(),
            deflate=path.suffix != ".parquet",
        )
        for path in sorted(p for p in folder.rglob("*") if p.is_file())
    )
    return zip_bytes(members, ZIP_TIME, cache)


def dataset_downloads(
    project: Project,
    entries: list[LogEntry],
    figures: CachedFigures | None,
    site_url: str | None,
    build: bool = True,
) -> DatasetDownloads:
    """The zips of the whole archive's export, as `kiroku export` writes it.

    Unchanged archive, code, licences and commit: the zips of the last build, no log read.
    Otherwise the export runs again, reading only the logs whose tables are not cached.
    Without `build`, only their paths are planned."""
    if not entries:
        return DatasetDownloads()
    if not build:  # a plan for its addresses only (`kiroku check`): the zips' paths, no bytes
        return DatasetDownloads(dict.fromkeys(FORMATS, b""))
    from kiroku.dataset.export import LogSource, archive_commit, write_dataset

    ordered = sorted(entries, key=lambda entry: entry.digest.id)
    commit = archive_commit(project.root)
    shared = sha256_of(_dataset_code(), site_url or "", _licence_texts(project), repr(commit))
    whole = sha256_of(shared, *(entry.sha256 for entry in ordered))
    stored = project.cache_dir / "dataset-zips"
    cached = {fmt: stored / f"{whole}.{fmt}.zip" for fmt in FORMATS}
    if all(path.is_file() for path in cached.values()):
        return DatasetDownloads({fmt: path.read_bytes() for fmt, path in cached.items()})

    def figures_of(source: LogSource, batch: Callable[[], BatchLog]) -> BatchFigures:
        if figures is None:
            return batch_figures(batch(), DEFAULT_RULES)
        return figures.figures(source.sha256, batch, DEFAULT_RULES)

    sources = [LogSource(entry.digest.id, entry.sha256, _reader(entry)) for entry in ordered]
    cache = LogTablesCache(project, shared)
    tables = TableFiles(project, shared)
    scratch = Path(tempfile.mkdtemp(prefix="kiroku-dataset-"))
    try:
        folders = {fmt: scratch / fmt for fmt in FORMATS}
        for folder in folders.values():
            folder.mkdir()
        write_dataset(
            project,
            folders,
            sources,
            site_url,
            figures_of=figures_of,
            cache=cache,
            replace_unencodable=True,
            members=tables,
        )
        deflated = DeflatedCache(project.cache_dir / "dataset-deflated")
        zips = {fmt: zipped(folder, deflated) for fmt, folder in folders.items()}
    except BaseException:
        cache.discard()
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    deflated.prune()
    cache.save()
    tables.prune()
    shutil.rmtree(stored, ignore_errors=True)
    for fmt, path in cached.items():
        atomic_write(path, zips[fmt], durable=False)
    return DatasetDownloads(zips)


def _reader(entry: LogEntry) -> Callable[[], LogDocument]:
    return lambda: entry.doc


def downloads_section(downloads: DatasetDownloads, ctx: PageContext) -> str:
    """The tables page's section offering the zips (empty when there are none)."""
    if not downloads.zips:
        return ""
    links = " · ".join(
        text_element(
            "a",
            f"{PHRASES[fmt][ctx.lang]}\u00a0(zip)",
            href=ctx.file_href(ZIP_PATHS[fmt]),
            download="",
        )
        for fmt in downloads.zips
    )
    return element(
        "section",
        text_element("h2", PHRASES["title"][ctx.lang], id="dataset")
        + element("p", escape(PHRASES["text"][ctx.lang]))
        + element("p", ctx.say("download") + ": " + links, class_="kiroku-downloads"),
        class_="kiroku-section kiroku-dataset",
    )
