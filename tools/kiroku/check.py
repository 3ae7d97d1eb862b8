"""`kiroku check`: every log valid, matching its archived source, and using known label ids."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError

from kiroku import storage
from kiroku.errors import KirokuError
from kiroku.importers.base import RawInput, load_sidecar
from kiroku.ingest import parse_raw, recorded_document
from kiroku.project import Project
from kiroku.schema import BatchLog, ChatLog
from kiroku.site.manifest import MANIFEST_NAME, check_manifest
from kiroku.taxonomy import load_taxonomy

Document = ChatLog | BatchLog

MKDOCS_CONFIG = "mkdocs.yml"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the project, located as precisely as possible."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return str(KirokuError(self.message, self.path, self.line))


SourceKey = tuple[str, str, str | None, str | None]
"""(archived path, format, sidecar path, sidecar sha256): logs parsed from one raw file alike."""


@dataclass(frozen=True)
class LoggedSource:
    """What the source check needs of one log, so the logs of a large export are not all held."""

    path: Path
    id: str
    item: str | None
    sha256: str
    recorded: str
    """A digest of `recorded_document`: what re-parsing the source must give again."""


def recorded_digest(doc: Document) -> str:
    text = json.dumps(recorded_document(doc), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _source_key(doc: Document) -> SourceKey:
    source = doc.source
    return (source.path, source.format, source.metadata, source.metadata_sha256)


def _source_problems(
    project: Project, key: SourceKey, logs: list[LoggedSource]
) -> Iterator[Problem]:
    """Problems of every log parsed from one raw file, which is re-parsed only once."""
    source_path, format_name, metadata, metadata_sha = key
    raw_path = project.absolute(source_path)
    if not raw_path.is_file():
        for log in logs:
            yield Problem(log.path, f"source {source_path} is missing from the archive")
        return
    sha = storage.sha256_file(raw_path)
    current = [log for log in logs if log.sha256 == sha]
    for log in logs:
        if log.sha256 != sha:
            yield Problem(
                log.path,
                f"source {source_path} changed: its sha256 no longer matches the log "
                "(archived files must never be rewritten)",
            )
    if not current:
        return
    sidecar = {}
    if metadata:
        meta_path = project.absolute(metadata)
        if not meta_path.is_file():
            for log in current:
                yield Problem(log.path, f"metadata {metadata} is missing from the archive")
            return
        if storage.sha256_file(meta_path) != metadata_sha:
            for log in current:
                yield Problem(log.path, f"metadata {metadata} changed since import; re-import")
        try:
            sidecar = load_sidecar(meta_path)
        except KirokuError as error:
            for log in current:
                yield Problem(log.path, f"re-parsing {source_path} fails: {error}")
            return
    raw = RawInput(
        path=raw_path,
        archive_path=source_path,
        sha256=sha,
        sidecar=sidecar,
        sidecar_path=metadata,
        sidecar_sha256=metadata_sha,
    )
    wanted = {log.item for log in current}
    by_item_and_id: dict[tuple[str | None, str], str] = {}
    by_item: dict[str | None, str] = {}
    try:
        for doc in parse_raw(raw, format_name):
            if doc.source.item in wanted:
                digest = recorded_digest(doc)
                by_item_and_id.setdefault((doc.source.item, doc.id), digest)
                by_item.setdefault(doc.source.item, digest)
    except KirokuError as error:
        for log in current:
            yield Problem(log.path, f"re-parsing {source_path} fails: {error}")
        return
    for log in current:
        again = by_item_and_id.get((log.item, log.id), by_item.get(log.item))
        if again is None:
            yield Problem(log.path, f"re-parsing {source_path} no longer gives this log")
        elif again != log.recorded:
            yield Problem(
                log.path,
                f"the recorded turns differ from what {source_path} parses to "
                "(edited by hand? re-import with --reimport to restore them)",
            )


def _redirect_maps(project: Project) -> dict[str, str]:
    """The redirects `mkdocs.yml` declares (plugins: redirects: redirect_maps)."""
    config_path = project.root / MKDOCS_CONFIG
    if not config_path.is_file():
        return {}
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _LenientConstructor
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError):
        return {}
    plugins = config.get("plugins") if isinstance(config, dict) else None
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (item for entry in plugins or [] if isinstance(entry, dict) for item in entry.items())
    )
    for name, settings in entries:
        if name == "redirects" and isinstance(settings, dict):
            maps = settings.get("redirect_maps") or {}
            return {str(k): str(v) for k, v in maps.items()} if isinstance(maps, dict) else {}
    return {}


class _LenientConstructor(SafeConstructor):
    """Reads `mkdocs.yml` even where it names Python objects (`!!python/name:`), as None."""


_LenientConstructor.add_constructor(None, lambda constructor, node: None)


def manifest_problems(project: Project, other_problems: bool = False) -> list[Problem]:
    """A URL of `urls.manifest` that the current logs would no longer publish, nor redirect.

    The pages are listed by the site generator itself, so the check cannot drift from it. If
    the site cannot be planned because of problems already reported, nothing more is said.
    """
    manifest = project.root / MANIFEST_NAME
    if not manifest.is_file():
        return []
    from kiroku.site.generate import plan_site

    try:
        published = plan_site(project).published_urls()
    except KirokuError as error:
        if other_problems:
            return []
        return [Problem(error.path or manifest, f"cannot list the site's pages: {error.message}")]
    try:
        check_manifest(manifest, published, _redirect_maps(project))
    except KirokuError as error:
        return [Problem(error.path or manifest, error.message, error.line)]
    return []


def _line_of_id(path: Path, label_id: str) -> int | None:
    """The first line giving `id: <label_id>`, so a person can jump to the typo.

    The document came from the cache, which keeps no positions; a plain scan is enough
    for the rare log that has a problem.
    """
    pattern = re.compile(r"^\s*(?:- )?id:\s*(['\"]?)" + re.escape(label_id) + r"\1\s*(?:#.*)?$")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, 1) if pattern.match(line)), None)


def check_project(project: Project) -> list[Problem]:
    """Every problem in the project's logs; an empty list means all is well.

    Each archived raw file is re-parsed once for all the logs it gave (an export with a
    thousand conversations is read once, not a thousand times).
    """
    problems: list[Problem] = []
    label_ids: set[str] | None = None
    if project.taxonomy_path.exists():
        try:
            label_ids = load_taxonomy(project.taxonomy_path).ids()
        except KirokuError as error:
            problems.append(Problem(project.taxonomy_path, error.message, error.line))
    ids: dict[str, Path] = {}
    sources: dict[SourceKey, list[LoggedSource]] = {}
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
        sources.setdefault(_source_key(doc), []).append(
            LoggedSource(path, doc.id, doc.source.item, doc.source.sha256, recorded_digest(doc))
        )
        if label_ids is not None:
            for unit in doc.units():
                used = [label.id for label in unit.labels] + [s.id for s in unit.suggestions]
                used += [rejection.id for rejection in unit.rejected]
                problems.extend(
                    Problem(
                        path,
                        f"label {label_id!r} is not in {project.taxonomy_path.name}",
                        _line_of_id(path, label_id),
                    )
                    for label_id in used
                    if label_id not in label_ids
                )
    for key, logs in sources.items():
        problems.extend(_source_problems(project, key, logs))
    problems.extend(manifest_problems(project, bool(problems)))
    return problems
