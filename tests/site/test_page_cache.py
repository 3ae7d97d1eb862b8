"""The site's caches: batch figures survive an edited translation, and follow a changed word."""

from __future__ import annotations

from pathlib import Path

import pytest
from kiroku import storage
from kiroku.project import Project
from kiroku.schema import BatchLog, PlayedOverride
from kiroku.site import page_cache
from kiroku.site.generate import plan_site


def tables_body(project: Project, docs_dir: Path) -> str:
    plan = plan_site(project, docs_dir)
    return next(page.body for page in plan.pages if page.url == "tables/" and page.lang == "en")


def edit_first_batch(project: Project, change) -> None:
    for path in project.log_paths():
        loaded = storage.load(path)
        if isinstance(loaded.doc, BatchLog):
            change(loaded.doc)
            storage.save(loaded.doc, path)
            return
    raise AssertionError("no batch in the site project")


def test_figures_are_reused_after_a_translation_but_follow_a_corrected_word(
    site_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    docs_dir = tmp_path / "docs-gen"
    first = tables_body(site_project, docs_dir)
    computed: list[str] = []
    real = page_cache.batch_figures

    def counting(doc, rules):
        computed.append(doc.id)
        return real(doc, rules)

    monkeypatch.setattr(page_cache, "batch_figures", counting)

    def translate(doc: BatchLog) -> None:
        doc.trials[0].translation_en = "Mikan, of course."

    edit_first_batch(site_project, translate)
    assert tables_body(site_project, docs_dir) == first
    assert computed == []

    def correct(doc: BatchLog) -> None:
        doc.trials[0].played_override = PlayedOverride(
            words=["りす"], by="emi", at=doc.trials[0].timestamp
        )

    edit_first_batch(site_project, correct)
    changed = tables_body(site_project, docs_dir)
    assert len(computed) == 1
    assert changed != first


def test_a_study_table_s_downloads_are_written_again_only_when_the_table_changed(
    site_project: Project, tmp_path: Path
):
    docs = tmp_path / "docs-gen"
    first = plan_site(site_project, docs).files
    csv = next(path for path in first if path.startswith("tables/") and path.endswith(".csv"))
    made: list[str] = []
    real = page_cache.TableDownloads.files

    def counting(self, key, make):
        return real(self, key, lambda: made.append(key) or make())

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(page_cache.TableDownloads, "files", counting)
        again = plan_site(site_project, docs).files
        assert made == [] and again[csv] == first[csv]
        edit_first_batch(site_project, lambda doc: setattr(doc.trials[0], "output", "みかん"))
        changed = plan_site(site_project, docs).files
    assert made  # the batch's rows changed, so its tables were made again
    fresh = plan_site(site_project).files  # no cache: every file made
    assert {p: changed[p] for p in changed if p.startswith("tables/")} == {
        p: fresh[p] for p in fresh if p.startswith("tables/")
    }
