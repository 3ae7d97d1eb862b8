"""One log: its turns or trials, the current unit's annotations, and editing by keyboard."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from kiroku.annotations import edits
from kiroku.annotations.agreement import annotators_of_unit, disagreeing_positions
from kiroku.annotations.editor import Change, LogEditor
from kiroku.annotations.merge import Merge, Side, States, merge, states_of
from kiroku.annotations.units import anchors, progress, session_range, unconfirmed
from kiroku.errors import ConflictError, KirokuError
from kiroku.schema import BatchLog, ChatLog, Suggestion
from kiroku.storage import Loaded
from kiroku.tui.bindings import in_typed_order, translate_bindings
from kiroku.tui.catalogue import Catalogue
from kiroku.tui.data.conversation import ConversationFigures
from kiroku.tui.data.log_search import matching, step_to
from kiroku.tui.data.units import is_rule_break, played_words
from kiroku.tui.data.word_chain import ChainLink, word_chains
from kiroku.tui.dialogs.conflict import ConflictDialog
from kiroku.tui.dialogs.label_palette import LabelPalette
from kiroku.tui.dialogs.played_word import PlayedChoice, PlayedWordDialog
from kiroku.tui.dialogs.text_editor import TextEditor
from kiroku.tui.messages import SaveFinished
from kiroku.tui.widgets.condition_header import ConditionHeader
from kiroku.tui.widgets.conversation import Conversation
from kiroku.tui.widgets.key_footer import KeyFooter
from kiroku.tui.widgets.label_keys_line import label_keys_text
from kiroku.tui.widgets.search_bar import SearchBar
from kiroku.tui.widgets.session_heading import SessionHeading, session_headings
from kiroku.tui.widgets.trial_table import TrialTable
from kiroku.tui.widgets.turn_entry import UnitEntry, first_word, unit_entry, unit_sketch
from kiroku.tui.widgets.unit_panel import UnitPanel
from kiroku.tui.widgets.word_chain import WordChain

if TYPE_CHECKING:
    from kiroku.tui.app import AnnotateApp

SAVE_DELAY = 0.25
"""Seconds of quiet before a save: quick edits in a row become one write."""
RETRY_EVERY = 2.0
"""Seconds between tries to read a file that could not be read (someone is fixing it)."""

LABEL_KEY_BINDINGS: list[Binding] = [
    Binding("1", "label_key('1')", "Label by number", id="label_keys", key_display="1–9"),
    *(Binding(str(n), f"label_key('{n}')", show=False) for n in range(2, 10)),
]
"""The number keys toggle the labels the settings file (or the taxonomy's order) gives them."""


class LogScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # In the order the footer shows them: at 80 columns the first eight fit (seven with
        # `D`), in either language; `?` lists them all.
        Binding("question_mark,f1", "app.help", "Help", id="help", key_display="?"),
        # Every key typed as a letter (or digit, `/`, `>`...) is a priority binding: handled
        # as it arrives, in the order typed. A key that opens a dialog then sends the keys
        # after it to the dialog (`l` then `mika` accepted a suggestion with the `a`), and a
        # key before it has acted first (`j` then `p` corrected the turn `j` had left). A
        # focused text box (the search) still types them.
        *in_typed_order(
            Binding("l", "label", "Label", id="label"),
            Binding("a", "accept", "Accept suggestion", id="accept"),
            Binding("x", "reject", "Dismiss suggestion", id="reject"),
            Binding("s", "find('unconfirmed')", "Next suggestion", id="next_suggestion"),
            Binding("n", "find('unlabelled')", "Next unlabelled", id="next_unlabelled"),
            # Shown only in a log two or more people annotated; elsewhere the key says why not.
            Binding("D", "filter_disagreements", "Disagreements only", id="filter_disagreements"),
            Binding("D", "no_disagreement", show=False),
            Binding(
                "d", "find('disagreement')", "Next disagreement", id="next_disagreement", show=False
            ),
            Binding("u", "undo", "Undo", id="undo"),
        ),
        Binding("escape", "back", "Back", id="back"),
        *in_typed_order(
            *LABEL_KEY_BINDINGS,
            Binding("slash", "search", "Search", id="search_log", key_display="/"),
            Binding("t", "edit_text('translation_en')", "Translate", id="translate"),
            Binding("e", "edit_text('note')", "Note", id="note"),
            Binding("p", "played", "Played word", id="played"),
            Binding("v", "reviewed", "Reviewed", id="reviewed"),
            Binding("V", "rest_reviewed", "Rest reviewed", id="rest_reviewed"),
            Binding("m", "mark", "Mark", id="mark"),
            Binding("A", "decide_all('accept')", "Accept all", id="accept_all"),
            Binding("X", "decide_all('dismiss')", "Dismiss all", id="reject_all"),
        ),
        Binding("ctrl+z", "undo", show=False),
        Binding("ctrl+r,ctrl+y", "redo", "Redo", id="redo", key_display="^r", show=False),
        *in_typed_order(
            Binding(
                "c", "choose_suggestion", "Choose suggestion", id="choose_suggestion", show=False
            ),
            Binding(
                "greater_than_sign",
                "search_step(1)",
                "Next match",
                id="next_match",
                key_display=">",
                show=False,
            ),
            Binding(
                "less_than_sign",
                "search_step(-1)",
                "Previous match",
                id="previous_match",
                key_display="<",
                show=False,
            ),
            Binding("i", "toggle_condition", "Condition", id="toggle_condition", show=False),
        ),
    ]

    def __init__(self, loaded: Loaded, catalogue: Catalogue) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.path = loaded.path
        self.sha256: str | None = loaded.sha256
        self.editor = LogEditor(loaded.doc)
        self.position = 0
        self.marked: set[int] = set()
        """Units marked with `m`: bulk accept and dismiss act on them when there are any."""
        self.saved_revision = 0
        self.saving = False
        self.save_failed = False
        self.save_error = ""
        self.base: States = states_of(loaded.doc)
        """Each unit as the file on disk holds it (loaded, or last saved): what merges compare."""
        self._saving_states: States = self.base
        self.unreadable: str | None = None
        """Why the file on disk cannot be read, while it cannot."""
        self.merging = False
        self.recovery_kept = False
        self._retry_timer: Timer | None = None
        self.after_save: Callable[[], None] | None = None
        self._save_timer: Timer | None = None
        self._session_starts: list[int] = []
        self._session_titles: list[str] = []
        self.conversation = ConversationFigures.of(loaded.doc)
        """A conversation's figures for the panel (measured a session at a time); None for a game."""
        self.chosen_suggestion: str | None = None
        """The open suggestion `a` and `x` act on (`c` chooses another); None: the first."""
        self.search_query = ""
        self._search_origin = 0
        self.shown: list[int] | None = None
        """The positions the list shows while it is filtered (`D`); None: every unit."""
        self._rows_of: dict[int, int] = {}
        self.annotators: set[str] = set()
        """Everyone who judged a unit of this log: `D` is offered once there are two."""
        self._count_annotators()
        translate_bindings(self, catalogue)

    @property
    def kiroku(self) -> AnnotateApp:
        from kiroku.tui.app import AnnotateApp

        assert isinstance(self.app, AnnotateApp)
        return self.app

    @cached_property
    def rule_break_ids(self) -> frozenset[str]:
        taxonomy = self.kiroku.taxonomy
        if taxonomy is None:
            return frozenset()
        return frozenset(k.id for k in taxonomy.labels if k.group == "rule-break")

    @property
    def save_pending(self) -> bool:
        """A save is waiting for its quiet spell or running."""
        return self._save_timer is not None or self.saving

    @property
    def dirty(self) -> bool:
        return self.editor.revision != self.saved_revision

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        doc, t = self.editor.doc, self.catalogue
        title = Text(doc.title.pick(t.lang) or doc.id, style="bold")
        title.append(f"  {doc.model.name}  {doc.date or ''}  {t('kind.' + doc.kind)}", style="dim")
        yield Static(title, id="title-bar")
        if isinstance(doc, ChatLog):
            yield self._word_chain(doc)
        if isinstance(doc, BatchLog):
            yield ConditionHeader(doc.condition, t, id="condition")
        with Horizontal(id="log-body"):
            yield self._make_view()
            yield UnitPanel(t, self.kiroku.taxonomy, id="panel")
        yield SearchBar(placeholder=t("search.placeholder"), id="log-search")
        yield Static(id="status-bar")
        yield Static(id="label-keys")
        yield KeyFooter(show_command_palette=False)

    def _word_chain(self, doc: ChatLog) -> WordChain:
        """The strip, hidden while no turn plays a word: a correction or a merge may add one."""
        chain = WordChain(*self._chain_parts(doc), id="word-chain")
        chain.display = any(chain.chains)
        return chain

    def _chain_parts(self, doc: ChatLog) -> tuple[list[list[ChainLink]], list[int], list[str]]:
        """Each session's chain, the position of its first unit, and the strip's prefix."""
        t = self.catalogue
        starts, position = [], 0
        for session in doc.sessions:
            starts.append(position)
            position += len(session.turns)
        several = len(doc.sessions) > 1
        prefixes = [
            t("chain.session", index=s.index) if several else t("chain.played")
            for s in doc.sessions
        ]
        return word_chains(doc), starts, prefixes

    def _make_view(self) -> Conversation | TrialTable:
        """The list of units, or of the units the filter keeps (a row is then not a position)."""
        units = self.editor.units
        rows = self.shown if self.shown is not None else range(len(units))
        view: Conversation | TrialTable
        if isinstance(self.editor.doc, ChatLog):
            headings = session_headings(self.editor.doc, self.catalogue)
            self._session_starts = sorted(p for p in headings if p < len(units))
            self._session_titles = [headings[p][-1].title for p in self._session_starts]
            view = Conversation(
                len(rows),
                lambda row: self.entry(rows[row]),
                lambda s: self.catalogue(f"speaker.{s}"),
                lambda row: unit_sketch(units[rows[row]]),
                headings=self._row_headings(headings, rows),
                on_cursor=self.cursor_moved,
                id="units",
            )
        else:
            headers = {
                "trial": self.catalogue("col.trial"),
                "first_word": self.catalogue("col.first_word"),
                "labels": self.catalogue("col.labels"),
                "suggestions": self.catalogue("col.suggestions"),
            }
            view = TrialTable(
                len(rows),
                lambda row: self.entry(rows[row]),
                lambda row: first_word(units[rows[row]]),
                headers,
                on_cursor=self.cursor_moved,
                id="units",
            )
        translate_bindings(view, self.catalogue)
        return view

    def _row_headings(
        self, headings: dict[int, tuple[SessionHeading, ...]], rows: Sequence[int]
    ) -> dict[int, tuple[SessionHeading, ...]]:
        """The session headings by row: a filtered list heads each session's first row shown."""
        if self.shown is None:
            return headings
        starts = self._session_starts
        by_row: dict[int, tuple[SessionHeading, ...]] = {}
        headed: set[int] = set()
        for row, position in enumerate(rows):
            found = bisect_right(starts, position) - 1
            if found >= 0 and starts[found] not in headed:
                headed.add(starts[found])
                by_row[row] = headings[starts[found]]
        return by_row

    def row_of(self, position: int) -> int | None:
        """The list row showing the unit at `position`; None while the filter hides it."""
        if self.shown is None:
            return position
        return self._rows_of.get(position)

    def listed(self, positions: Iterable[int]) -> list[int]:
        """The positions among these that the list shows."""
        if self.shown is None:
            return list(positions)
        return [p for p in positions if p in self._rows_of]

    @property
    def view(self) -> Conversation | TrialTable:
        return self.query_one("#units")  # type: ignore[return-value]

    def entry(self, position: int) -> UnitEntry:
        return unit_entry(
            self.editor.units[position], self.editor.anchors[position], self.rule_break_ids
        )

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        translate_bindings(self.query_one(SearchBar), self.catalogue)
        self.view.focus()
        self.show_unit()
        self.recover()

    def label_key_bindings(self) -> list[Binding]:
        """The number keys with the label each toggles, for the help: the line above the
        footer has no room for nine label ids, at 80 columns or at 140."""
        taxonomy = self.kiroku.taxonomy
        names = (
            {k.id: k.name.pick(self.catalogue.lang) for k in taxonomy.labels} if taxonomy else {}
        )
        return [
            Binding(
                key,
                f"label_key('{key}')",
                f"{label_id} — {names[label_id]}" if names.get(label_id) else label_id,
            )
            for key, label_id in self.kiroku.label_keys_for(self.editor.doc.experiment).items()
        ]

    def show_unit(self) -> None:
        if not self.editor.units:
            self.update_status()
            return
        unit = self.editor.units[self.position]
        anchor = self.editor.anchors[self.position]
        figures = (
            self.conversation.panel_lines(anchor, self.catalogue) if self.conversation else None
        )
        open_ids = [suggestion.id for suggestion in unconfirmed(unit)]
        if self.chosen_suggestion not in open_ids:
            self.chosen_suggestion = open_ids[0] if open_ids else None
        self.query_one(UnitPanel).show(
            unit,
            anchor,
            is_rule_break(unit, self.rule_break_ids),
            self.session_title(self.position),
            figures,
            chosen=self.chosen_suggestion if len(open_ids) > 1 else None,
            marked=self.position in self.marked,
        )
        for chain in self.query(WordChain):
            chain.show(self.position)
        who = self.kiroku.who
        active = {label.id for label in unit.labels if label.by == who}  # what her keys toggle
        self.query_one("#label-keys", Static).update(
            label_keys_text(self.kiroku.label_keys_for(self.editor.doc.experiment), active)
        )
        self.update_status()

    def session_title(self, position: int) -> str | None:
        """The heading of the session a turn belongs to, if the log shows any."""
        found = bisect_right(self._session_starts, position) - 1
        return self._session_titles[found] if found >= 0 else None

    def update_status(self) -> None:
        t = self.catalogue
        total = len(self.editor.units)
        parts = [t("status.position", position=self.position + 1 if total else 0, total=total)]
        if self.search_query.strip():
            found = self.listed(matching(self.editor.units, self.search_query))
            if self.position in found:
                index = found.index(self.position) + 1
                parts.append(t("status.match", index=index, total=len(found)))
            else:
                parts.append(t("status.matches", total=len(found)))
        if self.shown is not None:
            parts.append(t("status.filtered", shown=len(self.shown)))
        done, _ = progress(self.editor.units)
        parts.append(t("status.progress", done=done, total=total))
        if self.marked:
            parts.append(t("status.marked", count=len(self.marked)))
        if self.unreadable is not None:
            parts.append(t("status.unreadable", error=self.unreadable))
        elif self.saving:
            parts.append(t("status.saving"))
        elif self.save_failed:
            parts.append(t("status.unsaved"))
            parts.append(t("notice.save_failed", error=self.save_error))
        elif self.dirty:
            parts.append(t("status.unsaved"))
        else:
            parts.append(t("status.saved"))
        parts.append(t("status.who", who=self.kiroku.who))
        parts.append(self.kiroku.workspace.relative(self.path))
        self.query_one("#status-bar", Static).update(Text("  ·  ".join(parts)))

    def cursor_moved(self, row: int) -> None:
        """The list's cursor moved to a row (a unit's position, unless the list is filtered)."""
        position = self.shown[row] if self.shown is not None else row
        if position != self.position:
            self.chosen_suggestion = None
        self.position = position
        self.show_unit()

    def select(self, position: int) -> None:
        if position != self.position:
            self.chosen_suggestion = None
        row = self.row_of(position)
        self.position = position
        if row is None:  # undo went to a unit the filter hides: show every unit again
            self.set_filter(None)
            return
        self.view.select(row)
        self.show_unit()

    # -- navigation --------------------------------------------------------------------------

    def action_find(self, wanted: str) -> None:
        """The next unlabelled unit, or with an open suggestion; past the end, from the top."""
        among = self._rows_of if self.shown is not None else None
        found = self.editor.find(self.position, wanted, among)
        if found is None:
            found = self.editor.find(-1, wanted, among)
            if found is None or found == self.position:
                self.notify(self.catalogue(f"notice.no_{wanted}"))
                return
            self.notify(self.catalogue("notice.wrapped", anchor=self.editor.anchors[found]))
        self.select(found)

    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        self._search_origin = self.position
        bar.display = True
        bar.focus()

    def on_input_changed(self, event: SearchBar.Changed) -> None:
        """Each letter typed finds the first match from where the search began."""
        if not isinstance(event.input, SearchBar):
            return
        self.search_query = event.value
        found = self.listed(matching(self.editor.units, self.search_query))
        target = step_to(found, self._search_origin - 1, 1)
        if target is not None:
            self.select(target[0])
        self.update_status()

    def on_search_bar_step(self, message: SearchBar.Step) -> None:
        self.action_search_step(message.step)

    def on_search_bar_closed(self, message: SearchBar.Closed) -> None:
        self.query_one(SearchBar).display = False
        self.view.focus()
        self.update_status()

    def action_search_step(self, step: int) -> None:
        """The next (1) or previous (-1) unit matching the search, wrapping round with a word."""
        if not self.search_query.strip():
            self.action_search()
            return
        found = self.listed(matching(self.editor.units, self.search_query))
        target = step_to(found, self.position, step)
        if target is None:
            self.notify(self.catalogue("notice.no_match", query=self.search_query), markup=False)
            return
        position, wrapped = target
        if position == self.position:
            self.notify(self.catalogue("notice.only_match"))
        elif wrapped:
            key = "notice.search_wrapped_top" if step > 0 else "notice.search_wrapped_end"
            self.notify(self.catalogue(key))
        self.select(position)

    # -- filter ------------------------------------------------------------------------------

    def _count_annotators(self, positions: Iterable[int] | None = None) -> None:
        """Add who judged these units (all of them at first) to `annotators`."""
        before = len(self.annotators)
        units = self.editor.units
        for position in range(len(units)) if positions is None else positions:
            self.annotators |= annotators_of_unit(units[position])
        if len(self.annotators) != before and self.is_mounted:
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter_disagreements":
            return self.shown is not None or len(self.annotators) >= 2
        return True

    def action_no_disagreement(self) -> None:
        """`D` in a log fewer than two people annotated: nothing to filter to, and why."""
        self.notify(self.catalogue("notice.no_disagreement"))

    def action_filter_disagreements(self) -> None:
        """Show only the units the annotators labelled differently, or every unit again."""
        if self.shown is not None:
            self.set_filter(None)
            return
        found = disagreeing_positions(self.editor.doc)
        if not found:
            self.notify(self.catalogue("notice.no_disagreement"))
            return
        later = [p for p in found if p >= self.position]
        self.position = later[0] if later else found[0]
        self.set_filter(found)
        self.notify(self.catalogue("notice.filtered", count=len(found)))

    def _keep_shown(self, shown: list[int]) -> None:
        self.shown = shown
        self._rows_of = {position: row for row, position in enumerate(shown)}

    def set_filter(self, shown: list[int] | None) -> None:
        """Show only the units at `shown` (None: every unit); the cursor stays on its unit.

        The rows shown are fixed until the filter changes: a unit she has just settled stays
        in the list rather than vanishing under the cursor.
        """
        if shown is None:
            self.shown, self._rows_of = None, {}
        else:
            self._keep_shown(shown)
        self.refresh_bindings()
        self.call_after_refresh(self._rebuild_view)

    # -- edits -------------------------------------------------------------------------------

    def apply(self, after: edits.UnitState, what: str, **values: str) -> Change | None:
        return self.applied(self.editor.change(self.position, after, what, **values))

    def applied(self, change: Change | None) -> Change | None:
        """Show and save a change the editor made (any number of units)."""
        if change is not None:
            for position in change.after:
                row = self.row_of(position)
                if row is not None:
                    self.view.refresh_unit(row)
            self._count_annotators(change.after)
            self.refresh_chain()
            self.show_unit()
            self.request_save()
        return change

    def refresh_chain(self) -> None:
        """The word chain strip read again: an edit may change a word or a rule break on it."""
        doc = self.editor.doc
        for chain in self.query(WordChain):
            if isinstance(doc, ChatLog):
                chain.chains, chain.session_starts, chain.prefixes = self._chain_parts(doc)
                chain.display = any(chain.chains)
                chain.refresh()

    def current_suggestion(self) -> Suggestion | None:
        """The open suggestion `a`, `x`, `A` and `X` act on: the one `c` chose, else the first."""
        if not self.editor.units:
            return None
        open_suggestions = unconfirmed(self.editor.units[self.position])
        chosen = (s for s in open_suggestions if s.id == self.chosen_suggestion)
        return next(chosen, open_suggestions[0] if open_suggestions else None)

    def action_accept(self) -> None:
        self._decide(edits.accept, "change.accept", "notice.accepted")

    def action_reject(self) -> None:
        """Turn down the open suggestion: it stays recorded, shown as dismissed."""
        self._decide(edits.dismiss, "change.reject", "notice.rejected")

    def _decide(self, decision: Callable[..., edits.UnitState], change: str, notice: str) -> None:
        """Accept or dismiss the current unit's open suggestion, as a person's edit."""
        suggestion = self.current_suggestion()
        if suggestion is None:
            self.notify(self.catalogue("notice.no_suggestion"))
            return
        state = self.editor.state(self.position)
        after = decision(state, suggestion.id, self.kiroku.who, self.kiroku.now())
        if self.apply(after, change, label=suggestion.id):
            self.notify(self.catalogue(notice, label=suggestion.id), markup=False)

    def action_toggle_condition(self) -> None:
        """Fold a batch's condition to one line, or show it whole again."""
        for header in self.query(ConditionHeader):
            header.toggle()

    def action_choose_suggestion(self) -> None:
        """Point `a` and `x` at the next open suggestion of this unit (round to the first)."""
        if not self.editor.units:
            return
        open_ids = [s.id for s in unconfirmed(self.editor.units[self.position])]
        if not open_ids:
            self.notify(self.catalogue("notice.no_suggestion"))
            return
        current = (
            open_ids.index(self.chosen_suggestion) if self.chosen_suggestion in open_ids else 0
        )
        self.chosen_suggestion = open_ids[(current + 1) % len(open_ids)]
        self.show_unit()
        if len(open_ids) == 1:
            self.notify(self.catalogue("notice.one_suggestion"))

    def action_label_key(self, key: str) -> None:
        """Toggle the label on number `key` (see `data/label_keys.py`)."""
        if not self.editor.units:
            return
        label_id = self.kiroku.label_keys_for(self.editor.doc.experiment).get(key)
        if label_id is None:
            self.notify(self.catalogue("notice.no_label_key", number=key))
            return
        self.toggle_label(label_id)

    def bulk_scope(self) -> list[int]:
        """The marked units, else the current unit's session (a whole batch for a batch)."""
        if self.marked:
            return sorted(self.marked)
        return self.listed(session_range(self.editor.doc, self.position))

    def action_decide_all(self, decision: str) -> None:
        """Accept or dismiss one rule's open suggestions over the session, batch or marked units."""
        suggestion = self.current_suggestion()
        if suggestion is None:
            self.notify(self.catalogue("notice.no_suggestion"))
            return
        change = self.applied(
            self.editor.decide_all(
                suggestion.id,
                self.bulk_scope(),
                decision,
                self.kiroku.who,
                self.kiroku.now(),
            )
        )
        if change is not None:
            self.marked.clear()
            self.show_unit()
            self.notify(self.catalogue(change.what, **change.values), markup=False)

    def action_mark(self) -> None:
        """Add the current unit to the selection bulk actions use, or take it out."""
        if not self.editor.units:
            return
        self.marked ^= {self.position}
        self.show_unit()

    def action_reviewed(self) -> None:
        """Mark the current unit reviewed by you (or take your mark back)."""
        if not self.editor.units:
            return
        state = self.editor.state(self.position)
        who = self.kiroku.who
        if edits.is_reviewed_by(state, who):
            self.apply(edits.unmark_reviewed(state, who), "change.unreviewed")
        else:
            self.apply(edits.mark_reviewed(state, who, self.kiroku.now()), "change.reviewed")

    def action_rest_reviewed(self) -> None:
        """Mark every unit from here to the end of the session (or batch) reviewed."""
        if not self.editor.units:
            return
        who, now = self.kiroku.who, self.kiroku.now()
        span = self.listed(self.editor.rest_of_session(self.position))
        change = self.applied(
            self.editor.edit(
                span,
                lambda state: edits.mark_reviewed(state, who, now),
                "change.rest_reviewed",
                count=str(len(span)),
            )
        )
        if change is not None:
            self.notify(self.catalogue(change.what, **change.values), markup=False)

    def action_label(self) -> None:
        taxonomy = self.kiroku.taxonomy
        if taxonomy is None:
            self.notify(
                self.catalogue("notice.no_taxonomy", error=self.kiroku.taxonomy_error),
                severity="error",
                markup=False,
            )
            return
        if not self.editor.units:
            return
        who = self.kiroku.who
        active = {lb.id for lb in self.editor.units[self.position].labels if lb.by == who}
        self.app.push_screen(
            LabelPalette(
                taxonomy,
                active,
                self.catalogue,
                self.toggle_label,
                experiment=self.editor.doc.experiment,
            )
        )

    def toggle_label(self, label_id: str) -> set[str]:
        """Toggle one label on the current unit; the labels it has afterwards."""
        state, who = self.editor.state(self.position), self.kiroku.who
        removing = edits.has_label(state, label_id, who)
        after = edits.toggle_label(state, label_id, who, self.kiroku.now())
        what = "change.label_off" if removing else "change.label_on"
        if self.apply(after, what, label=label_id):
            notice = "notice.label_off" if removing else "notice.label_on"
            self.notify(self.catalogue(notice, label=label_id), markup=False)
        return {lb.id for lb in self.editor.units[self.position].labels if lb.by == who}

    def action_edit_text(self, field_name: str) -> None:
        if not self.editor.units:
            return
        anchor = self.editor.anchors[self.position]
        key = "editor.translation" if field_name == "translation_en" else "editor.note"
        revised = getattr(self.editor.units[self.position], field_name)
        current = (revised.current if revised is not None else None) or ""
        self.app.push_screen(
            TextEditor(self.catalogue(key, anchor=anchor), current, self.catalogue),
            partial(self.set_text, field_name),
        )

    def set_text(self, field_name: str, text: str | None) -> None:
        if text is None:
            return
        after = edits.revise_text(
            self.editor.state(self.position),
            field_name,  # type: ignore[arg-type]
            text,
            self.kiroku.who,
            self.kiroku.now(),
        )
        self.apply(after, "change.translation" if field_name == "translation_en" else "change.note")

    def action_played(self) -> None:
        if not self.editor.units:
            return
        unit = self.editor.units[self.position]
        anchor = self.editor.anchors[self.position]
        dialog = PlayedWordDialog(
            self.catalogue("played.title", anchor=anchor),
            " ".join(played_words(unit)),
            self.catalogue,
        )
        self.app.push_screen(dialog, self.set_played)

    def set_played(self, choice: PlayedChoice | None) -> None:
        """Record the correction, then check the game's rules again so every suggestion that
        follows from it is right at once (one undo step with the correction)."""
        if choice is None:
            return
        unit = self.editor.units[self.position]
        if (
            choice.words is not None
            and not choice.talk
            and unit.played_override is None
            and choice.words == [w.surface for w in unit.played]
            and choice.words
        ):
            return
        self.applied(
            self.editor.correct_played(
                self.position, choice.words, self.kiroku.who, self.kiroku.now(), talk=choice.talk
            )
        )

    def action_undo(self) -> None:
        self._history(self.editor.undo, "notice.undone", "notice.nothing_to_undo")

    def action_redo(self) -> None:
        self._history(self.editor.redo, "notice.redone", "notice.nothing_to_redo")

    def _history(self, step: Callable[[], Change | None], done: str, nothing: str) -> None:
        change = step()
        if change is None:
            self.notify(self.catalogue(nothing))
            return
        self.select(change.position)
        self.applied(change)
        what = self.catalogue(change.what, **change.values)
        self.notify(self.catalogue(done, what=what), markup=False)

    # -- saving ------------------------------------------------------------------------------

    def request_save(self) -> None:
        """Save after a short quiet spell; the write itself runs in a thread."""
        self.update_status()
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.start_save)

    def start_save(self) -> None:
        self._save_timer = None
        if self.saving or not self.dirty or self.merging or self.unreadable is not None:
            return
        self.saving = True
        revision = self.editor.revision
        self._saving_states = states_of(self.editor.doc)
        self.kiroku.run_worker(
            partial(self._save_in_thread, revision, self.sha256),
            thread=True,
            group="save",
            exit_on_error=False,
        )
        self.update_status()

    def _save_in_thread(self, revision: int, expect: str | None) -> None:
        try:
            sha = self.kiroku.workspace.save(self.editor.doc, self.path, expect)
        except ConflictError as error:
            self.post_message(SaveFinished(revision, error=str(error), conflict=True))
        except (KirokuError, OSError) as error:
            self.post_message(SaveFinished(revision, error=str(error)))
        else:
            self.post_message(SaveFinished(revision, sha256=sha))

    def on_save_finished(self, message: SaveFinished) -> None:
        self.saving = False
        if message.conflict:
            self.merge_from_disk()
            return
        if message.error is not None:
            self.failed(message.error)
            return
        self.save_failed = False
        self.sha256 = message.sha256
        self.saved_revision = message.revision
        self.base = self._saving_states
        if self.recovery_kept:
            self.kiroku.workspace.discard_recovery(self.path)
            self.recovery_kept = False
        self.update_status()
        if self.dirty:
            self.start_save()
        elif self.after_save is not None:
            then, self.after_save = self.after_save, None
            then()

    def failed(self, error: str, notice: str = "notice.save_failed") -> None:
        """A save that could not happen: the edits stay in memory and in a recovery file."""
        repeated = self.save_failed and self.save_error == error
        self.save_failed = True
        self.save_error = error
        self.after_save = None
        recovery = self.keep_recovery()
        if not repeated:
            self.notify(
                self.catalogue(notice, error=error, recovery=recovery),
                severity="error",
                markup=False,
                timeout=10,
            )
        self.update_status()

    def keep_recovery(self) -> str:
        """Write the unsaved edits to the recovery file (atomically); its name."""
        try:
            name = self.kiroku.workspace.keep_recovery(
                self.path, self.sha256, self.base, states_of(self.editor.doc)
            )
        except (KirokuError, OSError) as error:
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return self.kiroku.workspace.recovery_name(self.path)
        self.recovery_kept = True
        return name

    def merge_from_disk(self) -> None:
        """The file changed since it was read: merge it with the edits made here, unit by unit.

        Units changed only here or only on disk are merged without asking; a unit changed on
        both sides is shown side by side, and nothing is written until she chooses. A file that
        cannot be read is tried again every few seconds, the edits kept meanwhile.
        """
        try:
            loaded = self.kiroku.workspace.open(self.path)
            merged = merge(self.base, states_of(self.editor.doc), loaded.doc)
        except KirokuError as error:
            self.unreadable = self.kiroku.workspace.describe(error)
            self.failed(self.unreadable, "notice.unreadable")
            if self._retry_timer is None:
                self._retry_timer = self.set_interval(RETRY_EVERY, self.retry_unreadable)
            return
        self.unreadable = None
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        self.merging = True
        self.update_status()
        self._resolve(merged, loaded, {})

    def retry_unreadable(self) -> None:
        if not self.saving and not self.merging:
            self.merge_from_disk()

    def _resolve(self, merged: Merge, loaded: Loaded, choices: dict[str, Side]) -> None:
        """Ask about each conflicting unit in turn, then carry on from the merged document."""
        waiting = [c for c in merged.conflicts if c.anchor not in choices]
        if waiting:
            where = self.kiroku.workspace.relative(self.path)

            def chosen(side: Side | None) -> None:
                choices[waiting[0].anchor] = side or "mine"
                self._resolve(merged, loaded, choices)

            dialog = ConflictDialog(where, waiting[0], self.catalogue, len(waiting) - 1)
            self.app.push_screen(dialog, chosen)
            return
        doc = merged.resolve(choices)
        self.merging = False
        self.save_failed = False
        if self.shown is not None and anchors(doc) != self.editor.anchors:
            self.shown, self._rows_of = None, {}  # other units now: the filter's rows are gone
        self.editor.rebase(doc)
        self._count_annotators()
        self.sha256 = loaded.sha256
        self.base = states_of(loaded.doc)
        self.saved_revision = -1
        kept = len(merged.brought_over) + sum(1 for side in choices.values() if side == "mine")
        self.notify(self.catalogue("notice.merged", count=kept), markup=False)
        self.call_after_refresh(self._rebuild_view)
        self.start_save()

    def recover(self) -> None:
        """Edits a crash or a broken file left in the recovery file, merged in on opening."""
        try:
            kept = self.kiroku.workspace.recovery(self.path)
        except KirokuError as error:
            self.notify(str(error), severity="error", markup=False, timeout=10)
            return
        if kept is None:
            return
        self.recovery_kept = True
        merged = merge(kept.base, kept.mine, self.editor.doc)
        loaded = Loaded(self.editor.doc, self.path, self.sha256 or "")
        name = self.kiroku.workspace.recovery_name(self.path)
        self.notify(self.catalogue("notice.recovered", recovery=name, count=len(kept.mine)))
        self.merging = True
        self._resolve(merged, loaded, {})

    async def _rebuild_view(self) -> None:
        """A new list after a merge (the units may have changed) or a change of filter."""
        self.position = min(self.position, max(len(self.editor.units) - 1, 0))
        old = self.view
        await old.remove()
        new = self._make_view()
        await self.query_one("#log-body").mount(new, before=0)
        new.focus()
        self.refresh_chain()
        row = self.row_of(self.position)
        if row is not None:
            new.select(row)
        self.show_unit()

    def flush(self, then: Callable[[], None]) -> None:
        """Run `then` once every change is on disk (at once if nothing is pending); when the
        changes cannot be written, they are in the recovery file by then."""
        if not self.dirty and not self.saving:
            then()
            return
        self.after_save = then
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if (self.save_failed or self.unreadable is not None) and not self.saving:
            self.after_save = None
            self.keep_recovery()
            then()
            return
        self.start_save()

    def unsaved_message(self) -> str | None:
        """Why quitting now leaves edits unsaved, and where they are kept; None when saved."""
        if not self.dirty:
            return None
        workspace = self.kiroku.workspace
        return self.catalogue(
            "exit.unsaved",
            path=workspace.relative(self.path),
            error=self.save_error or self.unreadable or "",
            recovery=workspace.recovery_name(self.path),
        )

    def action_back(self) -> None:
        """Back to the list of logs; while the list is filtered, first to every unit."""
        if self.shown is not None:
            self.set_filter(None)
            return
        self.flush(self.leave)

    def leave(self) -> None:
        self.dismiss()
