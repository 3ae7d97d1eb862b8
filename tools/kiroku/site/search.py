"""What the site's search indexes for a log: a compact list of its words, split as lunr splits them."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kiroku.analysis.verdicts import played_words
from kiroku.schema import Annotations, BatchLog, ChatLog
from kiroku.site.cite import cite_places, signature_template
from kiroku.site.fragments import PageContext, label_name, meta_list, notes, title_of
from kiroku.site.html import element, escape, text_element
from kiroku.site.japanese_words import phrases, without_prefixes
from kiroku.site.preview import clipped, one_line, plain_text
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
"""UTF-8 bytes of excerpts and words a log page gives the index, per language: 3,000 logs in
two languages stay well under 20 MB, where indexing every turn's HTML would take about 17 KB a
page. Played words are always given, even beyond it."""

EXCERPT_BUDGET = 500
"""UTF-8 bytes of the budget for excerpts of turns, which a search result shows; less when
the played words leave less room, but never under `EXCERPT_LEAST`."""

EXCERPT_LEAST = 200

EXCERPT_TERMS = 12
"""At most this many hidden terms (`Excerpt.terms`) beside one excerpt."""

EXCERPT_LENGTH = 64
"""Characters of one excerpt: about a line of a search result."""

EXCERPT_LEAD = 14
"""Characters kept before the played word when an excerpt starts inside a turn."""

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
            (turn.text, turn.translation_text(), turn.note_text())
            for session in doc.sessions
            for turn in session.turns
        ]
    return [(trial.output, trial.translation_text(), trial.note_text()) for trial in doc.trials]


def _annotated(doc: Document) -> list[Annotations]:
    if isinstance(doc, ChatLog):
        return [turn for session in doc.sessions for turn in session.turns]
    return list(doc.trials)


@dataclass(frozen=True)
class Excerpt:
    """One turn (or trial) as a search result shows it."""

    text: str
    """One line of the unit's text (`EXCERPT_LENGTH` characters at most)."""
    terms: tuple[str, ...] = ()
    """More terms that find this excerpt: the readings and romaji of the unit's played words
    and the phrases inside its text, which the text's own terms do not start with (a query for
    負けです finds あなたの負けです only by them). Indexed, never shown."""

    def html(self) -> str:
        hidden = text_element("code", " ".join(self.terms)) if self.terms else ""
        return element("li", escape(self.text) + hidden)

    @property
    def size(self) -> int:
        return len(self.html().encode("utf-8"))


def excerpts(doc: Document, ctx: PageContext) -> list[Excerpt]:
    """Readable excerpts of the turns (or trials) a search result can show, in document order.

    One line each, about `EXCERPT_LENGTH` characters, starting a little before the turn's
    played word when that is further in; on the English page a translation gets its own.
    Labelled and suggested turns come first into the budget (`EXCERPT_BUDGET`, less when the
    played words take most of `SEARCH_BUDGET`), then turns that play a word, then the rest;
    a turn's text is read only while the budget has room."""
    ranked: list[tuple[int, int, list[str], list[str], list[str]]] = []
    played_terms: list[str] = []
    for order, (unit, (original, translation, _)) in enumerate(
        zip(_annotated(doc), _units(doc), strict=True)
    ):
        played = played_words(unit)
        words = [word.surface for word in played]
        played_terms.extend(t for word in words for t in terms(word))
        spoken = [x for word in played for x in (word.reading, word.romaji) if x]
        rank = 0 if unit.labels or unit.suggestions else 1 if words else 2
        texts = [original, *([translation] if ctx.lang == "en" and translation else [])]
        ranked.append((rank, order, texts, words, spoken))
    budget = max(EXCERPT_LEAST, min(EXCERPT_BUDGET, SEARCH_BUDGET - _size(played_terms)))
    chosen: list[tuple[int, Excerpt]] = []
    used = 0
    seen: set[str] = set(played_terms)
    shown: set[str] = set()
    for _, order, texts, words, spoken in sorted(ranked, key=lambda c: (c[0], c[1])):
        if used + _SMALLEST_EXCERPT > budget:
            break
        for text in texts:
            line = excerpt_line(text, tuple(words))
            if not line or line in shown:
                continue
            own = set(terms(line))
            extra = [
                t
                for t in dict.fromkeys([*(x.lower() for x in spoken), *text_terms(line)])
                if t not in own and t not in seen and _worth_indexing(t)
            ][:EXCERPT_TERMS]
            excerpt = Excerpt(line, tuple(extra))
            if used + excerpt.size > budget:
                excerpt = Excerpt(line)
                if used + excerpt.size > budget:
                    continue
            shown.add(line)
            seen |= own | set(excerpt.terms)
            chosen.append((order, excerpt))
            used += excerpt.size
    return [excerpt for _, excerpt in sorted(chosen, key=lambda c: c[0])]


_SMALLEST_EXCERPT = len("<li>…</li>".encode())
"""Below this much room left, no excerpt fits: the turns after are not read."""


def excerpt_line(text: str, words: tuple[str, ...]) -> str:
    """The excerpt of one turn's text: `_excerpt` of its words as the page shows them."""
    return _excerpt(one_line(plain_text(text)), list(words))


def _excerpt(text: str, words: list[str]) -> str:
    """The start of `text`, or, when its played word would be cut off, the part around it."""
    found = [(at, word) for word in words if (at := text.find(word)) >= 0]
    if len(text) > EXCERPT_LENGTH and found:
        at, word = min(found)
        if at + len(word) > EXCERPT_LENGTH - 8:
            text = "…" + text[at - EXCERPT_LEAD :].lstrip()
    return clipped(text, EXCERPT_LENGTH)


def search_terms(doc: Document, ctx: PageContext, shown: Iterable[Excerpt] = ()) -> list[str]:
    """The words of a log worth finding it by, each once, most telling first.

    Every played word is always there (a game is searched by its words); then what identifies
    the log (id, model, date, tags), the readings and romaji, the labels, and words of the
    notes, titles, the original text and (on the English page) the translations, as long as
    they fit in `SEARCH_BUDGET`. Terms of the `shown` excerpts are indexed with them already,
    and take their room.
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
    excerpted = list(shown)
    seen = set(chosen) | {t for e in excerpted for t in (*terms(e.text), *e.terms)}
    used = _size(chosen) + sum(e.size for e in excerpted)
    return chosen + _within_budget(optional, seen, used)


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
    """The hidden part of a log page the index reads instead of the whole page (which it
    skips): excerpts of its turns as a list, which a search result shows (the bundled
    `kiroku-search.js` picks the one holding the query), then a paragraph of words."""
    shown = excerpts(doc, ctx)
    listed = "".join(excerpt.html() for excerpt in shown)
    return element(
        "div",
        (element("ul", listed, class_="kiroku-excerpts") if listed else "")
        + element(
            "p",
            escape(" ".join(search_terms(doc, ctx, shown))),
            class_="kiroku-search-words",
        ),
        class_="kiroku-search-text",
        hidden="",
        lang=ctx.lang,
        data_cite_by=signature_template(doc, ctx.lang),
        **cite_places(ctx.lang),
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
    Tables that stay are given as sentences (`tables_as_sentences`).
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
    return tables_as_sentences("".join(parts))


_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S | re.I)
_CHART = re.compile(r"<svg\b.*?</svg>", re.S | re.I)


class _TableReader(HTMLParser):
    """The rows of one table as the text of their cells, and which rows are headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[list[str], bool]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append(([], True))
        elif tag in ("td", "th") and self.rows:
            self.cell = []
            if tag == "td":
                self.rows[-1] = (self.rows[-1][0], False)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1][0].append(one_line("".join(self.cell)))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


_FIGURE = re.compile(r"[-+]?(?:[\d.,]+%?|∞)|[\d.,]+ ?/ ?[\d.,]+")
"""A cell that is only a figure (`50`, `60%`, `1.0`, `29/50`): no one searches by it,
and with its heading it would take most of a table's room in the index."""


def table_sentences(table: str) -> list[str]:
    """A table's rows as sentences: the row's first cell, then each other cell with its
    column's heading (`claude-natural-precise: Model Claude, Condition natural, precise`),
    leaving out cells that are only a figure (`_FIGURE`).

    Indexed as is, a table's cells run together into one long string of words."""
    reader = _TableReader()
    reader.feed(table)
    reader.close()
    headings: list[str] = []
    sentences = []
    for cells, heading in reader.rows:
        if heading:
            headings = cells
            continue
        if not cells:
            continue
        described = [
            f"{headings[i]} {cell}" if i < len(headings) and headings[i] else cell
            for i, cell in enumerate(cells[1:], start=1)
            if cell and not _FIGURE.fullmatch(cell)
        ]
        sentences.append(f"{cells[0]}: {', '.join(described)}" if described else cells[0])
    return sentences


def tables_as_sentences(html: str) -> str:
    """`html` with every table replaced by a list of its rows as sentences (`table_sentences`)
    and charts (inline SVG, whose labels would run together) left out: for the index only."""

    def listed(found: re.Match[str]) -> str:
        items = "".join(text_element("li", sentence) for sentence in table_sentences(found[0]))
        return element("ul", items) if items else ""

    html = _TABLE.sub(listed, html) if "<table" in html else html
    return _CHART.sub("", html) if "<svg" in html else html


def _closing_tag(html: str, tag: str, position: int) -> int | None:
    """Where the element whose content starts at `position` closes (its `</tag>`)."""
    pattern = re.compile(rf"<(/?){re.escape(tag)}[\s>]", re.IGNORECASE)
    depth = 1
    for found in pattern.finditer(html, position):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.start()
    return None


def split_index(
    site_dir: Path, languages: Iterable[str], built: dict[str, Any] | None = None
) -> dict[str, int]:
    """Give each language its own `search/search_index.json` (MkDocs writes one for all).

    A Japanese page then finds only Japanese pages, with counts that match what it shows;
    its `__config` base is pointed at `ja/` by the hook. Written as UTF-8, not `\\u` escapes:
    Japanese text takes half the bytes. With `built`, the index the search plugin holds in
    memory (`mkdocs_adapter.built_search_index`) is split instead of the file it wrote, and
    each language's file is written entry by entry: at 10,000 logs, parsing the file again and
    encoding each language at once cost hundreds of megabytes. Returns the bytes written per
    language.
    """
    if built is None:
        path = site_dir / "search" / "search_index.json"
        if not path.is_file():
            return {}
        built = json.loads(path.read_text(encoding="utf-8"))
    index: dict[str, Any] = built
    docs = index.get("docs", [])
    if not splits(docs, languages):
        return {}
    sizes = {}
    for lang in languages:
        prefix = in_language("", lang)
        if prefix:
            mine: Iterable[dict[str, Any]] = (
                {**entry, "location": entry["location"][len(prefix) :]}
                for entry in docs
                if entry["location"].startswith(prefix)
            )
        else:
            others = tuple(in_language("", other) for other in languages if other != lang)
            mine = (entry for entry in docs if not entry["location"].startswith(others))
        target = site_dir / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        sizes[lang] = _write_index(target, index, mine)
    return sizes


def splits(docs: list[dict[str, Any]], languages: Iterable[str]) -> bool:
    """Whether `split_index` splits an index of these entries: every language with a
    folder of its own has pages in it (else the index is left as MkDocs wrote it)."""
    prefixes = [in_language("", lang) for lang in languages if in_language("", lang)]
    return all(any(e["location"].startswith(p) for e in docs) for p in prefixes)


def _write_index(target: Path, index: dict[str, Any], docs: Iterable[dict[str, Any]]) -> int:
    """`index` with `docs` as its entries, written as `json.dumps(..., ensure_ascii=False)`
    with compact separators would write it, a few hundred entries at a time; its size."""

    def dumped(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)

    keys = [*index, *([] if "docs" in index else ["docs"])]
    size = 0
    with target.open("wb") as stream:

        def write(text: str) -> None:
            nonlocal size
            data = text.encode("utf-8")
            stream.write(data)
            size += len(data)

        for number, key in enumerate(keys):
            write(("{" if number == 0 else ",") + dumped(key) + ":")
            if key != "docs":
                write(dumped(index[key]))
                continue
            chunk = ["["]
            for count, entry in enumerate(docs):
                chunk.append(("," if count else "") + dumped(entry))
                if len(chunk) >= 256:
                    write("".join(chunk))
                    chunk = []
            chunk.append("]")
            write("".join(chunk))
        write("}")
    return size


def log_head(doc: Document, ctx: PageContext) -> str:
    """A log page's head, under its title (`titled_block`): the words the index reads; the metadata and notes
    are shown but not indexed (checksums and labels such as "Model" only blur the results)."""
    return element(
        "div",
        search_words(doc, ctx)
        + element("div", meta_list(doc, ctx) + notes(doc, ctx), data_search_exclude=""),
        class_="kiroku-log-head",
    )
