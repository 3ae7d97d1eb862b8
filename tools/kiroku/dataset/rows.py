"""A document's rows in each table, and the study's report as rows: plain values, no judgement."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kiroku.analysis.stats import BatchFigures, FisherTest, LabelCount
from kiroku.schema import Annotations, BatchLog, ChatLog, Trial, Turn
from kiroku.site.urls import trial_anchor, turn_anchor

Document = ChatLog | BatchLog
Row = dict[str, Any]
RULE_PREFIX = "rule:"


@dataclass(frozen=True)
class Unit:
    """A turn or trial with where it stands in its log."""

    anchor: str
    position: int
    session: int | None
    index: int
    annotations: Annotations


def units_of(doc: Document) -> Iterator[Unit]:
    """Every turn or trial of `doc` in document order, with its permanent anchor."""
    if isinstance(doc, ChatLog):
        position = 0
        for session in doc.sessions:
            for turn in session.turns:
                position += 1
                yield Unit(
                    turn_anchor(session.index, turn.index),
                    position,
                    session.index,
                    turn.index,
                    turn,
                )
    else:
        for position, trial in enumerate(doc.trials, 1):
            yield Unit(trial_anchor(trial.trial), position, None, trial.trial, trial)


def _json_object(values: dict[str, Any]) -> str | None:
    """A dict as compact JSON text with sorted keys (the same bytes every time); None if empty."""
    if not values:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment is not None else None


def _offset(moment: datetime | None) -> str | None:
    """The UTC offset a time was recorded in, as `+09:00`."""
    delta = moment.utcoffset() if moment is not None else None
    if delta is None:
        return None
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def log_row(doc: Document, licence: str | None, licence_file: str | None, url: str | None) -> Row:
    return {
        "log_id": doc.id,
        "kind": doc.kind,
        "experiment": doc.experiment,
        "title_ja": doc.title.ja,
        "title_en": doc.title.en,
        "model_name": doc.model.name,
        "model_id": doc.model.id,
        "model_interface": doc.model.interface,
        "date": doc.date,
        "sessions": len(doc.sessions) if isinstance(doc, ChatLog) else None,
        "units": len(doc.units()),
        "tags": list(doc.tags),
        "notes_ja": doc.notes.ja,
        "notes_en": doc.notes.en,
        "source_path": doc.source.path,
        "source_sha256": doc.source.sha256,
        "source_format": doc.source.format,
        "source_item": doc.source.item,
        "metadata_path": doc.source.metadata,
        "metadata_sha256": doc.source.metadata_sha256,
        "licence": licence,
        "licence_file": licence_file,
        "url": url,
    }


def unit_rows(doc: Document, url: str | None) -> Iterator[Row]:
    for unit in units_of(doc):
        item = unit.annotations
        first = item.played[0] if item.played else None
        if isinstance(item, Turn):
            speaker, name, text, moment = item.speaker, item.name, item.text, item.created
            reasoning, recorded = item.reasoning, None
        else:
            assert isinstance(item, Trial)
            speaker, name, text, moment = "model", None, item.output, item.timestamp
            reasoning, recorded = None, _json_object(item.recorded)
        yield {
            "log_id": doc.id,
            "anchor": unit.anchor,
            "position": unit.position,
            "session": unit.session,
            "index": unit.index,
            "speaker": speaker,
            "name": name,
            "text": text,
            "translation_en": item.translation_text(),
            "note": item.note_text(),
            "played": [word.surface for word in item.played],
            "played_found_by": [word.found_by for word in item.played],
            "first_word": first.surface if first else None,
            "reading": first.reading if first else None,
            "romaji": first.romaji if first else None,
            "first_mora": first.first_mora if first else None,
            "last_mora": first.last_mora if first else None,
            "time": _utc(moment),
            "time_offset": _offset(moment),
            "reasoning": reasoning,
            "recorded": recorded,
            "url": f"{url}#{unit.anchor}" if url else None,
        }


def _annotation(doc: Document, unit: Unit, kind: str, number: int, **values: Any) -> Row:
    row: Row = {
        "log_id": doc.id,
        "anchor": unit.anchor,
        "kind": kind,
        "number": number,
        "label": None,
        "text": None,
        "author": None,
        "time": None,
        "rule": None,
        "confirmed": None,
        "dismissed": None,
        "current": None,
        "set_by": None,
        "set_at": None,
    }
    row.update(values)
    for moment in ("time", "set_at"):
        if row[moment] is not None:
            row[moment] = _utc(row[moment])
    by = row["author"]
    if isinstance(by, str) and by.startswith(RULE_PREFIX):
        row["rule"] = by[len(RULE_PREFIX) :]
    return row


def annotation_rows(doc: Document) -> Iterator[Row]:
    """Every label, suggestion, dismissal, correction, translation and note, with who and when."""
    for unit in units_of(doc):
        item = unit.annotations
        labelled = {label.id for label in item.labels}
        dismissed = {rejection.id for rejection in item.rejected}
        for n, label in enumerate(item.labels, 1):
            yield _annotation(
                doc,
                unit,
                "label",
                n,
                label=label.id,
                text=label.note,
                author=label.by,
                time=label.at,
            )
        for n, suggestion in enumerate(item.suggestions, 1):
            yield _annotation(
                doc,
                unit,
                "suggestion",
                n,
                label=suggestion.id,
                text=suggestion.reason,
                author=suggestion.by,
                time=suggestion.at,
                confirmed=suggestion.id in labelled,
                dismissed=suggestion.id in dismissed,
            )
        for n, rejection in enumerate(item.rejected, 1):
            yield _annotation(
                doc,
                unit,
                "dismissal",
                n,
                label=rejection.id,
                text=rejection.note,
                author=rejection.by,
                time=rejection.at,
            )
        for n, removed in enumerate(item.removed_labels, 1):
            yield _annotation(
                doc,
                unit,
                "removed-label",
                n,
                label=removed.id,
                text=removed.note,
                author=removed.removed_by,
                time=removed.removed_at,
                set_by=removed.by,
                set_at=removed.at,
            )
        for n, review in enumerate(item.reviewed, 1):
            yield _annotation(doc, unit, "review", n, author=review.by, time=review.at)
        override = item.played_override
        if override is not None:
            yield _annotation(
                doc,
                unit,
                "played-override",
                1,
                text="(talk)" if override.talk else " ".join(override.words),
                author=override.by,
                time=override.at,
            )
        for kind, revised in (("translation", item.translation_en), ("note", item.note)):
            if revised is None:
                continue
            versions = [*revised.earlier, revised]
            for n, version in enumerate(versions, 1):
                yield _annotation(
                    doc,
                    unit,
                    kind,
                    n,
                    text=version.text,
                    author=version.by,
                    time=version.at,
                    current=n == len(versions),
                )


def condition_row(doc: BatchLog) -> Row:
    condition = doc.condition
    parameters = condition.parameters
    temperature = parameters.get("temperature")
    max_tokens = parameters.get("max_tokens")
    return {
        "log_id": doc.id,
        "name_ja": condition.name.ja,
        "name_en": condition.name.en,
        "system_prompt": condition.system_prompt,
        "user_prompt": condition.user_prompt,
        "prior_word": condition.prior_word,
        "temperature": float(temperature)
        if isinstance(temperature, int | float) and not isinstance(temperature, bool)
        else None,
        "max_tokens": max_tokens
        if isinstance(max_tokens, int) and not isinstance(max_tokens, bool)
        else None,
        "parameters": _json_object(dict(parameters)),
        "recorded": _json_object(dict(doc.recorded)),
    }


def batch_study_rows(b: BatchFigures) -> dict[str, list[Row]]:
    """One batch's rows in the study tables kept per batch (written as the batches are read)."""
    return {
        "study_batches": [
            {
                "log_id": b.log_id,
                "model": b.model,
                "condition": b.condition,
                "condition_ja": b.condition_ja,
                "prior_word": b.prior_word,
                "outputs": b.outputs,
                "attractor": b.attractor,
                "attractor_count": b.attractor_count,
                "attractor_rate": b.attractor_rate,
                "chain_breaks": b.chain_breaks,
                "no_word": b.no_word,
                "corrected_outputs": b.corrected_outputs,
                "all_start_with": b.all_start_with,
            }
        ],
        "study_first_words": [
            {"log_id": b.log_id, "word": w.word, "count": w.count} for w in b.first_words
        ],
        "study_corrections": [
            {"log_id": b.log_id, "word": w.word, "count": w.count} for w in b.corrections
        ],
    }


PER_BATCH_STUDY = ("study_batches", "study_first_words", "study_corrections")
"""The study tables with rows per batch; the others are written once every log is read."""


def summary_rows(fisher: FisherTest | None, labels: list[LabelCount]) -> dict[str, list[Row]]:
    """The study tables computed over all the logs: Fisher's test and the label counts."""
    return {
        "study_fisher": []
        if fisher is None
        else [
            {
                "log_a": fisher.a,
                "log_b": fisher.b,
                "a_attractor": fisher.table[0][0],
                "a_other": fisher.table[0][1],
                "b_attractor": fisher.table[1][0],
                "b_other": fisher.table[1][1],
                "odds_ratio": fisher.odds_ratio,
                "p_value": fisher.p_value,
            }
        ],
        "study_labels": [count.model_dump() for count in labels],
    }
