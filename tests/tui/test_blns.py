"""All 515 hostile strings as turn text are drawn literally: no markup, no escape sequences."""

from __future__ import annotations

import asyncio

from kiroku import storage
from kiroku.project import Project
from kiroku.schema import Bilingual, ChatLog, ModelInfo, Session, Source, Turn
from kiroku.tui.app import AnnotateApp
from kiroku.tui.literal import visible
from kiroku.tui.widgets.conversation import Conversation
from kiroku.tui.widgets.unit_panel import UnitPanel
from rich.cells import cell_len
from testkit import blns_strings
from textual.widgets import Static

from tui.annotate_helpers import FIXED_NOW, every_drawn_line, screen_text, settle

WIDTH = 1200
"""Wide enough that no string wraps: each turn's text is one drawn line."""


def blns_log(strings: list[str]) -> ChatLog:
    turns = [
        Turn(index=i, speaker="model", text=text, translation_en=text)
        for i, text in enumerate(strings, start=1)
    ]
    return ChatLog(
        id="blns",
        title=Bilingual(en="[bold]BLNS[/bold]"),
        model=ModelInfo(name="[red]model[/red]", interface="api"),
        source=Source(path="archive/blns.json", sha256="0" * 64, format="json"),
        sessions=[Session(index=1, turns=turns)],
    )


def test_every_blns_string_is_drawn_exactly(project: Project) -> None:
    strings = blns_strings()
    assert len(strings) == 515
    path = project.log_path("blns")
    storage.save(blns_log(strings), path)
    lines: list[str] = []

    async def scenario() -> None:
        app = AnnotateApp(project, who="t", clock=lambda: FIXED_NOW, open_path=path)
        async with app.run_test(size=(WIDTH * 3 // 2 + 60, 50)) as pilot:  # 2/3 for turns
            await settle(pilot)
            shown = screen_text(app)
            assert "[bold]BLNS[/bold]" in shown and "[red]model[/red]" in shown
            view = app.screen.query_one(Conversation)
            lines.extend(every_drawn_line(view))
            # The side panel shows the same text as the translation, literally too.
            for position in (0, 10, len(strings) - 1):
                view.select(position)
                await pilot.pause()
                panel = app.screen.query_one(UnitPanel).query_one("#panel-translation", Static)
                assert visible(strings[position]) in str(panel.render())

    asyncio.run(scenario())
    offset = 0
    for index, text in enumerate(strings, start=1):
        assert lines[offset][1:].startswith(f"s1-t{index} ")
        body = lines[offset + 1]
        shown = visible(text)
        assert body[3 : 3 + len(shown)] == shown, index
        assert body[3 + len(shown) :].strip(" ") == "", index
        assert cell_len(shown) < WIDTH
        offset += 3  # header, text, blank separator


def test_markup_and_escapes_stay_literal() -> None:
    assert visible("[bold]x[/bold] [link=https://e.org]y[/link]") == (
        "[bold]x[/bold] [link=https://e.org]y[/link]"
    )
    assert visible("red \x1b[0;31mred\x1b[0m") == "red ␛[0;31mred␛[0m"
    assert "\x1b" not in visible("".join(blns_strings()))
