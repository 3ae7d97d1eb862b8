"""HTML pieces shared by the pages: label badges, played words, metadata lists, text blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiroku.analysis.reason_text import reason_text
from kiroku.analysis.verdicts import ShownWord, unit_words
from kiroku.schema import Annotations, BatchLog, ChatLog, PlayedWord, RevisedText
from kiroku.site.html import element, escape, text_element
from kiroku.site.markdown_text import marked_markdown, rendered_markdown
from kiroku.site.phrases import phrase
from kiroku.site.urls import TAXONOMY, in_language, label_anchor, link
from kiroku.taxonomy import Taxonomy

Document = ChatLog | BatchLog

_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々〆ヶ]")


@dataclass(frozen=True)
class PageContext:
    """What every fragment needs to know: the language, the page's own URL, the taxonomy."""

    lang: str
    url: str
    """This page's path from the site root in its language, e.g. `ja/logs/x/`."""
    taxonomy: Taxonomy | None = None

    def href(self, url: str) -> str:
        """Relative link to a language-neutral site path, in this page's language."""
        return link(self.url, in_language(url, self.lang))

    def file_href(self, path: str) -> str:
        """Relative link to a file published once for both languages (raw files, downloads)."""
        return link(self.url, path)

    def say(self, key: str) -> str:
        return escape(phrase(key, self.lang))


def text_block(text: str, css: str = "kiroku-text", lang: str | None = None) -> str:
    """Multi-line document text shown exactly as recorded (CSS keeps the line breaks)."""
    return text_element("div", text, class_=css, lang=lang)


def formatted_block(text: str, css: str = "kiroku-text", lang: str | None = None) -> str:
    """Text as the chat page showed it (markdown rendered, `kiroku.site.markdown_text`), the
    exact text one click away (`source_labels`). Paragraphs with emphasis only are written once, their
    delimiters marked (`marked_markdown`); other markdown is rendered with the exact text
    hidden beside it; text without markdown is shown exactly, once."""
    marked = marked_markdown(text)
    if marked is not None:
        return element("div", marked, class_=css + " kiroku-marked", lang=lang)
    rendered = rendered_markdown(text)
    if rendered is None:
        return text_block(text, css, lang)
    return element("div", rendered, class_=css.replace("kiroku-text", "kiroku-md"), lang=lang) + (
        text_element("div", text, class_=css + " kiroku-source", lang=lang, hidden="")
    )


def source_labels(ctx: PageContext) -> dict[str, str]:
    """The attributes of a page's wrapper naming the two states of the "show raw text" button
    the bundled script adds to each turn or trial shown formatted (no script, no button)."""
    return {
        "data_show_source": phrase("show_source", ctx.lang),
        "data_show_formatted": phrase("show_formatted", ctx.lang),
    }


def revised_block(revised: RevisedText, css: str = "kiroku-text", lang: str | None = None) -> str:
    """A person's text as it reads now (formatted as `formatted_block` shows it), followed by
    who wrote this version and when."""
    html = formatted_block(revised.current or "", css, lang)
    if revised.by is None:
        return html
    byline = revised.by + (f", {revised.at:%Y-%m-%d}" if revised.at is not None else "")
    return html + text_element("div", byline, class_="kiroku-byline")


def label_name(label_id: str, ctx: PageContext) -> str:
    kind = ctx.taxonomy.get(label_id) if ctx.taxonomy else None
    return (kind.name.pick(ctx.lang) if kind else None) or label_id


def badges(unit: Annotations, ctx: PageContext) -> str:
    """A person's labels as solid badges, automatic suggestions no person took up as quiet
    dashed ones (struck through when a person dismissed them); all link to the label's entry
    on the taxonomy page."""
    parts = []
    for label in unit.labels:
        title = f"{label.by}, {label.at:%Y-%m-%d}" + (f": {label.note}" if label.note else "")
        parts.append(
            text_element(
                "a",
                label_name(label.id, ctx),
                class_="kiroku-badge kiroku-label",
                href=ctx.href(TAXONOMY) + "#" + label_anchor(label.id),
                title=title,
                data_label=label.id,
            )
        )
    dismissed = {rejection.id: rejection for rejection in unit.rejected}
    confirmed = {label.id for label in unit.labels}
    for suggestion in unit.suggestions:
        if suggestion.id in confirmed:  # a person took it up: their label says it
            continue
        reason = (
            reason_text(suggestion.id, suggestion.reason, "ja" if ctx.lang == "ja" else "en")
            if suggestion.reason
            else ""
        )
        title = suggestion.by + (f": {reason}" if reason else "")
        css = "kiroku-badge kiroku-suggestion"
        if suggestion.id in dismissed:
            rejection = dismissed[suggestion.id]
            title += f" ({phrase('dismissed', ctx.lang)} {rejection.by}, {rejection.at:%Y-%m-%d})"
            css += " kiroku-dismissed"
        parts.append(
            text_element(
                "a",
                label_name(suggestion.id, ctx) + "?",
                class_=css,
                href=ctx.href(TAXONOMY) + "#" + label_anchor(suggestion.id),
                title=title,
                data_label=suggestion.id,
            )
        )
    return element("span", "".join(parts), class_="kiroku-badges") if parts else ""


def wrapped_table(head: str, rows: str, css: str = "kiroku-table", **wrap: str | None) -> str:
    """A table (its header cells `head`, its body `rows`) in the wrapper that scrolls it sideways
    inside the page on a narrow screen; `wrap` are the wrapper's attributes."""
    table = element(
        "table", element("thead", element("tr", head)) + element("tbody", rows), class_=css
    )
    return element("div", table, class_="kiroku-table-wrap", **wrap)


def has_kanji(text: str) -> bool:
    return bool(_KANJI.search(text))


def word(played: PlayedWord, ctx: PageContext, href: str | None = None) -> str:
    """A played word (a link to its turn when `href`): with furigana on the Japanese side,
    with romaji on the English side. Its list says the words are Japanese (`lang="ja"`)."""
    if played.reading and has_kanji(played.surface):
        shown = (
            f"<ruby>{escape(played.surface)}<rp>(</rp><rt>{escape(played.reading)}</rt>"
            "<rp>)</rp></ruby>"
        )
    else:
        shown = escape(played.surface)
    html = element("a" if href else "span", shown, class_="kiroku-word", href=href)
    if ctx.lang == "en" and played.romaji:
        html += text_element("span", played.romaji, class_="kiroku-romaji", lang="en")
    elif ctx.lang == "en" and played.reading and played.reading != played.surface:
        html += text_element("span", played.reading, class_="kiroku-romaji")
    return html


def mora(text: str | None, css: str) -> str:
    """The mora a word takes up (`kiroku-in`) or hands on (`kiroku-out`), boxed."""
    return text_element("span", text, class_=css) if text else ""


def word_item(shown: ShownWord, ctx: PageContext, in_chain: bool = False) -> str:
    """One played word as a list item: the mora it takes up, the word, the mora it hands on;
    a rule break shaded, a broken link marked on the first mora, a word ending in ん on the
    last. In the chain (`in_chain`: the word a link to its turn) the mora a word takes up is
    the one the word before just handed on, so it is shown only where the two differ."""
    played = shown.word
    css, said = [], []
    if shown.breaks_a_rule:
        css.append("kiroku-break")
    if shown.chain_broken:
        css.append("kiroku-broken")
        said.append(phrase("rule_break", ctx.lang))
    if shown.ends_in_n:
        css.append("kiroku-ends-n")
        said.append(phrase("ends_in_n", ctx.lang))
    first = "" if in_chain and not shown.chain_broken else mora(played.first_mora, "kiroku-in")
    content = (
        first
        + word(played, ctx, f"#{shown.anchor}" if in_chain else None)
        + mora(played.last_mora, "kiroku-out")
    )
    return element("li", content, class_=" ".join(css) or None, title=", ".join(said) or None)


def played_list(unit: Annotations, ctx: PageContext) -> str:
    """The words of one turn or trial in order, the rule breaks marked."""
    items = "".join(word_item(shown, ctx) for shown in unit_words(unit, ""))
    return element("ol", items, class_="kiroku-played", lang="ja") if items else ""


def meta_list(doc: Document, ctx: PageContext) -> str:
    """Model, date, source file (with checksum and download link), format and tags."""
    rows = []
    model = escape(doc.model.name)
    if doc.model.id:
        model += " " + text_element("code", doc.model.id)
    model += " " + text_element("span", f"({doc.model.interface})", class_="kiroku-muted")
    rows.append((ctx.say("model"), model))
    if doc.date:
        rows.append((ctx.say("date"), date_element(doc.date.isoformat())))
    rows.append((ctx.say("source"), download(doc.source.path, doc.source.sha256, ctx)))
    if doc.source.metadata:
        rows.append(
            (
                ctx.say("metadata"),
                download(doc.source.metadata, doc.source.metadata_sha256, ctx),
            )
        )
    fmt = text_element("code", doc.source.format)
    if doc.source.item:
        fmt += " " + text_element("span", doc.source.item, class_="kiroku-muted")
    rows.append((ctx.say("format"), fmt))
    if doc.tags:
        rows.append(
            (
                ctx.say("tags"),
                "".join(text_element("span", tag, class_="kiroku-tag") for tag in doc.tags),
            )
        )
    inner = "".join(element("dt", key) + element("dd", value) for key, value in rows)
    return element("dl", inner, class_="kiroku-meta")


def date_element(iso: str, css: str | None = None) -> str:
    """A date, never broken across lines at its hyphens."""
    return text_element("time", iso, datetime=iso, class_=css)


def download(path: str, sha256: str | None, ctx: PageContext) -> str:
    anchor = text_element("a", path, href=ctx.file_href(path), download="", class_="kiroku-file")
    checksum = (
        text_element("code", sha256, class_="kiroku-sha", title=phrase("sha256", ctx.lang))
        if sha256
        else ""
    )
    return anchor + " " + checksum


def notes(doc: Document, ctx: PageContext) -> str:
    """The log's notes in the page's language, else in the other one (marked with its lang)."""
    first, other = (
        (doc.notes.en, doc.notes.ja) if ctx.lang == "en" else (doc.notes.ja, doc.notes.en)
    )
    text, lang = (
        (first, ctx.lang) if first is not None else (other, "ja" if ctx.lang == "en" else "en")
    )
    if text is None:
        return ""
    return element(
        "section",
        element("h2", ctx.say("notes")) + text_block(text, "kiroku-text kiroku-notes", lang),
        class_="kiroku-section",
    )


def title_of(doc: Document, lang: str) -> str:
    return doc.title.pick(lang) or doc.id
