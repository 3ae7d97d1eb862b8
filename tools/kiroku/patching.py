"""Saving a few changed turns or trials by rewriting only their lines of the YAML file."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.error import YAMLError

from kiroku.schema import Trial, Turn, annotations_last

UnitLocation = tuple[str | int, ...]
"""Where a turn or trial sits in the document: `("trials", 4)`, `("sessions", 0, "turns", 2)`."""

UnitModel = type[Turn] | type[Trial]
Change = tuple[UnitLocation, dict[str, Any], dict[str, Any]]

_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?:[ \t]|$)", re.MULTILINE)
"""A document start or end line, which the dump of one item can hold but a file's middle cannot."""

_CONTENT_LINE = rb"[^ \n#]"
"""The first character of a line that is neither blank nor a comment."""


def changed_units(old: dict[str, Any], new: dict[str, Any]) -> list[Change] | None:
    """The turns or trials that differ, if nothing else does; None when anything else changed."""
    unit_key = "sessions" if new.get("kind") == "chat" else "trials"
    if old.keys() != new.keys() or any(old[k] != new[k] for k in new if k != unit_key):
        return None
    old_units, new_units = old.get(unit_key, []), new.get(unit_key, [])
    if len(old_units) != len(new_units):
        return None
    changes: list[Change] = []
    if unit_key == "trials":
        for i, (before, after) in enumerate(zip(old_units, new_units, strict=True)):
            if before != after:
                changes.append((("trials", i), before, after))
        return changes
    for s, (old_session, new_session) in enumerate(zip(old_units, new_units, strict=True)):
        if old_session.keys() != new_session.keys() or any(
            old_session[k] != new_session[k] for k in new_session if k != "turns"
        ):
            return None
        old_turns, new_turns = old_session.get("turns", []), new_session.get("turns", [])
        if len(old_turns) != len(new_turns):
            return None
        for t, (before, after) in enumerate(zip(old_turns, new_turns, strict=True)):
            if before != after:
                changes.append((("sessions", s, "turns", t), before, after))
    return changes


def locate(data: bytes, location: UnitLocation) -> tuple[int, int, int, int] | None:
    """Start, end, indentation and sibling count of a block-sequence item; None if unsure.

    A cheap scan by indentation, trusted only after the caller parsed the lines it found.
    Positions are those of the newline before a line in `b"\\n" + data`, which are the
    line's own start in `data`.
    """
    padded = b"\n" + data
    start, end, indent = 0, len(padded), 0
    item_line = False
    siblings = 0
    for step in location:
        if isinstance(step, str):
            lead = (
                b" {%d}" % indent if not item_line else b"(?: {%d}| {%d}- )" % (indent, indent - 2)
            )
            name = re.escape(step.encode("utf-8"))
            key = re.compile(rb"\n" + lead + name + rb":[ \t]*(?:#[^\n]*)?(?=\n|\Z)")
            found = key.search(padded, start, end)
            if found is None:
                return None
            start = found.end()
            after = re.compile(rb"\n {0,%d}" % indent + _CONTENT_LINE).search(padded, start, end)
            end = after.start() if after is not None else end
            item_line = False
        else:
            first = re.compile(rb"\n( *)" + _CONTENT_LINE).search(padded, start, end)
            if first is None or not padded.startswith(b"- ", first.end(1)):
                return None
            column = len(first.group(1))
            needle = b"\n" + b" " * column + b"- "
            siblings = padded.count(needle, start, end)
            if step >= siblings:
                return None
            position = first.start()
            for _ in range(step):
                position = padded.find(needle, position + 1, end)
            following = padded.find(needle, position + 1, end)
            start, end = position, following if following >= 0 else end
            indent, item_line = column + 2, True
    return start, min(end, len(data)), indent - 2, siblings


def unit_data(fragment: str, model: UnitModel) -> dict[str, Any] | None:
    """The one turn or trial an item's lines hold, as `to_data` gives it; None if not exactly one."""
    from kiroku.storage import plain_data, round_trip_yaml

    try:
        tree = round_trip_yaml().load(fragment)
    except YAMLError:
        return None
    if not isinstance(tree, CommentedSeq) or len(tree) != 1:
        return None
    try:
        unit = model.model_validate(plain_data(tree[0]))
    except ValidationError:
        return None
    return unit.model_dump(mode="json", exclude_defaults=True)


def _comment_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.lstrip().startswith("#")}


def patch_unit(
    fragment: str, column: int, before: dict[str, Any], after: dict[str, Any], model: UnitModel
) -> str | None:
    """The item's lines rewritten to hold `after`, its comments kept; None if unsure."""
    from kiroku.storage import dump_yaml, merge, round_trip_yaml

    if column < 2 or unit_data(fragment, model) != before:
        return None
    pad = " " * (column - 2)
    lines = fragment.splitlines(keepends=True)
    if not all(line.startswith(pad) for line in lines if line.strip()):
        return None
    # Parsed where it will be dumped, so that a comment's column stays where its author put it.
    dedented = "".join(line[len(pad) :] if line.strip() else line for line in lines)
    tree = round_trip_yaml().load(dedented)
    merge(tree[0], after)
    dumped = dump_yaml(tree).decode("utf-8")
    if _DOCUMENT_MARKER.search(dumped):
        return None  # a `|+` text last ends its document with `...`: fine alone, not spliced in
    patched = "".join(
        pad + line if line.strip("\n") else line for line in dumped.splitlines(keepends=True)
    )
    if unit_data(patched, model) != after:
        return None
    if not _comment_lines(fragment) <= _comment_lines(patched):
        return None
    if fragment.endswith("\n") and not patched.endswith("\n"):
        patched += "\n"
    return patched


def patch_units(
    old: dict[str, Any], new: dict[str, Any], data: bytes, most: int | None = None
) -> bytes | None:
    """The file with only the changed turns' lines rewritten; None when a full save is needed
    (also when more than `most` units changed: a full save is then the faster one).

    Saving one label on a 10,000-turn log must not cost a full YAML dump, yet must keep
    a person's comments: each changed item is cut out by indentation, parsed on its own,
    merged, dumped and checked by parsing it back before it replaces the old lines. `old`
    must be what `data` holds (the caller matched their sha256).
    """
    changes = changed_units(old, new)
    if changes is None or (most is not None and len(changes) > most):
        return None
    for location, before, after in sorted(changes, key=lambda c: c[0], reverse=True):
        span = locate(data, location)
        if span is None:
            return None
        start, end, column, siblings = span
        model: UnitModel
        if location[0] == "trials":
            model, expected = Trial, len(old["trials"])
        else:
            model, expected = Turn, len(old["sessions"][int(location[1])]["turns"])
        if siblings != expected:
            return None
        try:
            fragment = data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            return None
        patched = patch_unit(fragment, column, before, annotations_last(after), model)
        if patched is None:
            return None
        data = data[:start] + patched.encode("utf-8") + data[end:]
    return data
