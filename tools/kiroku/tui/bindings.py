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


def move_bindings(page_down: str = "pagedown") -> list[Binding]:
    """The keys that move through a log's units (the conversation's turns, a batch's trials),
    run in the order typed (`in_typed_order`); `page_down` names the keys of a page down."""
    return in_typed_order(
        Binding("j,down", "move(1)", "Next", id="next", key_display="j/↓", show=False),
        Binding("k,up", "move(-1)", "Previous", id="previous", key_display="k/↑", show=False),
        Binding("g,home", "jump_to('first')", "First", id="first", show=False),
        Binding("G,end", "jump_to('last')", "Last", id="last", show=False),
        Binding(page_down, "page(1)", "Page down", id="page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="page_up", show=False),
    )


def translate_bindings(node: DOMNode, catalogue: Catalogue) -> None:
    """Replace `node`'s binding descriptions by the catalogue's `bind.<id>` strings.

    Where the catalogue has a shorter `foot.<id>`, the footer shows that; the full description
    is the key's tooltip (Textual's own tooltips are English), which the help lists.
    """
    keys: dict[str, list[Binding]] = {}
    for key, bindings in node._bindings.key_to_bindings.items():
        keys[key] = []
        for b in bindings:
            name = b.id or TEXTUAL_ACTIONS.get(b.action)
            if name and catalogue.has(f"bind.{name}"):
                full = catalogue(f"bind.{name}")
                short = catalogue(f"foot.{name}") if catalogue.has(f"foot.{name}") else full
                b = replace(b, description=short, tooltip=full)
            keys[key].append(b)
    node._bindings = BindingsMap.from_keys(keys)


def help_name(binding: Binding) -> str:
    """What the help says a key does: the full words where the footer shortens them."""
    return binding.tooltip or binding.description


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
