"""The side panel: everything about the current turn or trial, with bilingual label names."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from kiroku.analysis.reason_text import reason_text
from kiroku.schema import Annotations, RevisedText, Trial
from kiroku.taxonomy import Taxonomy
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.literal import literal
from kiroku.tui.widgets.turn_entry import played_display

SECTIONS = (
    "heading",
    "figures",
    "played",
    "labels",
    "suggestions",
    "translation",
    "note",
    "output",
)


FIGURE_SEPARATOR = " · "


def packed(line: str, width: int) -> str:
    """`a · b · c` broken into lines of at most `width` cells between its figures only, so a
    narrow panel never parts a count from its noun (`3` / `paragraphs`); a figure wider than
    the panel gets a line of its own."""
    if width <= 0:
        return line
    lines: list[str] = []
    for figure in line.split(FIGURE_SEPARATOR):
        joined = lines[-1] + FIGURE_SEPARATOR + figure if lines else figure
        if lines and cell_len(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(figure)
    return "\n".join(lines)


class UnitPanel(VerticalScroll):
    """Shows, never edits: edits go through the screen and the editor."""

    def __init__(self, catalogue: Catalogue, taxonomy: Taxonomy | None, *, id: str | None = None):
        super().__init__(id=id)
        self.catalogue = catalogue
        self.taxonomy = taxonomy

    def compose(self) -> ComposeResult:
        for section in SECTIONS:
            yield Static(id=f"panel-{section}", classes="panel-section", markup=False)

    def _label_name(self, label_id: str) -> str:
        kind = self.taxonomy.get(label_id) if self.taxonomy else None
        if kind is None:
            return label_id
        name = kind.name.pick(self.catalogue.lang) or label_id
        return f"{label_id} — {name}"

    def _revised(self, revised: RevisedText | None) -> Text:
        """A person's text as it reads now, with who wrote this version and how many came before."""
        if revised is None or revised.current is None:
            return Text()
        text = literal(revised.current)
        if revised.by is not None:
            at = f"{revised.at:%Y-%m-%d %H:%M}" if revised.at is not None else ""
            byline = self.catalogue("panel.version", by=revised.by, at=at).rstrip()
            if revised.earlier:
                byline += " " + self.catalogue("panel.earlier", count=len(revised.earlier))
            text.append("\n")
            text.append_text(literal(byline, "dim"))
        return text

    def _section(self, title: str, body: Text, empty: Text) -> Text:
        body.rstrip()
        text = Text(title + "\n", style="bold")
        text.append_text(body if body.plain else empty)
        return text

    def show(
        self,
        unit: Annotations,
        anchor: str,
        rule_break: bool,
        session: str | None = None,
        figures: tuple[str, list[str]] | None = None,
        *,
        chosen: str | None = None,
        marked: bool = False,
    ) -> None:
        """`session` names the session the turn belongs to when the log has several;
        `figures` are a conversation turn's own figures and a line per thing it repeats;
        `chosen` is the open suggestion `a` and `x` act on, marked when there is a choice;
        `marked`: the unit is in the selection (`m`) that `A` and `X` act on."""
        t = self.catalogue
        none = Text(t("panel.empty"), style="dim")
        heading = Text(anchor, style="bold reverse")
        if rule_break:
            heading.append("  ⚠ " + t("panel.rule_break"), style="bold red")
        if session:
            heading = Text.assemble(heading, "\n", literal(session, "dim"))
        if unit.reviewed:
            who = ", ".join(review.by for review in unit.reviewed)
            heading.append("\n")
            heading.append_text(literal("✓ " + t("panel.reviewed", who=who), "green"))
        if marked:
            heading.append("\n")
            heading.append("● " + t("panel.marked"), style="bold magenta")
        played = literal(played_display(unit)) if (unit.played or unit.played_override) else none
        override = unit.played_override
        if override is not None:
            words = " ".join(override.words)
            if override.talk:
                words = t("panel.talk")
            elif not override.words:
                words = t("panel.no_word")
            played.append("\n")
            played.append_text(literal(t("panel.override", words=words, by=override.by), "italic"))
        labels = Text()
        for label in unit.labels:
            labels.append("✓ ", style="green")
            labels.append_text(literal(self._label_name(label.id), "green"))
            labels.append_text(literal(f"  {label.by} {label.at:%Y-%m-%d %H:%M}\n", "dim"))
        suggestions = Text()
        accepted = {label.id for label in unit.labels}
        rejections = {r.id: r for r in unit.rejected}
        for suggestion in unit.suggestions:
            rejection = rejections.get(suggestion.id)
            if suggestion.id in accepted:
                mark, style, state = "✓ ", "dim", t("panel.accepted")
            elif rejection is not None:
                mark, style = "✗ ", "dim strike"
                state = t("panel.dismissed", by=rejection.by, at=f"{rejection.at:%Y-%m-%d %H:%M}")
            elif suggestion.id == chosen:
                mark, style = "▶ ", "bold yellow reverse"
                state = f"{t('panel.unconfirmed')} · {t('panel.chosen')}"
            else:
                mark, style, state = "? ", "yellow", t("panel.unconfirmed")
            suggestions.append(mark, style=style)
            suggestions.append_text(literal(self._label_name(suggestion.id), style))
            suggestions.append_text(literal(f"  {suggestion.by} ({state})\n", "dim"))
            if suggestion.reason:
                reason = reason_text(suggestion.id, suggestion.reason, t.lang)
                suggestions.append_text(literal(f"  {reason}\n", "italic"))
        shown_figures = Text()
        if figures is not None and figures[0]:
            line, repeats = figures
            width = self.scrollable_content_region.width  # less the scrollbar, if it is to come
            if not self.show_vertical_scrollbar:
                width -= self.styles.scrollbar_size_vertical
            shown = "\n".join(packed(part, width) for part in line.split("\n"))
            shown_figures = self._section(t("panel.figures"), literal(shown), none)
            if repeats:
                shown_figures.append("\n")
                shown_figures.append_text(Text(t("panel.repeats") + "\n", style="bold"))
                shown_figures.append_text(literal("\n".join(repeats), "yellow"))
        values = {
            "heading": heading,
            "figures": shown_figures,
            "played": Text()  # a conversation plays no words
            if figures is not None
            else self._section(t("panel.played"), played, none),
            "labels": self._section(t("panel.labels"), labels, none),
            "suggestions": self._section(t("panel.suggestions"), suggestions, none),
            "translation": self._section(
                t("panel.translation"), self._revised(unit.translation_en), none
            ),
            "note": self._section(t("panel.note"), self._revised(unit.note), none),
            "output": self._section(t("panel.output"), literal(unit.output), none)
            if isinstance(unit, Trial)
            else Text(),
        }
        for section, text in values.items():
            widget = self.query_one(f"#panel-{section}", Static)
            widget.update(text)
            widget.display = bool(text.plain)
