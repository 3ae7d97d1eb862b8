"""`kiroku redirects`: pages that send readers of the logs' old addresses to their permanent ones."""

from __future__ import annotations

from pathlib import Path

import click

from kiroku.project import Project


@click.command("redirects")
@click.option(
    "--to",
    "to",
    required=True,
    metavar="URL",
    help="The site's new address, e.g. https://example.org/kiroku/ (or /kiroku/ on the same host).",
)
@click.option("--force", is_flag=True, help="Overwrite files there that kiroku did not write.")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def command(project: Project, to: str, force: bool, out_dir: Path) -> None:
    """Write OUT_DIR/<id>.html and OUT_DIR/<id>/index.html for every log: static pages that
    send a reader of an old address (`/logs/<id>`, anchor and all) to the log's permanent
    URL under --to, with a canonical link and a visible link for readers without script.

    Copy OUT_DIR to where the logs were published before (e.g. the blog's `logs/`)."""
    from kiroku.site.redirects import MovedLog, redirect_files, write_redirects
    from kiroku.storage import load

    logs = []
    for path in project.log_paths():
        doc = load(path).doc
        logs.append(MovedLog(doc.id, doc.title.pick("en") or doc.id))
    files = redirect_files(logs, to)
    written = write_redirects(files, out_dir, force)
    click.echo(
        f"redirects: {len(logs)} log(s), {written} page(s) written, "
        f"{len(files) - written} unchanged, in {out_dir}"
    )
