"""The site's published URLs, kept by what they are made of, so `kiroku check` need not plan the site."""

from __future__ import annotations

import os
from pathlib import Path

from kiroku.code_version import site_version
from kiroku.file_stamps import files_under, stamps
from kiroku.project import Project
from kiroku.proofs import ProofBook, key_of, pipeline_version

MKDOCS_CONFIG = "mkdocs.yml"


def urls_key(project: Project, logs: dict[str, str] | None = None) -> str:
    """Everything the list of published URLs is made of: the site's code, the configuration,
    the taxonomy, every log file (sha256), the names of the archive's files and the
    hand-written pages of `docs/` (sha256: a hand-written home page replaces the generated).

    With `logs` (file name → `proofs.url_inputs` of every log, as `kiroku check` knows them),
    each log counts by what the list reads of it instead of its file, so a log that differs
    only by a person's label keeps the same key."""
    book = stamps(project.cache_dir)
    root = len(os.fspath(project.root / "-")) - 1  # its paths' prefix: "" for a root "."

    def listing(folder: Path, contents: bool) -> list[tuple[str, str | None]]:
        return sorted(
            (path[root:].replace(os.sep, "/"), book.sha256(path) if contents else None)
            for path in files_under(folder)
        )

    key = key_of(
        "urls",
        site_version(),
        book.sha256(project.root / MKDOCS_CONFIG),
        book.sha256(project.taxonomy_path),
        (
            [(path.name, book.sha256(path)) for path in project.log_paths()]
            if logs is None
            else ["by what the list reads", sorted(logs.items())]
        ),
        listing(project.archive_dir, contents=False),
        listing(project.root / "docs", contents=True),
    )
    return key if logs is None else BY_READS + key


BY_READS = "reads-"
"""Opens a key made by what the list reads of each log (`urls_key` with `logs`)."""
KEPT_BY_READS = 4


def _book(project: Project) -> ProofBook:
    return ProofBook(project, "urls", pipeline_version())


def recorded_urls(project: Project, key: str) -> set[str] | None:
    """The published URLs recorded for `key` (by a build or a check), None if unknown."""
    found = _book(project).get(key)
    return set(found) if isinstance(found, list) else None


def record_urls(project: Project, key: str, urls: set[str], also: str | None = None) -> None:
    """Record the published URLs for `key`, and `also` for another key of the same project
    (the only entries kept: the project as it is now)."""
    book = _book(project)
    listed = sorted(urls)
    same = book.store.previous_keys(BY_READS, listed)
    for kept in same[-KEPT_BY_READS:]:  # a build knows no reads: keep what a check found
        book.put(kept, listed)
    book.put(key, listed)
    if also is not None:
        book.put(also, listed)
    book.save()
    stamps(project.cache_dir).save()
