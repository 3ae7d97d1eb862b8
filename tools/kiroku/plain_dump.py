"""The bytes `storage.dump_document` writes, produced without ruamel's event machinery for most of them."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML

from kiroku.storage import _BLOCK_UNSAFE as BLOCK_UNSAFE
from kiroku.storage import round_trip_yaml, to_node

_PLAIN = re.compile(
    r"[^\x00-\x20\-?:,\[\]{}#&*!|>'\"%@`~0-9+.<=\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
    r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]*"
)
"""A text ruamel writes as it is (a plain scalar): it starts with no indicator, digit or
sign, and holds no line break nor character YAML escapes. `_plain` adds the rest."""
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?"
)
"""YAML's timestamp: ruamel quotes such a text (single quotes: it holds nothing to escape)."""
_QUOTABLE = re.compile("[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]*")
"""One line with nothing YAML escapes: ruamel writes it plain or in single quotes (unless
it holds a `'`: ruamel then prefers double quotes)."""
_NEVER_PLAIN = re.compile(r"^[#,\[\]{}&*!|>'\"%@`]|: | #|:$|^ | $")
"""A start, an inside or an end that no plain scalar may have."""
_RESERVED = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})


def _plain(text: str) -> bool:
    """Certainly written plain by ruamel (else ruamel itself renders it, so a doubt costs time,
    never a different byte)."""
    return (
        _PLAIN.fullmatch(text) is not None
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and text.lower() not in _RESERVED
    )


class Unsupported(Exception):
    """A shape the fast writer leaves to ruamel (the caller then dumps the whole document)."""


def _kind(value: Any) -> str:
    """The value's type as part of the cache key (`True` and `1` are equal, not written alike)."""
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


@lru_cache(maxsize=4096)
def _ruamel_value(kind: str, value: Any) -> tuple[str, tuple[str, ...]]:
    """What ruamel writes after `key:` for this value, and the lines of a block scalar
    (indented for a key at column 0)."""
    text = _ruamel({"k": value})
    if not text.startswith("k:") or text.endswith("\n...\n"):
        raise Unsupported(repr(value))
    first, _, rest = text[2:].partition("\n")
    lines = tuple(rest.split("\n")[:-1]) if rest else ()
    return first, lines


@lru_cache(maxsize=1)
def _yaml() -> YAML:
    return round_trip_yaml()


def _ruamel(value: Any) -> str:
    """What Kiroku's round-trip dumper writes for `value` (one YAML instance, reused)."""
    stream = io.StringIO()
    _yaml().dump(to_node(value), stream)
    return stream.getvalue()


@lru_cache(maxsize=1024)
def _key(key: Any) -> str:
    if isinstance(key, str) and len(key) < 100 and _plain(key):
        return key  # a longer key may be written as an explicit `? key` (YAML's 128 limit)
    text = _ruamel({key: 0})
    if not text.endswith(": 0\n") or "\n" in text[:-1]:
        raise Unsupported(repr(key))
    return text[:-4]


def _item(value: Any) -> str:
    """A scalar as a sequence item (one line: anything else is left to ruamel)."""
    if isinstance(value, str) and _plain(value):
        return value
    first, lines = _ruamel_value(_kind(value), value)
    if lines or not first.startswith(" "):
        raise Unsupported(repr(value))
    return first[1:]


def _scalar(out: list[str], value: Any, indent: int) -> None:
    """` value` after a key, or a block scalar's header and lines, re-indented under it."""
    if isinstance(value, str):
        if _plain(value):
            out.append(" " + value + "\n")
            return
        if "\n" in value and not BLOCK_UNSAFE.search(value) and not value.endswith("\n\n"):
            body = value[:-1] if value.endswith("\n") else value
            out.append(" |\n" if value.endswith("\n") else " |-\n")
            pad = " " * (indent + 2)
            out.extend((pad + line if line else line) + "\n" for line in body.split("\n"))
            return
        if _TIMESTAMP.fullmatch(value) or (
            "'" not in value and _QUOTABLE.fullmatch(value) and _NEVER_PLAIN.search(value)
        ):
            out.append(" '" + value + "'\n")
            return
    elif type(value) is int:
        out.append(f" {value}\n")
        return
    first, lines = _ruamel_value(_kind(value), value)
    out.append(first + "\n")
    pad = " " * indent
    out.extend((pad + line if line else line) + "\n" for line in lines)


def _mapping(out: list[str], mapping: dict[Any, Any], indent: int, lead: str | None) -> None:
    for position, (key, value) in enumerate(mapping.items()):
        out.append(lead if position == 0 and lead is not None else " " * indent)
        out.append(_key(key) + ":")
        if isinstance(value, dict) and value:
            out.append("\n")
            _mapping(out, value, indent + 2, None)
        elif isinstance(value, list) and value:
            out.append("\n")
            _sequence(out, value, indent + 2)
        elif isinstance(value, dict):
            out.append(" {}\n")
        elif isinstance(value, list):
            out.append(" []\n")
        else:
            _scalar(out, value, indent)


_SCALARS = (str, int, bool, type(None))
"""Values an item is cached by (not floats: 0.0 and -0.0 are equal, yet written apart)."""


@lru_cache(maxsize=8192)
def _flat_item(indent: int, fields: tuple[tuple[Any, type, Any], ...]) -> str:
    """The lines of a sequence item whose values are all scalars (a played word, a
    suggestion, a label: the same few again and again in an analysed archive)."""
    out: list[str] = []
    _mapping(out, {key: value for key, _, value in fields}, indent + 2, " " * indent + "- ")
    return "".join(out)


def _sequence(out: list[str], items: list[Any], indent: int) -> None:
    dash = " " * indent + "- "
    for item in items:
        if isinstance(item, dict) and item:
            if all(type(value) in _SCALARS for value in item.values()):
                # the type is part of the key: True == 1 and hash alike, yet are written apart
                fields = tuple((key, type(value), value) for key, value in item.items())
                out.append(_flat_item(indent, fields))
            else:
                _mapping(out, item, indent + 2, dash)
        elif isinstance(item, (dict, list)):
            raise Unsupported("a nested or empty collection in a sequence")
        else:
            out.append(dash + _item(item) + "\n")


def dump_plain(data: dict[str, Any]) -> bytes | None:
    """`dump_yaml(to_node(data))` for a document's plain data, or None for a shape it leaves
    to ruamel. Structure and plain text are written here; every other scalar is rendered by
    ruamel once (and remembered), so the bytes are those of the round-trip dumper."""
    if not data:
        return None
    out: list[str] = []
    try:
        _mapping(out, data, 0, None)
    except Unsupported:
        return None
    return "".join(out).encode("utf-8")


def _items(text: str, start: int, end: int, column: int) -> list[tuple[int, int]]:
    """The spans of the block-sequence items at `column` between `start` and `end` (each
    from its `- ` line to the next item's)."""
    needle = "\n" + " " * column + "- "
    starts = []
    position = text.find(needle, max(start - 1, 0), end)
    while position >= 0:
        starts.append(position + 1)
        position = text.find(needle, position + 1, end)
    return [(s, e) for s, e in zip(starts, [*starts[1:], end], strict=True)]


def _region(text: str, key: str, start: int, end: int, indent: int) -> tuple[int, int] | None:
    """The lines under `key:` (a key at `indent` holding a block) between `start` and `end`."""
    head = text.find("\n" + " " * indent + key + ":\n", max(start - 1, 0), end)
    if head < 0:
        return None
    inside = head + len(key) + indent + 3
    after = re.compile(rf"\n(?= {{0,{indent}}}[^ \n])").search(text, inside, end)
    return inside, after.start() + 1 if after is not None else end


def _unit_spans(text: str, old: dict[str, Any]) -> dict[tuple[Any, ...], tuple[int, int, int]]:
    """Where each turn or trial of `old` is in `text` (its plain dump): location → (start,
    end, column of its `- `); empty when the lines found are not exactly its units."""
    spans: dict[tuple[Any, ...], tuple[int, int, int]] = {}
    if old.get("kind") == "chat":
        region = _region(text, "sessions", 0, len(text), 0)
        sessions = _items(text, *region, 2) if region is not None else []
        if len(sessions) != len(old.get("sessions", [])):
            return {}
        for s, (start, end) in enumerate(sessions):
            turns = old["sessions"][s].get("turns", [])
            region = _region(text, "turns", start, end, 4)
            found = _items(text, *region, 6) if region is not None else []
            if len(found) != len(turns):
                return {}
            spans.update((("sessions", s, "turns", t), (*span, 6)) for t, span in enumerate(found))
        return spans
    region = _region(text, "trials", 0, len(text), 0)
    found = _items(text, *region, 2) if region is not None else []
    if len(found) != len(old.get("trials", [])):
        return {}
    return {("trials", t): (*span, 2) for t, span in enumerate(found)}


def splice_units(old: dict[str, Any], new: dict[str, Any], data: bytes) -> bytes | None:
    """`dump_plain(new)`, made from `data`, the plain dump of `old` that differs from `new`
    only in its turns or trials (else None): a unit as it was keeps its lines, a unit that
    only gained fields (played words and suggestions, in a first `kiroku analyse`) gets their
    lines after its own, any other unit is written again. Only what changed is written, so
    analysing an imported batch writes its analysis, not its outputs, again."""
    from kiroku.patching import changed_units
    from kiroku.schema import annotations_last

    changes = changed_units(old, new)
    if changes is None or data.endswith(b"\n...\n"):
        return None
    if not changes:
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    spans = _unit_spans(text, old)
    if not spans:
        return None
    pieces, done = [], 0
    try:
        for location, before, after in sorted(changes, key=lambda change: spans[change[0]]):
            start, end, column = spans[location]
            was, now = annotations_last(dict(before)), annotations_last(dict(after))
            kept = list(was)
            out: list[str] = []
            if list(now)[: len(kept)] == kept and all(now[key] == was[key] for key in kept):
                out.append(text[start:end])
                _mapping(out, {key: now[key] for key in list(now)[len(kept) :]}, column + 2, None)
            else:
                _mapping(out, now, column + 2, " " * column + "- ")
            pieces += [text[done:start], *out]
            done = end
    except (Unsupported, KeyError):
        return None
    pieces.append(text[done:])
    return "".join(pieces).encode("utf-8")
