"""`kiroku build --incremental`: only changed pages are rendered, and the site equals a full build."""

from __future__ import annotations

import gzip
import logging
import re
import shutil
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.project import Project
from kiroku.schema import RevisedText
from kiroku.site import generate, patch_build
from kiroku.site.build import build_site, config_path
from kiroku.site.generate import plan_site
from kiroku.storage import load, save
from site_support import make_site_project

CHAT = "annotated-chat"
GAME = "strawberry-game"
_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site; the sitemap's build dates (known timestamps) blanked."""
    files = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        files[path.relative_to(site).as_posix()] = _LASTMOD.sub(b"<lastmod/>", data)
    return files


def fresh_full_build(project: Project, folder: Path) -> dict[str, bytes]:
    """The same project copied without its site, caches or generated pages, built in full."""
    copy = folder / "fresh"
    top = str(project.root)
    shutil.copytree(
        project.root,
        copy,
        ignore=lambda folder, names: {"site", ".kiroku", "docs-gen"} if folder == top else set(),
    )
    return site_files(build_site(Project(copy)))


def set_translation(project: Project, log_id: str, text: str) -> None:
    path = project.log_path(log_id)
    loaded = load(path)
    turn = loaded.doc.sessions[0].turns[2]
    loaded.doc.sessions[0].turns[2] = turn.model_copy(
        update={"translation_en": RevisedText(text=text)}
    )
    save(loaded.doc, path, expect_sha256=loaded.sha256)


def page(site: Path, log_id: str, lang: str = "") -> Path:
    return site / lang / "logs" / log_id / "index.html"


@pytest.fixture
def built(tmp_path: Path) -> tuple[Project, Path]:
    """A small project (an annotated chat, a game) built once in full."""
    project = make_site_project(tmp_path / "project", blns=False, batches=False)
    return project, build_site(project)


def test_a_changed_translation_rebuilds_only_its_pages_and_matches_a_full_build(
    built, tmp_path: Path
) -> None:
    project, site = built
    untouched = page(site, GAME).stat().st_mtime_ns
    set_translation(project, CHAT, "You ended in n, so you lose.")

    build_site(project, incremental=True)

    assert "You ended in n, so you lose." in page(site, CHAT).read_text(encoding="utf-8")
    assert page(site, GAME).stat().st_mtime_ns == untouched
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_the_search_index_keeps_the_entries_of_pages_not_rendered_again(built) -> None:
    project, site = built
    before = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "strawberry" in before.lower()
    set_translation(project, CHAT, "A different translation.")

    build_site(project, incremental=True)

    after = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert f'"location":"logs/{GAME}/"' in after
    assert after.count('"location":') == before.count('"location":')


def test_a_deleted_log_leaves_no_page_behind(built, tmp_path: Path) -> None:
    project, site = built
    project.log_path(GAME).unlink()
    manifest = project.root / "urls.manifest"
    manifest.write_text(
        "".join(
            line
            for line in manifest.read_text(encoding="utf-8").splitlines(keepends=True)
            if GAME not in line
        ),
        encoding="utf-8",
    )

    build_site(project, incremental=True)

    assert not page(site, GAME).exists()
    assert not page(site, GAME, "ja").exists()
    assert GAME not in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_a_renamed_log_with_a_redirect_matches_a_full_build(built, tmp_path: Path) -> None:
    project, site = built
    text = project.log_path(GAME).read_text(encoding="utf-8")
    project.log_path(GAME).unlink()
    project.log_path("strawberry-renamed").write_text(
        text.replace(f"id: {GAME}", "id: strawberry-renamed"), encoding="utf-8"
    )
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "redirect_maps: {}",
            "redirect_maps:\n"
            f"        logs/{GAME}.md: logs/strawberry-renamed.md\n"
            f"        ja/logs/{GAME}.md: ja/logs/strawberry-renamed.md",
        ),
        encoding="utf-8",
    )

    build_site(project, incremental=True)

    assert page(site, "strawberry-renamed").is_file()
    assert "Redirecting" in page(site, GAME).read_text(encoding="utf-8")
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_a_changed_configuration_renders_every_page_again(built) -> None:
    project, site = built
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_name: Kiroku", "site_name: Kiroku 2"),
        encoding="utf-8",
    )

    build_site(project, incremental=True)

    assert "Kiroku 2" in page(site, GAME).read_text(encoding="utf-8")


def test_a_page_written_by_someone_else_is_rendered_again(built) -> None:
    project, site = built
    page(site, GAME).write_text("overwritten", encoding="utf-8")

    build_site(project, incremental=True)

    assert "strawberry" in page(site, GAME).read_text(encoding="utf-8").lower()


def test_without_a_previous_state_an_incremental_build_is_a_full_one(site_project) -> None:
    site = build_site(site_project, incremental=True)

    assert page(site, GAME).is_file() and page(site, CHAT, "ja").is_file()


def test_a_hand_edited_generated_page_is_rendered_again(built) -> None:
    project, _ = built
    docs = project.root / "docs-gen"
    generated = docs / "logs" / f"{GAME}.md"
    original = generated.read_bytes()
    generated.write_bytes(original.replace(b"<div", b"<div data-edited", 1))

    plan = plan_site(project, docs)

    body = next(p for p in plan.pages if p.path == f"logs/{GAME}.md").markdown()
    assert body.encode("utf-8") == original


def test_the_build_command_takes_incremental(kiroku, project) -> None:
    shutil.rmtree(project.root)
    make_site_project(project.root, blns=False, batches=False)
    assert kiroku("build").exit_code == 0

    result = kiroku("build", "--incremental")

    assert result.exit_code == 0, result.stderr
    assert "page(s) in site" in result.output


def without_patching(monkeypatch) -> None:
    """Builds go through MkDocs even when the change could be patched (`patch_build`)."""
    monkeypatch.setattr(patch_build, "patched_build", lambda *args: None)


def test_unchanged_pages_are_left_out_of_the_build(built, caplog, monkeypatch) -> None:
    project, site = built
    set_translation(project, CHAT, "Left out, or not.")
    without_patching(monkeypatch)

    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.kiroku.incremental"):
        build_site(project, incremental=True)

    summary = next(r.getMessage() for r in caplog.records if "unchanged left out" in r.message)
    rendered, kept, left_out = map(int, re.findall(r"(\d+) ", summary))
    assert rendered == 1  # the English page; the Japanese one shows no English translation
    assert kept == 9  # that Japanese page, and the 4 navigation pages of each language
    assert left_out == 4  # the game's and the formatted chat's pages in both languages
    assert "Left out, or not." in page(site, CHAT).read_text(encoding="utf-8")


def test_with_a_site_url_pages_are_left_out_and_the_sitemap_matches_a_full_build(
    tmp_path: Path, caplog, monkeypatch
) -> None:
    project = make_site_project(tmp_path / "project", blns=False, batches=False)
    config, _ = config_path(project)
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "# site_url: https://example.org/kiroku/", "site_url: https://example.org/kiroku/"
        ),
        encoding="utf-8",
    )
    site = build_site(project)
    set_translation(project, CHAT, "With a sitemap.")
    without_patching(monkeypatch)

    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.kiroku.incremental"):
        build_site(project, incremental=True)

    assert any("4 unchanged left out" in r.getMessage() for r in caplog.records)
    files = site_files(site)
    assert b"<loc>https://example.org/kiroku/logs/strawberry-game/</loc>" in files["sitemap.xml"]
    assert files == fresh_full_build(project, tmp_path)


@pytest.fixture
def handwritten(tmp_path: Path) -> tuple[Project, Path]:
    """The project with the repository's hand-written pages and navigation, built in full."""
    project = make_site_project(tmp_path / "project", blns=False, batches=False, handwritten=True)
    return project, build_site(project, strict=True)


def test_a_changed_hand_written_page_linking_to_logs_matches_a_full_build(
    handwritten, tmp_path: Path
) -> None:
    project, site = handwritten
    notes = project.root / "docs" / "notes.md"  # not in the navigation
    notes.write_text(f"# Notes\n\nSee [the game](logs/{GAME}.md).\n", encoding="utf-8")
    (project.root / "docs" / "ja" / "notes.md").write_text("# メモ\n", encoding="utf-8")
    build_site(project, strict=True, incremental=True)
    notes.write_text(f"# Notes\n\nSee [the game again](logs/{GAME}.md).\n", encoding="utf-8")

    build_site(project, strict=True, incremental=True)  # strict: no link warning

    html = (site / "notes" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="../logs/{GAME}/">the game again</a>' in html
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_a_changed_navigation_title_matches_a_full_build(handwritten, tmp_path: Path) -> None:
    project, site = handwritten
    about = project.root / "docs" / "about.md"
    text = about.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M)
    assert title is not None
    about.write_text(text.replace(title.group(0), 'title: "About this archive"'), "utf-8")
    set_translation(project, CHAT, "Changed with the navigation.")

    build_site(project, strict=True, incremental=True)

    assert "About this archive" in page(site, GAME).read_text(encoding="utf-8")
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_a_changed_title_shows_in_the_list_of_logs_and_matches_a_full_build(
    built, tmp_path: Path
) -> None:
    project, site = built
    path = project.log_path(GAME)
    loaded = load(path)
    title = loaded.doc.title.model_copy(update={"en": "Strawberry, renamed"})
    save(loaded.doc.model_copy(update={"title": title}), path, expect_sha256=loaded.sha256)

    build_site(project, incremental=True)

    assert "Strawberry, renamed" in (site / "logs" / "index.html").read_text(encoding="utf-8")
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_an_unchanged_log_is_not_read_again(built, monkeypatch) -> None:
    project, site = built
    set_translation(project, CHAT, "Only this log is read.")
    read: list[str] = []
    original = storage.load

    def counting_load(path: Path) -> storage.Loaded:
        read.append(path.stem)
        return original(path)

    monkeypatch.setattr(generate, "load", counting_load)

    build_site(project, incremental=True)

    assert read == [CHAT]
    assert "Only this log is read." in page(site, CHAT).read_text(encoding="utf-8")


def test_a_damaged_cache_of_log_digests_is_ignored(built, tmp_path: Path) -> None:
    project, site = built
    (project.cache_dir / "site-digests.json").write_text('{"code": ', encoding="utf-8")
    set_translation(project, CHAT, "Despite the damaged cache.")

    build_site(project, incremental=True)

    assert "Despite the damaged cache." in page(site, CHAT).read_text(encoding="utf-8")
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_with_every_hostile_string_an_incremental_build_matches_a_full_build(
    tmp_path: Path,
) -> None:
    project = make_site_project(tmp_path / "project", blns=True, batches=True)
    site = build_site(project)
    set_translation(project, CHAT, "Beside 515 hostile strings.")

    build_site(project, incremental=True)

    assert "Beside 515 hostile strings." in page(site, CHAT).read_text(encoding="utf-8")
    assert site_files(site) == fresh_full_build(project, tmp_path)


def test_lone_surrogates_show_as_replacement_characters_and_rebuild_like_a_full_build(
    built, tmp_path: Path, monkeypatch
) -> None:
    """A broken emoji in a JSON export stays in the log as a lone surrogate; UTF-8 cannot
    hold it, so the page shows U+FFFD, and the caches (JSON) carry it through."""
    project, site = built
    path = project.log_path(CHAT)
    loaded = load(path)
    doc = loaded.doc
    title = doc.title.model_copy(update={"en": "Broken \ud83d emoji"})
    doc = doc.model_copy(update={"title": title})
    doc.sessions[0].turns[2] = (
        doc.sessions[0]
        .turns[2]
        .model_copy(update={"translation_en": RevisedText(text="half a pair: \udc00.")})
    )
    save(doc, path, expect_sha256=loaded.sha256)
    build_site(project, incremental=True)
    set_translation(project, GAME, "Rebuilt beside the surrogates.")
    read: list[str] = []
    original = storage.load
    monkeypatch.setattr(generate, "load", lambda p: read.append(p.stem) or original(p))

    build_site(project, incremental=True)

    html = page(site, CHAT).read_text(encoding="utf-8")
    assert "Broken \ufffd emoji" in html and "half a pair: \ufffd." in html
    assert read == [GAME]  # the digest with the surrogate came back from its cache
    assert site_files(site) == fresh_full_build(project, tmp_path)
