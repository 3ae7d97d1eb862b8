"""Key bindings shown in the person's language: descriptions come from the catalogue by id."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from kiroku.tui.catalogue import Catalogue

TEXTUAL_ACTIONS = {
    "app.focus_next": "focus_next",
    "app.focus_previous": "focus_previous",
    "screen.copy_text": "copy_text",
    "quit": "quit",
    "command_palette": "command_palette",
}
"""Textual's own bindings (no id) that the help lists, by action: translated like ours."""


def in_typed_order(*bindings: Binding) -> list[Binding]:
    """These bindings as priority bindings: run by the app the moment their key arrives.

    Textual runs an ordinary binding only once its key has bubbled up from the focused
    widget, a priority one at once: two keys typed together, one of each kind, ran in the
    wrong order (`j` then `p` opened the played word of the turn `j` was leaving). Keys a
    focused text box types (letters, digits) still go to the box.
    """
    return [replace(binding, priority=True) for binding in bindings]


def translate_bindings(node: DOMNode, catalogue: Catalogue) -> None:
    """Replace `node`'s binding descriptions by the catalogue's `bind.<id>` strings."""
    keys: dict[str, list[Binding]] = {}
    for key, bindings in node._bindings.key_to_bindings.items():
        keys[key] = []
        for b in bindings:
            name = b.id or TEXTUAL_ACTIONS.get(b.action)
            if name and catalogue.has(f"bind.{name}"):
                b = replace(b, description=catalogue(f"bind.{name}"))
            keys[key].append(b)
    node._bindings = BindingsMap.from_keys(keys)


def described(node: DOMNode) -> list[Binding]:
    """Every binding of `node` that has a description, once each, for the help screen.

    Where Kiroku binds an action Textual binds too (`q` and Textual's Ctrl+Q both quit), the
    help shows Kiroku's key: the help listed Ctrl+Q, the footer `q`.
    """
    chosen: dict[str, Binding] = {}
    for bindings in node._bindings.key_to_bindings.values():
        for binding in bindings:
            if not binding.description:
                continue
            tag = binding.id or TEXTUAL_ACTIONS.get(binding.action) or binding.action
            if tag not in chosen or (binding.id and not chosen[tag].id):
                chosen[tag] = binding
    return list(chosen.values())
