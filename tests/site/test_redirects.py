"""`kiroku redirects`: static pages at a log's old address that send readers to its new one."""

from __future__ import annotations

import shutil

import pytest
from kiroku.site.redirects import MARKER
from site_support import SITE_DATA


@pytest.fixture
def two_logs(project):
    (project.archive_dir / "site").mkdir()
    for name, log_id in (
        ("annotated_chat", "annotated-chat"),
        ("strawberry_game", "strawberry-game"),
    ):
        shutil.copy(SITE_DATA / f"{name}.md", project.archive_dir / "site" / f"{name}.md")
        shutil.copy(SITE_DATA / f"{name}.yaml", project.log_path(log_id))
    return project


def test_every_log_gets_both_old_addresses_pointing_at_its_permanent_url(
    two_logs, kiroku, tmp_path
):
    out = tmp_path / "blog" / "logs"
    result = kiroku("redirects", "--to", "https://example.org/kiroku", str(out))
    assert result.exit_code == 0, result.stderr
    assert "2 log(s), 4 page(s) written" in result.output
    new = "https://example.org/kiroku/logs/annotated-chat/"
    for path in (out / "annotated-chat.html", out / "annotated-chat" / "index.html"):
        page = path.read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{new}">' in page
        assert f'location.replace("{new}" + location.hash)' in page
        assert f'<a href="{new}">{new}</a>' in page
        assert "<title>Annotated conversation (moved)</title>" in page
    assert (out / "strawberry-game.html").is_file()


def test_a_second_run_rewrites_nothing_and_a_foreign_file_is_refused(two_logs, kiroku, tmp_path):
    out = tmp_path / "logs"
    assert kiroku("redirects", "--to", "/kiroku/", str(out)).exit_code == 0
    again = kiroku("redirects", "--to", "/kiroku/", str(out))
    assert "0 page(s) written, 4 unchanged" in again.output
    old_post = out / "strawberry-game.html"
    old_post.write_text("<p>the blog's own page</p>", encoding="utf-8")
    refused = kiroku("redirects", "--to", "https://example.org/k/", str(out))
    assert refused.exit_code == 1
    assert "strawberry-game.html: is not a redirect page written by kiroku" in refused.stderr
    assert old_post.read_text(encoding="utf-8") == "<p>the blog's own page</p>"
    assert "/kiroku/logs/annotated-chat/" in (out / "annotated-chat.html").read_text()
    forced = kiroku("redirects", "--to", "https://example.org/k/", "--force", str(out))
    assert forced.exit_code == 0
    assert MARKER in old_post.read_text(encoding="utf-8")


@pytest.mark.parametrize("to", ["example.org/kiroku", "kiroku", "https://x.org/k/#top"])
def test_an_address_that_is_not_a_site_s_is_refused(two_logs, kiroku, tmp_path, to):
    result = kiroku("redirects", "--to", to, str(tmp_path / "out"))
    assert result.exit_code == 1 and "--to" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_hostile_title_stays_text(two_logs, kiroku, tmp_path):
    path = two_logs.log_path("annotated-chat")
    path.write_text(
        path.read_text().replace("en: Annotated conversation", "en: '</title><script>x()</script>'")
    )
    assert kiroku("redirects", "--to", "/k/", str(tmp_path / "o")).exit_code == 0
    page = (tmp_path / "o" / "annotated-chat.html").read_text()
    assert "<script>x()" not in page and "&lt;/title&gt;&lt;script&gt;" in page
