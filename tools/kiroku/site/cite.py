"""Citing a log or one of its turns: the permanent URL and a markdown quote ready to paste."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from kiroku.errors import KirokuError
from kiroku.schema import BatchLog, ChatLog, Trial, Turn
from kiroku.site.phrases import DEFAULT_LANGUAGE, phrase
from kiroku.site.urls import in_language, log_url, trial_anchor, turn_anchor

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


def permanent_url(
    site_url: str | None, doc: Document, anchor: str | None = None, lang: str = DEFAULT_LANGUAGE
) -> str:
    """The log's (or turn's) permanent address in `lang` (`log_address`)."""
    return log_address(site_url, doc.id, anchor, lang)


def log_address(
    site_url: str | None, log_id: str, anchor: str | None = None, lang: str = DEFAULT_LANGUAGE
) -> str:
    """The permanent address of log `log_id` (or of one of its turns) in `lang`: absolute
    under `site_url`, else relative to the site's root (`logs/<id>/#s1-t2`), which works
    wherever the site is copied."""
    base = "" if not site_url else site_url if site_url.endswith("/") else site_url + "/"
    return base + in_language(log_url(log_id), lang) + (f"#{anchor}" if anchor else "")


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


QUOTE_ADDRESS = "\u2063kiroku-address\u2063"
"""Stands for the turn's address in a quote a page carries (between invisible separators, so
no text is mistaken for it): the page's script puts in the address the reader sees."""


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _title(doc: Document, lang: str) -> str:
    return doc.title.pick(lang) or doc.id


def quote(doc: Document, anchor: str | None, url: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A markdown block quote of a turn or trial: the original text, its translation (in
    English; the Japanese pages show none), and the link; or a link to the whole log."""
    if anchor is None:
        return (
            f"[{_title(doc, lang)}]({url}) "
            f"({doc.model.name}{', ' + doc.date.isoformat() if doc.date else ''})"
        )
    return unit_quote(doc, *_unit(doc, anchor), url, lang)


def unit_quote(
    doc: Document, text: str, translation: str | None, where: Where, url: str, lang: str
) -> str:
    """The quote of one turn or trial (`quote`), from the unit itself."""
    parts = [_quoted(text)]
    if translation and lang == "en":
        parts.append(_quoted(translation))
    parts.append(signature(doc, where, lang).replace(QUOTE_ADDRESS, url))
    return "\n>\n".join(parts)


QUOTE_WHERE = "\u2063kiroku-where\u2063"
"""Stands for where a unit is in its log (`Where.said`) in a page's `signature_template`."""


def signature_template(doc: Document, lang: str) -> str:
    """The last line of every quote of a log's units, with `QUOTE_WHERE` and `QUOTE_ADDRESS`
    left for the page's script (the page carries it once, each unit its `Where.said`)."""
    return f"> — {_title(doc, lang)}, {QUOTE_WHERE} ({doc.model.name}): <{QUOTE_ADDRESS}>"


def signature(doc: Document, where: Where, lang: str) -> str:
    """The last line of a unit's quote, its address left as `QUOTE_ADDRESS`.

    A page carries the template once and each turn its place: its script quotes the turn's
    exact text (and, on the English page, its translation) line by line with `> `, joins the
    parts with a `>` line and ends with this, so it copies what `unit_quote` prints."""
    return signature_template(doc, lang).replace(QUOTE_WHERE, where.said(lang))


def cite_places(lang: str) -> dict[str, str]:
    """The attributes of a log page telling its script how a quote names a unit's place
    (`Where.said`): `{session}` and `{turn}` (or `{trial}`) are taken from the unit's anchor;
    and the words of the copy buttons it adds after each unit's anchor."""
    return {
        "data_copy_link": phrase("copy_link", lang),
        "data_copied": phrase("copied", lang),
        "data_cite_turn": phrase("quote_turn", lang),
        "data_cite_trial": f"{phrase('quote_trial', lang)} {{trial}}",
        "data_copy_quote": phrase("copy_quote", lang),
    }


def turn_place(session: int, turn: Turn, lang: str) -> str:
    """Where a turn is, as its quote says it (`session 1, turn 2`)."""
    return Where(session, turn.index).said(lang)


def trial_place(trial: Trial, lang: str) -> str:
    return Where(None, trial.trial).said(lang)


@dataclass(frozen=True)
class Where:
    """Where a quoted unit is in its log: session and turn, or (no session) the trial."""

    session: int | None
    index: int

    def said(self, lang: str) -> str:
        if self.session is None:
            return f"{phrase('quote_trial', lang)} {self.index}"
        return phrase("quote_turn", lang).format(session=self.session, turn=self.index)


def _unit(doc: Document, anchor: str) -> tuple[str, str | None, Where]:
    if isinstance(doc, ChatLog):
        for session in doc.sessions:
            for turn in session.turns:
                if turn_anchor(session.index, turn.index) == anchor:
                    return turn.text, turn.translation_text(), Where(session.index, turn.index)
    else:
        for trial in doc.trials:
            if trial_anchor(trial.trial) == anchor:
                return trial.output, trial.translation_text(), Where(None, trial.trial)
    raise KirokuError(
        f"{doc.id} has no turn {anchor!r} (turns are s<session>-t<turn>, trials trial-<n>)"
    )
