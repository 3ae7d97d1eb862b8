"""`kiroku serve`: a log saved while the server runs is rebuilt and shown."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from kiroku.schema import RevisedText
from kiroku.storage import load, save
from site_support import make_site_project

KIROKU = Path(sys.executable).with_name("kiroku")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def poll(url: str, until: Callable[[str], bool], timeout: float) -> str:
    """The page once `until` holds for it; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and until(page):
            return page
        time.sleep(0.3)
    pytest.fail(f"{url} did not show the expected content within {timeout} s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[object, str]]:
    """A small project served by `kiroku serve` on a free loopback port."""
    project = make_site_project(tmp_path / "project", blns=False, batches=False)
    port = free_port()
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen(
            [str(KIROKU), "--root", str(project.root), "serve", "-a", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
    try:
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_saving_a_translation_rebuilds_the_page_that_shows_it(served):
    project, address = served
    url = address + "logs/annotated-chat/"
    first = poll(url, lambda page: 'id="s1-t3"' in page, timeout=60)
    assert "You ended in n." not in first
    path = project.log_path("annotated-chat")
    loaded = load(path)
    turn = loaded.doc.sessions[0].turns[2]
    loaded.doc.sessions[0].turns[2] = turn.model_copy(
        update={"translation_en": RevisedText(text="You ended in n.")}
    )
    save(loaded.doc, path, expect_sha256=loaded.sha256)
    page = poll(url, lambda page: "You ended in n." in page, timeout=60)
    assert page.count("not yet translated") == first.count("not yet translated") - 1
    japanese = fetch(address + "ja/logs/annotated-chat/")
    assert japanese is not None and "You ended in n." not in japanese


def test_a_rebuild_renders_only_the_pages_of_the_changed_log(served, tmp_path):
    project, address = served
    url = address + "logs/annotated-chat/"
    poll(url, lambda page: 'id="s1-t3"' in page, timeout=60)
    path = project.log_path("annotated-chat")
    loaded = load(path)
    turn = loaded.doc.sessions[0].turns[2]
    loaded.doc.sessions[0].turns[2] = turn.model_copy(
        update={"translation_en": RevisedText(text="Changed.")}
    )
    save(loaded.doc, path, expect_sha256=loaded.sha256)
    poll(url, lambda page: "Changed." in page, timeout=60)
    game = fetch(address + "logs/strawberry-game/")
    assert game is not None and "strawberry" in game.lower()
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    rendered, kept = map(
        int, re.findall(r"(\d+) page\(s\) patched into the last build, (\d+) kept", log)[-1]
    )
    assert 0 < rendered < kept
    assert "Detected file changes" in log
    assert log.count("Building documentation...") == 2, (
        "one build for the save, none for its own pages"
    )


_LIVERELOAD = re.compile(r"livereload\((\d+), (\d+)\)")


def reload_poll(address: str, page: str, referer: str, timeout: float) -> int | None:
    """What the livereload script of `page` hears: the epoch the server answers its poll
    with, or None if the server is still holding the poll after `timeout` seconds."""
    found = _LIVERELOAD.search(page)
    assert found is not None, "the served page has no livereload script"
    epoch, request = found.groups()
    poll_request = urllib.request.Request(
        f"{address}livereload/{epoch}/{request}", headers={"Referer": referer}
    )
    try:
        with urllib.request.urlopen(poll_request, timeout=timeout) as response:
            return int(response.read())
    except TimeoutError:
        return None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return None
        raise


def test_only_the_open_page_a_rebuild_rewrote_reloads(served):
    """A label saved in the terminal app reloads the browser showing that log, not the
    other open pages (MkDocs alone reloads them all, losing each reader's place)."""
    from concurrent.futures import ThreadPoolExecutor

    project, address = served
    changed, other = address + "logs/annotated-chat/", address + "logs/strawberry-game/"
    first = poll(changed, lambda page: 'id="s1-t3"' in page, timeout=60)
    second = fetch(other)
    assert second is not None
    epoch = int(_LIVERELOAD.search(first).group(1))  # type: ignore[union-attr]
    with ThreadPoolExecutor(2) as pool:
        mine = pool.submit(reload_poll, address, first, changed, 90)
        theirs = pool.submit(reload_poll, address, second, other, 90)
        time.sleep(1)
        path = project.log_path("annotated-chat")
        loaded = load(path)
        turn = loaded.doc.sessions[0].turns[2]
        loaded.doc.sessions[0].turns[2] = turn.model_copy(update={"translation_en": "Reload."})
        save(loaded.doc, path, expect_sha256=loaded.sha256)
        answer = mine.result()
        assert answer is not None and answer > epoch  # the changed page reloads
        assert "Reload." in (fetch(changed) or "")
        later = theirs.result()
        assert later is None or later <= epoch  # the other page is left as it is


def test_a_page_reloads_for_its_own_html_or_a_stylesheet():
    from kiroku.site.live_reload import PageReloadServer, changed_files, page_of

    assert page_of("http://127.0.0.1:8000/logs/x/", "/") == "logs/x/index.html"
    assert page_of("http://127.0.0.1:8000/ja/logs/x/#s1-t2", "/") == "ja/logs/x/index.html"
    assert page_of("http://127.0.0.1:8000/", "/") == "index.html"
    assert page_of(None, "/") is None
    before = {"logs/x/index.html": (1, 10), "logs/y/index.html": (1, 10), "a.css": (1, 5)}
    after = {**before, "logs/x/index.html": (2, 11), "search/search_index.json": (2, 3)}
    assert changed_files(before, after) == {"logs/x/index.html", "search/search_index.json"}

    server = PageReloadServer.__new__(PageReloadServer)  # its bookkeeping alone, no socket
    server.page_epochs, server.everything_epoch, server.files = {}, 0, before
    server.shared = {"a.css": "old"}
    server._digest = lambda name: "new"  # type: ignore[method-assign]
    server._wanted_epoch = server._visible_epoch = 5
    server.note_changes(after)
    assert server.reload_due("logs/x/index.html", 4)
    assert not server.reload_due("logs/y/index.html", 4)
    assert not server.reload_due("logs/x/index.html", 5)  # loaded after that build
    server._wanted_epoch = server._visible_epoch = 6
    server.note_changes({**after, "a.css": (3, 6)})
    assert server.reload_due("logs/y/index.html", 5)  # a stylesheet: every page


def test_a_new_log_saved_while_serving_is_built_by_mkdocs_and_listed(served):
    """A change the last build's pages cannot be patched with (a page comes) is built by
    MkDocs, as `kiroku build --incremental` would."""
    project, address = served
    poll(address + "logs/", lambda page: "annotated-chat" in page, timeout=60)
    loaded = load(project.log_path("annotated-chat"))
    save(loaded.doc.model_copy(update={"id": "copied-chat"}), project.log_path("copied-chat"))
    poll(address + "logs/", lambda page: "copied-chat" in page, timeout=90)
    page = poll(address + "logs/copied-chat/", lambda page: 'id="s1-t3"' in page, timeout=30)
    assert "copied-chat" in page
