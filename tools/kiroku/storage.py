"""Reading and writing log documents as round-trip YAML, atomically, keeping a person's edits."""

from __future__ import annotations

import contextlib
import io
import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from kiroku import jsonio
from kiroku.atomic import atomic_write as atomic_write
from kiroku.atomic import sha256_bytes as sha256_bytes
from kiroku.atomic import sha256_file as sha256_file
from kiroku.errors import ConflictError, StorageError
from kiroku.schema import SCHEMA_VERSION, BatchLog, ChatLog, to_data, validate_document

Document = ChatLog | BatchLog

_BLOCK_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]|[ \t]\n|[ \t]$|^[ \t\n]"
)
"""Strings matching this are left to ruamel's quoted styles, which represent any text exactly."""
_NEEDS_ESCAPE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)
"""Characters YAML cannot hold raw (or reads as line breaks): always written double-quoted,
where they are escapes. ruamel's own choice of style misses NEL and lone surrogates in keys."""


def round_trip_yaml() -> YAML:
    """The one YAML configuration used for every log file."""
    yaml = YAML(typ="rt")
    yaml.allow_unicode = True
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def _block_safe(text: str) -> bool:
    return "\n" in text and not _BLOCK_UNSAFE.search(text)


def to_node(value: Any) -> Any:
    """Plain data as ruamel nodes: multi-line text as `|` block scalars a person can read."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[_key_node(key)] = to_node(item)
        return node
    if isinstance(value, list):
        return CommentedSeq(to_node(item) for item in value)
    if isinstance(value, str) and _block_safe(value):
        return LiteralScalarString(value)
    if isinstance(value, str) and _NEEDS_ESCAPE.search(value):
        return DoubleQuotedScalarString(value)
    return value


def _key_node(key: Any) -> Any:
    """A mapping key, escaped like any other text when it must be."""
    if isinstance(key, str) and _NEEDS_ESCAPE.search(key):
        return DoubleQuotedScalarString(key)
    return key


def plain_data(node: Any) -> Any:
    """A loaded YAML tree as built-in types: pydantic refuses lone surrogates in str subclasses."""
    if isinstance(node, dict):
        return {plain_data(key): plain_data(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain_data(item) for item in node]
    if isinstance(node, str):
        return str(node)
    return node


def validate_plain(tree: Any) -> Document:
    """Validate a loaded tree; a string pydantic could not take is retried as a plain `str`."""
    try:
        return validate_document(tree)
    except ValidationError as error:
        if not any(detail["type"] == "string_unicode" for detail in error.errors()):
            raise
    return validate_document(plain_data(tree))


def _same_scalar(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == new
    if hasattr(old, "isoformat") and isinstance(new, str):
        return False
    return type(old) is type(new) and old == new


def merge(node: Any, new: Any) -> Any:
    """Update a loaded YAML tree in place to hold `new`, keeping comments and layout where equal."""
    if isinstance(node, CommentedMap) and isinstance(new, dict):
        for key in [k for k in node if k not in new]:
            del node[key]
        previous: Any = None
        for key, value in new.items():
            if key in node:
                node[key] = merge(node[key], value)
            else:
                position = list(node.keys()).index(previous) + 1 if previous is not None else 0
                node.insert(position, _key_node(key), to_node(value))
            previous = key
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, list):
        for i, value in enumerate(new[: len(node)]):
            node[i] = merge(node[i], value)
        for value in new[len(node) :]:
            node.append(to_node(value))
        del node[len(new) :]
        return node
    if not isinstance(new, (dict, list)) and _same_scalar(node, new):
        return node
    return to_node(new)


def dump_yaml(tree: Any) -> bytes:
    stream = io.StringIO()
    round_trip_yaml().dump(tree, stream)
    return stream.getvalue().encode("utf-8")


def dump_document(doc: Document) -> bytes:
    """A new YAML file for `doc`: the bytes of the round-trip dumper, written by
    `kiroku.plain_dump` for all but the shapes it leaves to ruamel (tested byte for byte)."""
    from kiroku.plain_dump import dump_plain

    data = to_data(doc)
    plain = dump_plain(data)
    return plain if plain is not None else dump_yaml(to_node(data))


def _line_of(tree: Any, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the deepest part of `loc` that exists in the loaded tree."""
    node, line = tree, None
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
    if line is None and isinstance(tree, CommentedMap):
        line = tree.lc.line + 1
    return line


def _validation_error(error: ValidationError, tree: Any, path: Path) -> StorageError:
    first = error.errors()[0]
    loc = tuple(p for p in first["loc"] if p not in ("chat", "batch"))
    field = ".".join(str(p) for p in loc) or "(document)"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return StorageError(f"{field}: {first['msg']}{more}", path, _line_of(tree, loc))


def parse_yaml(text: str, path: Path) -> Any:
    try:
        return round_trip_yaml().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or str(error)
        line = mark.line + 1 if mark is not None else None
        if error.context_mark is not None and "quoted scalar" in (error.context or ""):
            # an unclosed quote runs to the end of the file: the line it opens on is the one to fix
            line = error.context_mark.line + 1
            problem = f"a quote opened here is never closed ({problem})"
        elif error.context_mark is not None and error.problem_mark is not None:
            # a quote left open swallows the lines below it up to the next quote mark, and the
            # parser stumbles only there: point at the line where the quote opened
            lines = text.splitlines()
            opened = _quote_left_open(lines, error.context_mark.line, error.problem_mark.line)
            if opened is not None:
                problem = f"a quote opened here closes only on line {line} ({problem})"
                line = opened + 1
        raise StorageError(f"invalid YAML: {problem}", path, line) from None
    except YAMLError as error:
        raise StorageError(f"invalid YAML: {error}", path) from None


_OPENING_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s'"#][^:#]*:\s+)?(['"])(.*)$""")


def _quote_left_open(lines: list[str], start: int, end: int) -> int | None:
    """The first line in `start..end` (0-based) whose value opens a quote it never closes."""
    for number in range(start, min(end, len(lines))):
        found = _OPENING_QUOTE.match(lines[number])
        if found is None:
            continue
        quote, rest = found.groups()
        body = rest.replace("''", "") if quote == "'" else re.sub(r"\\.", "", rest)
        if quote not in body:
            return number
    return None


def _decode_log(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StorageError("log file is not valid UTF-8", path, line) from None


@dataclass
class Loaded:
    """A document together with what it was loaded from, to detect changes on disk."""

    doc: Document
    path: Path
    sha256: str


def validate_tree(tree: Any, path: Path) -> Document:
    if not isinstance(tree, dict):
        raise StorageError("a log file must be a YAML mapping", path, 1)
    try:
        return validate_plain(tree)
    except ValidationError as error:
        raise _validation_error(error, tree, path) from None


def _cache_path(path: Path) -> Path:
    return path.parent.parent / ".kiroku" / "cache" / (path.name + ".json")


def _cached_data(path: Path, sha: str) -> tuple[dict[str, Any], bool] | None:
    """The plain data the JSON cache holds for the file with this sha256, if any, and
    whether the file is Kiroku's own dump of it (nobody has edited it since)."""
    try:
        raw = _cache_path(path).read_bytes()
    except OSError:
        return None
    try:
        cached = jsonio.decode(raw)
    except ValueError:
        return None
    if not isinstance(cached, dict):
        return None
    if cached.get("sha256") != sha or cached.get("schema_version") != SCHEMA_VERSION:
        return None
    document = cached.get("document")
    return (document, cached.get("plain") is True) if isinstance(document, dict) else None


def is_cached(path: Path, sha: str) -> bool:
    """The JSON cache holds the file with this sha256 (so it was valid when it was cached)."""
    return _cached_data(path, sha) is not None


def _read_cache(path: Path, sha: str) -> Document | None:
    cached = _cached_data(path, sha)
    if cached is None:
        return None
    try:
        doc = validate_document(cached[0])
    except ValidationError:
        return None
    _remember(path, sha, *cached)
    return doc


def _write_cache(
    path: Path,
    sha: str,
    doc: Document,
    data: dict[str, Any] | None = None,
    plain: bool = False,
) -> None:
    """Remember what the file with `sha` holds; `plain`: it is `dump_document`'s own output."""
    document = data if data is not None else to_data(doc)
    _remember(path, sha, document, plain)
    payload = {
        "sha256": sha,
        "schema_version": SCHEMA_VERSION,
        "plain": plain,
        "document": document,
    }
    with contextlib.suppress(OSError):
        atomic_write(_cache_path(path), jsonio.encode(payload), durable=False)


PLAIN_PATCH_SHARE = 200
"""A file that is Kiroku's own dump is patched when at most one unit in this many changed,
and else dumped again whole (patching a unit costs about as much as dumping 200)."""

_SNAPSHOTS: OrderedDict[Path, tuple[str, dict[str, Any], bool]] = OrderedDict()
"""The plain data of the last few files loaded or saved, keyed by path, with their sha256
and whether the file is Kiroku's plain dump of it.

A save compares against it to find the few turns that changed and patch only their lines.
"""
_SNAPSHOT_LIMIT = 8


@lru_cache(maxsize=256)
def _resolved(path: Path) -> Path:
    """`path.resolve()`, remembered: a log loaded, then saved, is looked up three times."""
    return path.resolve()


def _remember(path: Path, sha: str, data: dict[str, Any], plain: bool = False) -> None:
    key = _resolved(path)
    _SNAPSHOTS[key] = (sha, data, plain)
    _SNAPSHOTS.move_to_end(key)
    while len(_SNAPSHOTS) > _SNAPSHOT_LIMIT:
        _SNAPSHOTS.popitem(last=False)


def remembered_data(path: Path, sha: str) -> dict[str, Any] | None:
    """The plain data of the file with this sha256, as the last load or save of it in this
    process made it (`to_data`, key order aside), if still remembered; not to be changed."""
    remembered = _SNAPSHOTS.get(_resolved(path))
    return remembered[1] if remembered is not None and remembered[0] == sha else None


def _snapshot(path: Path, sha: str) -> tuple[dict[str, Any], bool] | None:
    """What the file with this sha256 holds, from memory or the JSON cache, and whether it
    is Kiroku's plain dump; None if unknown."""
    remembered = _SNAPSHOTS.get(_resolved(path))
    if remembered is not None and remembered[0] == sha:
        return remembered[1], remembered[2]
    return _cached_data(path, sha)


def load(path: Path) -> Loaded:
    """Load and validate a log file; fast when unchanged since the last load (JSON cache)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise StorageError(f"cannot read: {error.strerror}", path) from None
    sha = sha256_bytes(data)
    cached = _read_cache(path, sha)
    if cached is not None:
        return Loaded(cached, path, sha)
    doc = validate_tree(parse_yaml(_decode_log(data, path), path), path)
    _write_cache(path, sha, doc)
    return Loaded(doc, path, sha)


def save(
    doc: Document,
    path: Path,
    expect_sha256: str | None = None,
    doc_data: dict[str, Any] | None = None,
) -> str:
    """Write `doc` to `path`, merged into the existing file so comments and layout survive.

    With `expect_sha256`, refuse (ConflictError) if the file changed since it was loaded.
    When only some turns or trials changed and the file's content is known (it was loaded
    or saved before), only their lines are rewritten. A file that is still Kiroku's own
    dump (nobody edited it by hand: there is nothing of a person's to keep) is dumped
    again whole, which is faster when many units changed (a first `kiroku analyse`).
    `doc_data`, if given, is `to_data(doc, units_ordered=False)`, made by the caller already.
    Returns the new file's sha256.
    """
    # patch_units orders the few units it writes
    new = doc_data if doc_data is not None else to_data(doc, units_ordered=False)
    plain = False
    if path.exists():
        data = path.read_bytes()
        current = sha256_bytes(data)
        if expect_sha256 is not None and current != expect_sha256:
            raise ConflictError(
                "changed on disk since it was opened; reload it or save elsewhere", path
            )
        from kiroku.patching import patch_units

        known = _snapshot(path, current)
        units = len(doc.units())
        most = units // PLAIN_PATCH_SHARE if known is not None and known[1] else None
        patched = patch_units(known[0], new, data, most) if known is not None else None
        if patched == data:
            return current
        if patched is not None:
            out = patched
        elif most is not None:
            from kiroku.plain_dump import splice_units

            out, plain = splice_units(known[0], new, data) or dump_document(doc), True  # type: ignore[index]
            if out == data:
                return current
        else:
            tree = parse_yaml(_decode_log(data, path), path)
            if isinstance(tree, CommentedMap):
                out = dump_yaml(merge(tree, to_data(doc)))
            else:
                out, plain = dump_document(doc), True
    elif expect_sha256 is not None:
        raise ConflictError("was deleted since it was opened", path)
    else:
        out, plain = dump_document(doc), True
    atomic_write(path, out)
    sha = sha256_bytes(out)
    _write_cache(path, sha, doc, new, plain)
    return sha
