"""Decoding raw files: UTF-8 (with or without BOM), UTF-16 with BOM, and Shift_JIS/cp932."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kiroku.errors import ParseError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
BROKEN_UTF8_SHARE = 0.8
"""Above this share of non-ASCII bytes in valid UTF-8 sequences, a file is broken UTF-8, not
Shift_JIS: real cp932 Japanese text scores about 0.3, UTF-8 with one bad byte nearly 1."""


def _utf8_share(data: bytes) -> float:
    non_ascii = sum(1 for byte in data if byte >= 0x80)
    covered = sum(len(match) for match in _UTF8_SEQUENCE.findall(data))
    return covered / non_ascii if non_ascii else 0.0


def detect_encoding(data: bytes, path: Path | str) -> str:
    """The encoding of `data`; a file that is none of the accepted ones is refused, not guessed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        bad = error.start
    line = data[:bad].count(b"\n") + 1
    where = f"invalid byte 0x{data[bad]:02x} at offset {bad}"
    try:
        data.decode("cp932")
    except UnicodeDecodeError:
        raise ParseError(
            f"cannot decode: not UTF-8, UTF-16 with BOM or Shift_JIS/cp932 ({where})", path, line
        ) from None
    if _utf8_share(data) >= BROKEN_UTF8_SHARE:
        raise ParseError(
            f"cannot decode: UTF-8 with an {where} (not read as Shift_JIS, which would "
            "garble it); fix or re-export the file",
            path,
            line,
        )
    return "cp932"


def decode(data: bytes, path: Path | str) -> str:
    """Text of a raw file, exactly as written apart from the BOM."""
    encoding = detect_encoding(data, path)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:  # only after a BOM: without one the encoding was tried
        utf8 = encoding == "utf-8-sig"
        bad = error.start + (len(codecs.BOM_UTF8) if utf8 else 0)  # utf-8-sig counts past it
        line = data[:bad].decode(encoding, "replace").count("\n") + 1
        raise ParseError(
            f"cannot decode: {'UTF-8' if utf8 else 'UTF-16'} (by its byte order mark) with an "
            f"invalid byte 0x{data[bad]:02x} at offset {bad}; fix or re-export the file",
            path,
            line,
        ) from None


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so a file saved on Windows or old macOS parses the same."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
