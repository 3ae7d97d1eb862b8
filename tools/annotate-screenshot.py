"""The README's picture of the terminal annotator: `.venv/bin/python tools/annotate-screenshot.py`."""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
from pathlib import Path

from kiroku.project import Project
from kiroku.tui.app import AnnotateApp
from kiroku.tui.widgets.conversation import Conversation

ROOT = Path(__file__).resolve().parent.parent

LOG = "example-claude-shiritori-mikan"
"""The shipped example log, opened as the README's command opens it (`--who emi --lang ja`)."""
KEYS = ("s",)
"""To the first unit with an open suggestion: s1-t12, みかん, labelled and still suggested."""
SIZE = (140, 40)
OUTPUT = ROOT / "docs" / "img" / "annotate.svg"
_WEB_FONT = re.compile(r',\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)')
"""Rich's SVG names Fira Code on a CDN after the local font: the picture is published with the
site, which fetches nothing, so only `local()` stays (a monospace font stands in)."""


async def _shoot(project: Project) -> str:
    app = AnnotateApp(
        project,
        who="emi",
        lang="ja",
        open_path=project.log_path(LOG),
        settings=project.root / "annotate.yaml",  # none: the taxonomy's number keys
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*KEYS)
        for _ in range(200):  # the background layout of the turns, then a quiet screen
            views = app.screen.query(Conversation)
            if views and views.first().laid_out:
                break
            await pilot.pause(0.05)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.1)
        return app.export_screenshot(title="kiroku annotate")


def screenshot() -> str:
    """The SVG of the app on a copy of the example log (the repository's logs/ are only read)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "archive").mkdir()
        (root / "logs").mkdir()
        for name in (f"{LOG}.yaml", "taxonomy.yaml"):
            shutil.copy(ROOT / "logs" / name, root / "logs" / name)
        return _WEB_FONT.sub("", asyncio.run(_shoot(Project(root))))


def main() -> None:
    OUTPUT.write_text(screenshot(), encoding="utf-8")
    print(OUTPUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
