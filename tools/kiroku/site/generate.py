"""Planning and writing the site's source: one markdown page per log and language, plus files."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path

from kiroku.errors import KirokuError, StorageError
from kiroku.file_stamps import files_under, stamps
from kiroku.project import Project
from kiroku.schema import BatchLog, ChatLog
from kiroku.site.batch_page import batch_page
from kiroku.site.chat_page import chat_page
from kiroku.site.dataset_downloads import dataset_downloads, downloads_section
from kiroku.site.digest import DigestCache, LogDigest, digest_of
from kiroku.site.fragments import PageContext
from kiroku.site.html import NEL_PLACEHOLDER, escape
from kiroku.site.index_pages import home_page, logs_page
from kiroku.site.page_cache import CachedFigures, Fragments, RenderedPages, TableDownloads
from kiroku.site.phrases import LANGUAGES, phrase
from kiroku.site.prerendered import page_source
from kiroku.site.tables_page import Table, agreement_table, report_tables, tables_page
from kiroku.site.taxonomy_page import LogGroups, label_uses_key, taxonomy_page_of
from kiroku.site.urls import (
    ASSETS,
    HOME,
    LOGS,
    TABLES,
    TAXONOMY,
    in_language,
    log_url,
    markdown_path,
)
from kiroku.storage import atomic_write, load, sha256_bytes
from kiroku.taxonomy import Taxonomy, load_taxonomy

Document = ChatLog | BatchLog

ASSET_NAMES = (
    "kiroku.css",
    "kiroku.js",
    "kiroku-pages.css",
    "kiroku-pages.js",
    "kiroku-links.css",
    "kiroku-links.js",
    "kiroku-search.js",
    "kiroku-archive.js",
)
"""Our own stylesheet and script, bundled with the package (no CDN, no network)."""


@dataclass(frozen=True)
class Page:
    """One generated page in one language."""

    url: str
    """Language-neutral path from the site root, e.g. `logs/x/`."""
    lang: str
    title: str
    body: str
    hide: tuple[str, ...] = ()
    unchanged: bool = False
    """The docs folder already holds this very page (an incremental generation): `body` is
    left empty and the file is neither read nor written."""
    description: str | None = None
    """One line for `<meta name="description">` and the Open Graph preview (`kiroku.site.preview`)."""

    @property
    def site_url(self) -> str:
        return in_language(self.url, self.lang)

    @property
    def path(self) -> str:
        """The markdown file in the docs folder: English at its root, Japanese under `ja/`."""
        return in_language(markdown_path(self.url), self.lang)

    def markdown(self) -> str:
        """Front matter (title already HTML-escaped: the theme inserts it as is) and the body,
        which the hook carries past Markdown (`kiroku.site.prerendered`)."""
        title = escape(self.title).replace(NEL_PLACEHOLDER, " ")
        front = [f"title: {yaml_string(title)}"]
        if self.hide:
            front.append(f"hide: {json.dumps(list(self.hide))}")
        if self.description:
            description = escape(self.description).replace(NEL_PLACEHOLDER, " ")
            front.append(f"description: {yaml_string(description)}")
        return page_source("\n".join(front), self.body)


_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def yaml_string(value: str) -> str:
    """`value` as a double-quoted YAML string that MkDocs' front matter reader takes back
    unchanged. JSON's quoting with `ensure_ascii` would not do: it writes 🍊 as a surrogate
    pair (`\\ud83c\\udf4a`), which YAML reads as two lone surrogates, and MkDocs then drops
    the whole front matter (title, description and all). Characters YAML may not hold raw
    (DEL, C1 controls, line separators) are escaped; a lone surrogate becomes U+FFFD."""
    quoted = json.dumps(_SURROGATE.sub("\ufffd", value), ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda found: f"\\u{ord(found[0]):04x}", quoted)


@dataclass
class SitePlan:
    """Everything the site is made of, computed before anything is written."""

    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    """Docs-folder path → bytes of generated files (assets, table downloads)."""
    downloads: dict[str, Path] = field(default_factory=dict)
    """Site path → project file copied verbatim into the built site (the raw archive)."""
    handwritten: dict[str, Path] = field(default_factory=dict)
    """Docs-folder path → hand-written file from `docs/`."""
    rendered: RenderedPages | None = None
    """The pages kept from the last generation, told what `write_docs` wrote."""

    def published_urls(self) -> set[str]:
        """Every URL a reader may link to, as `/path` from the site root."""
        urls = {page.site_url for page in self.pages}
        urls.update(path for path in self.files if not path.startswith(ASSETS))
        urls.update(self.downloads)
        for path in self.handwritten:
            if path.endswith(".md"):
                stem = path[: -len("index.md")] if path.endswith("index.md") else path[:-3] + "/"
                urls.add(stem)
            else:
                urls.add(path)
        return {"/" + url for url in urls}


@dataclass
class LogEntry:
    """One log file of the archive: its sha256 and digest now, its document when needed."""

    path: Path
    sha256: str
    digest: LogDigest
    loaded: Document | None = None
    keep: bool = True
    """Keep the document once read; False reads it again each time, so a pass over every log
    (the URL list `kiroku check` asks for) holds one log at a time."""

    @property
    def doc(self) -> Document:
        """The validated document, read on first use (only pages rendered again need it)."""
        if self.loaded is not None:
            return self.loaded
        loaded = load(self.path)
        if loaded.sha256 != self.sha256:
            raise KirokuError("changed while the site was being generated; build again", self.path)
        if self.keep:
            self.loaded = loaded.doc
        return loaded.doc

    def batch(self) -> BatchLog:
        doc = self.doc
        if not isinstance(doc, BatchLog):
            raise KirokuError(f"{self.digest.id} is not a trial batch", self.path)
        return doc


def load_logs(
    project: Project, digests: DigestCache | None = None, keep: bool = True
) -> list[LogEntry]:
    """Every log, newest first (undated last), then by id; with `digests`, a log whose file
    is unchanged since the last build is not read, only its digest (`keep`: see LogEntry)."""
    entries = []
    book = stamps(project.cache_dir)
    for path in project.log_paths():
        sha = book.sha256(path)
        if sha is None:
            try:
                sha = sha256_bytes(path.read_bytes())
            except OSError as error:
                raise StorageError(f"cannot read: {error.strerror}", path) from None
        digest = digests.get(sha) if digests is not None else None
        entry = LogEntry(path, sha, digest, keep=keep) if digest is not None else None
        if entry is None:
            loaded = load(path)
            kept = loaded.doc if keep else None
            entry = LogEntry(path, loaded.sha256, digest_of(loaded.doc), kept, keep)
        if digests is not None and digest is None:
            digests.put(entry.sha256, entry.digest)  # a digest found is kept by `get`
        entries.append(entry)
    entries.sort(key=lambda entry: entry.digest.id)
    entries.sort(key=lambda entry: entry.digest.order, reverse=True)
    return entries


def load_documents(project: Project) -> list[Document]:
    """Every log, newest first (undated last), then by id."""
    return [entry.doc for entry in load_logs(project)]


def load_optional_taxonomy(project: Project) -> Taxonomy | None:
    return load_taxonomy(project.taxonomy_path) if project.taxonomy_path.exists() else None


def study_tables(entries: list[LogEntry], figures: CachedFigures | None = None) -> list[Table]:
    """The analysis report as tables; the analysis library computes, the site only shows.

    Each batch's figures and each log's label counts come from the caches when its file is
    unchanged, so an unchanged archive is not read again to show the same tables."""
    from kiroku.analysis.morae import DEFAULT_RULES
    from kiroku.analysis.stats import assembled_report, batch_figures, merged_label_counts
    from kiroku.annotations.agreement import agreement, annotators_of

    if not entries:
        return []
    batches = []
    for entry in entries:
        if entry.digest.kind != "batch":
            continue
        if figures is None:
            batches.append(batch_figures(entry.batch(), DEFAULT_RULES))
        else:
            batches.append(figures.figures(entry.sha256, entry.batch, DEFAULT_RULES))
    labels = merged_label_counts(count for e in entries for count in e.digest.labels)
    tables = report_tables(assembled_report(batches, labels))
    judged = [j for entry in entries for j in entry.digest.judgements()]
    who = annotators_of(judged)
    if len(who) >= 2:
        per_label, overall, units = agreement(judged, who)
        if units:
            tables.append(agreement_table(per_label, overall, who, len(units)))
    return tables


def _check_sources(project: Project, entries: list[LogEntry]) -> None:
    for entry in entries:
        for path in entry.digest.sources:
            if not os.path.isfile(project.absolute(path)):
                raise KirokuError(
                    f"source file {path} is missing from the archive; its download link would break",
                    entry.path,
                )


def plan_site(
    project: Project,
    docs_dir: Path | None = None,
    bodies: bool = True,
    site_url: str | None = None,
    stream: bool = False,
) -> SitePlan:
    """Render every page in both languages; raises KirokuError before anything is written.

    A hand-written home page (`docs/index.md`, `docs/ja/index.md`) replaces the generated one;
    any other hand-written page with the path of a generated one is an error. With the
    `docs_dir` of the last generation, log pages whose inputs are unchanged are reused.
    `bodies=False` plans every page and file but renders no page (their bodies stay empty),
    holding one log at a time: enough for `published_urls`. With `stream`, each page rendered anew
    is written into `docs_dir` at once and kept in the plan without its body, and each log
    is read again whenever it is needed instead of kept, so a build holds neither every page
    nor every log of the archive at once (then a KirokuError may come after some
    pages were written into `docs_dir`, which the next build simply writes again)."""
    cached = docs_dir is not None or not bodies
    digests = DigestCache(project) if cached else None
    logs = load_logs(project, digests, keep=bodies and not stream)
    _check_sources(project, logs)
    taxonomy = load_optional_taxonomy(project)
    figures = CachedFigures(project) if cached else None
    tables = study_tables(logs, figures)
    dataset = dataset_downloads(project, logs, figures, site_url, build=bodies)

    rendered = RenderedPages(project, docs_dir) if docs_dir is not None else None
    plan = SitePlan(rendered=rendered)
    fragments = Fragments(project, "taxonomy-groups") if cached and bodies else None
    file_of = {log.digest.id: log.sha256 for log in logs}
    shown_tables = _digest(repr(table) for table in tables)  # what the home and tables pages show
    made_in: set[str] = set()

    def groups_in(lang: str) -> LogGroups:
        """A log's group of uses of a label on the taxonomy page, kept by its file."""

        def group(log_id: str, label_id: str, make: Callable[[], str]) -> str:
            made_in.add(lang)
            if fragments is None:
                return make()
            return fragments.fragment(f"{file_of[log_id]}\0{lang}\0{label_id}", make)

        return group

    for lang in LANGUAGES:

        def context(url: str, lang: str = lang) -> PageContext:
            return PageContext(lang, in_language(url, lang), taxonomy)

        def page(
            url: str,
            title: str,
            inputs: str,
            render: Callable[[], str],
            hide: tuple[str, ...] = (),
            lang: str = lang,
            description: str | None = None,
        ) -> Page:
            """The page at `url`, kept from the last generation while `inputs` hold."""
            if not bodies:
                return Page(url, lang, title, "", hide)
            if rendered is None:
                return Page(url, lang, title, render(), hide, description=description)
            body = rendered.page(in_language(markdown_path(url), lang), inputs, render)
            made = Page(url, lang, title, body or "", hide, body is None, description=description)
            if stream and docs_dir is not None and not made.unchanged:
                _write_page(docs_dir, made, rendered)
                return dataclasses.replace(made, body="", unchanged=True)
            return made

        def taxonomy_of(lang: str = lang) -> str:
            uses = ((log.digest.id, log.digest.title(lang), log.digest.uses) for log in logs)
            return taxonomy_page_of(uses, context(TAXONOMY), groups_in(lang))

        log_rows = [log.digest.rows[lang] for log in logs]
        rows = _digest(repr(row) for row in log_rows)
        uses = _digest(
            [
                label_uses_key(
                    (log.digest.id, log.digest.title(lang), log.digest.uses) for log in logs
                )
            ]
        )
        plan.pages += [
            page(
                HOME,
                phrase("home_title", lang),
                rows + shown_tables,
                partial(home_page, log_rows, tables, context(HOME)),
                hide=("toc",),
            ),
            page(
                LOGS,
                phrase("logs", lang),
                rows,
                partial(logs_page, log_rows, context(LOGS)),
                hide=("toc",),
            ),
            page(
                TABLES,
                phrase("tables", lang),
                shown_tables + dataset.key(),
                lambda: tables_page(
                    tables, context(TABLES), downloads_section(dataset, context(TABLES))
                ),
                hide=("toc",),
            ),
            page(
                TAXONOMY,
                phrase("taxonomy", lang),
                uses,
                taxonomy_of,
            ),
        ]
        for log in logs:
            url = log_url(log.digest.id)

            def render(log: LogEntry = log, url: str = url) -> str:
                doc = log.doc
                if isinstance(doc, ChatLog):
                    return chat_page(doc, context(url))
                return batch_page(doc, context(url))

            inputs = f"{log.sha256}\0{lang}"
            title = log.digest.title(lang)
            description = log.digest.rows[lang].description
            plan.pages.append(
                page(url, title, inputs, render, hide=("toc",), description=description)
            )
    downloads = TableDownloads(project) if cached and bodies else None
    for table in tables:
        if downloads is None:
            plan.files.update(table.downloads(contents=bodies))
        else:
            plan.files.update(downloads.files(repr(table), table.downloads))
    if downloads is not None:
        downloads.prune()
    plan.files.update(dataset.files())
    assets = resources.files("kiroku.site") / "assets"
    for name in ASSET_NAMES:
        plan.files[ASSETS + name] = (assets / name).read_bytes()
    start = len(os.fspath(project.root / "-")) - 1
    archived = [path[start:].split(os.sep) for path in files_under(project.archive_dir)]
    for parts in sorted(archived):  # in the order of `Path`s: by their parts
        if not any(part.startswith(".") for part in parts):
            plan.downloads["/".join(parts)] = project.root.joinpath(*parts)
    handwritten = project.root / "docs"
    if handwritten.is_dir():
        for path in sorted(handwritten.rglob("*")):
            name = path.relative_to(handwritten).as_posix()
            if path.is_file() and not any(p.startswith(".") for p in name.split("/")):
                plan.handwritten[name] = path
    plan.pages = [
        page for page in plan.pages if not (page.url == HOME and page.path in plan.handwritten)
    ]
    generated = {page.path for page in plan.pages} | set(plan.files)
    clash = sorted(generated & set(plan.handwritten))
    if clash:
        raise KirokuError(f"hand-written page docs/{clash[0]} has the path of a generated page")
    if figures is not None:
        figures.save()
    if digests is not None:
        digests.save()
    if fragments is not None:
        files = set(file_of.values())
        fragments.save(lambda key: key.split("\0")[1] not in made_in and key[:64] in files)
    return plan


def _digest(parts: Iterable[str]) -> str:
    """A page cache's input key for texts too long to keep as they are (the repr of 10,000
    rows of a table took 30 MB): the sha256 of each, in order."""
    return "".join(sha256_bytes(part.encode("utf-8", "surrogatepass")) for part in parts)


def _write_page(docs_dir: Path, page: Page, rendered: RenderedPages | None) -> None:
    target = docs_dir / page.path
    data = page.markdown().encode("utf-8")
    if not target.is_file() or target.read_bytes() != data:
        atomic_write(target, data)
    if rendered is not None:
        rendered.written(page.path)


def _remove_unwanted(docs_dir: Path, wanted: Container[str], removed: list[str]) -> None:
    """Remove the files of `docs_dir` not `wanted` (hidden ones aside), then the folders left
    empty, deepest first; each removed file's path is added to `removed`."""
    start = len(os.fspath(docs_dir / "-")) - 1
    for top, folders, files in os.walk(docs_dir, topdown=False):
        for name in sorted(files, reverse=True):
            relative = os.path.join(top, name)[start:].replace(os.sep, "/")
            if not name.startswith(".") and relative not in wanted:
                os.unlink(os.path.join(top, name))
                removed.append(relative)
        for name in folders:
            folder = os.path.join(top, name)
            if not name.startswith(".") and not os.path.islink(folder):
                with contextlib.suppress(OSError):  # not empty: kept
                    os.rmdir(folder)


def write_docs(plan: SitePlan, docs_dir: Path) -> list[str]:
    """Write the plan into `docs_dir`, touching only files whose bytes change (so a watching
    server does not rebuild forever) and removing files no longer generated."""
    wanted: dict[str, bytes | None] = {
        page.path: None if page.unchanged else page.markdown().encode("utf-8")
        for page in plan.pages
    }
    wanted.update(plan.files)
    wanted.update((path, source.read_bytes()) for path, source in plan.handwritten.items())
    changed = []
    for relative, data in wanted.items():
        if data is None:
            continue
        target = docs_dir / relative
        if not target.is_file() or target.read_bytes() != data:
            atomic_write(target, data)
            changed.append(relative)
        if plan.rendered is not None:
            plan.rendered.written(relative)
    _remove_unwanted(docs_dir, wanted, changed)
    if plan.rendered is not None:
        plan.rendered.save()
    return changed
