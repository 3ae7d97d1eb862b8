"""`kiroku build`: render the whole archive into the bilingual static site in `site/`."""

from __future__ import annotations

import click

from kiroku.project import Project


@click.command("build")
@click.option("--strict", is_flag=True, help="Fail on any warning (broken link, missing page).")
@click.option(
    "--site-url", metavar="URL", help="Public address of the site (overrides mkdocs.yml)."
)
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress, not only its warnings.")
@click.option(
    "--incremental",
    is_flag=True,
    help="Render only pages whose source, configuration or navigation changed since the last build.",
)
@click.pass_obj
def command(
    project: Project, strict: bool, site_url: str | None, verbose: bool, incremental: bool
) -> None:
    """Build site/ from logs/ and archive/ (wraps `mkdocs build`; writes mkdocs.yml if absent)."""
    from kiroku.site.build import NO_SITEMAP, build, config_path

    _, created = config_path(project)
    if created:
        click.echo("build: wrote mkdocs.yml (default site configuration)")
    built = build(
        project, strict=strict, site_url=site_url, verbose=verbose, incremental=incremental
    )
    site = built.site_dir
    click.echo(
        f"build: {built.pages} page(s) in {project.relative(site) if site.is_relative_to(project.root) else site}"
    )
    if not (site / "sitemap.xml").exists() and not verbose:
        click.echo(f"build: {NO_SITEMAP.removeprefix('kiroku: ')}")
