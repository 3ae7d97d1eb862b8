"""The URL manifest: published URLs never disappear unless a redirect keeps them alive."""

from __future__ import annotations

import pytest
from kiroku.errors import KirokuError
from kiroku.site.manifest import check_manifest, read_manifest, redirect_urls, update_manifest


def test_update_adds_new_urls_and_never_drops_old_ones(tmp_path):
    path = tmp_path / "urls.manifest"
    assert update_manifest(path, {"/", "/logs/a/"})
    assert update_manifest(path, {"/", "/logs/b/"})
    assert [url for _, url in read_manifest(path)] == ["/", "/logs/a/", "/logs/b/"]
    assert not update_manifest(path, {"/logs/a/"})


def test_disappearing_url_fails_naming_the_manifest_line(tmp_path):
    path = tmp_path / "urls.manifest"
    update_manifest(path, {"/", "/logs/a/", "/ja/logs/a/"})
    with pytest.raises(KirokuError, match=r"/ja/logs/a/ would disappear \(and 1 more\)") as error:
        check_manifest(path, {"/"}, {})
    assert error.value.line == 5


def test_declared_redirects_keep_urls_alive(tmp_path):
    path = tmp_path / "urls.manifest"
    update_manifest(path, {"/logs/a/", "/ja/logs/a/"})
    redirects = {"logs/a.md": "logs/b.md", "ja/logs/a/index.md": "ja/logs/b.md"}
    assert redirect_urls(redirects) == {"/logs/a/", "/ja/logs/a/"}
    check_manifest(path, {"/logs/b/"}, redirects)
