"""Text boxes whose own editing keys act in the order they were typed."""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


async def ran_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the widget's own binding for this key at once, as the key arrives.

    Textual types a printable key in the box's own key handler, but runs a bound key (Ctrl+U,
    Backspace, the arrows) only once the key has bubbled up to the app: keys that arrive
    together (a fast typist, tmux, a paste of keys) were then typed before the edit bound to
    the key in front of them ran, so Ctrl+U followed at once by `abc` wiped `abc` with the
    line (Textual issue 6605).
    """
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if binding.priority:
            continue  # the app ran those before the key reached the box
        if await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


class TextBox(Input):
    """A one-line box: Backspace, Ctrl+U, Ctrl+W and the arrows act in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        await ran_own_binding(self, event)


class TextEditorArea(TextArea):
    """A text area whose editing keys act in the order typed (see `ran_own_binding`)."""

    async def _on_key(self, event: events.Key) -> None:
        await ran_own_binding(self, event)
