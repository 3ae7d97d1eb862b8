"""Which sessions get a heading, above which turn, and what the heading says: plain data."""

from __future__ import annotations

import datetime as dt

from kiroku import storage
from kiroku.schema import Bilingual, ChatLog, ContextMessage, ModelInfo, Session, Source, Turn
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.data.units import anchors, session_breaks
from kiroku.tui.widgets.session_heading import SessionHeading, session_heading, session_headings

from tui.annotate_helpers import TUI_DATA


def turns(count: int) -> list[Turn]:
    return [Turn(index=i, speaker="user", text=f"turn {i}") for i in range(1, count + 1)]


def chat(*sessions: Session) -> ChatLog:
    return ChatLog(
        id="chat",
        title=Bilingual(en="chat"),
        model=ModelInfo(name="model", interface="api"),
        source=Source(path="archive/chat.md", sha256="0" * 64, format="markdown-chat"),
        sessions=list(sessions),
    )


def test_every_session_of_a_log_with_several_is_headed_above_its_first_turn() -> None:
    doc = chat(Session(index=1, turns=turns(3)), Session(index=2, turns=turns(2)), Session(index=3))
    breaks = session_breaks(doc)
    assert {position: [s.index for s in found] for position, found in breaks.items()} == {
        0: [1],
        3: [2],
        5: [3],  # no turns and last: below the last turn (position = number of units)
    }
    assert anchors(doc)[3] == "s2-t1"


def test_an_empty_session_is_headed_with_the_next_one() -> None:
    doc = chat(Session(index=1), Session(index=2, turns=turns(1)))
    assert [s.index for s in session_breaks(doc)[0]] == [1, 2]


def test_a_lone_session_is_headed_only_when_it_has_something_to_say() -> None:
    assert session_breaks(chat(Session(index=1, turns=turns(2)))) == {}
    for detail in (
        {"notes": ["a note"]},
        {"title": Bilingual(ja="第一局")},
        {"date": dt.date(2025, 10, 28)},
        {"context": [ContextMessage(role="system", text="Play shiritori.")]},
    ):
        lone = chat(Session(index=1, turns=turns(2), **detail))
        assert list(session_breaks(lone)) == [0], detail


def test_the_heading_says_number_title_date_notes_and_context_in_either_language() -> None:
    session = Session(
        index=2,
        title=Bilingual(ja="第二局", en="Game 2"),
        date=dt.date(2025, 10, 29),
        notes=["Resumed the next day.", "[bold]kept[/bold]"],
        context=[ContextMessage(role="system", text="\n  Play shiritori.\n\nNever end in ん.")],
        turns=turns(1),
    )
    assert session_heading(session, Catalogue("en")) == SessionHeading(
        title="Session 2 · Game 2 · 2025-10-29",
        notes=("Resumed the next day.", "[bold]kept[/bold]"),
        context=("context · system: Play shiritori. …",),
        remark=None,
    )
    japanese = session_heading(session, Catalogue("ja"))
    assert japanese.title == "セッション 2 · 第二局 · 2025-10-29"
    assert japanese.context == ("前提 · system: Play shiritori. …",)
    untitled = session_heading(Session(index=3), Catalogue("en"))
    assert (untitled.title, untitled.remark) == ("Session 3", "(no turns)")


def test_a_batch_has_no_session_headings() -> None:
    path = TUI_DATA / "trial-batch.yaml"
    batch = storage.validate_tree(storage.parse_yaml(path.read_text("utf-8"), path), path)
    assert batch.kind == "batch" and session_headings(batch, Catalogue("en")) == {}
