"""Hypothesis strategies for hostile text and for whole chat logs and batches."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import strategies as st
from kiroku.schema import BatchLog, ChatLog

YAML_EDGES = (
    "yes",
    "no",
    "on",
    "off",
    "null",
    "~",
    "Null",
    "1.0",
    "1e3",
    "0x1F",
    "010",
    ".inf",
    "-.nan",
    "2026-04-20",
    "12:30",
    "true",
    "False",
    "",
    " ",
    "  lead",
    "trail ",
    "trail \n",
    "a\n",
    "a\n\n",
    "\n",
    "\r",
    "a\r\nb",
    "a\rb",
    "\x85",
    "x\x85y",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufeffbom",
    "\t",
    "a\tb\t",
    "# not a comment",
    "- not a list",
    "? key",
    ": colon",
    "|",
    ">",
    "'",
    '"',
    "\\",
    "a: b",
    "&anchor",
    "*alias",
    "!tag",
    "%YAML",
    "---",
    "...",
    "{a: 1}",
    "[1]",
    "\x00",
    "\x1b[31mred",
    "\ud800",
    "a\udfffb",
    "\ue000",
    "\U0010ffff",
    "\ufffe",
    "みかん",
    "画家\n\n**みかん**",
    "🍊" * 3,
    "x" * 5000,
)
"""Strings that YAML emitters and readers are known to get wrong."""

SAFE_KEY = st.text(st.characters(codec="utf-8", exclude_characters="\x85"), min_size=1, max_size=8)

any_char = st.characters(exclude_categories=())
"""Every code point, lone surrogates and control characters included."""

hostile_text = st.one_of(
    st.text(any_char, max_size=40),
    st.sampled_from(YAML_EDGES),
    st.lists(st.sampled_from(YAML_EDGES), min_size=2, max_size=4).map("".join),
    st.text(st.sampled_from("a \n\r\t\x85\u2028#:-'\"みか"), max_size=30),
)

key_text = hostile_text.filter(lambda text: not any("\ud800" <= c <= "\udfff" for c in text))
"""Keys of `recorded`: pydantic's JSON-mode dump turns lone surrogates in keys into U+FFFD."""

instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
)
label_ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)


def _labels() -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(
        st.fixed_dictionaries(
            {"id": label_ids, "by": hostile_text, "at": instants},
            optional={"note": st.none() | hostile_text},
        ),
        max_size=2,
    )


def _annotations() -> dict[str, st.SearchStrategy[Any]]:
    return {
        "labels": _labels(),
        "note": st.none() | hostile_text,
        "translation_en": st.none() | hostile_text,
    }


turns = st.fixed_dictionaries(
    {"speaker": st.sampled_from(["user", "model"]), "text": hostile_text},
    optional={"name": hostile_text, "reasoning": hostile_text, **_annotations()},
)

sessions = st.fixed_dictionaries(
    {"turns": st.lists(turns, max_size=4)},
    optional={
        "title": st.fixed_dictionaries({"ja": hostile_text, "en": st.none() | hostile_text}),
        "notes": st.lists(hostile_text, max_size=2),
    },
)

_common = {
    "id": st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,6}){0,2}", fullmatch=True),
    "title": st.fixed_dictionaries({"ja": hostile_text, "en": st.none() | hostile_text}),
    "model": st.fixed_dictionaries(
        {"name": hostile_text, "interface": st.sampled_from(["web", "api"])}
    ),
    "source": st.fixed_dictionaries(
        {
            "path": st.just("archive/fuzz.txt"),
            "sha256": st.just("a" * 64),
            "format": st.just("markdown-chat"),
        }
    ),
}


@st.composite
def chat_logs(draw: st.DrawFn) -> ChatLog:
    data = draw(
        st.fixed_dictionaries(_common, optional={"tags": st.lists(hostile_text, max_size=3)})
    )
    drawn = draw(st.lists(sessions, max_size=3))
    for s, session in enumerate(drawn, 1):
        session["index"] = s
        for t, turn in enumerate(session["turns"], 1):
            turn["index"] = t
    return ChatLog.model_validate({**data, "sessions": drawn})


scalar_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    hostile_text,
    st.floats(allow_nan=False, allow_infinity=False),
)
trials = st.fixed_dictionaries(
    {"output": hostile_text},
    optional={
        "recorded": st.dictionaries(st.one_of(SAFE_KEY, key_text), scalar_values, max_size=3),
        "timestamp": instants,
        **_annotations(),
    },
)


@st.composite
def batch_logs(draw: st.DrawFn) -> BatchLog:
    data = draw(st.fixed_dictionaries(_common))
    drawn = draw(st.lists(trials, max_size=5))
    for number, trial in enumerate(drawn, 1):
        trial["trial"] = number
    condition = draw(
        st.fixed_dictionaries(
            {"name": st.fixed_dictionaries({"ja": hostile_text}), "user_prompt": hostile_text},
            optional={
                "system_prompt": hostile_text,
                "parameters": st.dictionaries(SAFE_KEY, scalar_values, max_size=3),
            },
        )
    )
    return BatchLog.model_validate({**data, "condition": condition, "trials": drawn})


documents = st.one_of(chat_logs(), batch_logs())
