"""A zip written from members each deflated once: the bytes `zipfile` writes, without deflating again what did not change."""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kiroku.atomic import atomic_write

STORED, DEFLATED = 0, 8
VERSION = 20
"""The zip version `zipfile` writes and requires for these members (2.0: deflate, folders)."""
UNIX = 3
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = 0xFFFFFFFF
_MEMBERS_LIMIT = 0xFFFF


@dataclass(frozen=True)
class Member:
    """One file of a zip: its path inside the zip, its bytes, and whether to deflate them."""

    name: str
    data: bytes
    deflate: bool = True
    mode: int = 0o644


@dataclass
class DeflatedCache:
    """Members' deflated bytes (with their CRC and length) by the sha256 of their data, one
    file each in a folder; what no zip used since the cache was made is removed by `prune`."""

    folder: Path
    used: set[str] = field(default_factory=set)

    def deflated(self, data: bytes) -> tuple[int, bytes]:
        name = hashlib.sha256(data).hexdigest()
        path = self.folder / name
        self.used.add(name)
        try:
            raw = path.read_bytes()
        except OSError:
            raw = b""
        if len(raw) >= 12 and int.from_bytes(raw[4:12], "little") == len(data):
            return int.from_bytes(raw[:4], "little"), raw[12:]
        crc, packed = zlib.crc32(data), _deflate(data)
        head = crc.to_bytes(4, "little") + len(data).to_bytes(8, "little")
        atomic_write(path, head + packed, durable=False)
        return crc, packed

    def prune(self) -> None:
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)


def _deflate(data: bytes) -> bytes:
    """As `zipfile` deflates a member: raw deflate at the default level."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _dos_time(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def zip_bytes(
    members: Iterable[Member],
    date_time: tuple[int, int, int, int, int, int],
    cache: DeflatedCache | None = None,
) -> bytes:
    """A zip of `members`, in their order, every member dated `date_time`: byte for byte what
    `zipfile.ZipFile` writes for them (a `ZipInfo` each, written with `writestr`). With a
    `cache`, a member already deflated in an earlier zip is not deflated again."""
    dos_time, dos_date = _dos_time(date_time)
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member in members:
        name = member.name.encode("ascii")  # a flag would mark a UTF-8 name; none is needed
        if not member.deflate:
            crc, packed = zlib.crc32(member.data), member.data
        elif cache is not None:
            crc, packed = cache.deflated(member.data)
        else:
            crc, packed = zlib.crc32(member.data), _deflate(member.data)
        method = DEFLATED if member.deflate else STORED
        if max(len(packed), len(member.data), offset) > _LIMIT:
            raise ValueError(f"{member.name}: too large for a zip without zip64")
        common = (0, method, dos_time, dos_date, crc, len(packed), len(member.data), len(name))
        header = _LOCAL.pack(b"PK\x03\x04", VERSION, 0, *common, 0)
        parts += [header, name, packed]
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                VERSION,
                UNIX,
                VERSION,
                0,
                *common,
                0,
                0,
                0,
                0,
                member.mode << 16,
                offset,
            )
            + name
        )
        offset += len(header) + len(name) + len(packed)
    if len(central) > _MEMBERS_LIMIT:
        raise ValueError("too many members for a zip without zip64")
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(parts) + directory + end
