"""A batch's condition above its trials: the prompts every trial got and the parameters."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from kiroku.schema import Condition
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.literal import literal


def condition_text(condition: Condition, catalogue: Catalogue) -> Text:
    """Name, prior word and parameters on one line, then each prompt as it was sent."""
    t = catalogue
    text = Text()
    text.append(t("condition.title") + " ", style="bold")
    name = condition.name.pick(t.lang) or ""
    text.append_text(literal(name, "bold"))
    if condition.prior_word and condition.prior_word not in name:
        text.append("  " + t("condition.prior_word") + " ", style="dim")
        text.append_text(literal(condition.prior_word, "bold"))
    if condition.parameters:
        shown = " · ".join(f"{key} {value}" for key, value in condition.parameters.items())
        text.append("  ")
        text.append_text(literal(shown, "dim"))
    prompts = (
        ("condition.system", condition.system_prompt),
        ("condition.user", condition.user_prompt),
    )
    for key, body in prompts:
        if not body:
            continue
        text.append("\n" + t(key) + " ", style="bold dim")
        text.append_text(literal(body))
    return text


class ConditionHeader(VerticalScroll, can_focus=False):
    """At most a third of the screen (it scrolls with the mouse); `i` folds it to one line."""

    def __init__(self, condition: Condition, catalogue: Catalogue, *, id: str | None = None):
        super().__init__(id=id)
        self.condition = condition
        self.catalogue = catalogue

    def compose(self) -> ComposeResult:
        yield Static(condition_text(self.condition, self.catalogue), markup=False)

    def toggle(self) -> None:
        self.set_class(not self.has_class("-folded"), "-folded")
