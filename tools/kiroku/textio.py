"""Decoding raw files: UTF-8 (with or without BOM), UTF-16 with BOM, and Shift_JIS/cp932."""

from __future__ import annotations

import codecs
from pathlib import Path

from kiroku.errors import ParseError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(data: bytes, path: Path | str) -> str:
    """The encoding of `data`; a file that is none of the accepted ones is refused, not guessed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            data.decode("cp932")
            return "cp932"
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise ParseError(
                "cannot decode: not UTF-8, UTF-16 with BOM or Shift_JIS/cp932 "
                f"(invalid byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start})",
                path,
                line,
            ) from None


def decode(data: bytes, path: Path | str) -> str:
    """Text of a raw file, exactly as written apart from the BOM."""
    return data.decode(detect_encoding(data, path))


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so a file saved on Windows or old macOS parses the same."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
