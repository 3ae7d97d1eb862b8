"""Suggested labels for a conversation's model turns, from what each reply repeats.

The suggestions are the analysis's own (`by: rule:<label>`) and only those are rewritten on a
re-run: a person's labels, rejections and any other tool's suggestions stay as they are, and a
suggestion keeps the time it was first made, so `kiroku analyse` twice changes no byte.
"""

from __future__ import annotations

from datetime import datetime

from kiroku.analysis.conversation import SessionFigures, TurnRepeats, session_figures
from kiroku.schema import ChatLog, Suggestion

CONVERSATION_RULES = ("repeated-closing", "repeated-figure", "template-reply")
"""The label ids this module suggests; each is defined in `logs/taxonomy.yaml`."""
BY = "rule:"

CLOSINGS_BEFORE = 2
"""`repeated-closing`: the same closing as at least this many earlier replies."""
FIGURE_TIMES_BEFORE = 2
"""`repeated-figure` for a quantity (`12分`, `3 cups`): stated in this many earlier replies.
A price or a percentage stated again once is enough: that is what the pushing looks like."""


def _quoted(text: str, room: int = 60) -> str:
    flat = " ".join(text.split())
    return "「" + (flat if len(flat) <= room else flat[: room - 1] + "…") + "」"


def _turns(anchors: tuple[str, ...]) -> str:
    shown = ", ".join(anchors[-4:])
    return ("…, " if len(anchors) > 4 else "") + shown


def findings(repeats: TurnRepeats) -> list[tuple[str, str]]:
    """The labels one reply earns, each with a reason naming the turns it repeats."""
    found: list[tuple[str, str]] = []
    closing = repeats.closing
    if closing is not None and len(closing.earlier) >= CLOSINGS_BEFORE:
        found.append(
            (
                "repeated-closing",
                f"closes with {_quoted(closing.text)} as {len(closing.earlier)} earlier replies "
                f"did ({_turns(closing.earlier)})",
            )
        )
    stated = [
        r
        for r in repeats.figures
        if r.figure.kind in ("price", "percent") or len(r.earlier) >= FIGURE_TIMES_BEFORE
    ]
    if stated:
        first = stated[0]
        more = f" and {len(stated) - 1} more figure(s)" if len(stated) > 1 else ""
        found.append(
            (
                "repeated-figure",
                f"states {first.figure.text} ({first.figure.shown()}) again, as in "
                f"{_turns(first.earlier)}{more}",
            )
        )
    if is_template(repeats):
        found.append(
            (
                "template-reply",
                f"built like {_turns(repeats.same_structure)} ({repeats.structure}); "
                f"{repeats.sentences_with_phrases} of {repeats.sentences} sentences repeat "
                "phrases of earlier replies",
            )
        )
    return found


def is_template(repeats: TurnRepeats) -> bool:
    """The same shape as an earlier reply, and most of its sentences say what earlier ones said."""
    return (
        bool(repeats.same_structure)
        and repeats.sentences >= 2
        and 2 * repeats.sentences_with_phrases > repeats.sentences
    )


def merge(
    existing: list[Suggestion], fresh: list[tuple[str, str]], now: datetime
) -> list[Suggestion]:
    """This analysis's suggestions replaced, keeping the first `at`; every other one kept."""
    own = {f"{BY}{rule}" for rule in CONVERSATION_RULES}
    kept = [s for s in existing if s.by not in own]
    previous = {(s.id, s.by): s for s in existing if s.by in own}
    merged = []
    for rule, reason in fresh:
        by = f"{BY}{rule}"
        before = previous.get((rule, by))
        merged.append(Suggestion(id=rule, by=by, at=before.at if before else now, reason=reason))
    return kept + merged


def annotate_conversation(doc: ChatLog, now: datetime) -> ChatLog:
    """`doc` (already a copy) with each model turn's suggestions brought up to date."""
    for session in doc.sessions:
        figures: SessionFigures = session_figures(session)
        for turn in session.turns:
            repeats = figures.repeats_of(f"s{session.index}-t{turn.index}")
            fresh = findings(repeats) if repeats is not None else []
            turn.suggestions = merge(turn.suggestions, fresh, now)
    return doc
