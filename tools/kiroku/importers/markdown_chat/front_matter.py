"""The YAML front matter at the top of a markdown log: what it declares about the document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from kiroku.errors import ParseError
from kiroku.importers.base import DOCUMENT_KEYS
from kiroku.importers.markdown_chat.speakers import SPEAKER_ROLES

FRONT_MATTER_KEYS = (*DOCUMENT_KEYS, "speakers")


def read_front_matter(lines: list[str], path: Path) -> tuple[dict[str, Any], int]:
    """The YAML between `---` lines at the very top, and the line where the markdown starts.

    A `---` at the top that is not followed by a `key:` line is a rule before the first
    session, not front matter.
    """
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    if len(lines) < 2 or not re.match(r"^[a-z_]+\s*:", lines[1]):
        return {}, 0
    for number in range(1, len(lines)):
        if lines[number].rstrip() in ("---", "..."):
            break
    else:
        raise ParseError("front matter opened here is never closed with ---", path, 1)
    try:
        loaded: Any = YAML(typ="rt", pure=True).load("\n".join(lines[1:number]))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 1
        raise ParseError(f"invalid front matter: {error.problem or error}", path, line) from None
    except YAMLError as error:
        raise ParseError(f"invalid front matter: {error}", path, 1) from None
    if not isinstance(loaded, dict):
        raise ParseError("front matter must be a YAML mapping", path, 2)
    key_lines = {key: loaded.lc.key(key)[0] + 2 for key in loaded}  # type: ignore[attr-defined]
    for key in loaded:
        if key not in FRONT_MATTER_KEYS:
            raise ParseError(
                f"unknown front matter key {key!r} (known: {', '.join(FRONT_MATTER_KEYS)})",
                path,
                key_lines[key],
            )
    front = _plain_data(loaded)
    front["_lines"] = key_lines
    return front, number + 1


def _plain_data(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    return value


def declared_speakers(front: dict[str, Any], path: Path) -> dict[str, str]:
    speakers = front.get("speakers", {}) or {}
    line = front.get("_lines", {}).get("speakers")
    if not isinstance(speakers, dict):
        raise ParseError("`speakers` must map names to user, model or text", path, line)
    for name, role in speakers.items():
        if role not in SPEAKER_ROLES:
            raise ParseError(
                f"speaker {name!r} must be one of {', '.join(SPEAKER_ROLES)}, not {role!r}",
                path,
                line,
            )
    return {str(name): str(role) for name, role in speakers.items()}
