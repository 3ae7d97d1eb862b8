"""The YAML front matter of a markdown log: Kiroku's keys, and the blog's kept as published."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kiroku.errors import ParseError
from kiroku.importers.markdown_chat.dates import read_date
from kiroku.importers.markdown_chat.speakers import SPEAKER_ROLES
from kiroku.importers.service_export import bilingual_title
from kiroku.schema import Bilingual, Experiment, Interface, is_slug

KEY_LINE = re.compile(r"^[a-z_][A-Za-z0-9_-]*\s*:(?:\s|$)")
"""The first line of front matter: a key such as `layout:` or `nav_exclude:`."""
MAX_NODES = 100_000
"""More values than this (aliases expanding without end) is not a blog page's front matter."""

Location = tuple[str | int, ...]
"""Where a value sits in the front matter: its keys and list positions from the top."""


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("front_matter", message)


def _shown(value: Any, text_wanted: bool = False) -> str:
    """A value as the message quotes it: text in quotes, anything else as YAML reads it."""
    if isinstance(value, str):
        return repr(value)
    shown = json.dumps(value, ensure_ascii=False, default=str)
    if text_wanted and isinstance(value, (bool, int, float)):
        shown += " (put it in quotes if it is meant as text)"
    return shown


def _text_or_bilingual(value: Any) -> Any:
    """A title or notes written as one text (its language told from its script), or `{ja, en}`."""
    if value is None:
        return None
    if isinstance(value, str):
        return bilingual_title(value)
    if (
        not isinstance(value, dict)
        or not value
        or any(key not in ("ja", "en") or not isinstance(text, str) for key, text in value.items())
    ):
        raise _fail(f"write a text, or a ja: and an en: text, not {_shown(value, True)}")
    return value


def _model(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return {"name": value}
    if not isinstance(value, dict):
        raise _fail(
            f"write the model's name (Claude Opus 4.1), or name:, id: and interface:, "
            f"not {_shown(value, True)}"
        )
    return value


DATE_TIME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:[Tt ]+\d{1,2}:\d{2}.*)?$")
"""An ISO date, or a date and time as site generators write them (`2025-10-28 14:30:00 +0900`)."""


def _date(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _fail(f"write a date like 2025-10-28 or October 28, 2025, not {_shown(value)}")
    timed = DATE_TIME.match(value.strip())
    day = read_date(timed.group(1) if timed else value)
    if day is None:
        raise _fail(
            f"cannot read the date {value.strip()!r}: write it like 2025-10-28 or October 28, 2025"
        )
    return day


def _tags(value: Any) -> Any:
    """A list of tags, or one text of tags split at commas (else at spaces, as Jekyll reads it)."""
    if value is None:
        return None
    if isinstance(value, str):
        parts = re.split(r"[,、，]", value) if re.search(r"[,、，]", value) else value.split()
        return [part.strip() for part in parts if part.strip()]
    if not isinstance(value, list):
        raise _fail(
            f"write tags as a list ([shiritori, claude]) or as text, not {_shown(value, True)}"
        )
    for tag in value:
        if not isinstance(tag, str):
            raise _fail(f"each tag is a text, not {_shown(tag, True)}")
    return value


def _role(value: Any) -> Any:
    if not isinstance(value, str) or value.casefold() not in SPEAKER_ROLES:
        raise _fail(f"must be one of {', '.join(SPEAKER_ROLES)}, not {_shown(value)}")
    return value.casefold()


SpeakerRole = Annotated[Literal["user", "model", "text"], BeforeValidator(_role)]


class ModelDeclaration(BaseModel):
    """The front matter's `model:` written as a mapping."""

    model_config = ConfigDict(extra="forbid")

    name: str
    id: str | None = None
    interface: Interface = "web"


class FrontMatter(BaseModel):
    """What the front matter (or the sidecar) declares in Kiroku's own keys.

    Every field is optional: what is not declared is read from the markdown itself. Keys
    Kiroku does not know (the blog's `layout`, `permalink`, `nav_order`...) are not here: they
    are kept as published in `published`.
    """

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    """The log's permanent id; wins over the file's name and the title."""
    experiment: Experiment | None = None
    title: Annotated[Bilingual | None, BeforeValidator(_text_or_bilingual)] = None
    model: Annotated[ModelDeclaration | None, BeforeValidator(_model)] = None
    date: Annotated[dt.date | None, BeforeValidator(_date)] = None
    notes: Annotated[Bilingual | None, BeforeValidator(_text_or_bilingual)] = None
    tags: Annotated[list[str] | None, BeforeValidator(_tags)] = None
    speakers: dict[str, SpeakerRole] = Field(default_factory=dict)
    """Speaker names the markdown uses that Kiroku cannot tell by itself (`Kaito: user`)."""

    @field_validator("id", mode="before")
    @classmethod
    def _slug(cls, value: Any) -> Any:
        if value is not None and (not isinstance(value, str) or not is_slug(value)):
            raise _fail(
                "an id is lowercase ASCII letters and digits joined by -, "
                f"like claude-shiritori-2025-10-28, not {_shown(value)}"
            )
        return value

    @field_validator("experiment", mode="before")
    @classmethod
    def _experiment(cls, value: Any) -> Any:
        if value not in (None, "shiritori", "conversation"):
            raise _fail(f"write shiritori or conversation, not {_shown(value)}")
        return value

    @field_validator("speakers", mode="before")
    @classmethod
    def _speakers(cls, value: Any) -> Any:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise _fail(
                f"map each name to user, model or text ({{Kaito: user}}), not {_shown(value)}"
            )
        return {str(name): role for name, role in value.items()}

    def declared(self) -> dict[str, Any]:
        """The document fields declared here, as the schema takes them."""
        return self.model_dump(exclude_none=True, exclude={"speakers"})

    def over(self, base: FrontMatter) -> FrontMatter:
        """These declarations winning over `base` key by key (front matter over the sidecar)."""
        merged = base.model_copy(update={k: getattr(self, k) for k in self.model_fields_set})
        merged.speakers = {**base.speakers, **self.speakers}
        return merged


KNOWN_KEYS = tuple(FrontMatter.model_fields)


@dataclass
class PublishedFrontMatter:
    """The front matter as read: Kiroku's keys, the blog's other keys, and every value's line."""

    known: FrontMatter = field(default_factory=FrontMatter)
    published: dict[str, JsonValue] = field(default_factory=dict)
    """The keys Kiroku does not know, kept exactly (dates and times as their text)."""
    lines: dict[Location, int] = field(default_factory=dict)
    """The 1-based file line of every key and list item."""
    body_start: int = 0
    """The 0-based line where the markdown after the front matter begins."""

    def line_of(self, location: Location) -> int | None:
        """The line of the deepest key of `location` that the front matter wrote."""
        for end in range(len(location), 0, -1):
            if location[:end] in self.lines:
                return self.lines[location[:end]]
        return None


def read_front_matter(lines: list[str], path: Path) -> PublishedFrontMatter:
    """The YAML between `---` lines at the very top, checked key by key.

    A `---` at the top whose first line (after blank or `#` comment lines) is not a `key:` is
    a rule before the first session, not front matter.
    """
    if not lines or lines[0].rstrip() != "---":
        return PublishedFrontMatter()
    first = next((line for line in lines[1:] if line.strip() and not line.startswith("#")), "")
    if not KEY_LINE.match(first):
        return PublishedFrontMatter()
    for number in range(1, len(lines)):
        if lines[number].rstrip() in ("---", "..."):
            break
    else:
        raise ParseError("front matter opened here is never closed with ---", path, 1)
    yaml = YAML(typ="safe", pure=True)
    try:
        root = yaml.compose("\n".join(lines[1:number]))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 1
        raise ParseError(f"invalid front matter: {error.problem or error}", path, line) from None
    except YAMLError as error:
        raise ParseError(f"invalid front matter: {error}", path, 1) from None
    if not isinstance(root, MappingNode):
        raise ParseError("front matter must be a YAML mapping (key: value lines)", path, 2)
    values = _Values(yaml, path)
    mapping = values.value(root, ())
    assert isinstance(mapping, dict)
    known = {key: value for key, value in mapping.items() if key in KNOWN_KEYS}
    published = {key: value for key, value in mapping.items() if key not in KNOWN_KEYS}
    front = PublishedFrontMatter(published=published, lines=values.lines, body_start=number + 1)
    front.known = validated(known, path, front.line_of)
    return front


def validated(
    declared: dict[str, Any],
    path: Path,
    line_of: Callable[[Location], int | None] = lambda location: None,
) -> FrontMatter:
    """Kiroku's keys checked; a wrong type names the key, its line and what to write instead."""
    try:
        return FrontMatter.model_validate(declared)
    except ValidationError as error:
        first = error.errors()[0]
        location = tuple(first["loc"])
        key = ".".join(str(part) for part in location)
        raise ParseError(f"{key}: {first['msg']}", path, line_of(location)) from None


class _Values:
    """Plain values from YAML nodes, remembering each key's line.

    Built from the node tree rather than loaded, so that a date, a time or a custom tag stays
    the text the page wrote (a loader turns `2025-10-28` into a date and `!x` into an error).
    """

    def __init__(self, yaml: YAML, path: Path):
        self.yaml = yaml
        self.path = path
        self.lines: dict[Location, int] = {}
        self.count = 0
        self.open: set[int] = set()

    def value(self, node: Node, location: Location) -> JsonValue:
        self.count += 1
        if self.count > MAX_NODES:
            raise ParseError("front matter too large (aliases nested too deep?)", self.path, 2)
        if id(node) in self.open:
            raise ParseError(
                "front matter refers to itself through an alias",
                self.path,
                node.start_mark.line + 2,
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        self.open.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                items = []
                for position, item in enumerate(node.value):
                    self.lines[(*location, position)] = item.start_mark.line + 2
                    items.append(self.value(item, (*location, position)))
                return items
            assert isinstance(node, MappingNode)
            return self.mapping(node, location)
        finally:
            self.open.discard(id(node))

    def scalar(self, node: ScalarNode) -> JsonValue:
        if node.tag in (
            "tag:yaml.org,2002:null",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        ):
            value = self.yaml.constructor.construct_object(node)
            if isinstance(value, float) and not math.isfinite(value):
                return str(node.value)
            return value  # type: ignore[no-any-return]
        return str(node.value)

    def mapping(self, node: MappingNode, location: Location) -> dict[str, JsonValue]:
        mapping: dict[str, JsonValue] = {}
        merged: dict[str, JsonValue] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged.update(self._merged(value_node, location))
                continue
            if not isinstance(key_node, ScalarNode):
                raise ParseError(
                    "a front matter key must be a plain word, not a list or mapping",
                    self.path,
                    key_node.start_mark.line + 2,
                )
            key = str(key_node.value)
            line = key_node.start_mark.line + 2
            if key in mapping:
                raise ParseError(
                    f"front matter key {key!r} is given twice (lines "
                    f"{self.lines[(*location, key)]} and {line})",
                    self.path,
                    line,
                )
            self.lines[(*location, key)] = line
            mapping[key] = self.value(value_node, (*location, key))
        return {**merged, **mapping}

    def _merged(self, node: Node, location: Location) -> dict[str, JsonValue]:
        """The mappings a `<<:` merge key brings in (one, or a list of them)."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[str, JsonValue] = {}
        for source in reversed(sources):
            if not isinstance(source, MappingNode):
                raise ParseError(
                    "`<<:` merges mappings only", self.path, source.start_mark.line + 2
                )
            values = self.value(source, location)
            assert isinstance(values, dict)
            merged.update(values)
        return merged
