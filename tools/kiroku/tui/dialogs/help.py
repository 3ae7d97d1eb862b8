"""The help screen: a markdown page beside this package plus a table of the live bindings."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from kiroku.tui.bindings import help_name, translate_bindings
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.widgets.key_footer import KeyFooter

HELP_DIR = Path(__file__).resolve().parent.parent


def help_markdown(catalogue: Catalogue, sections: list[tuple[str, list[Binding]]]) -> str:
    """The help page: the prose of `help.md` (or `help.ja.md`) and one table per key section."""
    name = "help.ja.md" if catalogue.lang == "ja" else "help.md"
    parts = [(HELP_DIR / name).read_text(encoding="utf-8").rstrip()]
    for title, bindings in sections:
        parts.append(f"\n\n## {title}\n\n| {catalogue('help.key')} | {catalogue('help.action')} |")
        parts.append("|---|---|")
        for binding in bindings:
            keys = binding.key_display or binding.key.replace(",", " / ")
            name = help_name(binding).replace("|", "\\|")  # a label's name may hold one
            parts.append(f"| `{keys}` | {name} |")
    return "\n".join(parts) + "\n"


class HelpPage(VerticalScroll):
    """The help text, scrolled by the keys that move through a log (it was mouse-only)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll", id="scroll", key_display="j/k/PgDn"),
        Binding("k", "scroll_up", show=False),
        Binding("space", "page_down", show=False),
        Binding("g", "scroll_home", "Top", id="top", show=False),
        Binding("G", "scroll_end", "End", id="end", show=False),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close"),
    ]

    def __init__(self, markdown: str, catalogue: Catalogue) -> None:
        super().__init__()
        self.markdown = markdown
        self.catalogue = catalogue
        translate_bindings(self, catalogue)

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"), HelpPage(id="help-text") as page:
            translate_bindings(page, self.catalogue)
            yield Markdown(self.markdown)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(HelpPage).focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
