"""Each reach into MkDocs, Material or static-i18n internals (`kiroku.site.mkdocs_adapter`),
checked against the installed versions: an upgrade that breaks one fails here first."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kiroku.site import mkdocs_adapter
from kiroku.site.build import mkdocs_logging
from mkdocs.commands.build import build
from mkdocs.config import load_config
from site_support import REPO
from testkit import soaked


def tiny_site(folder: Path, hook: str = "", site_url: str | None = None) -> Path:
    """A one-page Material site built by MkDocs itself, with `hook` as its hooks module."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(
        "---\ntitle: A &amp; B\ndescription: Turn one &lt;b&gt;\n---\n# Home\n\ntext\n",
        encoding="utf-8",
    )
    (folder / "hook.py").write_text(
        "from kiroku.site import mkdocs_adapter\n" + textwrap.dedent(hook), encoding="utf-8"
    )
    (folder / "mkdocs.yml").write_text(
        "site_name: Tiny & Co\ntheme:\n  name: material\nhooks:\n  - hook.py\n"
        + (f"site_url: {site_url}\n" if site_url else ""),
        encoding="utf-8",
    )
    with mkdocs_logging(verbose=False):
        build(load_config(str(folder / "mkdocs.yml")))
    return folder / "site"


def test_material_writes_a_sitemap_that_leave_out_sitemap_prevents(tmp_path: Path):
    plain = tiny_site(tmp_path / "plain")
    assert (plain / "sitemap.xml").is_file() and (plain / "sitemap.xml.gz").is_file()
    hook = """
        def on_env(env, config, files):
            mkdocs_adapter.leave_out_sitemap(env)
            return env
    """
    site = tiny_site(tmp_path / "without", hook)
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    assert (site / "index.html").is_file()


@pytest.mark.parametrize("site_url", [None, "https://emi.example/kiroku/"])
def test_link_preview_tags_carry_material_s_title_and_description(tmp_path: Path, site_url):
    hook = """
        def on_post_page(output, page, config):
            return mkdocs_adapter.add_link_preview(
                output, config.site_name, "article", "en_US", page.canonical_url
            )
    """
    html = (tiny_site(tmp_path, hook, site_url) / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title" content="A &amp; B">' in html
    assert '<meta property="og:description" content="Turn one &lt;b&gt;">' in html
    assert '<meta property="og:site_name" content="Tiny &amp; Co">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert ('<meta property="og:url" content="https://emi.example/kiroku/">' in html) == bool(
        site_url
    )


def test_link_preview_leaves_a_page_without_a_description_alone():
    page = "<html><head><title>x</title></head></html>"
    assert mkdocs_adapter.add_link_preview(page, "S", "website", "en_US", None) == page


def test_keep_site_dir_stops_mkdocs_emptying_the_site_folder(tmp_path: Path):
    site = tiny_site(tmp_path / "a")
    stray = site / "kept-from-before.html"
    stray.write_text("kept", encoding="utf-8")
    restore = mkdocs_adapter.keep_site_dir()
    try:
        with mkdocs_logging(verbose=False):
            build(load_config(str(tmp_path / "a" / "mkdocs.yml")))
    finally:
        restore()
    assert stray.read_text(encoding="utf-8") == "kept"
    with mkdocs_logging(verbose=False):
        build(load_config(str(tmp_path / "a" / "mkdocs.yml")))
    assert not stray.exists(), "MkDocs' own cleaning is back"


def test_render_nothing_leaves_a_page_as_mkdocs_renders_an_empty_one(tmp_path: Path):
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    tiny_site(tmp_path)
    config = load_config(str(tmp_path / "mkdocs.yml"))
    empty = tmp_path / "docs" / "empty.md"
    empty.write_text("", encoding="utf-8")
    ours, theirs = (
        Page(None, File("empty.md", str(tmp_path / "docs"), str(tmp_path / "site"), True), config)
        for _ in range(2)
    )
    for page in (ours, theirs):
        page.read_source(config)
    theirs.render(config, None)
    mkdocs_adapter.render_nothing(ours)
    ours.render(config, None)
    fields = ("content", "_title_from_render", "present_anchor_ids", "links_to_anchors")
    assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields]
    assert list(ours.toc) == list(theirs.toc) == []


def test_the_search_index_in_memory_is_the_one_the_plugin_wrote(tmp_path: Path):
    """The hook splits the index from the plugin's memory instead of reading its file again."""
    site = tiny_site(
        tmp_path,
        hook="""
        import json
        from pathlib import Path

        def on_post_build(config):
            site = Path(config.site_dir)
            written = json.loads((site / "search" / "search_index.json").read_text())
            memory = mkdocs_adapter.built_search_index(config)
            same = memory == written and memory["docs"] is mkdocs_adapter.search_entries(config)
            (site / "check.json").write_text(json.dumps([same, len(written["docs"])]))
        """,
    )
    same, indexed = json.loads((site / "check.json").read_text())
    assert indexed > 0 and same


def test_the_search_plugin_writes_a_stub_when_the_hook_writes_the_index(tmp_path: Path):
    site = tiny_site(
        tmp_path,
        hook="""
        import json
        from pathlib import Path

        def on_config(config):
            mkdocs_adapter.search_index_left_to_hook(config, lambda entries: len(entries) > 0)

        def on_post_build(config):
            site = Path(config.site_dir)
            written = json.loads((site / "search" / "search_index.json").read_text())
            memory = mkdocs_adapter.built_search_index(config)
            (site / "check.json").write_text(json.dumps([written, memory]))
        """,
    )
    written, memory = json.loads((site / "check.json").read_text())
    assert written == {"config": memory["config"], "docs": []}
    assert memory["docs"], "the entries stay in memory for the hook to write"


def test_kept_pages_render_empty_through_material_s_main_template(tmp_path: Path):
    from mkdocs.theme import Theme

    env = mkdocs_adapter.render_kept_pages_empty(Theme(name="material").get_env(), tmp_path)
    main = env.get_template("main.html")
    assert main.render({mkdocs_adapter.KEPT_PAGE: True}) == ""
    assert 'extends "base.html"' in env.loader.get_source(env, "kiroku-theme/main.html")[0]
    assert env.get_template("base.html") is not None


def test_search_entries_and_languages_are_found_where_the_plugins_keep_them():
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins["material/search"].on_config(config)
    entries = mkdocs_adapter.search_entries(config)
    assert entries == [] and entries is mkdocs_adapter.search_entries(config)
    assert mkdocs_adapter.search_enabled(config)
    assert mkdocs_adapter.language_prefixes(config) == ("ja/",)
    assert mkdocs_adapter.current_language(config) in ("", "en")
    config.plugins["i18n"].current_language = "ja"
    assert mkdocs_adapter.current_language(config) == "ja"
    assert mkdocs_adapter.language_folder("ja/logs/x.md", ("ja/",)) == "ja/"
    assert mkdocs_adapter.redirect_maps(config) == {}


def test_write_sitemap_writes_what_mkdocs_writes(tmp_path: Path):
    import gzip

    site = tiny_site(tmp_path / "a", site_url="https://emi.example/")
    theirs = (site / "sitemap.xml").read_bytes()
    theirs_gz = gzip.decompress((site / "sitemap.xml.gz").read_bytes())
    (site / "sitemap.xml").write_bytes(theirs.replace(b"<lastmod>", b"<lastmod>1999-01-01"))
    mkdocs_adapter.write_sitemap(site, (site / "sitemap.xml").read_bytes())
    assert (site / "sitemap.xml").read_bytes() == theirs
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == theirs_gz


def test_page_rewrites_find_what_material_and_static_i18n_write(tmp_path: Path):
    site = tiny_site(tmp_path)
    html = (site / "index.html").read_text(encoding="utf-8")
    moved = mkdocs_adapter.with_search_base(html, "../..")
    assert '"base": "../.."' in moved and moved != html
    alternate = '<link rel="alternate" href="/ja/" hreflang="ja">\n'
    assert mkdocs_adapter.without_alternate_links("<head>" + alternate + "</head>") == (
        "<head></head>"
    )
    switch = '<a href="/ja/" hreflang="ja" class="md-select__link">'
    assert mkdocs_adapter.with_language_link(switch, "ja", "/ja/", "../ja/") == (
        '<a href="../ja/" hreflang="ja" class="md-select__link">'
    )
    assert mkdocs_adapter.without_search_attributes('<p data-search-boost="2">x</p>') == "<p>x</p>"
    assert mkdocs_adapter._SEARCH_ATTRIBUTE.pattern in _material_search_source(), "its own"


def test_serve_loads_its_configuration_through_the_given_loader():
    import inspect

    from mkdocs.commands import serve

    seen = []
    with mkdocs_adapter.serving_with_config(lambda *a, **k: seen.append(a)):
        serve.load_config("x")
    assert seen == [("x",)]
    assert "load_config(" in inspect.getsource(serve.serve), "serve loads it by that name"


def test_serve_builds_through_the_given_build():
    import inspect

    from mkdocs.commands import serve

    seen = []
    with mkdocs_adapter.serving_with_build(lambda *a, **k: seen.append((a, k))):
        serve.build("config", serve_url="http://127.0.0.1:8000/", dirty=False)
    assert seen == [(("config",), {"serve_url": "http://127.0.0.1:8000/", "dirty": False})]
    source = inspect.getsource(serve.serve)
    assert "build(config, serve_url=" in source, "serve builds by that name, with those options"


def _material_search_source() -> str:
    import material.plugins.search.plugin as plugin

    return Path(plugin.__file__).read_text(encoding="utf-8")


def test_page_search_entries_are_those_material_s_search_plugin_made_in_a_build(
    tmp_path: Path,
) -> None:
    from kiroku.site.build import build_site
    from kiroku.site.incremental import read_state, state_path
    from kiroku.site.prerendered import body_of, content_of
    from site_support import make_site_project

    project = make_site_project(tmp_path / "project", blns=False, batches=False)
    site = build_site(project)
    state = read_state(state_path(project.cache_dir, site))
    for source, dest in (
        ("logs/annotated-chat.md", "logs/annotated-chat/index.html"),
        ("ja/taxonomy/index.md", "ja/taxonomy/index.html"),
    ):
        markdown = (project.root / "docs-gen" / source).read_text(encoding="utf-8")
        record = state.pages[dest]
        body = body_of(markdown)
        assert body is not None and record.search

        entries = mkdocs_adapter.page_search_entries(
            content_of(body), dest.removesuffix("index.html"), record.title, markdown
        )

        assert entries == record.search


def test_page_markdown_is_the_markdown_mkdocs_hands_to_plugins(tmp_path: Path) -> None:
    seen = tmp_path / "seen.txt"
    site = tiny_site(
        tmp_path / "site",
        hook=f"""
        def on_page_markdown(markdown, page, **kwargs):
            from pathlib import Path
            Path({str(seen)!r}).write_text(markdown, encoding="utf-8")
            return markdown
        """,
    )
    source = site.parent / "docs" / "index.md"

    assert mkdocs_adapter.page_markdown(str(source)) == seen.read_text(encoding="utf-8")


@settings(max_examples=soaked(300), deadline=None)
@given(
    st.lists(
        st.sampled_from(["data-search-", "exclude", "x", " ", "\n", "\u3000", '"', "=", "é", "-"]),
        max_size=16,
    ).map("".join)
)
def test_search_attributes_are_removed_as_the_plugin_s_pattern_removes_them(html: str) -> None:
    from kiroku.site.mkdocs_adapter import _SEARCH_ATTRIBUTE, without_search_attributes

    assert without_search_attributes(html) == _SEARCH_ATTRIBUTE.sub("", html)
