"""Importer for Claude data exports: `conversations.json`, alone or inside the export zip."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kiroku.errors import ParseError
from kiroku.importers.base import Document, Importer, RawInput, build
from kiroku.importers.service_export import (
    ZIP_MAGIC,
    as_list,
    as_text,
    conversation_data,
    export_head,
    first_keys,
    from_iso,
    iter_conversations,
    timezone_of,
)
from kiroku.schema import ChatLog

NAME = "claude-export"
SPEAKERS = {"human": "user", "user": "user", "assistant": "model"}


def sniff(path: Path, head: bytes) -> bool:
    if path.suffix.lower() not in (".json", ".zip") and not head.startswith(ZIP_MAGIC):
        return False
    keys = first_keys(export_head(path, head))
    return "chat_messages" in keys or ("uuid" in keys and bool(keys & {"name", "created_at"}))


def _blocks_text(value: Any) -> str:
    """The text inside a tool result, which is either text or a list of content blocks."""
    if isinstance(value, list):
        return "\n\n".join(
            as_text(block.get("text")) if isinstance(block, dict) else as_text(block)
            for block in value
        )
    return as_text(value)


def read_message(message: dict[str, Any], tz: timezone) -> dict[str, Any]:
    """One chat message as a turn (speaker, text, reasoning, attachments), tolerating new blocks."""
    texts: list[str] = []
    reasoning: list[str] = []
    attachments: list[dict[str, Any]] = []
    saw_text_block = False
    for block in as_list(message.get("content")):
        if not isinstance(block, dict):
            continue
        kind = as_text(block.get("type"))
        if kind == "text":
            saw_text_block = True
            texts.append(as_text(block.get("text")))
        elif kind == "thinking":
            thought = as_text(block.get("thinking"))
            if thought:
                reasoning.append(thought)
        elif kind == "tool_use":
            attachments.append(
                {
                    "kind": "tool-use",
                    "name": as_text(block.get("name")) or None,
                    "description": as_text(block.get("input")) or None,
                }
            )
        elif kind == "tool_result":
            attachments.append(
                {
                    "kind": "tool-result",
                    "name": as_text(block.get("name")) or None,
                    "description": _blocks_text(block.get("content")) or None,
                }
            )
        else:
            attachments.append(
                {
                    "kind": "unknown",
                    "name": kind or None,
                    "description": f"content block of type {kind or '(none)'!r} that kiroku does "
                    "not read; kept in the raw export",
                }
            )
    shown = [t for t in texts if t]
    if saw_text_block:
        text = shown[0] if len(shown) == 1 else "\n\n".join(shown)
    else:
        text = as_text(message.get("text"))
    for attached in as_list(message.get("attachments")):
        if isinstance(attached, dict):
            size = attached.get("file_size")
            details = [as_text(attached.get("file_type")), f"{size} bytes" if size else ""]
            attachments.append(
                {
                    "kind": "file",
                    "name": as_text(attached.get("file_name")) or None,
                    "description": ", ".join(d for d in details if d) or None,
                }
            )
    names: set[str] = set()
    for key in ("files", "files_v2"):
        for attached in as_list(message.get(key)):
            name = as_text(attached.get("file_name")) if isinstance(attached, dict) else ""
            if name not in names:
                names.add(name)
                attachments.append({"kind": "file", "name": name or None})
    sender = as_text(message.get("sender"))
    return {
        "speaker": SPEAKERS.get(sender),
        "role": sender or "unknown",
        "text": text,
        "reasoning": "\n\n".join(reasoning) or None,
        "attachments": attachments,
        "created": from_iso(message.get("created_at"), tz),
    }


def _stamp(message: dict[str, Any]) -> str:
    return as_text(message.get("updated_at")) or as_text(message.get("created_at"))


def visible_thread(messages: list[dict[str, Any]]) -> tuple[list[int], dict[int, list[int]]]:
    """Positions of the messages on the branch last written, and each one's other branches.

    Newer exports link messages by `parent_message_uuid`; the kept branch is the one ending in
    the most recently updated leaf. Older exports are a plain list in order.
    """
    if not any(isinstance(m.get("parent_message_uuid"), str) for m in messages):
        return list(range(len(messages))), {}
    by_uuid = {as_text(m.get("uuid")): i for i, m in enumerate(messages) if m.get("uuid")}
    children: dict[str, list[int]] = {}
    for position, message in enumerate(messages):
        children.setdefault(as_text(message.get("parent_message_uuid")), []).append(position)
    leaves = [i for i, m in enumerate(messages) if as_text(m.get("uuid")) not in children]
    if not leaves:
        return list(range(len(messages))), {}
    current: int | None = max(leaves, key=lambda i: (_stamp(messages[i]), i))
    thread: list[int] = []
    seen: set[int] = set()
    while current is not None and current not in seen:
        seen.add(current)
        thread.append(current)
        current = by_uuid.get(as_text(messages[current].get("parent_message_uuid")))
    thread.reverse()
    others = {
        position: [
            sibling
            for sibling in children[as_text(messages[position].get("parent_message_uuid"))]
            if sibling != position
        ]
        for position in thread
    }
    return thread, others


def conversation_document(
    conversation: dict[str, Any],
    position: int,
    raw: RawInput,
    where: Path,
    tz: timezone,
    used: set[str],
) -> Document:
    """One conversation of the export as a chat log."""
    item = as_text(conversation.get("uuid"))
    label = f"conversation {position}" + (f" ({item})" if item else "")
    if not item:
        raise ParseError(f"{label} has no `uuid`", where)
    listed = conversation.get("chat_messages")
    if listed is None:
        listed = []
    if not isinstance(listed, list):
        raise ParseError(f"{label}: `chat_messages` must be a list", where)
    messages = [m for m in listed if isinstance(m, dict)]
    thread, others = visible_thread(messages)
    turns: list[dict[str, Any]] = []
    context: list[dict[str, str]] = []
    for place in thread:
        message = read_message(messages[place], tz)
        if message["speaker"] is None:
            if message["text"]:
                context.append({"role": message["role"], "text": message["text"]})
            continue
        alternatives = []
        for sibling in others.get(place, []):
            other = read_message(messages[sibling], tz)
            if other["speaker"] is not None:
                alternatives.append(
                    {
                        "speaker": other["speaker"],
                        "text": other["text"],
                        "created": other["created"],
                    }
                )
        message.pop("role")
        turns.append({"index": len(turns) + 1, **message, "alternatives": alternatives})
    created: datetime | None = from_iso(conversation.get("created_at"), tz)
    if created is None and turns:
        created = turns[0]["created"]
    model = as_text(conversation.get("model")) or None
    title = as_text(conversation.get("name")).strip()
    data = conversation_data(
        raw,
        format_name=NAME,
        service="Claude",
        model=model,
        title=title,
        created=created,
        item=item,
        turns=turns,
        context=context,
        used=used,
    )
    return build(ChatLog, data, where)


def iter_documents(raw: RawInput) -> Iterator[Document]:
    """One chat log per conversation, parsed one at a time from the stream."""
    tz = timezone_of(raw)
    used: set[str] = set()
    for position, conversation, where in iter_conversations(raw):
        yield conversation_document(conversation, position, raw, where, tz, used)


def parse(raw: RawInput) -> list[Document]:
    return list(iter_documents(raw))


IMPORTER = Importer(
    name=NAME,
    description="Claude data export: conversations.json (alone or in the export zip)",
    sniff=sniff,
    parse=parse,
    iter_documents=iter_documents,
)
