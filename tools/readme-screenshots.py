"""Screenshots of the built site for the README: `make site`, then `.venv/bin/python tools/readme-screenshots.py`."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SHOTS = {
    # file in docs/img/: (page and anchor, width, height)
    "site-home-page.png": ("", 1280, 1250),
    "log-page.png": ("logs/example-claude-shiritori-mikan/#s1-t10", 1280, 900),
    "site-log-page-ja-390.png": ("ja/logs/example-gemini-shiritori-two-games/", 390, 844),
    "site-batch-page.png": ("logs/claude-natural-imprecise-umi-n50-20260420/", 1280, 1100),
    "site-labels-page.png": ("taxonomy/", 1280, 900),
    "site-tables-page.png": ("tables/#table-fisher", 1280, 700),
}

SEARCH = "mikan"
"""The query of `site-search.png`: a search result with the excerpt of the turn it found."""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    handler = functools.partial(Quiet, directory=str(ROOT / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for name, (url, width, height) in SHOTS.items():
            tab = browser.new_context(viewport={"width": width, "height": height}).new_page()
            tab.goto(address + url)
            tab.wait_for_timeout(300)
            tab.screenshot(path=str(ROOT / "docs" / "img" / name))
            print("docs/img/" + name)
        tab = browser.new_context(viewport={"width": 1280, "height": 640}).new_page()
        tab.goto(address)
        tab.click(".md-search__input")
        tab.fill(".md-search__input", SEARCH)
        tab.press(".md-search__input", "End")  # Material searches on key events
        tab.wait_for_selector(".kiroku-picked")
        tab.wait_for_timeout(300)
        tab.screenshot(path=str(ROOT / "docs" / "img" / "site-search.png"))
        print("docs/img/site-search.png")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
