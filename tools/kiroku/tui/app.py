"""The annotator application: who annotates, in which language, against which project."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel

from kiroku.errors import KirokuError
from kiroku.project import Project
from kiroku.taxonomy import Taxonomy
from kiroku.tui.bindings import described, translate_bindings
from kiroku.tui.catalogue import Catalogue, Lang
from kiroku.tui.data.label_keys import default_keys, load_label_keys, settings_path
from kiroku.tui.data.workspace import Workspace
from kiroku.tui.dialogs.help import HelpScreen, help_markdown
from kiroku.tui.screens.browse import BrowseScreen
from kiroku.tui.screens.log import LogScreen

Clock = Callable[[], dt.datetime]


def local_now() -> dt.datetime:
    """Local time with its offset, to the second: a label's `at` is read by people."""
    return dt.datetime.now(dt.UTC).astimezone().replace(microsecond=0)


class AnnotateApp(App[None]):
    """Starts on the log list, or straight in one log when given its path."""

    CSS_PATH = "kiroku.tcss"
    TITLE = "Kiroku"
    # Textual declares the breakpoints as instance attributes: not ClassVar (mypy), so RUF012.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [  # noqa: RUF012
        (0, "-narrow"),
        (110, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-short"), (32, "-tall")]  # noqa: RUF012
    """`kiroku.tcss` lays the screens out again below 110 columns or 32 rows (80×24 works)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark,f1", "help", "Help", id="help", key_display="?"),
    ]

    def __init__(
        self,
        project: Project,
        *,
        who: str,
        lang: Lang = "en",
        clock: Clock = local_now,
        open_path: Path | None = None,
        settings: Path | None = None,
    ) -> None:
        """`settings`: the file giving the number keys' labels (default `settings_path()`)."""
        super().__init__()
        self.workspace = Workspace(project)
        self.who = who
        self.catalogue = Catalogue(lang)
        self.now = clock
        self.open_path = open_path
        self.taxonomy: Taxonomy | None = None
        self.taxonomy_error = ""
        self.settings = settings or settings_path()
        self.chosen_label_keys: dict[str, str] | None = None
        """The number keys of the settings file; None: each log's defaults (`label_keys_for`)."""
        translate_bindings(self, self.catalogue)

    def on_mount(self) -> None:
        try:
            self.taxonomy = self.workspace.taxonomy()
        except KirokuError as error:
            self.taxonomy_error = str(error)
        if self.taxonomy is not None:
            try:
                self.chosen_label_keys = load_label_keys(self.settings, self.taxonomy)
            except KirokuError as error:
                t = self.catalogue
                message = t("notice.label_keys_error", error=error)
                self.notify(message, severity="error", markup=False, timeout=10)
        self.push_screen(BrowseScreen(self.catalogue))
        if self.open_path is not None:
            self.open_log(self.open_path)

    def open_log(self, path: Path) -> None:
        try:
            loaded = self.workspace.open(path)
        except KirokuError as error:
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return
        self.push_screen(LogScreen(loaded, self.catalogue))

    def label_keys_for(self, experiment: str) -> dict[str, str]:
        """The labels on the number keys in a log of `experiment`."""
        if self.taxonomy is None:
            return {}
        if self.chosen_label_keys is not None:
            return self.chosen_label_keys
        return default_keys(self.taxonomy, experiment)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """One plain notice at a time: each replaces the last, errors stay until they time out.

        Ten quick `a`s used to stack ten toasts over the panel, hiding what they changed.
        """
        if severity == "information":
            for notice in list(self._notifications):
                if notice.severity == "information":
                    self._unnotify(notice, refresh=False)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_help(self) -> None:
        t = self.catalogue
        sections = [(t("help.everywhere"), described(self))]
        screen = self.screen
        title = "help.log" if isinstance(screen, LogScreen) else "help.browse"
        bindings = described(screen)
        if isinstance(screen, LogScreen):
            bindings = described(screen.view) + bindings
            sections.insert(0, (t("help.label_keys"), screen.label_key_bindings()))
        sections.insert(0, (t(title), bindings))
        self.push_screen(HelpScreen(help_markdown(t, sections), t))

    async def action_quit(self) -> None:
        screen = self.screen
        if isinstance(screen, LogScreen):
            screen.flush(lambda: self.leave(screen))
        else:
            self.exit()

    def leave(self, screen: LogScreen) -> None:
        """Quit; with edits that could not be saved, say where they are kept and exit 1."""
        message = screen.unsaved_message()
        if message is None:
            self.exit()
        else:
            self.exit(return_code=1, message=message)
