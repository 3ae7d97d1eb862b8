"""`--select` filters and lasting ids for the conversations of an export."""

from __future__ import annotations

from datetime import date

import pytest
from kiroku.errors import KirokuError
from kiroku.export_items import IdBook, Selection, id_book, logged_from, parse_selection
from kiroku.schema import ChatLog


def conversation(log_id: str, item: str | None, title: str, day: str | None = None) -> ChatLog:
    return ChatLog.model_validate(
        {
            "id": log_id,
            "title": {"en": title},
            "model": {"name": "ChatGPT", "interface": "web"},
            "date": day,
            "source": {
                "path": "archive/conversations.json",
                "sha256": "0" * 64,
                "format": "chatgpt-export",
                "item": item,
            },
        }
    )


def test_selection_from_options() -> None:
    assert parse_selection([]) is None
    assert parse_selection(["mikan", "id=abc", "date=2026-04-01..2026-04-30"]) == Selection(
        ("mikan",), ("abc",), date(2026, 4, 1), date(2026, 4, 30)
    )
    assert parse_selection(["date=2026-04-02"]) == Selection(
        since=date(2026, 4, 2), until=date(2026, 4, 2)
    )


@pytest.mark.parametrize("option", ["date=yesterday", "date=2026-05-01..2026-04-01"])
def test_bad_date_ranges_are_errors(option: str) -> None:
    with pytest.raises(KirokuError, match="--select"):
        parse_selection([option])


def test_a_conversation_must_match_every_kind_of_filter() -> None:
    doc = conversation("a", "c1", "Mikan game", "2026-04-20")
    assert parse_selection(["title=MIKAN", "date=2026-04-20.."])(doc)  # type: ignore[misc]
    assert not parse_selection(["title=mikan", "date=..2026-04-19"])(doc)  # type: ignore[misc]
    assert parse_selection(["id=c2", "id=c1"])(doc)  # type: ignore[misc]
    assert not parse_selection(["date=2026-04-20"])(conversation("b", "c", "t"))  # type: ignore[misc]


def test_a_known_conversation_keeps_its_id_and_new_ones_avoid_taken_ids() -> None:
    book = id_book([conversation("mikan", "c1", "old title"), conversation("game", None, "x")])
    assert book.assign(conversation("renamed", "c1", "new title")).id == "mikan"
    assert book.assign(conversation("game", "c2", "another")).id == "game-2"
    assert book.assign(conversation("game", "c3", "and another")).id == "game-3"


def test_the_same_conversation_id_in_another_format_is_another_conversation() -> None:
    book = IdBook({("claude-export", "c1"): "claude-log"}, {"claude-log"})
    assert book.assign(conversation("gpt-log", "c1", "t")).id == "gpt-log"


def test_sync_keeps_to_conversations_already_logged_from_that_file() -> None:
    logged = [conversation("a", "c1", "t")]
    keep = logged_from(logged, "archive/conversations.json")
    assert keep(conversation("a", "c1", "t"))
    assert not keep(conversation("b", "c2", "t"))
    assert not logged_from(logged, "archive/older.json")(conversation("a", "c1", "t"))
