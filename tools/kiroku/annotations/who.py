"""Who is annotating: every label, review and text records a name."""

from __future__ import annotations

import datetime as dt
import getpass
import os


def annotator_name(who: str | None) -> str:
    """`--who`, else `$KIROKU_USER`, else the login name: labels always say who set them."""
    if who and who.strip():
        return who.strip()
    env = os.environ.get("KIROKU_USER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def local_now() -> dt.datetime:
    """Local time with its offset, to the second: a label's `at` is read by people."""
    return dt.datetime.now(dt.UTC).astimezone().replace(microsecond=0)
