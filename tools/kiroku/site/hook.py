"""The MkDocs hook: generate the pages before a build, copy the raw files after it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from kiroku.errors import KirokuError
from kiroku.project import Project
from kiroku.site.generate import SitePlan, plan_site, write_docs
from kiroku.site.html import restore_nel
from kiroku.site.manifest import MANIFEST_NAME, check_manifest, update_manifest
from kiroku.site.phrases import LANGUAGES
from kiroku.site.urls import in_language, link

_planned: tuple[Any, SitePlan] | None = None
"""The config this process last generated for: the i18n plugin re-runs `on_config` for each
language on the same config object, and the pages only need generating once."""


def _redirect_maps(config: Any) -> dict[str, str]:
    plugin = config.plugins.get("redirects")
    return dict(plugin.config.get("redirect_maps", {})) if plugin is not None else {}


def on_config(config: Any) -> Any:
    global _planned
    if _planned is not None and _planned[0] is config:
        return config
    root = Path(config.config_file_path).resolve().parent
    try:
        plan = plan_site(Project(root))
        check_manifest(root / MANIFEST_NAME, plan.published_urls(), _redirect_maps(config))
    except KirokuError as error:
        raise PluginError(str(error)) from None
    write_docs(plan, Path(config.docs_dir))
    _planned = (config, plan)
    return config


def on_page_content(html: str, **kwargs: Any) -> str:
    return restore_nel(html)


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    """Make the language switcher's root links relative (static-i18n writes `/` and `/ja/`
    on home pages), so the site also works under a sub-path."""
    for lang in LANGUAGES:
        root = in_language("", lang)
        output = output.replace(
            f'href="/{root}" hreflang="{lang}"', f'href="{link(page.url, root)}" hreflang="{lang}"'
        )
    return output


def on_post_build(config: Any) -> None:
    if _planned is None or _planned[0] is not config:
        return
    plan = _planned[1]
    site_dir = Path(config.site_dir)
    for site_path, source in plan.downloads.items():
        target = site_dir / site_path
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    root = Path(config.config_file_path).resolve().parent
    update_manifest(root / MANIFEST_NAME, plan.published_urls())
