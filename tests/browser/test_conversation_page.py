"""A conversation's page in Chromium: the length chart, the figures and the marked repeats."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from kiroku.cli import cli
from kiroku.site.build import build_site
from site_support import REPO, make_site_project

pytestmark = pytest.mark.browser

FIXTURES = REPO / "tests" / "data" / "conversation"
SCREENSHOTS = REPO / "test-output" / "screenshots"
LOOP = "logs/purchase-loop-ja/"


@pytest.fixture(scope="module")
def conversation_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of the conversation fixtures, imported and analysed as a person would, served."""
    root = tmp_path_factory.mktemp("conversation") / "project"
    project = make_site_project(root, blns=False, batches=False, handwritten=True)
    shutil_copy_taxonomy(project.taxonomy_path)
    runner = CliRunner()
    paths = [str(p) for p in sorted(FIXTURES.glob("*.md"))]
    for args in (["import", *paths], ["analyse"]):
        result = runner.invoke(cli, ["--root", str(root), *args])
        assert result.exit_code == 0, result.output
    built = build_site(project, strict=True)
    served = built.parent / "served"
    served.mkdir()
    (served / "kiroku").symlink_to(built, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(served))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/kiroku/"
    server.shutdown()
    server.server_close()


def shutil_copy_taxonomy(path: Path) -> None:
    path.write_bytes((REPO / "logs" / "taxonomy.yaml").read_bytes())


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside_requests = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else page.outside_requests.append(request.url)
        ),
    )
    yield page
    context.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_the_purchase_loop_page_shows_its_chart_and_figures(tab, conversation_site) -> None:
    tab.goto(conversation_site + LOOP)
    chart = tab.locator(".kiroku-length-chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 400
    assert tab.locator(".kiroku-length-chart rect.kiroku-bar-model").count() == 19  # + legend
    assert tab.locator(".kiroku-length-chart rect.kiroku-bar-user").count() == 19
    cells = tab.locator("table.kiroku-figures tbody tr").nth(2).locator("td").all_text_contents()
    assert cells == ["1.01", "0.12"]
    assert tab.outside_requests == []
    shot(tab, "conversation-figures-en")


def test_repeats_are_marked_and_link_back(tab, conversation_site) -> None:
    tab.goto(conversation_site + LOOP + "#s1-t8")
    turn = tab.locator("#s1-t8")
    shown = turn.locator(".kiroku-marked")  # the turn holds emphasis: shown formatted
    marks = shown.locator("mark.kiroku-repeat")
    assert marks.count() >= 5
    assert "￥29,800" in marks.all_text_contents()
    assert shown.locator("strong mark").first.text_content() == "Sora Buds Pro"
    link = shown.locator(".kiroku-repeat-link").last
    assert link.get_attribute("href") == "#s1-t6"
    tab.locator("#s1-t8").scroll_into_view_if_needed()
    shot(tab, "conversation-repeats-en")
    link.click()
    tab.wait_for_timeout(300)
    assert tab.url.endswith("#s1-t6")
    box = tab.locator("#s1-t6").bounding_box()
    assert box is not None and 0 <= box["y"] < 300
    badges = tab.locator("#s1-t8 .kiroku-suggestion").all_text_contents()
    assert badges == ["Repeated closing?", "Repeated figure?", "Template reply?"]


def test_the_japanese_page_at_phone_width(browser, conversation_site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(conversation_site + "ja/" + LOOP)
    assert page.locator(".kiroku-figures-box summary").text_content() == "この会話の数字"
    chart = page.locator(".kiroku-length-chart").bounding_box()
    assert chart is not None and chart["width"] <= 390
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing makes the page scroll sideways"
    page.locator(".kiroku-figures-box").scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "conversation-figures-ja-390.png"), full_page=False)
    context.close()


def test_the_free_conversation_marks_nothing(tab, conversation_site) -> None:
    tab.goto(conversation_site + "logs/free-creativity-talk/")
    assert tab.locator(".kiroku-length-chart").is_visible()
    assert tab.locator("mark.kiroku-repeat").count() == 0
    assert tab.locator(".kiroku-suggestion").count() == 0
