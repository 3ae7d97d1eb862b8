"""Citing a log or one of its turns: the permanent URL and a markdown quote ready to paste."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from kiroku.errors import KirokuError
from kiroku.schema import BatchLog, ChatLog
from kiroku.site.urls import log_url, trial_anchor

Document = ChatLog | BatchLog


def configured_site_url(config_file: Path) -> str | None:
    """`site_url` from mkdocs.yml, if it is set."""
    if not config_file.exists():
        return None
    try:
        data = YAML(typ="rt").load(config_file.read_text(encoding="utf-8"))
    except YAMLError as error:
        raise KirokuError(f"invalid YAML: {error}", config_file) from None
    value = data.get("site_url") if isinstance(data, dict) else None
    return str(value) if value else None


RELATIVE_HINT = (
    "hint: the address is relative to the site's root; for an absolute one, "
    "set site_url in mkdocs.yml or pass --site-url"
)
"""Said once, on stderr, when `kiroku cite` has no site URL to start from."""

_LOG_PATH = re.compile(r"(?:^|/)logs/([^/]+?)(?:/index\.html|\.html|/)?$")


def permanent_url(site_url: str | None, doc: Document, anchor: str | None = None) -> str:
    """The log's (or turn's) permanent address: absolute under `site_url`, else relative to
    the site's root (`logs/<id>/#s1-t2`), which works on any host the site is copied to."""
    base = "" if not site_url else site_url if site_url.endswith("/") else site_url + "/"
    return base + log_url(doc.id) + (f"#{anchor}" if anchor else "")


def turn_from(given: str, log_id: str) -> str:
    """The anchor a person gave for a turn: `s1-t2`, `#s1-t2`, or a whole copied address
    (`https://example.org/kiroku/ja/logs/x/#s1-t2`), whose log must be `log_id`."""
    text = given.strip()
    if "/" not in text:
        return text.removeprefix("#")
    parts = urlsplit(text)
    found = _LOG_PATH.search(unquote(parts.path))
    if found is None:
        raise KirokuError(f"--turn {given!r}: not the address of a log page (…/logs/<id>/#s1-t2)")
    if found.group(1) != log_id:
        raise KirokuError(
            f"--turn {given!r} is an address in log {found.group(1)!r}, not {log_id!r}"
        )
    if not parts.fragment:
        raise KirokuError(f"--turn {given!r} names no turn (its address ends without #s1-t2)")
    return unquote(parts.fragment)


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def quote(doc: Document, anchor: str | None, url: str) -> str:
    """A markdown block quote: the original text, its translation if any, and the link."""
    title = doc.title.en or doc.title.ja or doc.id
    if anchor is None:
        return (
            f"[{title}]({url}) ({doc.model.name}{', ' + doc.date.isoformat() if doc.date else ''})"
        )
    unit_text, translation, where = _unit(doc, anchor)
    parts = [_quoted(unit_text)]
    if translation:
        parts.append(_quoted(translation))
    parts.append(f"> — {title}, {where} ({doc.model.name}): <{url}>")
    return "\n>\n".join(parts)


def _unit(doc: Document, anchor: str) -> tuple[str, str | None, str]:
    if isinstance(doc, ChatLog):
        for session in doc.sessions:
            for turn in session.turns:
                if f"s{session.index}-t{turn.index}" == anchor:
                    return (
                        turn.text,
                        turn.translation_en,
                        f"session {session.index}, turn {turn.index}",
                    )
    else:
        for trial in doc.trials:
            if trial_anchor(trial.trial) == anchor:
                return trial.output, trial.translation_en, f"trial {trial.trial}"
    raise KirokuError(
        f"{doc.id} has no turn {anchor!r} (turns are s<session>-t<turn>, trials trial-<n>)"
    )
