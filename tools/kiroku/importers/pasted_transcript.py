"""Importer for plain pasted transcripts (`.txt`): lines starting with a speaker name and a colon."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from kiroku.errors import ParseError
from kiroku.importers.base import (
    Document,
    Importer,
    RawInput,
    as_date,
    build,
    declared_fields,
    file_name_id,
    slugify,
)
from kiroku.importers.service_export import bilingual_title, mentions_shiritori
from kiroku.schema import ChatLog

NAME = "pasted-transcript"
DEFAULT_SPEAKERS: dict[str, str] = {
    **dict.fromkeys(("me", "user", "you", "human", "ユーザー", "あなた", "私", "わたし"), "user"),
    **dict.fromkeys(
        (
            "claude",
            "chatgpt",
            "assistant",
            "ai",
            "model",
            "gemini",
            "grok",
            "gpt",
            "copilot",
            "アシスタント",
            "モデル",
        ),
        "model",
    ),
}
"""Names a transcript copied from a chat page usually uses; `--speakers` adds others."""
SPEAKER_LINE = re.compile(r"^(?:\*\*)?([^:：*\n]{1,40}?)(?:\*\*)?[ \t]*[:：](?:\*\*)?(.*)$")
SEPARATOR = " \t\u3000"
"""What may follow the colon before the message starts (one of them is dropped, not more)."""


def sniff(path: Path, head: bytes) -> bool:
    return path.suffix.lower() == ".txt"


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()


def speaker_map(raw: RawInput) -> dict[str, str]:
    """The default speaker names with the sidecar's `speakers:` (set by `--speakers`) on top."""
    speakers = dict(DEFAULT_SPEAKERS)
    declared = raw.sidecar.get("speakers") or {}
    where = Path(raw.sidecar_path) if raw.sidecar_path else raw.path
    if not isinstance(declared, dict):
        raise ParseError("`speakers` must map names to user or model", where)
    for name, side in declared.items():
        if side not in ("user", "model"):
            raise ParseError(f"speaker {name!r} must be `user` or `model`, not {side!r}", where)
        speakers[_key(str(name))] = side
    return speakers


def parse_speakers_option(value: str) -> dict[str, str]:
    """`Me=user,Bot=model` (the `--speakers` option) as a mapping; bad pairs are errors."""
    speakers: dict[str, str] = {}
    for pair in value.split(","):
        if not pair.strip():
            continue
        name, equals, side = pair.partition("=")
        if not equals or not name.strip() or side.strip() not in ("user", "model"):
            raise ParseError(f"--speakers wants Name=user or Name=model pairs, not {pair!r}")
        speakers[name.strip()] = side.strip()
    return speakers


def _trimmed(lines: list[str]) -> str:
    """A message's lines without the blank lines around it (lines inside are kept as written)."""
    if lines and lines[0] == "":
        while lines and not lines[0].strip(SEPARATOR):
            lines = lines[1:]
    while len(lines) > 1 and not lines[-1].strip(SEPARATOR):
        lines = lines[:-1]
    return "\n".join(lines)


def parse(raw: RawInput) -> list[Document]:
    speakers = speaker_map(raw)
    turns: list[dict[str, Any]] = []
    preamble: list[str] = []
    bodies: list[list[str]] = []
    unknown: dict[str, int] = {}
    for number, line in enumerate(raw.lines_text.split("\n"), 1):
        match = SPEAKER_LINE.match(line)
        side = speakers.get(_key(match.group(1))) if match else None
        if match and side:
            rest = match.group(2)
            if rest[:1] and rest[:1] in SEPARATOR:
                rest = rest[1:]
            turns.append({"index": len(turns) + 1, "speaker": side, "name": match.group(1).strip()})
            bodies.append([rest])
            continue
        if match and not turns:
            unknown.setdefault(match.group(1).strip(), number)
        (bodies[-1] if bodies else preamble).append(line)
    if not turns:
        hint = ""
        if unknown:
            names = ", ".join(f"{name}:" for name in unknown)
            pairs = zip(list(unknown)[:2], ("user", "model"), strict=False)
            example = ",".join(f"{name}={side}" for name, side in pairs)
            hint = f"; found {names} (map them with --speakers {example})"
        raise ParseError(
            "no turns: no line starts with a known speaker name such as Me:, User:, ユーザー:, "
            f"Claude: or ChatGPT:{hint}",
            raw.path,
            next(iter(unknown.values()), 1),
        )
    for turn, body in zip(turns, bodies, strict=True):
        turn["text"] = _trimmed(body)
    notes = _trimmed(preamble).strip("\n")
    stem = raw.path.name.removesuffix(".txt").removesuffix(".TXT")
    model_name = next((t["name"] for t in turns if t["speaker"] == "model"), "unknown model")
    texts = [turn["text"] for turn in turns]
    data: dict[str, Any] = {
        "id": file_name_id(raw.archive_path) or slugify(stem),
        "experiment": "shiritori" if mentions_shiritori(stem, *texts) else "conversation",
        "title": bilingual_title(stem),
        "model": {"name": model_name, "interface": "web"},
        "source": raw.source_fields(NAME),
        "sessions": [{"index": 1, "notes": [notes] if notes.strip() else [], "turns": turns}],
    }
    data.update(declared_fields(raw.sidecar))
    if "date" in data:
        data["date"] = as_date(data["date"])
    return [build(ChatLog, data, raw.path)]


IMPORTER = Importer(
    name=NAME,
    description="Pasted transcript (.txt): lines starting `Me:`, `User:`, `ユーザー：`, `Claude:`...",
    sniff=sniff,
    parse=parse,
)
