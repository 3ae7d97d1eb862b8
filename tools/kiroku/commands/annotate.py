"""`kiroku annotate`: label, translate and correct logs in the terminal."""

from __future__ import annotations

from pathlib import Path

import click

from kiroku.annotations.who import annotator_name
from kiroku.errors import KirokuError
from kiroku.project import Project


@click.command("annotate")
@click.argument("log", required=False)
@click.option("--who", help="Your name, recorded on every label (default: $KIROKU_USER or login).")
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    help="Language of the interface (default: from the locale, LANG).",
)
@click.pass_obj
def command(project: Project, log: str | None, who: str | None, lang: str | None) -> None:
    """Open the terminal annotator; with LOG (an id or a path), open that log directly."""
    from kiroku.tui.app import AnnotateApp
    from kiroku.tui.catalogue import default_lang

    open_path: Path | None = None
    if log is not None:
        candidate = Path(log)
        open_path = candidate if candidate.suffix in (".yaml", ".yml") else project.log_path(log)
        if not open_path.is_file():
            raise KirokuError(f"no such log: {log}", open_path)
    chosen = "ja" if lang == "ja" else "en" if lang == "en" else default_lang()
    app = AnnotateApp(project, who=annotator_name(who), lang=chosen, open_path=open_path)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)
