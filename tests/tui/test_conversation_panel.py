"""A conversation in the annotator: the panel shows the turn's figures and repeats, and the
palette offers the conversation's labels, not the game's."""

from __future__ import annotations

import asyncio
import shutil

from click.testing import CliRunner
from kiroku.cli import cli
from kiroku.project import Project
from kiroku.tui.app import AnnotateApp
from kiroku.tui.widgets.unit_panel import UnitPanel
from rich.cells import cell_len
from testkit import DATA, REPO
from textual.widgets import OptionList, Static

from tui.annotate_helpers import FIXED_NOW, opened


def conversation_project(project: Project) -> Project:
    shutil.copy(REPO / "logs" / "taxonomy.yaml", project.taxonomy_path)
    shutil.copy(DATA / "tui" / "shiritori-chat.yaml", project.logs_dir / "shiritori-chat.yaml")
    loop = DATA / "conversation" / "purchase_loop_ja.md"
    result = CliRunner().invoke(cli, ["--root", str(project.root), "import", str(loop)])
    assert result.exit_code == 0, result.output
    return project


def app_for(project: Project, open_id: str) -> AnnotateApp:
    return AnnotateApp(
        project,
        who="tester",
        lang="en",
        clock=lambda: FIXED_NOW,
        open_path=project.log_path(open_id),
    )


def panel(app: AnnotateApp, section: str) -> str:
    widget = app.screen.query_one(UnitPanel).query_one(f"#panel-{section}", Static)
    return str(widget.render()) if widget.display else ""


def palette_ids(app: AnnotateApp) -> list[str]:
    options = app.screen.query_one("#palette-options", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


def test_the_panel_shows_a_turns_figures_and_what_it_repeats(project: Project) -> None:
    conversation_project(project)

    async def scenario() -> None:
        app = app_for(project, "purchase-loop-ja")
        async with opened(app) as pilot:
            first = panel(app, "figures")
            assert "34 characters · 15 words · 2 sentences · 1 paragraph · 1 question" in first
            assert "repeats" not in first.lower()
            await pilot.press(*"jjjjjjj")  # s1-t8
            await pilot.pause()
            shown = panel(app, "figures")
            assert "s1-t8" in panel(app, "heading")
            assert "147 characters" in shown and "￥29,800" in shown
            assert "closing as in s1-t2, s1-t4, s1-t6" in shown
            assert "￥29,800 as in s1-t2, s1-t4, s1-t6" in shown
            assert "「今がいちばんお得なタイミングです」" in shown
            assert panel(app, "played") == ""  # a conversation plays no words

    asyncio.run(scenario())


def test_a_narrow_panel_breaks_the_figures_between_figures_only() -> None:
    from kiroku.tui.widgets.unit_panel import packed

    line = "147 characters · 67 words · 6 sentences · 3 paragraphs · 0 questions · 2 emoji"
    assert packed(line, 25) == (
        "147 characters · 67 words\n6 sentences\n3 paragraphs\n0 questions · 2 emoji"
    )
    assert packed(line, 200) == line
    assert packed("1203 characters", 10) == "1203 characters"  # wider than the panel: alone
    assert packed("147文字 · 67語 · 6文", 12) == "147文字\n67語 · 6文"  # cells, not characters


def test_at_80_columns_no_count_is_parted_from_its_noun(project: Project) -> None:
    conversation_project(project)

    async def scenario() -> None:
        app = app_for(project, "purchase-loop-ja")
        async with opened(app, size=(80, 24)) as pilot:
            await pilot.press(*"jjjjjjj")  # s1-t8: 147 characters, 3 paragraphs
            await pilot.pause()
            widget = app.screen.query_one(UnitPanel).query_one("#panel-figures", Static)
            lines = str(widget.render()).split("\n")
            counts = lines[1 : next(i for i, line in enumerate(lines) if "￥" in line)]
            assert " · ".join(counts) == (
                "147 characters · 67 words · 6 sentences · 3 paragraphs · 0 questions · 2 emoji"
            )
            assert len(counts) > 1, "the panel is narrower than the whole line"
            width = widget.content_region.width
            assert all(cell_len(line) <= width for line in counts), (counts, width)

    asyncio.run(scenario())


def test_the_palette_offers_each_log_its_own_labels(project: Project) -> None:
    conversation_project(project)

    async def scenario() -> None:
        app = app_for(project, "purchase-loop-ja")
        async with opened(app) as pilot:
            await pilot.press("l")
            await pilot.pause()
            offered = palette_ids(app)
            assert "pressure-loop" in offered and "loop-broken-by-naming" in offered
            assert "ends-in-n" not in offered and "silent-attractor" not in offered
        app = app_for(project, "shiritori-chat")
        async with opened(app) as pilot:
            assert panel(app, "figures") == ""  # a game has no conversation figures
            await pilot.press("l")
            await pilot.pause()
            offered = palette_ids(app)
            assert "ends-in-n" in offered and "pressure-loop" not in offered

    asyncio.run(scenario())
