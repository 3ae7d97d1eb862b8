"""Log pages of the last generation, reused while their log, taxonomy and code are unchanged."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from importlib import metadata, resources
from pathlib import Path

from kiroku import jsonio
from kiroku.analysis.morae import MoraRules
from kiroku.analysis.stats import BatchFigures, batch_figures
from kiroku.project import Project
from kiroku.schema import BatchLog, ChatLog
from kiroku.storage import atomic_write

Document = ChatLog | BatchLog

CACHE_VERSION = 2
CODE_PACKAGES = ("kiroku.site", "kiroku.analysis")
"""Whose code renders a log page (with `kiroku/schema.py`)."""
LIBRARIES = ("fugashi", "ipadic", "pykakasi")
"""Libraries whose output a log page holds (search phrases, readings): a new version may change it."""


@cache
def code_digest() -> str:
    digest = hashlib.sha256(str(CACHE_VERSION).encode())
    for library in LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}\0".encode())
    files = [Path(str(resources.files("kiroku") / "schema.py"))]
    for package in CODE_PACKAGES:
        folder = Path(str(resources.files(package)))
        files += [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _stamp(path: Path) -> str | None:
    """A file's size and modification time, which any write changes; None if it is missing."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class RenderedPages:
    """Reuses a log page's markdown from the docs folder instead of rendering it again.

    Rendering every turn of every log is most of an incremental build's time, and a page
    depends only on its log (the sha256 of its file), the language, the taxonomy and the code.
    The index records each page's key and the size and modification time of the file written
    for it; a page is kept, unread, only while its file in the docs folder still has them, so
    a half-written or hand-edited file is simply rendered again.
    """

    def __init__(self, project: Project, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.index_path = project.cache_dir / "site-pages.json"
        taxonomy = project.taxonomy_path
        self.shared = _sha256(
            code_digest() + (taxonomy.read_text(encoding="utf-8") if taxonomy.is_file() else "")
        )
        try:
            found = jsonio.decode(self.index_path.read_bytes())
        except (OSError, ValueError):
            found = {}
        self.previous: dict[str, list[str]] = found if isinstance(found, dict) else {}
        self.current: dict[str, list[str]] = {}

    def page(self, path: str, inputs: str, render: Callable[[], str]) -> str | None:
        """The body of the page at `path`, which `inputs` (a text) and the code determine;
        None when the file in the docs folder is the very one written for these inputs."""
        key = _sha256(f"{self.shared}\0{inputs}\0{path}")
        recorded = self.previous.get(path)
        if recorded is not None and recorded[0] == key and self._untouched(path, recorded):
            self.current[path] = recorded
            return None
        self.current[path] = [key]
        return render()

    def _untouched(self, path: str, recorded: list[str]) -> bool:
        """The docs-folder file still has the size and modification time recorded when it was
        written (any other writer, a hand edit or a half-finished write changes them)."""
        stamp = _stamp(self.docs_dir / path)
        return stamp is not None and len(recorded) == 2 and recorded[1] == stamp

    def written(self, path: str) -> None:
        """Record the docs-folder file at `path` as now holding the page rendered for it."""
        recorded = self.current.get(path)
        stamp = _stamp(self.docs_dir / path)
        if recorded is not None and stamp is not None:
            self.current[path] = [recorded[0], stamp]

    def save(self) -> None:
        atomic_write(
            self.index_path, jsonio.encode(self.current), durable=False
        )  # a cache: lost, pages render again


FIGURE_INDEPENDENT: dict[str, object] = {
    "title": True,
    "notes": True,
    "tags": True,
    "trials": {
        "__all__": {
            "translation_en": True,
            "note": True,
            "labels": True,
            "rejected": True,
            "suggestions": True,
            "played": True,
        }
    },
}
"""What a batch's figures never read: a translation, a note, a person's labels and
rejections, and the analysis's stored words and suggestions (the figures read the outputs'
text again, `batch_figures`), so saving a label keeps them valid."""


class CachedFigures:
    """Each batch's study figures from the last build, reused while its trials and the code hold.

    Computing them reads every trial (readings, rule checks); without this, an incremental
    build after one translation would recompute the figures of every batch in the archive.
    A figure's key is the batch without what figures never read; a batch whose file (by its
    sha256) is unchanged finds its key, and its figures, without the batch being read at all.
    """

    def __init__(self, project: Project) -> None:
        self.path = project.cache_dir / "site-figures.json"
        try:
            data = jsonio.decode(self.path.read_bytes())
            self.previous: dict[str, dict[str, object]] = data["figures"]
            self.previous_keys: dict[str, str] = data["keys"]
        except (OSError, ValueError, KeyError, TypeError):
            self.previous, self.previous_keys = {}, {}
        self.current: dict[str, dict[str, object]] = {}
        self.keys: dict[str, str] = {}

    def figures(
        self, file_sha256: str, batch: Callable[[], BatchLog], rules: MoraRules
    ) -> BatchFigures:
        """The figures of the batch whose file has `file_sha256`; `batch` reads it if needed."""
        file_key = _sha256(f"{code_digest()}\0{rules!r}\0{file_sha256}")
        key = self.keys.get(file_key) or self.previous_keys.get(file_key)
        found = self._cached(key) if key is not None else None
        if key is None or found is None:
            doc = batch()
            inputs = doc.model_dump_json(exclude=FIGURE_INDEPENDENT)  # type: ignore[arg-type]
            key = _sha256(f"{code_digest()}\0{rules!r}\0{inputs}")
            found = self._cached(key)
        if found is None:
            figures = batch_figures(doc, rules)
            found = (figures, figures.model_dump(mode="json"))
        self.keys[file_key] = key
        self.current[key] = found[1]
        return found[0]

    def _cached(self, key: str) -> tuple[BatchFigures, dict[str, object]] | None:
        """The figures under `key` from this build (asked again: the dataset export) or the
        last, with their data as cached."""
        data = self.current.get(key, self.previous.get(key))
        if data is None:
            return None
        try:
            return BatchFigures.model_validate(data), data
        except ValueError:
            return None

    def save(self) -> None:
        data = jsonio.encode({"figures": self.current, "keys": self.keys})
        atomic_write(self.path, data, durable=False)


class Fragments:
    """Pieces of a shared page from the last build, each kept by what it shows.

    The taxonomy page lists every use of every label, grouped by log: at 1,000 logs,
    thousands of groups and megabytes of HTML in each language, made again whenever one
    label is saved. A group depends only on its log's file (its title and uses), the
    language and the code, so it is kept by those and only the changed log's are made."""

    def __init__(self, project: Project, name: str) -> None:
        self.path = project.cache_dir / f"site-{name}.json"
        try:
            data = jsonio.decode(self.path.read_bytes())
            self.previous: dict[str, str] = (
                data["fragments"] if data["code"] == code_digest() else {}
            )
        except (OSError, ValueError, KeyError, TypeError):
            self.previous = {}
        self.current: dict[str, str] = {}

    def fragment(self, key: str, render: Callable[[], str]) -> str:
        """The fragment that `key` (all it depends on but the code) stands for."""
        found = self.current.get(key)
        if found is None:
            found = self.previous.get(key)
            if found is None:
                found = render()
            self.current[key] = found
        return found

    def save(self, keep: Callable[[str], bool] = lambda key: False) -> None:
        """Keep the fragments asked for in this build, and those of the last that `keep`
        names (a page not made again this time still needs them next time)."""
        kept = {key: html for key, html in self.previous.items() if keep(key)}
        fragments = kept | self.current
        data = jsonio.encode({"code": code_digest(), "fragments": fragments})
        atomic_write(self.path, data, durable=False)


class TableDownloads:
    """The CSV and JSON files of each study table from the last build, kept by the table
    itself (its `repr`: its columns and rows) and the code: the per-batch tables hold a row
    per batch, so writing them again costs as much as the change of one label."""

    def __init__(self, project: Project) -> None:
        self.folder = project.cache_dir / "site-table-downloads"
        self.used: set[str] = set()

    def files(self, key: str, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        """`make()` (site path → bytes), or what it gave for `key` in the last build."""
        name = hashlib.sha256(f"{code_digest()}\0{key}".encode("utf-8", "surrogatepass"))
        path = self.folder / f"{name.hexdigest()}.files"
        self.used.add(path.name)
        try:
            raw = path.read_bytes()
            head, _, body = raw.partition(b"\n")
            found, offset = {}, 0
            for relative, size in json.loads(head):
                found[relative] = body[offset : offset + size]
                offset += size
            if offset == len(body):
                return found
        except (OSError, ValueError, TypeError):
            pass
        made = make()
        sizes = json.dumps([[relative, len(data)] for relative, data in made.items()])
        atomic_write(path, sizes.encode("utf-8") + b"\n" + b"".join(made.values()), durable=False)
        return made

    def prune(self) -> None:
        """Forget the files of tables no longer shown."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)
