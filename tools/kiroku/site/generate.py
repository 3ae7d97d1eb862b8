"""Planning and writing the site's source: one markdown page per log and language, plus files."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kiroku.errors import KirokuError
from kiroku.project import Project
from kiroku.schema import BatchLog, ChatLog
from kiroku.site.batch_page import batch_page
from kiroku.site.chat_page import chat_page
from kiroku.site.fragments import PageContext, title_of
from kiroku.site.html import NEL_PLACEHOLDER, escape
from kiroku.site.index_pages import home_page, log_rows, logs_page
from kiroku.site.page_cache import CachedFigures, RenderedPages
from kiroku.site.phrases import LANGUAGES, phrase
from kiroku.site.prerendered import page_source
from kiroku.site.tables_page import Table, report_tables, tables_page
from kiroku.site.taxonomy_page import label_uses_key, taxonomy_page
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
from kiroku.storage import Loaded, atomic_write, load
from kiroku.taxonomy import Taxonomy, load_taxonomy

Document = ChatLog | BatchLog

ASSET_NAMES = ("kiroku.css", "kiroku.js")
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
        front = [f"title: {json.dumps(title)}"]
        if self.hide:
            front.append(f"hide: {json.dumps(list(self.hide))}")
        return page_source("\n".join(front), self.body)


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


def load_logs(project: Project) -> list[Loaded]:
    """Every log with the sha256 of its file, newest first (undated last), then by id."""
    logs = [load(path) for path in project.log_paths()]
    logs.sort(key=lambda log: log.doc.id)
    logs.sort(key=lambda log: log.doc.date.toordinal() if log.doc.date else 0, reverse=True)
    return logs


def load_documents(project: Project) -> list[Document]:
    """Every log, newest first (undated last), then by id."""
    return [log.doc for log in load_logs(project)]


def load_optional_taxonomy(project: Project) -> Taxonomy | None:
    return load_taxonomy(project.taxonomy_path) if project.taxonomy_path.exists() else None


def study_tables(docs: list[Document], figures: CachedFigures | None = None) -> list[Table]:
    """The analysis report as tables; the analysis library computes, the site only shows."""
    from kiroku.analysis.stats import report

    if not docs:
        return []
    return report_tables(report(docs, figures_of=figures))


def _check_sources(project: Project, docs: list[Document]) -> None:
    for doc in docs:
        for path in (doc.source.path, doc.source.metadata):
            if path and not project.absolute(path).is_file():
                raise KirokuError(
                    f"source file {path} is missing from the archive; its download link would break",
                    project.log_path(doc.id),
                )


def plan_site(project: Project, docs_dir: Path | None = None) -> SitePlan:
    """Render every page in both languages; raises KirokuError before anything is written.

    A hand-written home page (`docs/index.md`, `docs/ja/index.md`) replaces the generated one;
    any other hand-written page with the path of a generated one is an error. With the
    `docs_dir` of the last generation, log pages whose inputs are unchanged are reused."""
    logs = load_logs(project)
    docs = [log.doc for log in logs]
    _check_sources(project, docs)
    taxonomy = load_optional_taxonomy(project)
    shas = {log.doc.id: log.sha256 for log in logs}
    figures = CachedFigures(project, shas) if docs_dir is not None else None
    tables = study_tables(docs, figures)
    rendered = RenderedPages(project, docs_dir) if docs_dir is not None else None
    plan = SitePlan(rendered=rendered)
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
        ) -> Page:
            """The page at `url`, kept from the last generation while `inputs` hold."""
            if rendered is None:
                return Page(url, lang, title, render(), hide)
            body = rendered.page(in_language(markdown_path(url), lang), inputs, render)
            return Page(url, lang, title, body or "", hide, unchanged=body is None)

        rows = repr(log_rows(docs, lang))
        plan.pages += [
            page(HOME, phrase("home_title", lang), rows, lambda: home_page(docs, context(HOME))),
            page(LOGS, phrase("logs", lang), rows, lambda: logs_page(docs, context(LOGS))),
            page(
                TABLES,
                phrase("tables", lang),
                repr(tables),
                lambda: tables_page(tables, context(TABLES)),
            ),
            page(
                TAXONOMY,
                phrase("taxonomy", lang),
                label_uses_key(docs, lang),
                lambda: taxonomy_page(docs, context(TAXONOMY)),
            ),
        ]
        for log in logs:
            doc = log.doc
            url = log_url(doc.id)

            def render(doc: Document = doc, url: str = url) -> str:
                if isinstance(doc, ChatLog):
                    return chat_page(doc, context(url))
                return batch_page(doc, context(url))

            inputs = f"{log.sha256}\0{lang}"
            plan.pages.append(page(url, title_of(doc, lang), inputs, render, hide=("toc",)))
    for table in tables:
        plan.files.update(table.downloads())
    assets = resources.files("kiroku.site") / "assets"
    for name in ASSET_NAMES:
        plan.files[ASSETS + name] = (assets / name).read_bytes()
    for path in sorted(project.archive_dir.rglob("*")):
        parts = path.relative_to(project.root).parts
        if path.is_file() and not any(part.startswith(".") for part in parts):
            plan.downloads["/".join(parts)] = path
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
    return plan


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
    for path in sorted(docs_dir.rglob("*"), reverse=True):
        relative = path.relative_to(docs_dir).as_posix()
        if path.name.startswith("."):
            continue
        if path.is_file() and relative not in wanted:
            path.unlink()
            changed.append(relative)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if plan.rendered is not None:
        plan.rendered.save()
    return changed
