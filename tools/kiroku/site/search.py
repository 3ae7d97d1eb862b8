"""What the site's search indexes for a log: a compact list of its words, split as lunr splits them."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kiroku.analysis.verdicts import played_words
from kiroku.schema import Annotations, BatchLog, ChatLog
from kiroku.site.fragments import PageContext, label_name, meta_list, notes, title_of
from kiroku.site.html import element, escape
from kiroku.site.japanese_words import phrases, without_prefixes
from kiroku.site.urls import in_language

Document = ChatLog | BatchLog

SEARCH_SEPARATOR = (
    r"[\s\-,:;!?=\[\]()\"/*`#、。，．：；！？「」『』（）【】〈〉《》〔〕｛｝［］…‥〜～“”‘’]+"
    r"|\.(?!\d)|&[lg]t;"
)
"""Where the browser's search (Material's lunr tokenizer) cuts text into terms; `mkdocs.yml`
must declare the same string. Whitespace and punctuation only: cutting at script changes
(みかん|箱) would also cut played words, which a query is never cut at, so such a word could
not be found. Material's Japanese support (TinySegmenter) is switched off for the same reason:
it re-cuts every Japanese term (しりとり → しり + とり, らくだ → らく + だ), while a query is
matched as a prefix of one whole term."""

SEARCH_BUDGET = 2400
"""UTF-8 bytes of words a log page gives the index, per language: 3,000 logs in two languages
stay well under 20 MB, where indexing every turn's HTML would take about 17 KB a page."""

_SPLIT = re.compile(SEARCH_SEPARATOR)
_SURROGATES = re.compile("[\ud800-\udfff]+")
_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
_SCRIPT_CHANGE = re.compile(
    rf"(?<=[ぁ-ゖ])(?=[{_KANJI}])|(?<=[^ァ-ヺー])(?=[ァ-ヺ])|(?<=[ァ-ヺー])(?=[^ァ-ヺー])"
)
"""Inside running Japanese text, a new term most likely starts where kana meet a kanji or
katakana begins or ends (私は|好き, です|アイス); kanji followed by kana stay together (食べる)."""

_ENGLISH_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "which",
        "who",
        "will",
        "with",
        "you",
        "your",
    ]
)
"""lunr's English stop-word filter drops these anyway: they would only take up room."""


def terms(text: str) -> list[str]:
    """Text cut as the browser's search cuts it (lower-cased like lunr does); a lone surrogate,
    which the page shows as U+FFFD, cuts it too."""
    return [term.lower() for term in _SPLIT.split(_SURROGATES.sub(" ", text)) if term]


def text_terms(text: str) -> Iterator[str]:
    """Terms of running text; a Japanese run is also cut where its script changes, then into
    its phrases (`japanese_words`: みかんを inside しりとりでみかんを)."""
    for term in terms(text):
        yield from _term_parts(term)


@functools.lru_cache(maxsize=65536)
def _term_parts(term: str) -> tuple[str, ...]:
    """One term of running text as the index gets it (text repeats its words: cached)."""
    parts = [part for part in _SCRIPT_CHANGE.split(term) if _worth_indexing(part)]
    found = phrases(term)
    return without_prefixes([*parts, *found]) if found else tuple(parts)


def _worth_indexing(part: str) -> bool:
    if not part or part in _ENGLISH_STOP_WORDS:
        return False
    return not (part.isascii() and (len(part) < 3 or part.isdigit()))


def _units(doc: Document) -> list[tuple[str, str | None, str | None]]:
    """(original text, English translation, note) of every turn or trial, in order."""
    if isinstance(doc, ChatLog):
        return [
            (turn.text, turn.translation_en, turn.note)
            for session in doc.sessions
            for turn in session.turns
        ]
    return [(trial.output, trial.translation_en, trial.note) for trial in doc.trials]


def _annotated(doc: Document) -> list[Annotations]:
    if isinstance(doc, ChatLog):
        return [turn for session in doc.sessions for turn in session.turns]
    return list(doc.trials)


def search_terms(doc: Document, ctx: PageContext) -> list[str]:
    """The words of a log worth finding it by, each once, most telling first.

    Every played word is always there (a game is searched by its words); then what identifies
    the log (id, model, date, tags), the readings and romaji, the labels, and words of the
    notes, titles, the original text and (on the English page) the translations, as long as
    they fit in `SEARCH_BUDGET`.
    """
    units = _annotated(doc)
    played = [word for unit in units for word in played_words(unit)]
    identity = [doc.id, doc.model.name, *([doc.model.id] if doc.model.id else []), *doc.tags]
    if doc.date:
        identity.append(doc.date.isoformat())
    identity.extend(x for word in played for x in (word.reading, word.romaji) if x)
    identity.extend(label_name(label.id, ctx) for unit in units for label in unit.labels)
    identity.extend(label_name(s.id, ctx) for unit in units for s in unit.suggestions)
    running = [
        text
        for text in (doc.notes.pick(ctx.lang), title_of(doc, "ja"), title_of(doc, "en"))
        if text
    ]
    if isinstance(doc, BatchLog):
        running.append(doc.condition.user_prompt)
    for original, translation, note in _units(doc):
        running.append(original)
        if ctx.lang == "en" and translation:
            running.append(translation)
        if note:
            running.append(note)
    chosen = list(dict.fromkeys(t for word in played for t in terms(word.surface)))
    optional = [
        *(t for word in identity for t in terms(word)),
        *(t for text in running for t in text_terms(text)),
    ]
    return chosen + _within_budget(optional, set(chosen), _size(chosen))


def _size(chosen: list[str]) -> int:
    return sum(len(term.encode("utf-8")) + 1 for term in chosen)


def _within_budget(candidates: Iterable[str], seen: set[str], used: int) -> list[str]:
    chosen: list[str] = []
    for term in candidates:
        if term in seen:
            continue
        size = len(term.encode("utf-8")) + 1
        if used + size > SEARCH_BUDGET:
            continue
        seen.add(term)
        chosen.append(term)
        used += size
    return chosen


def search_words(doc: Document, ctx: PageContext) -> str:
    """The hidden paragraph the index reads instead of the whole page (which it skips)."""
    return element(
        "p",
        escape(" ".join(search_terms(doc, ctx))),
        class_="kiroku-search-words",
        hidden="",
        lang=ctx.lang,
    )


_EXCLUDED = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*\sdata-search-exclude=")
_HEADING_WITH_ID = re.compile(r"<h[1-6]\b[^>]*\sid=")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"]
)


def search_view(html: str) -> str:
    """The part of a generated page the search plugin reads: elements marked
    `data-search-exclude` keep their tags but lose their content.

    The plugin parses every tag of the page only to skip these elements, the bulk of a log
    page. Its index stays the same: it skips all of their content anyway, and an excluded
    element holding a heading with an `id` (which would still open a section) is left whole.
    Only for HTML Kiroku generated, where a `<` in text or attributes is always escaped.
    """
    parts: list[str] = []
    position = 0
    while (start := _EXCLUDED.search(html, position)) is not None:
        tag = start.group(1).lower()
        content_start = html.index(">", start.end()) + 1
        end = None if tag in _VOID else _closing_tag(html, tag, content_start)
        if end is None:
            parts.append(html[position:content_start])
            position = content_start
            continue
        inner = html[content_start:end]
        parts.append(html[position:content_start])
        if _HEADING_WITH_ID.search(inner):
            parts.append(inner)
        position = end
    parts.append(html[position:])
    return "".join(parts)


def _closing_tag(html: str, tag: str, position: int) -> int | None:
    """Where the element whose content starts at `position` closes (its `</tag>`)."""
    pattern = re.compile(rf"<(/?){re.escape(tag)}[\s>]", re.IGNORECASE)
    depth = 1
    for found in pattern.finditer(html, position):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.start()
    return None


def split_index(site_dir: Path, languages: Iterable[str]) -> dict[str, int]:
    """Give each language its own `search/search_index.json` (MkDocs writes one for all).

    A Japanese page then finds only Japanese pages, with counts that match what it shows;
    its `__config` base is pointed at `ja/` by the hook. Written as UTF-8, not `\\u` escapes:
    Japanese text takes half the bytes. Returns the bytes written per language.
    """
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return {}
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = index.get("docs", [])
    prefixes = [in_language("", lang) for lang in languages if in_language("", lang)]
    if not all(any(e["location"].startswith(p) for e in docs) for p in prefixes):
        return {}
    sizes = {}
    for lang in languages:
        prefix = in_language("", lang)
        if prefix:
            mine = [
                {**entry, "location": entry["location"][len(prefix) :]}
                for entry in docs
                if entry["location"].startswith(prefix)
            ]
        else:
            others = tuple(in_language("", other) for other in languages if other != lang)
            mine = [entry for entry in docs if not entry["location"].startswith(others)]
        data = json.dumps(
            {**index, "docs": mine}, ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
        target = site_dir / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        sizes[lang] = len(data)
    return sizes


def log_head(doc: Document, ctx: PageContext) -> str:
    """A log page's head, under its title (`titled_block`): the words the index reads; the metadata and notes
    are shown but not indexed (checksums and labels such as "Model" only blur the results)."""
    return element(
        "div",
        search_words(doc, ctx)
        + element("div", meta_list(doc, ctx) + notes(doc, ctx), data_search_exclude=""),
        class_="kiroku-log-head",
    )
