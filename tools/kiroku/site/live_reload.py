"""`kiroku serve` reloads only the pages a rebuild rewrote, not every page open in a browser."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import urllib.parse
from collections.abc import Iterable
from typing import Any

from mkdocs.livereload import LiveReloadServer

SHARED_SUFFIXES = frozenset(
    {".css", ".js", ".mjs", ".woff", ".woff2", ".ttf", ".svg", ".png", ".jpg", ".jpeg", ".gif"}
)
"""Files a page shows or runs besides its own HTML (styles, scripts, fonts, images): when the
bytes of one change, every open page reloads (MkDocs copies them again on every build, so
their times change each time). Data files (the search index, the sitemap, table and raw
downloads) change with the pages that list them and reload nothing by themselves."""
_POLL = re.compile(r"/livereload/([0-9]+)/[0-9]+")

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: str) -> Snapshot:
    """Every file under `root` (site-relative, `/`-separated) with its mtime and size."""
    found: Snapshot = {}
    folders = [(root, "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, name + "/"))
            else:
                try:
                    stat = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                found[name] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed_files(before: Snapshot, after: Snapshot) -> set[str]:
    """Files written, added or removed between two snapshots."""
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def _is_shared(name: str) -> bool:
    return posixpath.splitext(name)[1].lower() in SHARED_SUFFIXES


def page_of(referer: str | None, mount_path: str) -> str | None:
    """The site file of the page whose livereload script polls (its `Referer`), None if unknown."""
    if not referer:
        return None
    path = urllib.parse.unquote(urllib.parse.urlsplit(referer).path)
    if not (path + "/").startswith(mount_path):
        return None
    relative = path[len(mount_path) :]
    if path.endswith("/") or not relative:
        relative += "index.html"
    return posixpath.normpath("/" + relative).lstrip("/")


class PageReloadServer(LiveReloadServer):
    """MkDocs' development server, answering a page's reload poll only when a rebuild rewrote
    that page's HTML or a file every page uses (`SHARED_SUFFIXES`), or removed a file.

    MkDocs tells every open page to reload after each rebuild; with an incremental build
    that rewrites one log's page after a label is saved, the other open pages (the list of
    logs, another log) stay as they are, scrolled where the reader left them."""

    unwatched: frozenset[str] = frozenset()
    """Folders (absolute) the build itself writes, the generated pages: a change there is the
    build's own doing, not a reason to build again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_epochs: dict[str, int] = {}
        """Site file → epoch of the last build that rewrote it."""
        self.everything_epoch = 0
        """Epoch of the last build that changed what every page uses."""
        self.files: Snapshot | None = None
        self.shared: dict[str, str | None] = {}
        """Site file of `SHARED_SUFFIXES` → sha256 of its bytes."""
        build = self.builder

        def build_and_note() -> None:
            build()
            self.note_changes(snapshot(self.root))

        self.builder = build_and_note

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        if os.path.abspath(path) not in self.unwatched:
            super().watch(path, func, recursive=recursive)

    def serve(self, *args: Any, **kwargs: Any) -> None:
        self.files = snapshot(self.root)  # the first build ran before the server started
        self.shared = {name: self._digest(name) for name in self.files if _is_shared(name)}
        super().serve(*args, **kwargs)

    def note_changes(self, after: Snapshot) -> None:
        """Record what the build that just ran (of `_wanted_epoch`) wrote."""
        before, self.files = self.files, after
        if before is None:
            return
        epoch = self._wanted_epoch
        for name in changed_files(before, after):
            if _is_shared(name):
                digest = self._digest(name)
                if digest == self.shared.get(name):
                    continue  # copied again, same bytes
                self.shared[name] = digest
                self.everything_epoch = epoch
            elif name not in after:
                self.everything_epoch = epoch
            self.page_epochs[name] = epoch

    def _digest(self, name: str) -> str | None:
        try:
            with open(os.path.join(self.root, name), "rb") as stream:
                return hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError:
            return None

    def reload_due(self, page: str | None, epoch: int) -> bool:
        """Whether the page last loaded at `epoch` should reload now."""
        if self._visible_epoch <= epoch:
            return False
        if page is None or self.everything_epoch > epoch:
            return True
        return self.page_epochs.get(page, 0) > epoch

    def _serve_request(self, environ: Any, start_response: Any) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        found = _POLL.fullmatch(path)
        if found is None:
            return super()._serve_request(environ, start_response)
        epoch = int(found[1])
        page = page_of(environ.get("HTTP_REFERER"), self.mount_path)
        start_response("200 OK", [("Content-Type", "text/plain")])
        with self._epoch_cond:
            self._epoch_cond.wait_for(
                lambda: self.reload_due(page, epoch), timeout=self.poll_response_timeout
            )
            # An epoch no newer than the page's own tells its script to poll again.
            answer = self._visible_epoch if self.reload_due(page, epoch) else epoch
            return [b"%d" % answer]
