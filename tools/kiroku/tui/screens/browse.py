"""The first screen: every log and batch, filterable, with how much of each is reviewed or labelled."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select, Static

from kiroku.tui.bindings import translate_bindings
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.data.summary import LogSummary
from kiroku.tui.data.workspace import Listing
from kiroku.tui.messages import OpenLog
from kiroku.tui.widgets.key_footer import KeyFooter
from kiroku.tui.widgets.log_table import LogTable
from kiroku.tui.widgets.text_boxes import TextBox

if TYPE_CHECKING:
    from kiroku.tui.app import AnnotateApp


class BrowseScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "app.help", "Help", id="help", key_display="?"),
        Binding("slash", "search", "Search", id="search", key_display="/"),
        Binding("f", "toggle_unconfirmed", "Unconfirmed only", id="toggle_unconfirmed"),
        Binding("enter", "open", "Open", id="open", show=True),
    ]

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.summaries: list[LogSummary] = []
        self.listed = False
        """Whether the logs are listed since the screen last came into view (the listing is
        read in a thread: a test, like a person, waits for it)."""
        translate_bindings(self, catalogue)

    @property
    def kiroku(self) -> AnnotateApp:
        from kiroku.tui.app import AnnotateApp

        assert isinstance(self.app, AnnotateApp)
        return self.app

    def compose(self) -> ComposeResult:
        t = self.catalogue
        yield Static(Text(t("app.title") + " · " + t("browse.title"), style="bold"), id="title-bar")
        with Horizontal(id="filters"):
            yield TextBox(placeholder=t("browse.search"), id="filter-text")
            yield Select[str]([], prompt=t("browse.any_model"), id="filter-model")
            yield Select[str]([], prompt=t("browse.any_label"), id="filter-label")
            yield Checkbox(t("browse.unconfirmed"), id="filter-unconfirmed")
        yield LogTable(t, id="logs")
        yield Static(Text(t("browse.loading")), id="status-bar")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(LogTable).focus()

    def on_screen_resume(self) -> None:
        """List the logs each time this screen comes into view, never while hidden.

        A log opened straight from the command line covers this screen: listing every log
        behind it would slow that log's opening for a list nobody sees yet.
        """
        if self.is_current:
            self.listed = False
            self.load()

    @work(thread=True, exclusive=True, group="listing")
    def load(self) -> None:
        listing = self.kiroku.workspace.list_logs()
        self.app.call_from_thread(self.show_listing, listing)

    def show_listing(self, listing: Listing) -> None:
        self.summaries = listing.summaries
        self.listed = True
        for problem in listing.problems:
            self.notify(problem, severity="error", markup=False, timeout=10)
        models = sorted({s.model for s in self.summaries})
        labels = sorted({label for s in self.summaries for label in s.label_ids})
        model_select = self.query_one("#filter-model", Select)
        label_select = self.query_one("#filter-label", Select)
        with self.prevent(Select.Changed):
            model_value, label_value = model_select.value, label_select.value
            model_select.set_options((Text(m), m) for m in models)
            label_select.set_options((Text(self._label_name(lb)), lb) for lb in labels)
            if model_value in models:
                model_select.value = model_value
            if label_value in labels:
                label_select.value = label_value
        self.apply_filters()

    def _label_name(self, label_id: str) -> str:
        kind = self.kiroku.taxonomy.get(label_id) if self.kiroku.taxonomy else None
        name = kind.name.pick(self.catalogue.lang) if kind else None
        return f"{label_id} ({name})" if name else label_id

    def apply_filters(self) -> None:
        text = self.query_one("#filter-text", Input).value
        model = self.query_one("#filter-model", Select).value
        label = self.query_one("#filter-label", Select).value
        unconfirmed = self.query_one("#filter-unconfirmed", Checkbox).value
        shown = [
            s
            for s in self.summaries
            if s.matches(
                text,
                model if isinstance(model, str) else None,
                label if isinstance(label, str) else None,
                unconfirmed,
            )
        ]
        self.query_one(LogTable).show(shown)
        status = self.catalogue("browse.shown", shown=len(shown), total=len(self.summaries))
        if not self.summaries:
            status = self.catalogue("browse.empty")
        self.query_one("#status-bar", Static).update(Text(status))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.apply_filters()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(LogTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.apply_filters()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.apply_filters()

    def action_search(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_toggle_unconfirmed(self) -> None:
        self.query_one("#filter-unconfirmed", Checkbox).toggle()

    def action_open(self) -> None:
        table = self.query_one(LogTable)
        if table.row_count:
            table.action_select_cursor()

    def on_open_log(self, message: OpenLog) -> None:
        self.kiroku.open_log(message.path)
