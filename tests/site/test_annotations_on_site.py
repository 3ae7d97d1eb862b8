"""What people wrote, as the site shows it: the current text and its author, annotators' agreement."""

from __future__ import annotations

import datetime as dt

from kiroku.annotations import edits
from kiroku.annotations.scripted import OpenLog
from kiroku.project import Project
from kiroku.site.generate import plan_site

AT = dt.datetime(2026, 4, 22, 12, 0, tzinfo=dt.UTC)


def body(project: Project, path: str) -> str:
    return next(p for p in plan_site(project).pages if p.path == path).body


def annotate(project: Project, who: str, labels: dict[int, list[str]]) -> None:
    """`who` reviews every turn of the annotated chat and labels some of them."""
    log = OpenLog.open(project, "annotated-chat")
    for position in range(len(log.editor.units)):
        state = edits.mark_reviewed(log.editor.state(position), who, AT)
        for label in labels.get(position, []):
            state = edits.label_on(state, label, who, AT)
        log.editor.change(position, state, "review")
    log.save()


def test_a_replaced_translation_shows_the_current_one_and_its_author(site_project: Project) -> None:
    log = OpenLog.open(site_project, "annotated-chat")
    state = edits.revise_text(
        log.editor.state(1), "translation_en", "Mikan, of course!", "kaito", AT
    )
    log.editor.change(1, state, "translation")
    log.save()
    page = body(site_project, "logs/annotated-chat.md")
    assert (
        "Mikan, of course!" in page and '<div class="kiroku-byline">kaito, 2026-04-22</div>' in page
    )
    assert "(mandarin orange)" not in page  # the earlier version is kept in the YAML, not shown


def test_the_tables_page_shows_agreement_once_two_people_annotated(site_project: Project) -> None:
    assert "table-agreement" not in body(site_project, "tables/index.md")  # researcher alone
    annotate(site_project, "emi", {1: ["ends-in-n"], 3: ["ends-in-n"]})
    page = body(site_project, "tables/index.md")
    assert "Agreement between annotators (emi, researcher): Cohen&#39;s kappa" in page
    annotate(site_project, "kaito", {1: ["ends-in-n"]})
    page = body(site_project, "tables/index.md")
    title = "Agreement between annotators (emi, kaito, researcher): Krippendorff&#39;s alpha"
    assert title in page and "two or more judged" in page
    assert "emi 2 · kaito 1 · researcher 1" in page
    ja = body(site_project, "ja/tables/index.md")
    assert "注釈者間の一致（emi, kaito, researcher）" in ja and "クリッペンドルフのα" in ja
