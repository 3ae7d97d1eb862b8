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


def _sequence(out: list[str], items: list[Any], indent: int) -> None:
    dash = " " * indent + "- "
    for item in items:
        if isinstance(item, dict) and item:
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
