"""Dates as the researcher writes them: `November 25, 2025`, `2025-11-25`, `2025年11月25日`."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from kiroku.errors import ParseError

DATE_LABEL = re.compile(r"(?:^|[\s(（\[—–|:-])(?:date|日付)\s*[:：]\s*(?P<date>.+)$", re.IGNORECASE)
"""A `Date:` label inside a title line, e.g. `## Game 2 — Date: October 29, 2025`."""
TITLE_TRAILER = " \t—–-|:：,、(（[「"
DATE_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%Y/%m/%d")
JAPANESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def read_date(text: str) -> date | None:
    """The day a written date names, or None if it names none."""
    cleaned = text.strip().rstrip(".)）] ")
    match = JAPANESE_DATE.search(cleaned)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    simple = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned.replace(",", " "))
    simple = " ".join(simple.replace(".", " ").split()) if "-" not in simple else simple
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(simple, fmt).date()
        except ValueError:
            continue
    return None


def parse_date(text: str, path: Path, line: int | None) -> date:
    """The day a written date names; anything else is an error at `line`."""
    day = read_date(text)
    if day is None:
        raise ParseError(
            f"cannot read the date {text.strip()!r}: write it like November 25, 2025 or 2025-11-25",
            path,
            line,
        )
    return day


def title_and_date(text: str, path: Path, line: int) -> tuple[str | None, date | None]:
    """A title such as `Game 2 — Date: October 29, 2025` split into its title and its date."""
    match = DATE_LABEL.search(text)
    if match is None:
        return (text.strip() or None), None
    title = text[: match.start("date")]
    title = re.sub(r"(?:date|日付)\s*[:：]\s*$", "", title, flags=re.IGNORECASE)
    return (title.strip(TITLE_TRAILER) or None), parse_date(match.group("date"), path, line)
