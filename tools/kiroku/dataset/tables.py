"""The export's tables: each column's name, type and meaning, in one place for writers and card."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kiroku.dataset.arrow import pa

TIMESTAMP = pa.timestamp("us", tz="UTC")
JSON_TEXT = "json"
"""A column holding a JSON object as text (values of mixed types the source recorded)."""


@dataclass(frozen=True)
class Column:
    """One column: its Arrow type, what it holds, and whether its text is a JSON object."""

    name: str
    type: pa.DataType
    doc: str
    encoding: str | None = None

    def type_name(self) -> str:
        """The type as the card states it."""
        if self.encoding == JSON_TEXT:
            return "string (JSON object)"
        if pa.types.is_list(self.type):
            return "list of strings"
        if pa.types.is_timestamp(self.type):
            return "timestamp (UTC, µs)"
        if pa.types.is_date(self.type):
            return "date"
        if pa.types.is_boolean(self.type):
            return "boolean"
        if pa.types.is_integer(self.type):
            return "integer"
        if pa.types.is_floating(self.type):
            return "float"
        return "string"


@dataclass(frozen=True)
class TableSpec:
    """One table of the export: one row per `row`, identified by the columns of `key`."""

    name: str
    row: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    def schema(self) -> pa.Schema:
        """The table's Arrow schema (one object, shared by every batch: a schema built per
        batch would be kept, with every column's description, by each batch buffered)."""
        return self._schema

    @cached_property
    def _schema(self) -> pa.Schema:
        return pa.schema(
            [
                pa.field(c.name, c.type, metadata={"description": c.doc})
                if c.doc
                else pa.field(c.name, c.type)
                for c in self.columns
            ]
        )

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: pa.DataType, doc: str, encoding: str | None = None) -> Column:
    return Column(name, type_, doc, encoding)


STR, INT, FLOAT, BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
WORDS = pa.list_(pa.string())

LOG_ID = _c("log_id", STR, "The log's permanent id (`logs/<id>.yaml`, the site's `logs/<id>/`).")
ANCHOR = _c(
    "anchor",
    STR,
    "The unit's permanent anchor in its log: `s1-t8` (session 1, turn 8) or `trial-7`.",
)

LOGS = TableSpec(
    "logs",
    "one row per log (a chat log or a batch of API trials)",
    ("log_id",),
    (
        LOG_ID,
        _c("kind", STR, "`chat` (a multi-turn conversation) or `batch` (single-turn API trials)."),
        _c("experiment", STR, "`shiritori` (a game, analysed) or `conversation` (not analysed)."),
        _c("title_ja", STR, "Title in Japanese."),
        _c("title_en", STR, "Title in English."),
        _c("model_name", STR, "The model's display name, e.g. `Claude Sonnet 4.6`."),
        _c("model_id", STR, "The exact model id when known, e.g. `claude-sonnet-4-6`."),
        _c("model_interface", STR, "`web` (a chat UI) or `api` (API calls)."),
        _c("date", pa.date32(), "The day the log was recorded."),
        _c("sessions", INT, "Number of sessions (games) in a chat log; null for a batch."),
        _c("units", INT, "Number of turns (chat) or trials (batch): its rows in `units`."),
        _c("tags", WORDS, "The log's tags."),
        _c("notes_ja", STR, "Notes on the log in Japanese."),
        _c("notes_en", STR, "Notes on the log in English."),
        _c(
            "source_path",
            STR,
            "The raw file as archived, relative to the archive's root (never rewritten).",
        ),
        _c("source_sha256", STR, "sha256 of that raw file."),
        _c(
            "source_format", STR, "The importer that parsed it (`csv-batch`, `markdown-chat`, ...)."
        ),
        _c(
            "source_item",
            STR,
            "For a raw file holding several conversations: which one this log is.",
        ),
        _c("metadata_path", STR, "The sidecar file declaring a batch's condition, if any."),
        _c("metadata_sha256", STR, "sha256 of that sidecar file."),
        _c("licence", STR, "The licence of the log's data (the first line of its LICENSE file)."),
        _c(
            "licence_file",
            STR,
            "That LICENSE file in this export folder (with the attribution beside it).",
        ),
        _c(
            "url",
            STR,
            "The log's permanent page on the published site; null when no site URL is set.",
        ),
    ),
)

UNITS = TableSpec(
    "units",
    "one row per chat turn or batch trial",
    ("log_id", "anchor"),
    (
        LOG_ID,
        ANCHOR,
        _c("position", INT, "1-based position of the unit in its log (document order)."),
        _c("session", INT, "The session (game) a chat turn belongs to; null for a trial."),
        _c("index", INT, "The turn's position in its session, or the trial's number."),
        _c("speaker", STR, "`user` or `model` (every trial is `model`)."),
        _c("name", STR, "The speaker's name as the source wrote it (`Me`, `Claude`, `ユーザー`)."),
        _c("text", STR, "The exact text of the turn or the trial's output."),
        _c("translation_en", STR, "The current English translation a person wrote, if any."),
        _c("note", STR, "The current note a person wrote on the unit, if any."),
        _c(
            "played",
            WORDS,
            "Words played, in order, as `kiroku analyse` stored them (a person's correction wins); later ones are corrections.",
        ),
        _c(
            "played_found_by",
            WORDS,
            "How each played word was found (`bold`, `first-word`, `correction`, `person`...).",
        ),
        _c("first_word", STR, "The first played word (what the turn committed to)."),
        _c(
            "reading",
            STR,
            "Hiragana reading of the first word (みかん, ミカン and 蜜柑 all read みかん).",
        ),
        _c("romaji", STR, "Romaji of the first word."),
        _c("first_mora", STR, "First mora of the first word."),
        _c("last_mora", STR, "Last mora of the first word (ん loses)."),
        _c("time", TIMESTAMP, "When the message was written or the trial was run, in UTC."),
        _c("time_offset", STR, "The UTC offset the source recorded that time in, e.g. `+09:00`."),
        _c("reasoning", STR, "The model's reasoning (thinking) text when the source kept it."),
        _c(
            "recorded",
            STR,
            "The source's own extra columns for a trial, as recorded (e.g. `is_mikan`); never analysis.",
            JSON_TEXT,
        ),
        _c(
            "url",
            STR,
            "The unit's permanent address on the published site; null when no site URL is set.",
        ),
    ),
)

ANNOTATIONS = TableSpec(
    "annotations",
    "one row per label, label switched off, suggestion, dismissal, reviewed mark, played-word"
    " correction, and translation or note version",
    ("log_id", "anchor", "kind", "number"),
    (
        LOG_ID,
        ANCHOR,
        _c(
            "kind",
            STR,
            "`label` (a person's, in force), `removed-label` (a label a person switched off: `author` and `time` say who and when, `set_by` and `set_at` who had set it), `suggestion` (a rule's), `dismissal` (a person turning a suggestion down), `review` (a person marked the unit reviewed), `played-override`, `translation`, `note`.",
        ),
        _c(
            "number",
            INT,
            "1-based order among the unit's annotations of this kind (a version number for translations and notes).",
        ),
        _c(
            "label",
            STR,
            "The label id (see `logs/taxonomy.yaml`); null for translations, notes and corrections.",
        ),
        _c(
            "text",
            STR,
            "A label's or dismissal's note, a suggestion's reason, the translation or note text, the corrected words (space-separated; empty: no word played; `(talk)`: the turn is talk, not a move).",
        ),
        _c(
            "author",
            STR,
            "Who set it: a person's name, or `rule:<id>` for a rule's suggestion; null when not recorded.",
        ),
        _c("time", TIMESTAMP, "When it was set, in UTC; null when not recorded."),
        _c(
            "rule",
            STR,
            "The rule that suggested it (the `<id>` of `author: rule:<id>`); null for people.",
        ),
        _c(
            "confirmed",
            BOOL,
            "For a suggestion: a person set the same label on the unit. Null for other kinds.",
        ),
        _c("dismissed", BOOL, "For a suggestion: a person turned it down. Null for other kinds."),
        _c(
            "current",
            BOOL,
            "For a translation or note: this version is the one in force. Null for other kinds.",
        ),
        _c(
            "set_by",
            STR,
            "For a removed label: who had set it (`author` is who switched it off). Null for other kinds.",
        ),
        _c(
            "set_at",
            TIMESTAMP,
            "For a removed label: when it had been set, in UTC. Null for other kinds.",
        ),
    ),
)

CONDITIONS = TableSpec(
    "conditions",
    "one row per batch: the fixed setting every trial of it got",
    ("log_id",),
    (
        LOG_ID,
        _c("name_ja", STR, "The condition's name in Japanese."),
        _c("name_en", STR, "The condition's name in English."),
        _c("system_prompt", STR, "The system prompt, if any."),
        _c("user_prompt", STR, "The user prompt, exactly."),
        _c("prior_word", STR, "The word the model must continue from."),
        _c("temperature", FLOAT, "Sampling temperature, when declared."),
        _c("max_tokens", INT, "Token limit, when declared."),
        _c("parameters", STR, "Every sampling parameter declared.", JSON_TEXT),
        _c(
            "recorded",
            STR,
            "Summary values the source itself recorded (e.g. `mikan_rate`), as recorded.",
            JSON_TEXT,
        ),
    ),
)

STUDY_BATCHES = TableSpec(
    "study_batches",
    "one row per batch: the study's figures as `kiroku stats` computes them",
    ("log_id",),
    (
        LOG_ID,
        _c("model", STR, "The model's display name."),
        _c("condition", STR, "The condition's English name (else Japanese, else the log id)."),
        _c("condition_ja", STR, "The condition's Japanese name."),
        _c("prior_word", STR, "The word the outputs must continue from."),
        _c("outputs", INT, "Trials in the batch."),
        _c("attractor", STR, "The word counted (みかん)."),
        _c("attractor_count", INT, "Outputs whose first played word reads as the attractor."),
        _c("attractor_rate", FLOAT, "attractor_count / outputs."),
        _c(
            "chain_breaks",
            INT,
            "Outputs whose first word does not start with the prior word's last mora.",
        ),
        _c("no_word", INT, "Outputs that play no word."),
        _c("corrected_outputs", INT, "Outputs that offer a second word after the first."),
        _c("all_start_with", STR, "The one word every output starts with, if there is one."),
    ),
)


def _words_counted(name: str, row: str, word: str, count: str) -> TableSpec:
    """A study table of words counted per batch: one row per batch and word."""
    return TableSpec(
        name, row, ("log_id", "word"), (LOG_ID, _c("word", STR, word), _c("count", INT, count))
    )


STUDY_FIRST_WORDS = _words_counted(
    "study_first_words",
    "one row per batch and first word: how often each word was played first",
    "A first played word, as written.",
    "Outputs playing it first.",
)
STUDY_CORRECTIONS = _words_counted(
    "study_corrections",
    "one row per batch and word offered after the first",
    "A word offered as a correction.",
    "How often it was offered.",
)

STUDY_FISHER = TableSpec(
    "study_fisher",
    "Fisher's exact test (two-sided), attractor first vs other, between two batches (`kiroku stats`' pair)",
    ("log_a", "log_b"),
    (
        _c("log_a", STR, "The first batch (the higher attractor rate)."),
        _c("log_b", STR, "The second batch."),
        _c("a_attractor", INT, "Outputs of batch a playing the attractor first."),
        _c("a_other", INT, "Other outputs of batch a."),
        _c("b_attractor", INT, "Outputs of batch b playing the attractor first."),
        _c("b_other", INT, "Other outputs of batch b."),
        _c("odds_ratio", FLOAT, "The sample odds ratio; null when infinite."),
        _c("p_value", FLOAT, "Two-sided p-value (scipy's `fisher_exact`)."),
    ),
)

STUDY_LABELS = TableSpec(
    "study_labels",
    "one row per model and label over chat logs: labels set by people and suggested by rules",
    ("model", "label"),
    (
        _c("model", STR, "The model's display name."),
        _c("label", STR, "The label id."),
        _c("human", INT, "Labels people set."),
        _c("suggested", INT, "Suggestions the rules made."),
    ),
)

PER_LOG = (LOGS, UNITS, ANNOTATIONS, CONDITIONS)
"""Tables written log by log as the archive is read."""
STUDY = (STUDY_BATCHES, STUDY_FIRST_WORDS, STUDY_CORRECTIONS, STUDY_FISHER, STUDY_LABELS)
"""Tables of the study's figures, written once every log has been read."""
TABLES = PER_LOG + STUDY
