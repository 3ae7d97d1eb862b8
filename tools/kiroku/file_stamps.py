"""The sha256 of a file from its stat when the stat is unchanged, as git trusts its index."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from pathlib import Path

from kiroku.keyed_store import KeyedStore

STAMPS_NAME = "stamps.sqlite"
LEGACY_NAME = "stamps.json"
"""Where the stamps were kept as one JSON file, removed when the store is made."""
RACY_NS = 2_000_000_000
"""A file changed less than this before it was hashed may change again within the same
timestamp (git's "racily clean" entries): its stat is not trusted, it is hashed again."""
VERSION = 1

Stamp = tuple[int, int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode, device): any write changes mtime and ctime, and ctime
cannot be set back, so an edit that restores the mtime (or the size) is still seen."""


def stamp_of(stat: os.stat_result) -> Stamp:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)


def _hash(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_under(folder: Path | str) -> list[str]:
    """Every file under `folder` (none if it is missing), in the order of their paths: as
    `os.walk` finds them (a link to a folder is not followed, a link to a file counts)."""
    found = []
    folders = [os.fspath(folder)]
    while folders:
        top = folders.pop()
        try:
            with os.scandir(top) as entries:
                for entry in entries:
                    if entry.is_dir():
                        if not entry.is_symlink():
                            folders.append(entry.path)
                    elif entry.is_file():
                        found.append(entry.path)
        except OSError:
            continue
    return sorted(found)


class Stamps:
    """sha256 of files by path, trusted while a file's stat is the one recorded with it.

    Kept in `.kiroku/proofs/stamps.sqlite` (a cache: deleting it only costs a re-hash) and
    read by path (`kiroku.keyed_store`), so a run holds none of the stamps it does not look
    up. A file is hashed again when its size, modification or change time, inode or device
    differ, or when it had changed within `RACY_NS` of being hashed. Only the stamps looked
    up in this run are saved, so the file follows the project."""

    def __init__(self, cache_dir: Path) -> None:
        folder = cache_dir / "proofs"
        self.path = folder / STAMPS_NAME
        self.store = KeyedStore(self.path, str(VERSION), legacy=folder / LEGACY_NAME)
        self._trusted: dict[int, tuple[int, bytes]] = {}
        """What this run already trusted, by the hash of a path: (the hash of its stamp, its
        sha256). A command asks for the same file several times (`kiroku site` runs four
        steps over the same files): each asks its stat again, none the store again. A few
        dozen bytes a file."""

    def sha256(self, path: Path | str) -> str | None:
        """The sha256 of the file at `path` now; None if it is missing or unreadable."""
        key = os.fspath(path)
        slot = hash(key)
        try:
            stat = os.stat(key)
        except OSError:
            self._trusted.pop(slot, None)
            self.store.forget(key)
            return None
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)
        seen = self._trusted.get(slot)
        if seen is not None and seen[0] == hash(stamp):
            return seen[1].hex()
        known = self.store.current(key)
        if isinstance(known, list) and len(known) == 3 and tuple(known[0]) == stamp:
            sha, hashed_at = known[1], known[2]
            if max(stamp[1], stamp[2]) + RACY_NS < hashed_at:
                self.store.keep(key)
                self._trusted[slot] = (hash(stamp), bytes.fromhex(sha))
                return str(sha)
        hashed_at = time.time_ns()
        try:
            sha = _hash(path)
            after = stamp_of(os.stat(path))
        except OSError:
            self.store.forget(key)
            return None
        if after == stamp:
            self.store.put(key, [list(stamp), sha, hashed_at])
        else:
            self.store.forget(key)
        return sha

    def prefetch(self, paths: Iterable[Path | str]) -> None:
        """Read the stamps of `paths` this run has not trusted yet in a few queries, for the
        lookups that follow (`KeyedStore.prefetch`)."""
        keys = (str(path) for path in paths)
        self.store.prefetch(key for key in keys if hash(key) not in self._trusted)

    def record(self, path: Path, sha: str, stat: os.stat_result | None = None) -> None:
        """Record the sha256 of a file just written by this process (no need to read it)."""
        self._trusted.pop(hash(str(path)), None)
        try:
            stat = stat or os.stat(path)
        except OSError:
            return
        self.store.put(str(path), [list(stamp_of(stat)), sha, time.time_ns()])

    def save(self) -> None:
        self.store.save()


_OPEN: dict[Path, tuple[Stamps, float]] = {}
RECHECK_SECONDS = 0.5
"""How often `stamps` looks whether the cache file was deleted (a stat of it), rather than at
each of the thousands of files a command asks for: a store whose file was deleted meanwhile
still answers rightly (a stamp is trusted only for the very stat it was recorded with), its
save just goes nowhere."""


def stamps(cache_dir: Path) -> Stamps:
    """The stamps of one project, shared by everything a command does (saved by `save_all`)."""
    now = time.monotonic()
    found = _OPEN.get(cache_dir)
    if found is not None and now - found[1] < RECHECK_SECONDS:
        return found[0]
    book = found[0] if found is not None else None
    if book is None or book.store.replaced():  # the cache was deleted: start again
        book = Stamps(cache_dir)
    _OPEN[cache_dir] = (book, now)
    return book


def save_all() -> None:
    for book, _ in _OPEN.values():
        book.save()
