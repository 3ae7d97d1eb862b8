"""The page of a trial batch: its condition, summary figures, chart and the table of trials."""

from __future__ import annotations

from collections import Counter

from kiroku.analysis.verdicts import played_words
from kiroku.schema import BatchLog, Trial
from kiroku.site.chart import bar_chart
from kiroku.site.fragments import (
    PageContext,
    badges,
    formatted_block,
    meta_list,
    notes,
    played_list,
    revised_block,
    source_labels,
    text_block,
    title_of,
    wrapped_table,
)
from kiroku.site.html import element, escape, text_element, titled_block
from kiroku.site.phrases import phrase
from kiroku.site.search import search_words
from kiroku.site.urls import trial_anchor

MAX_BARS = 12
"""The chart shows the most frequent first words; the rest are summed into one bar."""


def batch_page(doc: BatchLog, ctx: PageContext) -> str:
    """The body (raw HTML blocks) of a batch's page."""
    parts = [
        search_words(doc, ctx),
        element(
            "div",
            condition_section(doc, ctx) + summary_section(doc, ctx),
            class_="kiroku-batch-top",
        ),
        trials_section(doc, ctx),
        source_section(doc, ctx),
    ]
    return titled_block(
        escape(title_of(doc, ctx.lang)),
        "".join(parts),
        class_="kiroku-log kiroku-batch",
        **source_labels(ctx),
    )


def source_section(doc: BatchLog, ctx: PageContext) -> str:
    """Where the batch comes from (model, date, the raw file and its checksum) and its notes:
    after the figures and trials a reader came for."""
    return element(
        "section",
        element("h2", ctx.say("about_batch"))
        + element("div", meta_list(doc, ctx) + notes(doc, ctx), class_="kiroku-log-head"),
        class_="kiroku-section",
        id="source",
        data_search_exclude="",
    )


def condition_section(doc: BatchLog, ctx: PageContext) -> str:
    condition = doc.condition
    rows = [
        (ctx.say("condition"), escape(condition.name.pick(ctx.lang) or "")),
        (
            ctx.say("system_prompt"),
            text_block(condition.system_prompt, "kiroku-text kiroku-prompt", "ja")
            if condition.system_prompt is not None
            else element("span", ctx.say("none"), class_="kiroku-muted"),
        ),
        (
            ctx.say("user_prompt"),
            text_block(condition.user_prompt, "kiroku-text kiroku-prompt", "ja"),
        ),
    ]
    if condition.prior_word:
        rows.append((ctx.say("prior_word"), text_element("span", condition.prior_word, lang="ja")))
    if condition.parameters:
        params = "".join(
            element("tr", text_element("th", key) + text_element("td", _scalar(value)))
            for key, value in condition.parameters.items()
        )
        rows.append((ctx.say("parameters"), element("table", params, class_="kiroku-params")))
    inner = "".join(element("dt", key) + element("dd", value) for key, value in rows)
    return element(
        "section",
        element("h2", ctx.say("condition")) + element("dl", inner, class_="kiroku-meta"),
        class_="kiroku-section",
        id="condition",
        data_search_exclude="",
    )


def first_word(trial: Trial) -> str | None:
    """What the model committed to first: the first played word of the trial."""
    played = played_words(trial)
    return played[0].surface if played else None


def first_word_counts(doc: BatchLog) -> list[tuple[str, int]]:
    """First words by frequency (ties by first appearance), the tail folded into "other"."""
    counts = Counter(word for trial in doc.trials if (word := first_word(trial)) is not None)
    ranked = counts.most_common()
    if len(ranked) <= MAX_BARS:
        return ranked
    head = ranked[: MAX_BARS - 1]
    return [*head, (f"… ({len(ranked) - len(head)})", sum(n for _, n in ranked[MAX_BARS - 1 :]))]


def summary_section(doc: BatchLog, ctx: PageContext) -> str:
    n = len(doc.trials)
    with_played = sum(1 for trial in doc.trials if played_words(trial))
    figures = [
        (ctx.say("trial_count"), str(n)),
        (ctx.say("played"), f"{with_played} / {n}"),
        (ctx.say("labelled"), str(sum(1 for t in doc.trials if t.labels))),
        (ctx.say("suggested"), str(sum(1 for t in doc.trials if t.suggestions))),
    ]
    figures.extend((escape(key), escape(_scalar(value))) for key, value in doc.recorded.items())
    listed = "".join(element("dt", key) + element("dd", value) for key, value in figures)
    chart = bar_chart(
        first_word_counts(doc), phrase("first_words", ctx.lang), phrase("chart_empty", ctx.lang)
    )
    return element(
        "section",
        element("h2", ctx.say("summary"))
        + element("dl", listed, class_="kiroku-meta kiroku-figures")
        + element("h3", ctx.say("first_words"))
        + element("figure", chart, class_="kiroku-figure"),
        class_="kiroku-section",
        id="summary",
        data_search_exclude="",
    )


def trials_section(doc: BatchLog, ctx: PageContext) -> str:
    """Every trial as a row; the bundled script sorts on header clicks and filters on input."""
    n = len(doc.trials)
    headings = [
        ("number", ctx.say("trial")),
        ("text", ctx.say("played")),
        ("text", ctx.say("output")),
        ("text", ctx.say("labels")),
    ]
    head = "".join(
        element("th", element("button", label, type="button", class_="kiroku-sort"), data_sort=kind)
        for kind, label in headings
    )
    rows = "".join(trial_row(doc, trial, ctx) for trial in doc.trials)
    controls = (
        element(
            "label",
            ctx.say("filter")
            + " "
            + element(
                "input",
                type="search",
                class_="kiroku-filter",
                placeholder=phrase("filter_placeholder", ctx.lang),
            ),
        )
        + element(
            "span",
            f"{n} / {n} {ctx.say('shown')}",
            class_="kiroku-shown",
            data_shown=phrase("shown", ctx.lang),
        )
        + element("span", ctx.say("sort_hint"), class_="kiroku-muted")
    )
    return element(
        "section",
        element("h2", ctx.say("trials").capitalize())
        + element("div", controls, class_="kiroku-controls")
        + legend(ctx)
        + wrapped_table(head, rows, "kiroku-table kiroku-sortable"),
        class_="kiroku-section kiroku-trials",
        id="trials",
        data_kiroku_table="",
        data_search_exclude="",
    )


def trial_row(doc: BatchLog, trial: Trial, ctx: PageContext) -> str:
    anchor = trial_anchor(trial.trial)
    first = first_word(trial) or ""
    number = element("a", str(trial.trial), href=f"#{anchor}", class_="kiroku-anchor")
    extra = ""
    translation = trial.translation_text() if ctx.lang == "en" else None
    if translation is not None and trial.translation_en is not None:
        extra += revised_block(trial.translation_en, "kiroku-text kiroku-trial-translation", "en")
    if trial.note_text() is not None and trial.note is not None:
        extra += revised_block(trial.note, "kiroku-text kiroku-note")
    cells = [
        element("td", number, data_value=str(trial.trial), class_="kiroku-trial-number"),
        element("td", played_list(trial, ctx), data_value=first),
        element("td", formatted_block(trial.output, "kiroku-text kiroku-output", "ja") + extra),
        element("td", badges(trial, ctx)),
    ]
    return element("tr", "".join(cells), id=anchor, class_=row_class(trial))


def row_class(trial: Trial) -> str | None:
    """What a reader should look at: a trial a person labelled stands out (a coloured row);
    one only a rule suggests gets a quiet marker (a dashed edge), not a colour."""
    if trial.labels:
        return "kiroku-row-break kiroku-row-labelled"
    dismissed = {rejection.id for rejection in trial.rejected}
    if any(suggestion.id not in dismissed for suggestion in trial.suggestions):
        return "kiroku-row-break kiroku-row-suggested"
    return None


def legend(ctx: PageContext) -> str:
    """What the row highlights mean, next to the table they mark."""
    items = "".join(
        element(
            "li",
            element("span", "", class_=f"kiroku-swatch {css}", aria_hidden="true") + ctx.say(key),
        )
        for css, key in (
            ("kiroku-row-break kiroku-row-labelled", "legend_labelled"),
            ("kiroku-row-break kiroku-row-suggested", "legend_suggested"),
        )
    )
    return element("ul", items, class_="kiroku-legend")


def _scalar(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
