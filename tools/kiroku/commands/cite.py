"""`kiroku cite`: the permanent URL of a log or turn and a markdown quote to paste."""

from __future__ import annotations

import click

from kiroku.errors import KirokuError
from kiroku.project import Project


@click.command("cite")
@click.argument("log_id")
@click.option(
    "--turn",
    "anchor",
    metavar="ANCHOR",
    help="A turn (s1-t12, #s1-t12, or its whole copied address) or a trial (trial-3).",
)
@click.option(
    "--site-url",
    metavar="URL",
    help="Public address of the site (default: mkdocs.yml; without one the URL is relative).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "ja"]),
    default="en",
    show_default=True,
    help="The page to cite: en (quote with its English translation) or ja (the original only).",
)
@click.pass_obj
def command(
    project: Project, log_id: str, anchor: str | None, site_url: str | None, lang: str
) -> None:
    """Print the permanent URL of LOG_ID (or one of its turns) and a ready-to-paste quote.

    Without a site URL (--site-url, or site_url in mkdocs.yml) the URL is relative to the
    site's root, and a one-line hint on stderr says how to get an absolute one."""
    from kiroku.site.build import CONFIG_NAME
    from kiroku.site.cite import RELATIVE_HINT, configured_site_url, permanent_url, quote, turn_from
    from kiroku.storage import load

    path = project.log_path(log_id)
    if not path.exists():
        raise KirokuError(f"no log {log_id!r} in {project.relative(project.logs_dir)}/")
    doc = load(path).doc
    if anchor is not None:
        anchor = turn_from(anchor, doc.id)
    base = site_url or configured_site_url(project.root / CONFIG_NAME)
    url = permanent_url(base, doc, anchor, lang)
    cited = quote(doc, anchor, url, lang)
    click.echo(url)
    click.echo()
    click.echo(cited)
    if not base:
        click.echo(RELATIVE_HINT, err=True)
