"""Log pages of the last generation, reused while their log, taxonomy and code are unchanged."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

from kiroku.analysis.morae import MoraRules
from kiroku.analysis.stats import BatchFigures, batch_figures
from kiroku.project import Project
from kiroku.schema import BatchLog, ChatLog
from kiroku.site.prerendered import body_of
from kiroku.storage import atomic_write

Document = ChatLog | BatchLog

CACHE_VERSION = 1
CODE_PACKAGES = ("kiroku.site", "kiroku.analysis")
"""Whose code renders a log page (with `kiroku/schema.py`)."""


@cache
def _code_digest() -> str:
    digest = hashlib.sha256(str(CACHE_VERSION).encode())
    files = [Path(str(resources.files("kiroku") / "schema.py"))]
    for package in CODE_PACKAGES:
        folder = Path(str(resources.files(package)))
        files += [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class RenderedPages:
    """Reuses a log page's markdown from the docs folder instead of rendering it again.

    Rendering every turn of every log is most of an incremental build's time, and a page
    depends only on its log, the language, the taxonomy and the code. The index records each
    page's key and the sha256 of the body it got; a body is reused only if the file in the
    docs folder still holds exactly that body, so a half-written or hand-edited file is
    simply rendered again.
    """

    def __init__(self, project: Project, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.index_path = project.cache_dir / "site-pages.json"
        taxonomy = project.taxonomy_path
        self.shared = _sha256(
            _code_digest() + (taxonomy.read_text(encoding="utf-8") if taxonomy.is_file() else "")
        )
        try:
            self.previous: dict[str, list[str]] = json.loads(
                self.index_path.read_text(encoding="utf-8")
            )
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, list[str]] = {}
        self.doc_keys: dict[int, str] = {}

    def body(self, doc: Document, lang: str, path: str, render: Callable[[], str]) -> str:
        """The body of the page at `path` (docs-folder path) for `doc` in `lang`."""
        doc_key = self.doc_keys.get(id(doc))
        if doc_key is None:
            doc_key = self.doc_keys[id(doc)] = _sha256(doc.model_dump_json())
        return self.page(path, f"{doc_key}\0{lang}", render)

    def page(self, path: str, inputs: str, render: Callable[[], str]) -> str:
        """The body of the page at `path`, which `inputs` (a text) and the code determine."""
        key = _sha256(f"{self.shared}\0{inputs}\0{path}")
        recorded = self.previous.get(path)
        if recorded is not None and recorded[0] == key:
            reused = self._reuse(path, recorded[1])
            if reused is not None:
                self.current[path] = recorded
                return reused
        body = render()
        self.current[path] = [key, _sha256(body)]
        return body

    def _reuse(self, path: str, body_sha: str) -> str | None:
        try:
            text = (self.docs_dir / path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        body = body_of(text)
        return body if body is not None and _sha256(body) == body_sha else None

    def save(self) -> None:
        data = json.dumps(self.current, separators=(",", ":")).encode("utf-8")
        atomic_write(self.index_path, data)


FIGURE_INDEPENDENT: dict[str, object] = {
    "title": True,
    "notes": True,
    "tags": True,
    "trials": {"__all__": {"translation_en": True, "note": True}},
}
"""What a batch's figures never read: editing a translation or a note keeps them valid."""


class CachedFigures:
    """Each batch's study figures from the last build, reused while its trials and the code hold.

    Computing them reads every trial (readings, rule checks); without this, an incremental
    build after one translation would recompute the figures of every batch in the archive.
    """

    def __init__(self, project: Project) -> None:
        self.path = project.cache_dir / "site-figures.json"
        try:
            self.previous: dict[str, dict[str, object]] = json.loads(
                self.path.read_text(encoding="utf-8")
            )
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, dict[str, object]] = {}

    def __call__(self, doc: BatchLog, rules: MoraRules) -> BatchFigures:
        inputs = doc.model_dump_json(exclude=FIGURE_INDEPENDENT)  # type: ignore[arg-type]
        key = _sha256(f"{_code_digest()}\0{rules!r}\0{inputs}")
        figures: BatchFigures | None = None
        if key in self.previous:
            try:
                figures = BatchFigures.model_validate(self.previous[key])
            except ValueError:
                figures = None
        if figures is None:
            figures = batch_figures(doc, rules)
        self.current[key] = figures.model_dump(mode="json")
        return figures

    def save(self) -> None:
        data = json.dumps(self.current, ensure_ascii=False, separators=(",", ":"))
        atomic_write(self.path, data.encode("utf-8", "surrogatepass"))
