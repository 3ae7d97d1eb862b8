"""A build with nothing to do: every input and output as the last build left them, so MkDocs is not started."""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from kiroku import jsonio
from kiroku.atomic import atomic_write
from kiroku.code_version import site_version
from kiroku.file_stamps import files_under, stamps
from kiroku.project import Project
from kiroku.proofs import key_of

PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "mkdocs-static-i18n",
    "mkdocs-redirects",
    "markdown",
    "pymdown-extensions",
    "jinja2",
)
"""Whose versions shape every page: an upgrade renders the whole site again."""
INPUT_FOLDERS = ("logs", "archive", "docs")
OUTPUT_FOLDERS = ("docs-gen",)
"""Besides the site folder: what the build writes and reads again (the generated pages)."""
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)
"""Environment variables MkDocs reads into the pages (the build date)."""


def _folder_key(key: str) -> re.Pattern[str]:
    return re.compile(rf"^{key}:[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)


_FOLDER_KEYS = {"site_dir": _folder_key("site_dir"), "docs_dir": _folder_key("docs_dir")}
_PATH_SETTING = re.compile(
    r"^[ \t]*(?:custom_dir:|-)[ \t]*['\"]?([^'\"#\n:]+?\.py|[^'\"#\n:]+/?)['\"]?[ \t]*$",
    re.MULTILINE,
)
"""Values in `mkdocs.yml` that may name a file or folder the build reads (a theme's
`custom_dir`, a hook): any that exists in the project is part of the inputs."""


def _record_path(project: Project, site_dir: Path) -> Path:
    key = hashlib.sha256(str(site_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return project.cache_dir / "site-state" / f"{key}.unchanged.json"


def configured_folder(project: Project, config: Path, key: str, default: str) -> Path:
    """The folder `mkdocs.yml` names under `key` (`site_dir`, `docs_dir`; else MkDocs' default),
    without loading MkDocs."""
    try:
        text = config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    found = _FOLDER_KEYS[key].search(text)
    folder = Path(found.group(1).strip()) if found else Path(default)
    return folder if folder.is_absolute() else project.root / folder


def configured_site_dir(project: Project, config: Path) -> Path:
    """The site folder `mkdocs.yml` names (MkDocs' default `site`), without loading MkDocs."""
    return configured_folder(project, config, "site_dir", "site")


@cache
def _versions() -> tuple[str, ...]:
    found = [f"python {sys.version_info[:2]}"]
    for name in PACKAGES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return tuple(found)


@dataclass(frozen=True)
class Inputs:
    """Every file a build reads, each with its sha256 (from its stamp), listed once: the
    keys of a build (everything it reads, `patch_build.frame_key`) come from one listing."""

    folders: dict[str, list[tuple[str, str | None]]]
    """The files of each of `INPUT_FOLDERS`, by folder name."""
    named: list[tuple[str, str | None]]
    """The files of the folders `mkdocs.yml` names (a theme's `custom_dir`)."""
    config: list[tuple[str, str | None]]
    """`mkdocs.yml` and the files it names (a hook)."""
    manifest: tuple[str, str | None]
    """`urls.manifest`, which a build checks and adds its new URLs to."""

    @classmethod
    def read(cls, project: Project, config: Path) -> Inputs:
        book = stamps(project.cache_dir)

        def listed(paths: list[str]) -> list[tuple[str, str | None]]:
            return [(path, book.sha256(path)) for path in paths]

        try:
            text = config.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        named_folders: list[str] = []
        singles = [str(config)]
        for value in _PATH_SETTING.findall(text):
            path = project.root / value.strip()
            if path.is_dir():
                named_folders.append(str(path))
            elif path.is_file():
                singles.append(str(path))
        folders = {name: listed(files_under(project.root / name)) for name in INPUT_FOLDERS}
        named = [file for folder in named_folders for file in listed(files_under(folder))]
        manifest = str(project.root / "urls.manifest")
        return cls(folders, named, listed(singles), (manifest, book.sha256(manifest)))

    def key(
        self, options: object, manifest: bool = True, folders: tuple[str, ...] = INPUT_FOLDERS
    ) -> str:
        """The key of everything a build reads: the site's code and libraries, the options,
        the configuration and what it names, every file of `logs/`, `archive/` and `docs/`
        by sha256 (or only of `folders`), and (with `manifest`) `urls.manifest`."""
        files = [file for name in folders for file in self.folders[name]]
        files += self.named
        files += [self.config[0], *([self.manifest] if manifest else []), *self.config[1:]]
        environment = [(name, os.environ.get(name)) for name in ENVIRONMENT]
        return key_of(
            "build", site_version(), _versions(), repr(options), environment, folders, files
        )


@dataclass(frozen=True)
class Outputs:
    """The site folder and the generated pages as they are: every file's name, size,
    modification time and inode, one line each, in the order their key hashes them."""

    lines: list[str]
    at: dict[str, int]
    """File path → its line's position."""

    def key(self) -> str:
        return hashlib.sha256("".join(self.lines).encode("utf-8", "surrogateescape")).hexdigest()

    def after_writing(self, paths: list[Path]) -> Outputs | None:
        """The outputs once `paths` (files listed already) have been written again, their
        lines taken afresh and the rest kept; None if one is not listed or is gone."""
        lines = list(self.lines)
        for path in paths:
            name = os.fspath(path)
            position = self.at.get(name)
            if position is None:
                return None
            try:
                stat = os.stat(name, follow_symlinks=False)
            except OSError:
                return None
            lines[position] = _line(name, stat)
        return Outputs(lines, self.at)


def _line(path: str, stat: os.stat_result) -> str:
    return f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\n"


def outputs(project: Project, site_dir: Path) -> Outputs:
    """The site folder and the generated pages as they are now (`Outputs`)."""
    lines: list[str] = []
    at: dict[str, int] = {}
    for top in (site_dir, *(project.root / name for name in OUTPUT_FOLDERS)):
        folders: list[Path | str] = [top]
        while folders:
            folder = folders.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                lines.append(f"{folder}\0missing\0")
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                    continue
                try:
                    stat = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                at[entry.path] = len(lines)
                lines.append(_line(entry.path, stat))
    return Outputs(lines, at)


def outputs_key(project: Project, site_dir: Path) -> str:
    """The site folder and the generated pages as they are: every file's name, size and
    modification time (any other writer, such as a plain `mkdocs build`, changes them)."""
    return outputs(project, site_dir).key()


def nothing_to_build(
    project: Project, config: Path, options: object, inputs: Inputs | None = None
) -> Path | None:
    """The site folder, if the last build left every input and output as they are now
    (`inputs`, if given, as they are now)."""
    site_dir = configured_site_dir(project, config)
    try:
        recorded = jsonio.decode(_record_path(project, site_dir).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict):
        return None
    try:
        inputs = inputs or Inputs.read(project, config)
        same = recorded.get("inputs") == inputs.key(options)
        same = same and recorded.get("outputs") == outputs_key(project, site_dir)
    finally:
        stamps(project.cache_dir).save()
    return site_dir if same else None


def forget(project: Project, site_dir: Path) -> None:
    """Before a build: until it succeeds, the next one must not be skipped."""
    _record_path(project, site_dir).unlink(missing_ok=True)


def record(
    project: Project,
    config: Path,
    options: object,
    site_dir: Path,
    before: str,
    written: str | None = None,
) -> str | None:
    """After a successful build whose inputs but the manifest were `before` when it started:
    record its inputs and outputs, unless an input changed while it ran (then the next build
    runs). The manifest is taken as the build left it: it holds the URLs it published, so
    building again from it would write the same site and the same manifest. `written` is
    the outputs' key as the build left them, if it knows it (a patched build, which took
    the outputs before and wrote only some files). Returns the outputs' key it recorded,
    if it did."""
    outputs = None
    after = Inputs.read(project, config)
    if after.key(options, manifest=False) == before:
        outputs = written or outputs_key(project, site_dir)
        data = {"inputs": after.key(options), "outputs": outputs}
        atomic_write(_record_path(project, site_dir), jsonio.encode(data), durable=False)
    stamps(project.cache_dir).save()
    return outputs
