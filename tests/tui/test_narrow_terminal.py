"""At 80×24 as at 140×40: every column of the trial table and the footer's keys are on screen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from kiroku.project import Project
from kiroku.tui.app import AnnotateApp
from kiroku.tui.catalogue import Catalogue, Lang
from kiroku.tui.dialogs.help import HelpScreen
from kiroku.tui.screens.log import LogScreen
from kiroku.tui.widgets.key_footer import KeyFooter
from kiroku.tui.widgets.trial_table import TrialTable
from rich.cells import cell_len
from testkit import real_project
from textual.app import App
from textual.strip import Strip
from textual.widgets._footer import FooterKey

from tui.annotate_helpers import FIXED_NOW, AddLog, opened, screen_text, settle

NARROW, WIDE = (80, 24), (140, 40)
REAL_BATCH = "claude-natural-precise-umi-n50-20260420"
"""A real batch whose trials carry two suggestions, one of them 27 letters long."""


def real_app(folder: Path, lang: Lang, log_id: str = REAL_BATCH) -> AnnotateApp:
    """The annotator on a copy of the repository's real batches, their taxonomy and analysis."""
    project: Project = real_project(folder)
    return AnnotateApp(
        project,
        who="tester",
        lang=lang,
        clock=lambda: FIXED_NOW,
        open_path=project.log_path(log_id),
        settings=folder / "annotate.yaml",
    )


def screen_strips(app: App[None]) -> list[Strip]:
    return list(app.screen._compositor.render_strips())


def cells_before(line: str, part: str) -> int:
    """The terminal column where `part` starts in `line` (kana take two cells each)."""
    return cell_len(line[: line.index(part)])


def table_columns(app: AnnotateApp) -> dict[str, list[str]]:
    """Each column of the trial table as drawn on screen, by header: one text per trial row,
    the lines of a wrapped cell joined (a label broken after a hyphen joined back)."""
    table = app.screen.query_one(TrialTable)
    region = table.scrollable_content_region  # without the scroll bars
    strips = screen_strips(app)
    header_line = strips[region.y].crop(region.x, region.right).text
    headers = [str(column.label) for column in table.ordered_columns]
    starts = [region.x + cells_before(header_line, header) for header in headers]
    ends = [*starts[1:], region.right]
    columns: dict[str, list[list[str]]] = {header: [] for header in headers}
    for y in range(region.y + 1, region.bottom):
        cells = [strips[y].crop(x0, x1).text.strip() for x0, x1 in zip(starts, ends, strict=True)]
        if not any(cells):
            continue
        if cells[0]:  # the trial column names each row on its first line
            for header in headers:
                columns[header].append([])
        if not columns[headers[0]]:
            continue
        for header, cell in zip(headers, cells, strict=True):
            if cell:
                columns[header][-1].append(cell)
    return {
        header: [" ".join(lines).replace("- ", "-") for lines in rows]
        for header, rows in columns.items()
    }


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "140x40"])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_suggested_label_of_a_real_batch_is_on_screen(
    tmp_path: Path, lang: Lang, size: tuple[int, int]
) -> None:
    """At 80 columns the Suggested column was cut at the screen's edge: `?ends-in-n ?gener`."""

    async def scenario() -> None:
        app = real_app(tmp_path, lang)
        async with opened(app, size):
            screen = app.screen
            assert isinstance(screen, LogScreen)
            t = Catalogue(lang)
            table = screen.query_one(TrialTable)
            header_line = screen_text(app).splitlines()[table.region.y]
            for key in ("col.trial", "col.first_word", "col.labels", "col.suggestions"):
                assert t(key) in header_line
            assert table.virtual_size.width <= table.scrollable_content_region.width
            shown = table_columns(app)
            trials = shown[t("col.trial")][:-1]  # the last may be cut by the table's foot
            assert len(trials) >= 3 and trials[0] == "trial-1"
            for row, anchor in enumerate(trials):
                position = screen.editor.anchors.index(anchor)
                expected = screen.entry(position).suggestions
                assert expected, "the real batch's trials all carry suggestions"
                assert shown[t("col.suggestions")][row] == " ".join(f"?{s}" for s in expected)
                assert shown[t("col.first_word")][row] == "みかん"

    asyncio.run(scenario())


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "140x40"])
@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("log_id", ["two-games-two-annotators", "two-annotators"])
def test_the_footer_shows_D_in_a_log_two_people_annotated(
    make_app: Callable[..., AnnotateApp],
    add_log: AddLog,
    log_id: str,
    lang: Lang,
    size: tuple[int, int],
) -> None:
    """At 80 columns the footer ended in `n Next unla`: `D` was past the edge of the screen."""
    add_log(log_id)

    async def scenario() -> None:
        app = make_app(lang, open_id=log_id)
        async with opened(app, size):
            footer = screen_text(app).splitlines()[-1]
            binding = app.screen.active_bindings["D"].binding
            assert binding.action == "filter_disagreements"
            assert binding.description
            assert f"D {binding.description}" in footer
            for key in ("?", "l", "a", "x", "s", "n"):
                assert f" {key} " in f" {footer}"

    asyncio.run(scenario())


def test_the_help_names_the_label_of_every_number_key(tmp_path: Path) -> None:
    """The line above the footer cannot hold nine long label ids, at 80 or at 140 columns:
    `?` names each, and the line ends in `…` where it is cut, not in a bare key."""

    async def scenario() -> None:
        app = real_app(tmp_path, "en")
        async with opened(app, NARROW) as pilot:
            screen = app.screen
            assert isinstance(screen, LogScreen)
            keys = app.label_keys_for(screen.editor.doc.experiment)
            assert len(keys) == 9
            lines = screen_text(app).splitlines()
            assert lines[-2].rstrip().endswith("…"), lines[-2]
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            for key, label_id in keys.items():
                assert f"| `{key}` | {label_id} " in app.screen.markdown

    asyncio.run(scenario())


def test_the_status_bar_ends_in_an_ellipsis_when_cut(tmp_path: Path) -> None:
    """At 80 columns the file's path wrapped onto a second line nobody sees, leaving `·`."""

    async def scenario() -> None:
        app = real_app(tmp_path, "en")
        async with opened(app, NARROW):
            lines = screen_text(app).splitlines()
            assert lines[-3].startswith(" 1 of 50")
            assert lines[-3].rstrip().endswith("…"), lines[-3]

    asyncio.run(scenario())


def test_a_key_the_footer_has_no_room_for_is_left_out_whole(
    make_app: Callable[..., AnnotateApp],
) -> None:
    """The footer at 80 columns ended in half a key (`u Un`); wider again, the keys return."""

    async def scenario() -> None:
        app = make_app(open_id="shiritori-chat")
        async with opened(app, NARROW) as pilot:
            shown = list(app.screen.query_one(KeyFooter).query(FooterKey))
            described = [b for _, b, _, _ in app.screen.active_bindings.values() if b.show]
            assert 0 < len(shown) < len(described)
            assert all(key.region.right <= NARROW[0] for key in shown)
            last = shown[-1]
            footer = screen_text(app).splitlines()[-1].rstrip()
            assert footer.endswith(f"{last.key_display} {last.description}"), footer
            assert "/ Search" not in footer
            await pilot.resize_terminal(*WIDE)
            await settle(pilot)
            assert "/ Search" in screen_text(app).splitlines()[-1]

    asyncio.run(scenario())
