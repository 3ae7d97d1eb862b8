"""The Kiroku log schema: one typed document per archived chat log or trial batch."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    model_serializer,
    model_validator,
)

SCHEMA_VERSION = 1
"""Bump when the on-disk layout changes; add a `mode="before"` upgrade in `_upgrade`."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"

Speaker = Literal["user", "model"]
Interface = Literal["web", "api"]
Experiment = Literal["shiritori", "conversation"]
SLUG_MAX_LENGTH = 120
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=SLUG_MAX_LENGTH)]


def is_slug(text: str) -> bool:
    """True if `text` can be a log's id (and so the last part of its URL)."""
    return len(text) <= SLUG_MAX_LENGTH and re.fullmatch(SLUG_PATTERN, text) is not None


class Strict(BaseModel):
    """Base for every schema model: unknown keys are errors, so a typo in a hand edit is caught."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Bilingual(Strict):
    """A text the site shows in Japanese and in English; either side may still be missing."""

    ja: str | None = None
    en: str | None = None

    def pick(self, lang: str) -> str | None:
        """The text in `lang`, falling back to the other language."""
        first, second = (self.ja, self.en) if lang == "ja" else (self.en, self.ja)
        return first if first is not None else second


class ModelInfo(Strict):
    """Which language model produced the log."""

    name: str
    """Display name, e.g. `Claude Sonnet 4.6`."""
    id: str | None = None
    """Exact model id when known, e.g. `claude-sonnet-4-6`."""
    interface: Interface
    """`web` for a chat UI, `api` for API calls."""


class Source(Strict):
    """The raw file the document was parsed from; the archive copy is never rewritten."""

    path: str
    """Path of the raw file relative to the project root, e.g. `archive/mikan-phenomenon/x.csv`."""
    sha256: Annotated[str, Field(pattern=SHA256_PATTERN)]
    format: str
    """Importer that parsed it, e.g. `csv-batch`, `markdown-chat`."""
    metadata: str | None = None
    """Sidecar metadata file (batch conditions), relative to the project root."""
    metadata_sha256: Annotated[str | None, Field(pattern=SHA256_PATTERN)] = None
    item: str | None = None
    """For a raw file holding several conversations: which one this document is."""
    front_matter: dict[str, JsonValue] = Field(default_factory=dict)
    """The keys of a markdown log's front matter that Kiroku does not know (a blog's `layout`,
    `permalink`, `nav_order`...), kept as published; dates and times as their text."""


class Label(Strict):
    """A failure-mode label a person confirmed; `id` points into `logs/taxonomy.yaml`."""

    id: str
    by: str
    """Who set it (a person's name, or `kiroku` for an accepted suggestion's acceptor)."""
    at: AwareDatetime
    note: str | None = None


class RemovedLabel(Label):
    """A label a person switched off: kept with who removed it and when, never deleted."""

    removed_by: str
    removed_at: AwareDatetime


class Review(Strict):
    """A person's mark that they read the unit through, labelled or clean."""

    by: str
    at: AwareDatetime


class TextVersion(Strict):
    """One version of a text a person wrote (a translation, a note), with who wrote it and when.

    `by` and `at` are missing only on texts written before Kiroku recorded them.
    """

    text: str | None
    """The text; `null` when this version removed it."""
    by: str | None = None
    at: AwareDatetime | None = None


def _or_plain_string(schema: dict[str, Any]) -> None:
    """In the JSON Schema, a plain string is a valid text too (as older files hold it)."""
    described = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"type": "string"}, described]
    if "title" in described:
        schema["title"] = described["title"]


class RevisedText(TextVersion):
    """A person's text in its current version; every earlier version is kept, never overwritten.

    A plain string (the layout before provenance was recorded) loads as a version without
    author and is written back as that plain string, so old files stay byte for byte.
    """

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, json_schema_extra=_or_plain_string
    )

    earlier: list[TextVersion] = Field(default_factory=list)
    """The versions it replaced, oldest first."""

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"text": data}
        return data

    @model_serializer(mode="wrap")
    def _plain_when_unattributed(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        if isinstance(self, str):  # set with `model_copy(update=...)`, which skips validation
            return self
        if self.by is None and self.at is None and not self.earlier and self.text is not None:
            return self.text
        return handler(self)

    @property
    def current(self) -> str | None:
        """The text as it reads now: `None` when the last version removed it."""
        return self.text


class Suggestion(Strict):
    """A label proposed by the automatic analysis; never overwrites a person's label."""

    id: str
    by: str
    """The rule or tool that proposed it, e.g. `rule:ends-in-n`."""
    at: AwareDatetime
    reason: str | None = None


class Rejection(Strict):
    """A person's word that a suggested label does not fit this unit.

    Kept apart from `suggestions`, which the analysis rewrites on every run: a rejection is
    a human annotation, so a re-run of `kiroku analyse` cannot bring the suggestion back as
    unconfirmed.
    """

    id: str
    """The label id of the suggestion turned down."""
    by: str
    at: AwareDatetime
    note: str | None = None


class PlayedWord(Strict):
    """A word played in a shiritori turn, with its reading and morae."""

    surface: str
    """The word as written in the turn, e.g. `画家` or `みかん`."""
    reading: str | None = None
    """Hiragana reading, e.g. `がか`."""
    romaji: str | None = None
    first_mora: str | None = None
    last_mora: str | None = None
    found_by: str = "person"
    """How it was found: `bold`, `first-word`, `after-explanation`, `correction`, `person`..."""


class PlayedOverride(Strict):
    """A person's correction of the played words of a turn; wins over the automatic ones.

    `words: []` says no word was played here (kept: it is a correction, not its absence);
    `talk: true` says the turn is talk about the game, not a move (and so plays no word).
    """

    words: list[str]
    """The words played, the move first; empty means "no word played here" (kept, not cleared)."""
    talk: bool = False
    """The turn is talk about the game, not a move: no word, no chain, repeat or turn check."""
    by: str
    at: AwareDatetime

    @model_validator(mode="after")
    def _talk_plays_nothing(self) -> PlayedOverride:
        if self.talk and self.words:
            raise ValueError("a turn marked as talk plays no word: leave `words` empty")
        return self


class Annotations(Strict):
    """What later work adds to a turn or a trial; everything else is the recorded evidence."""

    played: list[PlayedWord] = Field(default_factory=list)
    """Words played, in order: the first is what was committed to, later ones are corrections."""
    played_override: PlayedOverride | None = None
    labels: list[Label] = Field(default_factory=list)
    removed_labels: list[RemovedLabel] = Field(default_factory=list)
    """Labels a person switched off, with who set and who removed them."""
    suggestions: list[Suggestion] = Field(default_factory=list)
    rejected: list[Rejection] = Field(default_factory=list)
    """Suggestions a person turned down, with who and when; never touched by the analysis."""
    reviewed: list[Review] = Field(default_factory=list)
    """Who read the unit through and when: a clean unit counts as done once reviewed."""
    translation_en: RevisedText | None = None
    note: RevisedText | None = None

    def has_human_annotations(self) -> bool:
        return bool(
            self.labels
            or self.removed_labels
            or self.rejected
            or self.reviewed
            or self.played_override
            or self.translation_en
            or self.note
        )

    def translation_text(self) -> str | None:
        """The English translation as it reads now (its earlier versions stay recorded)."""
        return _current(self.translation_en)

    def note_text(self) -> str | None:
        """The note as it reads now (its earlier versions stay recorded)."""
        return _current(self.note)


def _current(revised: RevisedText | str | None) -> str | None:
    """A text's current version; a plain string where `model_copy` put one without validation."""
    if revised is None or isinstance(revised, str):
        return revised
    return revised.current


class Attachment(Strict):
    """Something in a message that is not text (an image, a file, an unknown content type)."""

    kind: str
    name: str | None = None
    description: str | None = None


class Alternative(Strict):
    """Another branch at this turn: a regenerated or edited message the user did not keep."""

    speaker: Speaker
    text: str
    model_id: str | None = None
    created: AwareDatetime | None = None


class Turn(Annotations):
    """One message of a chat session, with its exact text."""

    index: int = Field(ge=1)
    """1-based position in the session; with the session index it makes the anchor `s1-t3`."""
    speaker: Speaker
    name: str | None = None
    """The speaker's name as written in the source (`Me`, `Claude`, `ユーザー`)."""
    text: str
    reasoning: str | None = None
    """The model's reasoning/thinking content when the source kept it."""
    attachments: list[Attachment] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    created: AwareDatetime | None = None


class ContextMessage(Strict):
    """A message the user did not see as a turn: system prompt, custom instructions."""

    role: str
    text: str


class Session(Strict):
    """One conversation (one game) inside a log."""

    index: int = Field(ge=1)
    title: Bilingual | None = None
    date: dt.date | None = None
    notes: list[str] = Field(default_factory=list)
    """Notes written in the source around this session (italic paragraphs in markdown)."""
    context: list[ContextMessage] = Field(default_factory=list)
    turns: list[Turn] = Field(default_factory=list)


class Condition(Strict):
    """The fixed setting of a batch: every trial got the same prompt and parameters."""

    name: Bilingual
    system_prompt: str | None = None
    user_prompt: str
    prior_word: str | None = None
    """The word the model must continue from (the last word of the prompt)."""
    parameters: dict[str, int | float | str | bool | None] = Field(default_factory=dict)
    """Sampling parameters, e.g. `temperature: 1.0`, `max_tokens: 100`."""


class Trial(Annotations):
    """One single-turn output of a batch."""

    trial: int = Field(ge=1)
    output: str
    timestamp: AwareDatetime | None = None
    recorded: dict[str, int | float | str | bool | None] = Field(default_factory=dict)
    """The source's own extra columns, kept as recorded (e.g. `is_mikan`); never analysis."""


class LogBase(Strict):
    """Fields every document has."""

    schema_version: int = SCHEMA_VERSION
    id: Slug
    """Permanent URL slug: never reused, never changed once published."""
    experiment: Experiment = "shiritori"
    title: Bilingual
    model: ModelInfo
    date: dt.date | None = None
    source: Source
    notes: Bilingual = Bilingual()
    tags: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        if isinstance(data, dict):
            version = data.get("schema_version", SCHEMA_VERSION)
            if isinstance(version, int) and version > SCHEMA_VERSION:
                raise ValueError(
                    f"schema_version {version} is newer than this kiroku understands "
                    f"({SCHEMA_VERSION}); upgrade kiroku"
                )
        return data

    def units(self) -> list[Annotations]:
        """Every annotatable unit (turns or trials) in document order."""
        raise NotImplementedError


class ChatLog(LogBase):
    """A multi-turn conversation log, possibly several sessions (games)."""

    kind: Literal["chat"] = "chat"
    sessions: list[Session] = Field(default_factory=list)

    def units(self) -> list[Annotations]:
        return [turn for session in self.sessions for turn in session.turns]

    def turn(self, session: int, index: int) -> Turn:
        return self.sessions[session - 1].turns[index - 1]


class BatchLog(LogBase):
    """A batch of single-turn API trials under one condition."""

    kind: Literal["batch"] = "batch"
    condition: Condition
    trials: list[Trial] = Field(default_factory=list)
    recorded: dict[str, int | float | str | bool | None] = Field(default_factory=dict)
    """Summary values the source itself recorded (e.g. `mikan_rate`), kept as recorded."""

    def units(self) -> list[Annotations]:
        return list(self.trials)


LogDocument = Annotated[ChatLog | BatchLog, Field(discriminator="kind")]
DOCUMENT_ADAPTER: TypeAdapter[ChatLog | BatchLog] = TypeAdapter(LogDocument)

ANNOTATION_FIELDS = frozenset(Annotations.model_fields)
"""Fields a person or the analysis adds; the rest of a turn or trial is recorded evidence."""


def validate_document(data: Any) -> ChatLog | BatchLog:
    """Build a document from plain data (as loaded from YAML or JSON)."""
    return DOCUMENT_ADAPTER.validate_python(data)


def to_data(doc: ChatLog | BatchLog, *, units_ordered: bool = True) -> dict[str, Any]:
    """Plain JSON-compatible data for storage: defaults left out, `schema_version` first.

    With `units_ordered=False` the turns and trials keep the model's key order instead of
    `annotations_last`: as good for comparing or caching, and cheaper on a long log.
    """
    data = doc.model_dump(mode="json", exclude_defaults=True)
    ordered: dict[str, Any] = {"schema_version": doc.schema_version, "kind": doc.kind}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    if not units_ordered:
        return ordered
    for unit in ordered.get("trials", []):
        annotations_last(unit)
    for session in ordered.get("sessions", []):
        for unit in session.get("turns", []):
            annotations_last(unit)
    return ordered


def annotations_last(unit: dict[str, Any]) -> dict[str, Any]:
    """A turn or trial as a person reads it: the recorded evidence first, then what was added."""
    for key in [k for k in unit if k in ANNOTATION_FIELDS]:
        unit[key] = unit.pop(key)
    return unit


def json_schema() -> dict[str, Any]:
    """JSON Schema of a log file, for editors that validate YAML."""
    schema = DOCUMENT_ADAPTER.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Kiroku log document"
    return schema
