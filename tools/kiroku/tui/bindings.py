"""Key bindings shown in the person's language: descriptions come from the catalogue by id."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from kiroku.tui.catalogue import Catalogue


def translate_bindings(node: DOMNode, catalogue: Catalogue) -> None:
    """Replace `node`'s binding descriptions by the catalogue's `bind.<id>` strings."""
    keys: dict[str, list[Binding]] = {}
    for key, bindings in node._bindings.key_to_bindings.items():
        keys[key] = [
            replace(b, description=catalogue(f"bind.{b.id}"))
            if b.id and catalogue.has(f"bind.{b.id}")
            else b
            for b in bindings
        ]
    node._bindings = BindingsMap.from_keys(keys)


def described(node: DOMNode) -> list[Binding]:
    """Every binding of `node` that has a description, once each, for the help screen."""
    seen: set[str] = set()
    found: list[Binding] = []
    for bindings in node._bindings.key_to_bindings.values():
        for binding in bindings:
            tag = binding.id or binding.action
            if binding.description and tag not in seen:
                seen.add(tag)
                found.append(binding)
    return found
