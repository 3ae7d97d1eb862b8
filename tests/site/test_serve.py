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
    loaded.doc.sessions[0].turns[2] = turn.model_copy(update={"translation_en": "You ended in n."})
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
    loaded.doc.sessions[0].turns[2] = turn.model_copy(update={"translation_en": "Changed."})
    save(loaded.doc, path, expect_sha256=loaded.sha256)
    poll(url, lambda page: "Changed." in page, timeout=60)
    game = fetch(address + "logs/strawberry-game/")
    assert game is not None and "strawberry" in game.lower()
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    rendered, kept = map(
        int, re.findall(r"(\d+) page\(s\) rendered, (\d+) unchanged kept", log)[-1]
    )
    assert kept > 0
    assert rendered < kept
