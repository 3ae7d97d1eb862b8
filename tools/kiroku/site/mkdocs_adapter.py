"""Every place Kiroku reaches into MkDocs, Material or static-i18n internals, in one module.

Kiroku's pages are generated outside MkDocs, but a few things can only be done by touching
what the frameworks do not promise to keep: the names of their attributes, the order of their
events, their templates and the files they write. Each such reach is one function here, with
what it assumes and what it is for, and `tests/site/test_mkdocs_adapter.py` checks every
assumption against the installed versions. An upgrade of MkDocs (pinned `>=1.6,<2`), Material
or static-i18n, or a move to ProperDocs or Zensical, starts here: if these tests pass, the
rest of `kiroku.site` needs no change.
"""

from __future__ import annotations

import jinja2

SITEMAP = "sitemap.xml"


def leave_out_sitemap(env: jinja2.Environment) -> None:
    """Stop MkDocs writing `sitemap.xml` (and `sitemap.xml.gz`).

    Assumes: MkDocs renders each of `theme.static_templates` from the theme's Jinja
    environment after the pages and writes nothing for one whose output is blank (it says
    "Template skipped" at INFO), gzipping only a written `sitemap.xml`. Taking the name out
    of `static_templates` instead would make MkDocs copy the template's source as a static
    file. Without `site_url` the sitemap is invalid (every `<loc>` starts with `None`)."""
    blank = jinja2.DictLoader({SITEMAP: ""})
    env.loader = jinja2.ChoiceLoader([blank, env.loader] if env.loader else [blank])
    if env.cache is not None:
        env.cache.clear()
