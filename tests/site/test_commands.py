"""`kiroku build` and `kiroku cite` as a person runs them."""

from __future__ import annotations

import re
import shutil

import pytest
from site_support import SITE_DATA


@pytest.fixture
def chat_project(project):
    """A project with only the annotated chat (fast to build)."""
    (project.archive_dir / "site").mkdir()
    shutil.copy(SITE_DATA / "annotated_chat.md", project.archive_dir / "site" / "annotated_chat.md")
    shutil.copy(SITE_DATA / "annotated_chat.yaml", project.log_path("annotated-chat"))
    shutil.copy(SITE_DATA / "taxonomy.yaml", project.taxonomy_path)
    return project


def test_build_renders_pages_raw_files_and_manifest(chat_project, kiroku):
    result = kiroku("build", "--strict")
    assert result.exit_code == 0, result.stderr
    assert "wrote mkdocs.yml" in result.output
    site = chat_project.root / "site"
    page = (site / "logs" / "annotated-chat" / "index.html").read_text()
    assert 'id="s1-t2"' in page
    assert (site / "ja" / "logs" / "annotated-chat" / "index.html").exists()
    raw = site / "archive" / "site" / "annotated_chat.md"
    assert raw.read_bytes() == (SITE_DATA / "annotated_chat.md").read_bytes()
    manifest = (chat_project.root / "urls.manifest").read_text()
    assert "/logs/annotated-chat/\n" in manifest and "/ja/logs/annotated-chat/\n" in manifest
    assert "/archive/site/annotated_chat.md\n" in manifest


def test_build_without_a_site_url_leaves_the_sitemap_out_and_says_so_once(chat_project, kiroku):
    result = kiroku("build", "--strict")
    assert result.exit_code == 0, result.stderr
    site = chat_project.root / "site"
    assert list(site.rglob("sitemap.xml*")) == []
    said = [line for line in (result.output + result.stderr).splitlines() if "sitemap" in line]
    assert len(said) == 1 and "site_url" in said[0], said


def test_build_with_a_site_url_writes_a_sitemap_of_absolute_addresses(chat_project, kiroku):
    result = kiroku("build", "--strict", "--site-url", "https://emi.example/kiroku/")
    assert result.exit_code == 0, result.stderr
    assert "sitemap" not in result.output + result.stderr
    site = chat_project.root / "site"
    for sitemap in (site / "sitemap.xml", site / "ja" / "sitemap.xml"):
        locations = re.findall(r"<loc>([^<]*)</loc>", sitemap.read_text(encoding="utf-8"))
        assert "https://emi.example/kiroku/ja/logs/annotated-chat/" in locations
        assert all(loc.startswith("https://emi.example/kiroku/") for loc in locations)
    assert (site / "sitemap.xml.gz").is_file()


def test_removed_log_fails_the_build_until_a_redirect_is_declared(chat_project, kiroku):
    assert kiroku("build").exit_code == 0
    log = chat_project.log_path("annotated-chat")
    text = log.read_text().replace("id: annotated-chat", "id: renamed-chat")
    log.unlink()
    chat_project.log_path("renamed-chat").write_text(text)
    site_before = (
        chat_project.root / "site" / "logs" / "annotated-chat" / "index.html"
    ).read_bytes()
    result = kiroku("build")
    assert result.exit_code == 1
    assert re.search(
        r"urls.manifest:\d+: published URL /ja/logs/annotated-chat/ would", result.stderr
    )
    assert (chat_project.root / "site/logs/annotated-chat/index.html").read_bytes() == site_before
    config = chat_project.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "redirect_maps: {}",
            "redirect_maps:\n        logs/annotated-chat.md: logs/renamed-chat.md\n"
            "        ja/logs/annotated-chat.md: ja/logs/renamed-chat.md",
        )
    )
    result = kiroku("build", "--strict")
    assert result.exit_code == 0, result.stderr
    redirect = (chat_project.root / "site/ja/logs/annotated-chat/index.html").read_text()
    assert 'url=../renamed-chat/"' in redirect


def test_broken_log_fails_with_file_and_line(chat_project, kiroku):
    log = chat_project.log_path("annotated-chat")
    log.write_text(log.read_text().replace("speaker: user", "speaker: robot", 1))
    result = kiroku("build")
    assert result.exit_code == 1
    assert re.search(r"annotated-chat.yaml:\d+: sessions.0.turns.0.speaker", result.stderr)
    assert not (chat_project.root / "site").exists()


def test_cite_prints_permanent_url_and_quote(chat_project, kiroku):
    result = kiroku("cite", "annotated-chat", "--turn", "s1-t2", "--site-url", "https://x.org/k")
    assert result.exit_code == 0, result.stderr
    url = "https://x.org/k/logs/annotated-chat/#s1-t2"
    assert result.output.splitlines()[0] == url
    assert "> **みかん**！\n>\n> **Mikan** (mandarin orange)!\n>\n> — Annotated conversation" in (
        result.output
    )
    assert f"<{url}>" in result.output


def test_cite_in_japanese_quotes_the_original_with_the_japanese_address(chat_project, kiroku):
    result = kiroku("cite", "annotated-chat", "--turn", "s1-t2", "--lang", "ja")
    assert result.exit_code == 0, result.stderr
    assert result.output == (
        "ja/logs/annotated-chat/#s1-t2\n\n"
        "> **みかん**！\n>\n> — 注釈つきの会話, セッション 1・ターン 2 (Claude): "
        "<ja/logs/annotated-chat/#s1-t2>\n"
    )


def test_cite_unknown_turn_is_an_error(chat_project, kiroku):
    result = kiroku("cite", "annotated-chat", "--turn", "s9-t9", "--site-url", "https://x.org")
    assert result.exit_code == 1 and "has no turn 's9-t9'" in result.stderr


def test_cite_without_a_site_url_prints_an_address_relative_to_the_site(chat_project, kiroku):
    result = kiroku("cite", "annotated-chat", "--turn", "s1-t2")
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines()[0] == "logs/annotated-chat/#s1-t2"
    assert result.output.rstrip().endswith("<logs/annotated-chat/#s1-t2>")
    assert result.stderr.count("\n") == 1 and "site_url" in result.stderr
    assert "--site-url" in result.stderr


@pytest.mark.parametrize(
    "given",
    [
        "#s1-t2",
        " s1-t2 ",
        "https://emi.example/kiroku/logs/annotated-chat/#s1-t2",
        "https://emi.example/kiroku/ja/logs/annotated-chat/#s1-t2",
        "http://127.0.0.1:8000/logs/annotated-chat#s1-t2",
        "/logs/annotated-chat/index.html#s1-t2",
    ],
)
def test_cite_takes_the_turn_as_copied_from_an_address(chat_project, kiroku, given):
    result = kiroku("cite", "annotated-chat", "--turn", given, "--site-url", "https://x.org/k/")
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines()[0] == "https://x.org/k/logs/annotated-chat/#s1-t2"
    assert "> **みかん**！" in result.output


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("https://x.org/logs/other-log/#s1-t2", "an address in log 'other-log'"),
        ("https://x.org/logs/annotated-chat/", "names no turn"),
        ("https://x.org/tables/#s1-t2", "not the address of a log page"),
    ],
)
def test_cite_refuses_an_address_of_another_page(chat_project, kiroku, given, message):
    result = kiroku("cite", "annotated-chat", "--turn", given)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr
