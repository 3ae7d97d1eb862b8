"""Compact JSON for Kiroku's caches: orjson for speed, the standard library for what it refuses."""

from __future__ import annotations

import json
from typing import Any

import orjson


def encode(data: Any) -> bytes:
    """Compact UTF-8 JSON; a lone surrogate (kept in a log as recorded), which orjson refuses,
    makes it fall back to the standard library's `\\u` escapes."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return json.dumps(data, separators=(",", ":")).encode("ascii")


def decode(raw: bytes) -> Any:
    """What `encode` wrote; raises ValueError if it is not JSON."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)  # an escaped lone surrogate, which orjson refuses
