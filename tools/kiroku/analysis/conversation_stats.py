"""One row of figures per session of each conversation log, for `kiroku stats` and the site."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from kiroku.analysis.conversation import SessionFigures, conversation_figures, is_conversation
from kiroku.analysis.conversation_suggest import findings
from kiroku.schema import BatchLog, ChatLog


class ConversationRow(BaseModel):
    """A session of a conversation in figures: lengths, their variation, what the model repeats."""

    log_id: str
    model: str
    session: int
    user_turns: int
    model_turns: int
    user_mean_characters: float | None
    model_mean_characters: float | None
    user_cv: float | None
    """Coefficient of variation of the user's turn lengths (characters)."""
    model_cv: float | None
    cv_ratio: float | None
    """model_cv / user_cv: well under 1 when the replies keep their length whatever she writes."""
    window_model_cv_max: float | None
    """The largest model CV over the sliding windows of exchanges (steady if still small)."""
    window_user_cv_min: float | None
    length_correlation: float | None
    """Pearson's r between a user turn's length and the reply's."""
    model_words: int
    model_questions: int
    model_emoji: int
    model_figures: int
    """Numbers, prices and amounts the model stated."""
    replies_repeating_phrases: int
    repeated_closing: int
    """Replies that would be suggested `repeated-closing` (and likewise the next two)."""
    repeated_figure: int
    template_reply: int


def session_row(doc: ChatLog, figures: SessionFigures) -> ConversationRow:
    shape = figures.shape
    model = [t for t in figures.turns if t.speaker == "model"]
    earned = [{rule for rule, _ in findings(r)} for r in figures.repeats]
    windows = shape.windows
    model_cvs = [w.model_cv for w in windows if w.model_cv is not None]
    user_cvs = [w.user_cv for w in windows if w.user_cv is not None]
    return ConversationRow(
        log_id=doc.id,
        model=doc.model.name,
        session=figures.session,
        user_turns=shape.user_turns,
        model_turns=shape.model_turns,
        user_mean_characters=shape.user_mean,
        model_mean_characters=shape.model_mean,
        user_cv=shape.user_cv,
        model_cv=shape.model_cv,
        cv_ratio=shape.cv_ratio,
        window_model_cv_max=max(model_cvs, default=None),
        window_user_cv_min=min(user_cvs, default=None),
        length_correlation=shape.length_correlation,
        model_words=sum(t.words for t in model),
        model_questions=sum(t.questions for t in model),
        model_emoji=sum(t.emoji for t in model),
        model_figures=sum(len(t.figures) for t in model),
        replies_repeating_phrases=sum(1 for r in figures.repeats if r.phrases),
        repeated_closing=sum("repeated-closing" in e for e in earned),
        repeated_figure=sum("repeated-figure" in e for e in earned),
        template_reply=sum("template-reply" in e for e in earned),
    )


def conversation_rows(docs: Iterable[ChatLog | BatchLog]) -> list[ConversationRow]:
    """A row per session of every conversation log, in the order given."""
    rows: list[ConversationRow] = []
    for doc in docs:
        if is_conversation(doc):
            rows.extend(session_row(doc, figures) for figures in conversation_figures(doc))
    return rows
