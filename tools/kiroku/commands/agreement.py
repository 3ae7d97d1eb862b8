"""`kiroku agreement`: how far annotators agree, per label and overall, on the units all judged."""

from __future__ import annotations

import json

import click

from kiroku.errors import KirokuError
from kiroku.project import Project


@click.command("agreement")
@click.argument("log_ids", nargs=-1)
@click.option("--by", "who", multiple=True, metavar="NAME", help="An annotator (give two or more).")
@click.option(
    "--format", "form", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_obj
def command(project: Project, log_ids: tuple[str, ...], who: tuple[str, ...], form: str) -> None:
    """Agreement between annotators on every log (or LOG_IDS): Cohen's kappa for two,
    Krippendorff's alpha for more, per label and overall, with the counts behind each.

    Only units two annotators both judged count (marked reviewed, labelled, or a suggestion
    dismissed; with more annotators, units two or more judged, a missing judgement left out
    by alpha); each label is a yes/no decision per unit, and the overall figure takes every
    unit-and-label decision together. Without --by, everyone who annotated anything.
    Last come the units they labelled differently, by log (in `kiroku annotate`, `D`
    shows only those, `d` goes from one to the next).
    Example: `kiroku agreement --by emi --by kaito`
    """
    from kiroku import storage
    from kiroku.annotations.agreement import agreement, annotators_of, disagreements, judgements

    paths = [project.log_path(i) for i in log_ids] if log_ids else list(project.log_paths())
    for path in paths:
        if not path.is_file():
            raise KirokuError(f"no log {path.stem!r} in {project.relative(project.logs_dir)}/")
    docs = [storage.load(path).doc for path in paths]
    judged = [j for doc in docs for j in judgements(doc)]
    names = list(dict.fromkeys(who)) if who else annotators_of(judged)
    if len(names) < 2:
        found = ", ".join(annotators_of(judged)) or "nobody"
        raise KirokuError(f"agreement needs two or more annotators (--by); annotated by: {found}")
    per_label, overall, units = agreement(judged, names)
    differing = disagreements(units, names)
    if form == "json":
        rows = [
            {
                "label": a.label,
                "decisions": a.units,
                "positive": dict(zip(names, a.positive, strict=True)),
                "all_agree": a.all_agree,
                "measure": a.measure,
                "value": a.value,
            }
            for a in [*per_label, overall]
        ]
        listed = [{"log": j.log_id, "unit": j.anchor} for j in differing]
        click.echo(
            json.dumps(
                {"annotators": names, "units": len(units), "figures": rows, "disagreements": listed}
            )
        )
        return
    measure = "Cohen's kappa" if len(names) == 2 else "Krippendorff's alpha"
    total = sum(len(doc.units()) for doc in docs)
    click.echo(
        f"{measure} between {', '.join(names)} on {len(units)} unit(s) "
        f"{'both' if len(names) == 2 else 'two or more of them'} judged "
        f"(of {total} in {len(docs)} log(s))"
    )
    if not units:
        return
    short = "kappa" if len(names) == 2 else "alpha"
    header = ["label", "units", *names, "agree", short]
    table = [header]
    for a in [*per_label, overall]:
        value = "—" if a.value is None else f"{a.value:.3f}"
        table.append(
            [
                a.label or "overall (unit × label)",
                str(a.units),
                *map(str, a.positive),
                f"{a.all_agree}/{a.units}",
                value,
            ]
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        click.echo("  ".join(cells).rstrip())
    if any(a.value is None for a in per_label):
        click.echo(f"— : every decision the same, so {short} is undefined (the counts still hold)")
    click.echo(f"labelled differently: {len(differing)} unit(s)")
    by_log: dict[str, list[str]] = {}
    for judged_unit in differing:
        by_log.setdefault(judged_unit.log_id, []).append(judged_unit.anchor)
    for log_id, unit_anchors in by_log.items():
        click.echo(f"  {log_id}: {' '.join(unit_anchors)}")
