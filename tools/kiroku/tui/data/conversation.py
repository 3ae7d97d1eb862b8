"""A conversation's figures for the side panel, measured once per session as turns are shown."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiroku.analysis.conversation import SessionFigures, is_conversation, session_figures
from kiroku.schema import BatchLog, ChatLog
from kiroku.site.phrases import counted_slot
from kiroku.tui.catalogue import Catalogue


@dataclass
class ConversationFigures:
    """The figures of a conversation log's sessions; a session is measured when first asked."""

    doc: ChatLog
    _sessions: dict[int, SessionFigures] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: ChatLog | BatchLog) -> ConversationFigures | None:
        return cls(doc) if is_conversation(doc) else None

    def session(self, index: int) -> SessionFigures:
        if index not in self._sessions:
            self._sessions[index] = session_figures(self.doc.sessions[index - 1])
        return self._sessions[index]

    def panel_lines(self, anchor: str, t: Catalogue) -> tuple[str, list[str]]:
        """The turn's own figures in one line, and a line per thing it repeats."""
        session = int(anchor[1:].split("-t")[0])
        figures = self.session(session)
        measured = figures.figures_of(anchor)
        if measured is None:
            return "", []
        nouns = ("characters", "words", "sentences", "paragraphs", "questions", "emoji")
        line = t(
            "panel.figures_line",
            **{noun: counted_slot(getattr(measured, noun), noun, t.lang) for noun in nouns},
        )
        if measured.figures:
            line += "\n" + t(
                "panel.figures_stated", figures=", ".join(f.text for f in measured.figures)
            )
        repeats = figures.repeats_of(anchor)
        lines: list[str] = []
        if repeats is not None:
            closing = repeats.closing
            if closing is not None and closing.earlier:
                lines.append(t("panel.repeat_closing", turns=", ".join(closing.earlier[-4:])))
            for stated in repeats.figures:
                lines.append(
                    t(
                        "panel.repeat_figure",
                        figure=stated.figure.text,
                        turns=", ".join(stated.earlier[-4:]),
                    )
                )
            for phrase in repeats.phrases:
                flat = " ".join(phrase.text.split())
                lines.append(
                    t("panel.repeat_phrase", phrase=flat[:40], turns=", ".join(phrase.earlier[-4:]))
                )
        return line, lines
