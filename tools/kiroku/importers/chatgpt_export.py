"""Importer for ChatGPT data exports: `conversations.json`, alone or inside the export zip."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kiroku.errors import ParseError
from kiroku.importers.base import Document, Importer, RawInput, build
from kiroku.importers.service_export import (
    ZIP_MAGIC,
    as_dict,
    as_list,
    as_text,
    conversation_data,
    export_head,
    first_keys,
    from_unix,
    iter_conversations,
    timezone_of,
)
from kiroku.schema import ChatLog

NAME = "chatgpt-export"
CHATGPT_KEYS = frozenset(
    {"mapping", "current_node", "create_time", "conversation_id", "default_model_slug"}
)
_ALTERNATIVE_DEPTH = 20
"""How far below a sibling to look for the message it stands for (past hidden or tool nodes)."""


def sniff(path: Path, head: bytes) -> bool:
    if path.suffix.lower() not in (".json", ".zip") and not head.startswith(ZIP_MAGIC):
        return False
    return bool(first_keys(export_head(path, head)) & CHATGPT_KEYS)


@dataclass
class Reading:
    """What one message of the export contributes: to a turn, to the context, or nothing."""

    side: str
    """`user`, `model`, `context` or `skip`."""
    role: str
    texts: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    recap: str | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    created: datetime | None = None
    model_slug: str | None = None

    @property
    def text(self) -> str:
        shown = [t for t in self.texts if t]
        return shown[0] if len(shown) == 1 else "\n\n".join(shown)

    def shows_something(self) -> bool:
        return self.side in ("user", "model") and bool(
            "".join(self.texts) or self.attachments or self.reasoning
        )


def _parts(content: dict[str, Any], reading: Reading) -> None:
    """Text parts become text; images and other objects become attachment placeholders."""
    for part in as_list(content.get("parts")):
        if isinstance(part, str):
            reading.texts.append(part)
        elif isinstance(part, dict):
            kind = as_text(part.get("content_type")) or "object"
            if kind == "audio_transcription" and isinstance(part.get("text"), str):
                reading.texts.append(part["text"])
            elif kind == "image_asset_pointer":
                size = (
                    f"{part['width']}x{part['height']} image"
                    if part.get("width") and part.get("height")
                    else "image"
                )
                reading.attachments.append(
                    {
                        "kind": "image",
                        "name": as_text(part.get("asset_pointer")) or None,
                        "description": size,
                    }
                )
            else:
                reading.attachments.append(
                    {"kind": kind, "description": f"message part of type {kind!r}, not shown"}
                )
        elif part is not None:
            reading.texts.append(as_text(part))


def _context_text(content: dict[str, Any]) -> str:
    if content.get("content_type") == "user_editable_context":
        fields = (as_text(content.get(k)) for k in ("user_profile", "user_instructions"))
        return "\n\n".join(f for f in fields if f)
    reading = Reading("context", "")
    _parts(content, reading)
    if content.get("text"):
        reading.texts.append(as_text(content["text"]))
    return reading.text


def read_message(message: Any, tz: timezone) -> Reading:
    """Classify one message the way the ChatGPT web page showed it (or hid it)."""
    if not isinstance(message, dict):
        return Reading("skip", "")
    author = as_dict(message.get("author"))
    role = as_text(author.get("role")) or "unknown"
    content = as_dict(message.get("content"))
    metadata = as_dict(message.get("metadata"))
    kind = as_text(content.get("content_type"))
    recipient = as_text(message.get("recipient")) or "all"
    created = from_unix(message.get("create_time"), tz)
    hidden = metadata.get("is_visually_hidden_from_conversation") is True
    if kind == "user_editable_context" or metadata.get("is_user_system_message") is True:
        text = _context_text(content)
        return Reading("context" if text else "skip", "custom-instructions", [text])
    if role == "system" or hidden or role not in ("user", "assistant", "tool"):
        text = _context_text(content)
        return Reading("context" if text else "skip", role, [text])
    reading = Reading(
        "user" if role == "user" else "model",
        role,
        created=created,
        model_slug=as_text(metadata.get("model_slug")) or None,
    )
    tool_name = as_text(author.get("name")) or None
    if kind in ("text", "multimodal_text"):
        if role == "tool" or recipient != "all":
            shown = Reading("skip", role)
            _parts(content, shown)
            reading.attachments.extend(shown.attachments)
            if shown.text:
                reading.attachments.append(
                    {
                        "kind": "tool-output" if role == "tool" else "tool-call",
                        "name": tool_name if role == "tool" else recipient,
                        "description": shown.text,
                    }
                )
        else:
            _parts(content, reading)
    elif kind == "code":
        code = as_text(content.get("text"))
        if recipient == "all" and role == "assistant":
            reading.texts.append(code)
        else:
            reading.attachments.append(
                {
                    "kind": "code",
                    "name": recipient if recipient != "all" else None,
                    "description": code,
                }
            )
    elif kind == "execution_output":
        reading.attachments.append(
            {
                "kind": "execution-output",
                "name": tool_name,
                "description": as_text(content.get("text")),
            }
        )
    elif kind == "thoughts":
        for thought in as_list(content.get("thoughts")):
            if isinstance(thought, dict):
                text = as_text(thought.get("content")) or as_text(thought.get("summary"))
                if text:
                    reading.reasoning.append(text)
    elif kind == "reasoning_recap":
        reading.recap = as_text(content.get("content")) or None
    else:
        reading.attachments.append(
            {
                "kind": "unknown",
                "name": kind or None,
                "description": f"content type {kind or '(none)'!r} that kiroku does not read; "
                "kept in the raw export",
            }
        )
    for attached in as_list(metadata.get("attachments")):
        if isinstance(attached, dict):
            reading.attachments.append(
                {
                    "kind": "file",
                    "name": as_text(attached.get("name")) or None,
                    "description": as_text(attached.get("mime_type")) or None,
                }
            )
    return reading


def visible_thread(mapping: dict[str, Any], current: Any) -> list[str]:
    """Node ids from the root to `current_node`: the conversation as the user last saw it.

    Following `children[0]` down from the root would give the first branch ever written,
    not the one kept, so the path is walked upwards from `current_node` through `parent`.
    """
    if not isinstance(current, str) or current not in mapping:
        leaves = [
            key
            for key, node in mapping.items()
            if isinstance(node, dict) and not node.get("children")
        ]
        if not leaves:
            return []

        def created(key: str) -> float:
            message = mapping[key].get("message")
            stamp = message.get("create_time") if isinstance(message, dict) else None
            return stamp if isinstance(stamp, (int, float)) else float("-inf")

        current = max(leaves, key=created)
    thread: list[str] = []
    seen: set[str] = set()
    node_id: Any = current
    while isinstance(node_id, str) and node_id in mapping and node_id not in seen:
        seen.add(node_id)
        thread.append(node_id)
        node = mapping[node_id]
        node_id = node.get("parent") if isinstance(node, dict) else None
    return thread[::-1]


def _alternative(mapping: dict[str, Any], node_id: str, tz: timezone) -> dict[str, Any] | None:
    """The message a branch not taken starts with, looking past hidden and empty nodes."""
    for _ in range(_ALTERNATIVE_DEPTH):
        node = mapping.get(node_id)
        if not isinstance(node, dict):
            return None
        reading = read_message(node.get("message"), tz)
        if reading.shows_something():
            return {
                "speaker": reading.side,
                "text": reading.text,
                "model_id": reading.model_slug,
                "created": reading.created,
            }
        children = [c for c in as_list(node.get("children")) if isinstance(c, str)]
        if not children:
            return None
        node_id = children[-1]
    return None


def _turns(
    mapping: dict[str, Any], thread: list[str], tz: timezone
) -> tuple[list[dict[str, Any]], list[dict[str, str]], list[str]]:
    """Turns (model-side messages between two user messages form one), context, model slugs."""
    turns: list[dict[str, Any]] = []
    context: list[dict[str, str]] = []
    slugs: list[str] = []
    readings: list[list[Reading]] = []
    pending: list[dict[str, Any]] = []
    for position, node_id in enumerate(thread):
        node = mapping[node_id]
        if position > 0:
            parent = mapping.get(thread[position - 1])
            siblings = parent.get("children") if isinstance(parent, dict) else None
            for sibling in as_list(siblings):
                if sibling != node_id and isinstance(sibling, str):
                    alternative = _alternative(mapping, sibling, tz)
                    if alternative is not None:
                        pending.append(alternative)
        reading = read_message(node.get("message") if isinstance(node, dict) else None, tz)
        if reading.side == "context":
            context.append({"role": reading.role, "text": reading.text})
            continue
        if reading.side == "skip":
            continue
        if reading.model_slug and reading.side == "model":
            slugs.append(reading.model_slug)
        if reading.side == "user" or not turns or turns[-1]["speaker"] != "model":
            turns.append(
                {
                    "index": len(turns) + 1,
                    "speaker": reading.side,
                    "created": reading.created,
                    "alternatives": [],
                }
            )
            readings.append([])
        turns[-1]["alternatives"].extend(pending)
        pending = []
        readings[-1].append(reading)
    for turn, parts in zip(turns, readings, strict=True):
        shown = [text for part in parts for text in part.texts if text]
        turn["text"] = shown[0] if len(shown) == 1 else "\n\n".join(shown)
        thoughts = [text for part in parts for text in part.reasoning]
        recaps = [part.recap for part in parts if part.recap]
        turn["reasoning"] = "\n\n".join(thoughts or recaps) or None
        turn["attachments"] = [a for part in parts for a in part.attachments]
    return turns, context, slugs


def conversation_document(
    conversation: dict[str, Any],
    position: int,
    raw: RawInput,
    where: Path,
    tz: timezone,
    used: set[str],
) -> Document:
    """One conversation of the export as a chat log."""
    item = as_text(conversation.get("conversation_id") or conversation.get("id"))
    label = f"conversation {position}" + (f" ({item})" if item else "")
    if not item:
        raise ParseError(f"{label} has no `id` or `conversation_id`", where)
    mapping = conversation.get("mapping")
    if not isinstance(mapping, dict):
        raise ParseError(f"{label}: `mapping` must be an object of message nodes", where)
    turns, context, slugs = _turns(
        mapping, visible_thread(mapping, conversation.get("current_node")), tz
    )
    created = from_unix(conversation.get("create_time"), tz)
    if created is None and turns:
        created = turns[0]["created"]
    model_slug = as_text(conversation.get("default_model_slug")) or (
        Counter(slugs).most_common(1)[0][0] if slugs else None
    )
    title = as_text(conversation.get("title")).strip()
    data = conversation_data(
        raw,
        format_name=NAME,
        service="ChatGPT",
        model=model_slug,
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
    description="ChatGPT data export: conversations.json (alone or in the export zip)",
    sniff=sniff,
    parse=parse,
    iter_documents=iter_documents,
)
