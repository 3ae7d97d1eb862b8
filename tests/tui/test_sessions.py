"""Where one session ends and the next begins: headings with notes, skipped by every key."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable

import pytest
from kiroku import storage
from kiroku.project import Project
from kiroku.schema import Bilingual, ChatLog, ContextMessage, ModelInfo, Session, Source, Turn
from kiroku.tui.app import AnnotateApp
from kiroku.tui.literal import visible
from kiroku.tui.widgets import conversation
from kiroku.tui.widgets.conversation import Conversation
from testkit import REPO, blns_strings

from tui.annotate_helpers import (
    FIXED_NOW,
    AddLog,
    every_drawn_line,
    laid_out,
    on_disk,
    opened,
    panel_text,
    saved,
    screen_text,
)

LOG = "three-games-with-notes"
SIZE = (120, 45)


@pytest.fixture
def games(annotate_project: Project, add_log: AddLog) -> Project:
    add_log(LOG)
    return annotate_project


def conversation_lines(app: AnnotateApp) -> list[str]:
    """The conversation's lines as the person sees them, without the side panel."""
    view = app.screen.query_one(Conversation)
    return [view.render_line(y).text.rstrip() for y in range(view.size.height)]


def opened_lines(app: AnnotateApp) -> list[str]:
    """The conversation's lines once `app` has opened its log and settled."""
    lines: list[str] = []

    async def scenario() -> None:
        async with opened(app):
            lines.extend(conversation_lines(app))

    asyncio.run(scenario())
    return lines


def line_of(lines: list[str], text: str) -> int:
    found = [number for number, line in enumerate(lines) if text in line]
    assert len(found) == 1, (text, found)
    return found[0]


def test_headings_and_notes_stand_between_the_right_turns(
    make_app: Callable[..., AnnotateApp], games: Project
) -> None:
    lines = opened_lines(make_app(open_id=LOG))
    order = [
        "━━ Session 1 · Game 1 · 2025-10-28 ━━━",
        "Game 1 ended on ぎんなん, which ends in ん.",
        "s1-t1 user · Me",
        "Game one answer ごま.",
        "━━ Session 2 · 2025-10-29 ━━━",
        "Resumed the next day; [bold]not bold[/bold] stays literal.",
        "A second note",
        "on two lines.",
        "context · system: You play shiritori. …",
        "s2-t1 model · Gemini",
        "Game two answer かめ.",
        "━━ Session 3 ━━━",
        "s3-t1 user · Me",
    ]
    numbers = [line_of(lines, text) for text in order]
    assert numbers == sorted(numbers)
    # A heading sits right above its session's first turn, after one blank line.
    assert numbers[order.index("s3-t1 user · Me")] == numbers[order.index("━━ Session 3 ━━━")] + 2
    assert lines[numbers[order.index("s2-t1 model · Gemini")] - 1] == ""
    # The rule runs to the right edge of the conversation.
    assert lines[numbers[0]].endswith("━━━━━━━━")


def test_japanese_headings_use_the_japanese_title(
    make_app: Callable[..., AnnotateApp], games: Project
) -> None:
    lines = opened_lines(make_app("ja", open_id=LOG))
    assert any("━━ セッション 1 · 第一局 · 2025-10-28 ━━" in line for line in lines)
    assert any("前提 · system: You play shiritori. …" in line for line in lines)


def test_keys_skip_headings_and_a_label_after_the_boundary_lands_on_the_right_turn(
    make_app: Callable[..., AnnotateApp], games: Project
) -> None:
    path = games.log_path(LOG)

    async def scenario() -> None:
        app = make_app(open_id=LOG)
        async with opened(app) as pilot:
            assert "s1-t1" in panel_text(app, "heading")
            assert "Session 1 · Game 1 · 2025-10-28" in panel_text(app, "heading")
            await pilot.press("j", "j")  # over the heading of session 2
            assert "s2-t1" in panel_text(app, "heading")
            assert "Session 2 · 2025-10-29" in panel_text(app, "heading")
            assert "3 of 6" in screen_text(app)
            await pilot.press("l", *"self-correction", "enter")
            await saved(pilot)
            assert "✓self-correction" in screen_text(app)
            await pilot.press("k")  # back over the heading
            assert "s1-t2" in panel_text(app, "heading")
            assert "Session 1 · Game 1" in panel_text(app, "heading")
            await pilot.press("j", "j", "j")  # over the heading of session 3
            assert "s3-t1" in panel_text(app, "heading")
            await pilot.press("e", *"note on game three", "ctrl+s")
            await saved(pilot)

    asyncio.run(scenario())
    doc = on_disk(path)
    assert isinstance(doc, ChatLog)
    assert [lb.id for lb in doc.turn(2, 1).labels] == ["self-correction"]
    assert doc.turn(2, 1).labels[0].at == FIXED_NOW
    assert doc.turn(3, 1).note_text() == "note on game three"
    others = [
        t for s in doc.sessions for t in s.turns if (s.index, t.index) not in {(2, 1), (3, 1)}
    ]
    assert not any(t.labels or t.note for t in others)


def test_brackets_jump_between_sessions(
    make_app: Callable[..., AnnotateApp], games: Project
) -> None:
    async def scenario() -> None:
        app = make_app(open_id=LOG)
        async with opened(app, (120, 20)) as pilot:
            await pilot.press("right_square_bracket")
            assert "s2-t1" in panel_text(app, "heading")
            # The game about to be read starts at the top of the screen, heading first.
            assert conversation_lines(app)[0].startswith(" ━━ Session 2 · 2025-10-29 ━━")
            await pilot.press("right_square_bracket")
            assert "s3-t1" in panel_text(app, "heading")
            await pilot.press("right_square_bracket")  # no later session: stay
            assert "s3-t1" in panel_text(app, "heading")
            await pilot.press("j", "left_square_bracket")  # s3-t2: to the start of its session
            assert "s3-t1" in panel_text(app, "heading")
            await pilot.press("left_square_bracket")
            assert "s2-t1" in panel_text(app, "heading")

    asyncio.run(scenario())


def test_clicking_a_heading_selects_nothing_and_clicking_a_turn_still_does(
    make_app: Callable[..., AnnotateApp], games: Project
) -> None:
    async def scenario() -> None:
        app = make_app(open_id=LOG)
        async with opened(app) as pilot:
            lines = conversation_lines(app)
            heading = line_of(lines, "Session 2")
            note = line_of(lines, "A second note")
            turn = line_of(lines, "s2-t2 user")
            for line in (heading, note):
                await pilot.click("#units", offset=(5, line))
                assert "s1-t1" in panel_text(app, "heading")
            await pilot.click("#units", offset=(5, turn))
            assert "s2-t2" in panel_text(app, "heading")

    asyncio.run(scenario())


def test_a_lone_session_without_details_has_no_heading(
    make_app: Callable[..., AnnotateApp],
) -> None:
    lines: list[str] = []
    panel: list[str] = []

    async def scenario() -> None:
        nonlocal lines, panel
        app = make_app(open_id="shiritori-chat")
        async with opened(app):
            lines = conversation_lines(app)
            panel = panel_text(app, "heading").splitlines()

    asyncio.run(scenario())
    assert lines[0].startswith("▌s1-t1 user")
    assert not any("Session" in line for line in lines)
    assert not any("Session" in line for line in panel)


def chat(sessions: list[Session]) -> ChatLog:
    return ChatLog(
        id="sessions",
        title=Bilingual(en="Sessions"),
        model=ModelInfo(name="model", interface="api"),
        source=Source(path="archive/sessions.md", sha256="0" * 64, format="markdown-chat"),
        sessions=sessions,
    )


def test_sessions_without_turns_are_headed_where_they_fall(project: Project) -> None:
    """An empty session shows above the next turn, or below the last one, saying so."""
    path = project.log_path("sessions")
    turn = Turn(index=1, speaker="user", text="the only turn")
    storage.save(
        chat(
            [
                Session(index=1, notes=["empty first"]),
                Session(index=2, turns=[turn]),
                Session(index=3, notes=["empty last"]),
            ]
        ),
        path,
    )
    lines: list[str] = []

    async def scenario() -> None:
        nonlocal lines
        app = AnnotateApp(project, who="t", clock=lambda: FIXED_NOW, open_path=path)
        async with opened(app) as pilot:
            lines = conversation_lines(app)
            await pilot.press("j", "G", "right_square_bracket")
            assert "s2-t1" in panel_text(app, "heading")

    asyncio.run(scenario())
    order = ["Session 1", "empty first", "(no turns)", "Session 2", "s2-t1", "the only turn"]
    order += ["Session 3", "empty last"]
    numbers = [lines.index(next(line for line in lines if text in line)) for text in order]
    assert numbers == sorted(numbers)
    assert sum("(no turns)" in line for line in lines) == 2


def test_every_blns_string_as_a_session_note_or_title_is_drawn_literally(project: Project) -> None:
    strings = blns_strings()
    path = project.log_path("sessions")
    sessions = [
        Session(
            index=1,
            title=Bilingual(en="[bold]game[/bold] \x1b[31m"),
            notes=strings[:260],
            context=[
                ContextMessage(role="[red]system[/red]", text="\x1b[31m red [/red]\nand more")
            ],
            turns=[Turn(index=1, speaker="user", text="one")],
        ),
        Session(index=2, notes=strings[260:], turns=[Turn(index=1, speaker="model", text="two")]),
    ]
    storage.save(chat(sessions), path)
    lines: list[str] = []

    async def scenario() -> None:
        app = AnnotateApp(project, who="t", clock=lambda: FIXED_NOW, open_path=path)
        async with opened(app, (1860, 50)):
            view = app.screen.query_one(Conversation)
            lines.extend(every_drawn_line(view))

    asyncio.run(scenario())
    assert lines[0].startswith(" ━━ Session 1 · [bold]game[/bold] ␛[31m ━━")
    context = line_of(lines, "   context · [red]system[/red]: ␛[31m red [/red] …")
    second = line_of(lines, " ━━ Session 2 ━━")
    last_turn = line_of(lines, " s2-t1 model")
    assert lines[context + 1].strip() == "" and lines[last_turn - 1].strip() == ""
    for first, end, notes in (
        (1, context, strings[:260]),
        (second + 1, last_turn - 1, strings[260:]),
    ):
        assert all(line.startswith("   ") for line in lines[first:end])
        shown = [line[3:].rstrip(" ") for line in lines[first:end]]
        assert shown == [piece.rstrip(" ") for note in notes for piece in visible(note).split("\n")]
    assert all("\x1b" not in line for line in lines)


def test_a_long_log_with_many_sessions_opens_before_it_is_laid_out_and_never_jumps(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40 sessions of 50 turns with notes that wrap: guessed heights must settle unseen."""
    path = project.log_path("sessions")
    sessions = []
    for number in range(1, 41):
        turns = [
            Turn(index=i, speaker="user" if i % 2 else "model", text=f"game {number} turn {i}")
            for i in range(1, 51)
        ]
        note = f"note of game {number}: " + "みかん mikan " * (number % 9 * 12)
        title = Bilingual(en=f"Game {number}")
        sessions.append(Session(index=number, title=title, notes=[note], turns=turns))
    storage.save(chat(sessions), path)
    monkeypatch.setattr(conversation, "REFINE_BUDGET", 0.0)

    async def scenario() -> None:
        app = AnnotateApp(project, who="t", clock=lambda: FIXED_NOW, open_path=path)
        async with opened(app, (100, 30)) as pilot:
            view = app.screen.query_one(Conversation)
            assert not view.laid_out
            assert "━━ Session 1 · Game 1 ━━" in screen_text(app)
            await pilot.press("G")
            assert "s40-t50" in panel_text(app, "heading")
            assert "game 40 turn 50" in screen_text(app)
            view.select(1000)  # the first turn of game 21, as a click would
            await pilot.pause()
            before = screen_text(app)
            assert "━━ Session 21 · Game 21 ━━" in before and "note of game 21" in before
            assert "s21-t1\nSession 21 · Game 21" in panel_text(app, "heading")
            await laid_out(pilot, view, monkeypatch)
            assert screen_text(app) == before
            await pilot.press("k")
            assert "s20-t50" in panel_text(app, "heading")
            assert "game 20 turn 50" in screen_text(app)

    asyncio.run(scenario())


def test_a_heading_taller_than_the_screen_never_hides_the_turn_it_stands_above(
    project: Project,
) -> None:
    path = project.log_path("sessions")
    notes = [f"long note line {n}" for n in range(1, 61)]
    first = Session(index=1, turns=[Turn(index=1, speaker="user", text="before the long notes")])
    second = Session(
        index=2, notes=notes, turns=[Turn(index=1, speaker="model", text="after the long notes")]
    )
    storage.save(chat([first, second]), path)

    async def scenario() -> None:
        app = AnnotateApp(project, who="t", clock=lambda: FIXED_NOW, open_path=path)
        async with opened(app, (100, 24)) as pilot:
            await pilot.press("j")
            shown = screen_text(app)
            assert "s2-t1" in panel_text(app, "heading")
            assert "s2-t1 model" in shown and "after the long notes" in shown
            await pilot.press("k")
            assert "before the long notes" in screen_text(app)
            await pilot.press("right_square_bracket")
            assert "after the long notes" in screen_text(app)

    asyncio.run(scenario())


@pytest.mark.parametrize("width", [100, 120, 121, 130, 131])
def test_wrapped_text_loses_no_character_beside_the_scrollbar(
    make_app: Callable[..., AnnotateApp], annotate_project: Project, width: int
) -> None:
    """A wide character folded last on a line stays on screen once the scrollbar shows (the
    lines were folded for the width without it, and the last one or two cells cut off)."""
    example = REPO / "logs" / "example-claude-shiritori-mikan.yaml"
    shutil.copy(example, annotate_project.log_path("example"))
    first = storage.load(annotate_project.log_path("example")).doc.units()[0].text
    lines: list[str] = []

    async def scenario() -> None:
        app = make_app(open_id="example")
        async with opened(app, (width, 30)):
            view = app.screen.query_one(Conversation)
            assert view.scrollbars_enabled[0], "the log is longer than the screen"
            lines.extend(conversation_lines(app))

    asyncio.run(scenario())
    start = line_of(lines, "s1-t1 user") + 1
    end = line_of(lines, "▸ しりとり (")
    assert "".join(line[3:].rstrip() for line in lines[start:end]) == first
