"""`kiroku cite`: the permanent URL of a log or turn and a markdown quote to paste."""

from __future__ import annotations

import click

from kiroku.errors import KirokuError
from kiroku.project import Project


@click.command("cite")
@click.argument("log_id")
@click.option("--turn", "anchor", metavar="ANCHOR", help="A turn (s1-t12) or a trial (trial-3).")
@click.option("--site-url", metavar="URL", help="Public address of the site (default: mkdocs.yml).")
@click.pass_obj
def command(project: Project, log_id: str, anchor: str | None, site_url: str | None) -> None:
    """Print the permanent URL of LOG_ID (or one of its turns) and a ready-to-paste quote."""
    from kiroku.site.build import CONFIG_NAME
    from kiroku.site.cite import configured_site_url, permanent_url, quote
    from kiroku.storage import load

    path = project.log_path(log_id)
    if not path.exists():
        raise KirokuError(f"no log {log_id!r} in {project.relative(project.logs_dir)}/")
    doc = load(path).doc
    base = site_url or configured_site_url(project.root / CONFIG_NAME)
    if not base:
        raise KirokuError(
            "no site URL: set site_url in mkdocs.yml or pass --site-url", project.root / CONFIG_NAME
        )
    url = permanent_url(base, doc, anchor)
    cited = quote(doc, anchor, url)
    click.echo(url)
    click.echo()
    click.echo(cited)
