"""`kiroku check`: every log valid, matching its archived source, and using known label ids."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiroku.code_version import parser_version
from kiroku.errors import KirokuError
from kiroku.keyed_store import chunked
from kiroku.log_roll import LogRoll, RolledLog, SourceKey
from kiroku.project import Project
from kiroku.proofs import FactBook, ProofBook, file_sha256, key_of, pipeline_version

MKDOCS_CONFIG = "mkdocs.yml"
MANIFEST_NAME = "urls.manifest"
"""`kiroku.site.manifest.MANIFEST_NAME` (a test keeps them equal; the site is imported only
when the URL list must be made again)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the project, located as precisely as possible."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return str(KirokuError(self.message, self.path, self.line))


def _source_problems(project: Project, key: SourceKey, logs: list[RolledLog]) -> Iterator[Problem]:
    """Problems of every log parsed from one raw file, which is re-parsed only once."""
    from kiroku import storage
    from kiroku.importers.base import RawInput, load_sidecar
    from kiroku.ingest import parse_raw
    from kiroku.proofs import recorded_digest

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
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    config_path = project.root / MKDOCS_CONFIG
    if not config_path.is_file():
        return {}
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _lenient_constructor()
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


def _lenient_constructor() -> type:
    """A constructor that reads `mkdocs.yml` even where it names Python objects
    (`!!python/name:`), as None."""
    from ruamel.yaml.constructor import SafeConstructor

    class LenientConstructor(SafeConstructor):
        pass

    LenientConstructor.add_constructor(None, lambda constructor, node: None)
    return LenientConstructor


def manifest_problems(
    project: Project,
    other_problems: bool = False,
    key: str | None = None,
    also: str | None = None,
) -> list[Problem]:
    """A URL of `urls.manifest` that the current logs would no longer publish, nor redirect.

    The pages are listed by the site generator itself, so the check cannot drift from it. If
    the site cannot be planned because of problems already reported, nothing more is said.
    """
    manifest = project.root / MANIFEST_NAME
    if not manifest.is_file():
        return []
    from kiroku.published import record_urls
    from kiroku.site.generate import plan_site

    try:
        published = plan_site(project, bodies=False).published_urls()
    except KirokuError as error:
        if other_problems:
            return []
        return [Problem(error.path or manifest, f"cannot list the site's pages: {error.message}")]
    if key is not None:
        record_urls(project, key, published, also)
    return _manifest_kept(project, manifest, published)


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
    thousand conversations is read once, not a thousand times), and not at all when the
    raw file, its sidecar, its importer's code and its logs are those an earlier check
    proved in agreement. One log is held at a time: what crosses logs (ids, sources, label
    ids) comes from each log's facts, kept by the sha256 of its file.
    """
    problems: list[Problem] = []
    facts = FactBook(project)
    proofs = ProofBook(project, "check", pipeline_version())
    label_ids: set[str] | None = None
    if project.taxonomy_path.exists():
        try:
            label_ids = _label_ids(project, proofs)
        except KirokuError as error:
            problems.append(Problem(project.taxonomy_path, error.message, error.line))
    roll = LogRoll(project.logs_dir)
    try:
        facts.learn(project.log_paths())
        for path in facts.ahead(project.log_paths()):
            try:
                log = facts.facts(path)
            except KirokuError as error:
                problems.append(Problem(path, error.message, error.line))
                continue
            fact = log.facts
            if fact.id != path.stem:
                problems.append(
                    Problem(path, f"id {fact.id!r} does not match the file name {path.name}")
                )
            key = (fact.source_path, fact.format, fact.metadata, fact.metadata_sha256)
            earlier = roll.add(
                path.name,
                fact.id,
                fact.published,
                key,
                fact.item,
                fact.source_sha256,
                fact.recorded,
            )
            if earlier is not None:
                problems.append(Problem(path, f"duplicate id {fact.id!r} (also in {earlier})"))
            if label_ids is not None:
                problems.extend(
                    Problem(
                        path,
                        f"label {label_id!r} is not in {project.taxonomy_path.name}",
                        _line_of_id(path, label_id),
                    )
                    for label_id in fact.label_ids
                    if label_id not in label_ids
                )
        for chunk in chunked(roll.by_source()):
            facts.stamps.prefetch(
                project.absolute(path) for key, _ in chunk for path in (key[0], key[2]) if path
            )
            proved = [_source_proof(project, key, source_logs) for key, source_logs in chunk]
            proofs.store.prefetch(proof for proof in proved if proof is not None)
            for (key, source_logs), proof in zip(chunk, proved, strict=True):
                problems.extend(_proved_source_problems(project, key, source_logs, proofs, proof))
        read_all = None
        if (project.root / MANIFEST_NAME).is_file():
            read = roll.reads()
            read_all = read if len(read) == len(list(project.log_paths())) else None
        problems.extend(_proved_manifest_problems(project, bool(problems), proofs, read_all))
    finally:
        roll.close()
        facts.save()
        proofs.save()
    return problems


def _label_ids(project: Project, proofs: ProofBook) -> set[str]:
    """The taxonomy's label ids, validated once per version of the file (raises if invalid)."""
    key = key_of("taxonomy", file_sha256(project.taxonomy_path, project))
    known = proofs.get(key)
    if isinstance(known, list):
        return set(known)
    from kiroku.taxonomy import load_taxonomy

    ids = load_taxonomy(project.taxonomy_path).ids()
    proofs.put(key, sorted(ids))
    return ids


def _source_proof(project: Project, key: SourceKey, logs: list[RolledLog]) -> str | None:
    """The key of everything `_source_problems` reads of a raw file and its logs (None when
    its format has no importer: that is a problem, never proved away)."""
    source_path, format_name, metadata, _ = key
    try:
        parser = parser_version(format_name)
    except KirokuError:
        return None
    return key_of(
        key,
        parser,
        file_sha256(project.absolute(source_path), project),
        file_sha256(project.absolute(metadata), project) if metadata else None,
        sorted((log.id, log.item or "", log.sha256, log.recorded) for log in logs),
    )


def _proved_source_problems(
    project: Project, key: SourceKey, logs: list[RolledLog], proofs: ProofBook, proof: str | None
) -> list[Problem]:
    """`_source_problems`, or none when what they read (`proof`) was proved in agreement before."""
    if proof is not None and proofs.get(proof) is not None:
        return []
    found = list(_source_problems(project, key, logs))
    if proof is not None and not found:
        proofs.put(proof)
    return found


def _proved_manifest_problems(
    project: Project,
    other_problems: bool,
    proofs: ProofBook,
    read: dict[str, str] | None = None,
) -> list[Problem]:
    """`manifest_problems`, or none when the manifest and the configuration are those of a
    check that found the manifest kept, for the same published URLs. The URLs come from the
    last build or check of the same logs, taxonomy, archive, hand-written pages and site
    code (`kiroku.published`), or of logs that differ from these only by what the list does
    not read (`read`: each log's `url_inputs`); the site is planned again only when one of
    those changed."""
    from kiroku.published import record_urls, recorded_urls, urls_key

    manifest = project.root / MANIFEST_NAME
    if not manifest.is_file():
        return []
    key = urls_key(project)
    proof = key_of(
        "manifest",
        key,
        file_sha256(manifest, project),
        file_sha256(project.root / MKDOCS_CONFIG, project),
    )
    by_reads = urls_key(project, read) if read is not None else None
    if proofs.get(proof) is not None:
        if by_reads is not None and recorded_urls(project, by_reads) is None:
            known = recorded_urls(project, key)  # the build's: known by reads from now on
            if known is not None:
                record_urls(project, key, known, by_reads)
        return []
    published = recorded_urls(project, key)
    if published is None and by_reads is not None:
        published = recorded_urls(project, by_reads)
    if published is None:
        found = manifest_problems(project, other_problems, key, by_reads)
    else:
        found = _manifest_kept(project, manifest, published)
        record_urls(project, key, published, by_reads)
    if not found and not other_problems:
        proofs.put(proof)
    return found


def _manifest_kept(project: Project, manifest: Path, published: set[str]) -> list[Problem]:
    from kiroku.site.manifest import check_manifest

    try:
        check_manifest(manifest, published, _redirect_maps(project))
    except KirokuError as error:
        return [Problem(error.path or manifest, error.message, error.line)]
    return []
