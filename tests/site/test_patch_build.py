"""`kiroku build --incremental` after a change to logs only: pages patched without MkDocs, the site equal to a full build."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from kiroku.errors import KirokuError
from kiroku.project import Project
from kiroku.schema import Label
from kiroku.site import build as site_build
from kiroku.site.build import build_site, config_path
from kiroku.storage import load, save
from site_support import make_site_project
from test_incremental import CHAT, GAME, fresh_full_build, page, set_translation, site_files


def add_label(project: Project, log_id: str, label_id: str = "ends-in-n") -> None:
    """A person's label on the log's first turn, saved as the terminal app saves it."""
    path = project.log_path(log_id)
    loaded = load(path)
    turn = loaded.doc.sessions[0].turns[0]
    at = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    turn.labels.append(Label(id=label_id, by="tester", at=at))
    save(loaded.doc, path, expect_sha256=loaded.sha256)


@pytest.fixture
def mkdocs_runs(monkeypatch) -> list[bool]:
    """Each time a build starts MkDocs."""
    runs: list[bool] = []
    original = site_build._mkdocs_build

    def counted(*args, **kwargs):
        runs.append(True)
        return original(*args, **kwargs)

    monkeypatch.setattr(site_build, "_mkdocs_build", counted)
    return runs


@pytest.fixture
def built(tmp_path: Path) -> tuple[Project, Path]:
    project = make_site_project(tmp_path / "project", blns=False, batches=False)
    return project, build_site(project)


def test_a_saved_label_is_patched_into_its_pages_and_the_site_equals_a_full_build(
    built, tmp_path: Path, mkdocs_runs
) -> None:
    project, site = built
    untouched = page(site, GAME).stat().st_mtime_ns
    add_label(project, CHAT)

    build_site(project, incremental=True)

    assert mkdocs_runs == []
    assert page(site, CHAT).read_text(encoding="utf-8").count('data-label="ends-in-n"') > 0
    taxonomy = (site / "taxonomy" / "index.html").read_text(encoding="utf-8")
    assert f"logs/{CHAT}/#s1-t1" in taxonomy
    assert page(site, GAME).stat().st_mtime_ns == untouched
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_a_patched_page_is_found_by_its_new_words_in_its_language_s_index(
    built, tmp_path: Path, mkdocs_runs
) -> None:
    project, site = built
    set_translation(project, CHAT, "Zanzibar quokka, patched.")

    build_site(project, incremental=True)

    assert mkdocs_runs == []
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = [e["location"] for e in index["docs"] if "quokka" in e["text"]]
    assert found and all(location.startswith(f"logs/{CHAT}/") for location in found)
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_patched_twice_in_a_row_the_site_still_equals_a_full_build(
    built, tmp_path: Path, mkdocs_runs
) -> None:
    project, site = built
    add_label(project, CHAT)
    build_site(project, incremental=True)
    add_label(project, GAME, "chain-broken")

    build_site(project, incremental=True)

    assert mkdocs_runs == []
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_with_a_site_url_a_patched_build_matches_a_full_build(tmp_path: Path, mkdocs_runs) -> None:
    project = make_site_project(tmp_path / "project", blns=False, batches=False)
    config, _ = config_path(project)
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "# site_url: https://example.org/kiroku/", "site_url: https://example.org/kiroku/"
        ),
        encoding="utf-8",
    )
    site = build_site(project)
    add_label(project, CHAT)

    build_site(project, incremental=True)

    assert len(mkdocs_runs) == 1  # the first build only
    files = site_files(site)
    assert b"<loc>https://example.org/kiroku/logs/strawberry-game/</loc>" in files["sitemap.xml"]
    assert files == fresh_full_build(project, tmp_path)


def test_a_changed_title_goes_through_mkdocs_and_matches_a_full_build(
    built, tmp_path: Path, mkdocs_runs
) -> None:
    """A title is in the page's head and in the list of logs' front matter: MkDocs runs."""
    project, site = built
    path = project.log_path(CHAT)
    loaded = load(path)
    title = loaded.doc.title.model_copy(update={"en": "A retitled chat"})
    save(loaded.doc.model_copy(update={"title": title}), path, expect_sha256=loaded.sha256)

    build_site(project, incremental=True)

    assert mkdocs_runs == [True]
    assert "<title>A retitled chat" in page(site, CHAT).read_text(encoding="utf-8")
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_a_page_someone_else_rewrote_goes_through_mkdocs(
    built, tmp_path: Path, mkdocs_runs
) -> None:
    project, site = built
    with page(site, CHAT).open("a", encoding="utf-8") as html:
        html.write("<!-- edited by hand -->")
    add_label(project, CHAT)

    build_site(project, incremental=True)

    assert mkdocs_runs == [True]
    assert "edited by hand" not in page(site, CHAT).read_text(encoding="utf-8")
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_a_url_added_to_the_manifest_by_hand_is_still_checked(built, mkdocs_runs, caplog) -> None:
    project, _ = built
    manifest = project.root / "urls.manifest"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "/logs/a-log-never-published/\n", encoding="utf-8"
    )
    add_label(project, CHAT)

    with pytest.raises(KirokuError, match="site build failed"):
        build_site(project, incremental=True)

    assert mkdocs_runs == [True]
    assert any("/logs/a-log-never-published/ would disappear" in r.message for r in caplog.records)


def test_with_every_hostile_string_a_patched_build_matches_a_full_build(
    tmp_path: Path, mkdocs_runs
) -> None:
    project = make_site_project(tmp_path / "project", blns=True, batches=True)
    site = build_site(project)
    add_label(project, CHAT)

    build_site(project, incremental=True)

    assert len(mkdocs_runs) == 1
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_the_taxonomy_page_makes_again_only_the_changed_log_s_groups(
    built, tmp_path: Path, monkeypatch
) -> None:
    from kiroku.site import taxonomy_page

    project, site = built
    made: list[str] = []
    original = taxonomy_page._log_group

    def counted(uses, ctx):
        made.append(uses[0].log_id)
        return original(uses, ctx)

    monkeypatch.setattr(taxonomy_page, "_log_group", counted)
    add_label(project, CHAT)

    build_site(project, incremental=True)

    assert made and set(made) == {CHAT}
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_after_a_label_the_dataset_writes_again_only_the_tables_it_changes(
    tmp_path: Path, monkeypatch
) -> None:
    from kiroku.dataset import export

    project = make_site_project(tmp_path / "project", blns=False, batches=True)
    site = build_site(project)
    written: list[str] = []
    original = export.TableWriter

    def counted(spec, *args, **kwargs):
        written.append(spec.name)
        return original(spec, *args, **kwargs)

    monkeypatch.setattr(export, "TableWriter", counted)
    add_label(project, CHAT)

    build_site(project, incremental=True)

    assert "annotations" in written and "study_labels" in written
    assert not {"conditions", "study_batches", "study_first_words"} & set(written)
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_a_page_whose_anchors_changed_goes_through_mkdocs(built, tmp_path: Path, mkdocs_runs):
    """MkDocs checks the links of hand-written pages to a log's anchors: a turn gone is
    MkDocs' to judge."""
    project, site = built
    path = project.log_path(CHAT)
    loaded = load(path)
    loaded.doc.sessions[0].turns.pop()
    save(loaded.doc, path, expect_sha256=loaded.sha256)

    build_site(project, incremental=True)

    assert mkdocs_runs == [True]
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_after_a_patched_build_nothing_changed_builds_nothing_and_counts_the_pages(
    built, mkdocs_runs, monkeypatch
) -> None:
    """The patched build records the outputs as it left them (only the files it wrote looked
    at again): the next build, with nothing changed, neither patches nor runs MkDocs."""
    from kiroku.site import patch_build

    project, site = built
    add_label(project, CHAT)
    patched = site_build.build(project, incremental=True)
    patches: list[bool] = []
    original = patch_build.patched_build

    def counted(*args, **kwargs):
        patches.append(True)
        return original(*args, **kwargs)

    monkeypatch.setattr(patch_build, "patched_build", counted)

    again = site_build.build(project, incremental=True)

    assert mkdocs_runs == [] and patches == []
    pages = sum(names.count("index.html") for _, _, names in os.walk(site))
    assert patched.pages == again.pages == pages


def _entry(location: str, text: str) -> dict[str, str]:
    return {"location": location, "title": "T", "text": text}


@pytest.mark.parametrize("where", [0, 1, 2])
@pytest.mark.parametrize("count", [0, 1, 2])
def test_a_page_s_entries_spliced_into_an_index_s_bytes_as_if_decoded_and_encoded(
    where: int, count: int
) -> None:
    from kiroku.site.patch_build import _index_bytes, _spliced

    page = [_entry("logs/b/", 'old "quoted" 語'), _entry("logs/b/#s1", "two")]
    others = [_entry("logs/a/", "a"), _entry("logs/c/", "c")]
    docs = others[:where] + page + others[where:]
    index = {"config": {"lang": ["en"]}, "docs": docs}
    new = [_entry("logs/b/", f"new {n}") for n in range(count)]

    spliced = _spliced(_index_bytes(index), _index_bytes(page)[1:-1], _index_bytes(new)[1:-1])

    expected = {**index, "docs": others[:where] + new + others[where:]}
    assert spliced == _index_bytes(expected)


def test_entries_found_twice_or_not_at_all_are_not_spliced() -> None:
    from kiroku.site.patch_build import _index_bytes, _spliced

    page = [_entry("logs/b/", "b")]
    twice = _index_bytes({"docs": page + page})
    assert _spliced(twice, _index_bytes(page)[1:-1], b"") is None
    other = _index_bytes({"docs": [_entry("logs/a/", "a")]})
    assert _spliced(other, _index_bytes(page)[1:-1], b"") is None
