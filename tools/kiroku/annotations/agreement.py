"""Agreement between annotators: Cohen's kappa (two) or Krippendorff's alpha (more), per label."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from kiroku.annotations.units import Document, anchors
from kiroku.schema import Annotations

MACHINE_AUTHORS = ("rule:", "kiroku")
"""`by` values that are not people: rule suggestions and tools."""


def annotators_of_unit(unit: Annotations) -> set[str]:
    """The people who judged this unit: marked it reviewed, labelled it or dismissed a
    suggestion on it (rule suggestions and tools are not people)."""
    names = {r.by for r in unit.reviewed} | {lb.by for lb in unit.labels}
    names |= {r.by for r in unit.rejected}
    return {name for name in names if not name.startswith(MACHINE_AUTHORS)}


def judged_by(unit: Annotations, who: str) -> bool:
    """`who` has looked at this unit. Agreement is computed only on units annotators judged."""
    return who in annotators_of_unit(unit)


@dataclass(frozen=True)
class Judgement:
    """One unit as its annotators judged it: for each of them, the labels they gave it."""

    log_id: str
    anchor: str
    labels: dict[str, frozenset[str]]
    """Annotator → her labels on the unit (empty: judged, and found nothing to label)."""

    def disagree(self, who: Collection[str] | None = None) -> bool:
        """Two or more of `who` (everyone, by default) judged the unit and gave it different
        labels: the units `kiroku agreement` lists and the annotator filters to."""
        given = [labels for name, labels in self.labels.items() if who is None or name in who]
        return len(given) >= 2 and len(set(given)) > 1


def judgement_of(log_id: str, anchor: str, unit: Annotations) -> Judgement:
    """The unit as its annotators judged it (no one, if `labels` is empty)."""
    return Judgement(
        log_id,
        anchor,
        {
            name: frozenset(lb.id for lb in unit.labels if lb.by == name)
            for name in sorted(annotators_of_unit(unit))
        },
    )


def judgements(doc: Document, least: int = 1) -> list[Judgement]:
    """Every unit of `doc` judged by at least `least` annotators, with each one's labels."""
    found = []
    for anchor, unit in zip(anchors(doc), doc.units(), strict=True):
        judged = judgement_of(doc.id, anchor, unit)
        if len(judged.labels) >= least:
            found.append(judged)
    return found


def disagreements(
    judged: Iterable[Judgement], who: Collection[str] | None = None
) -> list[Judgement]:
    """The units on which two or more of `who` (everyone) judged differently."""
    return [j for j in judged if j.disagree(who)]


def disagreeing_positions(doc: Document, who: Collection[str] | None = None) -> list[int]:
    """Where in `doc.units()` the annotators disagree (see `Judgement.disagree`)."""
    return [
        position
        for position, (anchor, unit) in enumerate(zip(anchors(doc), doc.units(), strict=True))
        if judgement_of(doc.id, anchor, unit).disagree(who)
    ]


@dataclass(frozen=True)
class Agreement:
    """How far the annotators agree on one label (or, `label=None`, on every label at once)."""

    label: str | None
    units: int
    """Units two or more annotators judged, all of them for two (for the overall figure:
    unit × label decisions)."""
    positive: tuple[int, ...]
    """How many of them each annotator gave the label."""
    all_agree: int
    """Decisions on which every annotator who judged the unit agrees."""
    measure: str
    """`cohen-kappa` for two annotators, `krippendorff-alpha` for more."""
    value: float | None
    """None when it is undefined: every decision was the same, so chance explains it all."""

    @property
    def observed(self) -> float | None:
        """The share of decisions on which all agree."""
        return self.all_agree / self.units if self.units else None


def cohen_kappa(first: Sequence[int], second: Sequence[int]) -> float | None:
    """Cohen's kappa of two annotators' yes/no (1/0) decisions on the same items.

    kappa = (p_o - p_e) / (1 - p_e): p_o the share of items they agree on, p_e the agreement
    expected by chance from how often each says yes. None when p_e = 1 (no variation at all).
    """
    n = len(first)
    if n == 0 or n != len(second):
        return None
    observed = sum(1 for a, b in zip(first, second, strict=True) if a == b) / n
    yes_first, yes_second = sum(first) / n, sum(second) / n
    expected = yes_first * yes_second + (1 - yes_first) * (1 - yes_second)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(decisions: Sequence[Sequence[int | None]]) -> float | None:
    """Krippendorff's alpha (nominal) of several annotators' decisions (one row each, `None`
    where an annotator did not judge the unit), by the `krippendorff` package; None when
    there is no variation to measure."""
    import krippendorff
    import numpy as np

    data = np.array(
        [[np.nan if d is None else float(d) for d in row] for row in decisions], dtype=float
    )
    values = data[~np.isnan(data)]
    if values.size == 0 or len(np.unique(values)) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _agreement(label: str | None, rows: list[list[int | None]]) -> Agreement:
    decisions = len(rows[0]) if rows else 0
    columns = [[d for d in column if d is not None] for column in zip(*rows, strict=True)]
    agree = sum(1 for column in columns if len(set(column)) == 1)
    positive = tuple(sum(d or 0 for d in row) for row in rows)
    if len(rows) == 2:
        first = [d or 0 for d in rows[0]]
        second = [d or 0 for d in rows[1]]
        measure, value = "cohen-kappa", cohen_kappa(first, second)
    else:
        measure, value = "krippendorff-alpha", krippendorff_alpha(rows)
    return Agreement(label, decisions, positive, agree, measure, value)


def agreement(
    judged: Iterable[Judgement], who: Sequence[str], labels: Iterable[str] = ()
) -> tuple[list[Agreement], Agreement, list[Judgement]]:
    """Per label and overall, on the units two or more of `who` judged (for two: both).

    Each label is a yes/no decision per unit. The overall figure takes every (unit, label)
    decision together, over the labels given and every label any of them used there. With
    more than two annotators, one who did not judge a unit is a missing value for alpha.
    """
    if len(who) < 2:
        raise ValueError("agreement needs two or more annotators")
    units = [j for j in judged if sum(1 for name in who if name in j.labels) >= 2]
    used = set(labels)
    for unit in units:
        for name in who:
            used |= unit.labels.get(name, frozenset())
    per_label = []
    pooled: list[list[int | None]] = [[] for _ in who]
    for label in sorted(used):
        rows: list[list[int | None]] = [
            [int(label in unit.labels[name]) if name in unit.labels else None for unit in units]
            for name in who
        ]
        per_label.append(_agreement(label, rows))
        for i, row in enumerate(rows):
            pooled[i].extend(row)
    return per_label, _agreement(None, pooled), units


def annotators_of(judged: Iterable[Judgement]) -> list[str]:
    """Everyone who judged any of these units, in order of name."""
    return sorted({name for j in judged for name in j.labels})
