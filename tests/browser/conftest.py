"""Browser fixtures: one built site (real batches, annotated chat, BLNS log) served locally."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "site"))

from kiroku.site.build import build_site
from site_support import REPO, make_site_project

SCREENSHOTS = REPO / "test-output" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of a project like the real one (with the repository's mkdocs.yml and
    hand-written pages), built once for the whole session."""
    project = make_site_project(tmp_path_factory.mktemp("browser") / "project", handwritten=True)
    return build_site(project, strict=True)


@pytest.fixture(scope="session")
def site_address(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 under a sub-path, as a static host would."""
    served = built_site.parent / "served"
    served.mkdir(exist_ok=True)
    (served / "kiroku").symlink_to(built_site, target_is_directory=True)
    handler = functools.partial(QuietHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/kiroku/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site_address):
    """A fresh page that records every dialog, every request leaving 127.0.0.1 and every
    request that fails (4xx/5xx)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.dialogs = []
    tab.outside_requests = []
    tab.failed_requests = []
    tab.on(
        "response",
        lambda response: response.status >= 400 and tab.failed_requests.append(response.url),
    )
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else tab.outside_requests.append(request.url)
        ),
    )
    yield tab
    context.close()


@pytest.fixture
def screenshot():
    """Save a screenshot to test-output/screenshots/ for a person to look at."""

    def save(page, name: str, full_page: bool = False) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save
