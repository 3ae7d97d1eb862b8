"""The site's published URLs, kept by what they are made of, so `kiroku check` need not plan the site."""

from __future__ import annotations

from pathlib import Path

from kiroku.code_version import site_version
from kiroku.file_stamps import stamps
from kiroku.project import Project
from kiroku.proofs import ProofBook, key_of, pipeline_version

MKDOCS_CONFIG = "mkdocs.yml"


def urls_key(project: Project) -> str:
    """Everything the list of published URLs is made of: the site's code, the configuration,
    the taxonomy, every log file (sha256), the names of the archive's files and the
    hand-written pages of `docs/` (sha256: a hand-written home page replaces the generated)."""
    book = stamps(project.cache_dir)

    def listing(folder: Path, contents: bool) -> list[tuple[str, str | None]]:
        if not folder.is_dir():
            return []
        return sorted(
            (
                path.relative_to(project.root).as_posix(),
                book.sha256(path) if contents else None,
            )
            for path in folder.rglob("*")
            if path.is_file()
        )

    return key_of(
        "urls",
        site_version(),
        book.sha256(project.root / MKDOCS_CONFIG),
        book.sha256(project.taxonomy_path),
        [(path.name, book.sha256(path)) for path in project.log_paths()],
        listing(project.archive_dir, contents=False),
        listing(project.root / "docs", contents=True),
    )


def _book(project: Project) -> ProofBook:
    return ProofBook(project, "urls", pipeline_version())


def recorded_urls(project: Project, key: str) -> set[str] | None:
    """The published URLs recorded for `key` (by a build or a check), None if unknown."""
    found = _book(project).get(key)
    return set(found) if isinstance(found, list) else None


def record_urls(project: Project, key: str, urls: set[str]) -> None:
    """Record the published URLs for `key` (the only entry kept: the project as it is now)."""
    book = _book(project)
    book.put(key, sorted(urls))
    book.save()
    stamps(project.cache_dir).save()
