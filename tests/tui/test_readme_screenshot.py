"""The README's screenshot of the annotator is the app as it is now (`tools/annotate-screenshot.py`)."""

from __future__ import annotations

import html
import importlib.util
import re

from testkit import REPO

SCRIPT = REPO / "tools" / "annotate-screenshot.py"
SHOWN = REPO / "docs" / "img" / "annotate.svg"


def screen_lines(svg: str) -> list[str]:
    """The text of an exported screen, line by line (colours and layout of the SVG left out)."""
    rows: dict[str, list[str]] = {}
    for row, text in re.findall(r'<text [^>]*?y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        rows.setdefault(row, []).append(html.unescape(text).replace("\xa0", " "))
    return ["".join(parts).rstrip() for _, parts in sorted(rows.items(), key=lambda r: float(r[0]))]


def test_the_readme_screenshot_shows_the_current_app() -> None:
    spec = importlib.util.spec_from_file_location("annotate_screenshot", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    now = screen_lines(script.screenshot())
    assert any("s1-t12" in line and "ルール違反" in line for line in now)  # みかん, the loss
    assert any("出た言葉:" in line and "みかん⚠" in line for line in now)  # the chain strip
    shown = SHOWN.read_text("utf-8")
    assert "http" not in "".join(re.findall(r"url\([^)]*\)", shown)), "it would fetch a font"
    assert screen_lines(shown) == now, (
        "docs/img/annotate.svg is not the app as it is now: look at the app, then run"
        " .venv/bin/python tools/annotate-screenshot.py"
    )
