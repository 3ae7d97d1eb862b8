"""`kiroku serve`: preview the site locally, rebuilt whenever a log changes."""

from __future__ import annotations

import click

from kiroku.project import Project


@click.command("serve")
@click.option(
    "-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default 127.0.0.1:8000)."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.pass_obj
def command(project: Project, dev_addr: str | None, open_browser: bool) -> None:
    """Serve the site on localhost; when logs/, archive/ or docs/ change, renders again only
    the pages whose inputs changed."""
    from kiroku.site.build import serve_site

    serve_site(project, dev_addr=dev_addr, open_browser=open_browser)
