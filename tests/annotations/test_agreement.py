"""Agreement between annotators, checked against figures computed by hand."""

from __future__ import annotations

import json
import shutil

import pytest
from kiroku import storage
from kiroku.annotations.agreement import (
    agreement,
    annotators_of,
    cohen_kappa,
    disagreeing_positions,
    disagreements,
    judgements,
    krippendorff_alpha,
)
from kiroku.project import Project
from kiroku.schema import BatchLog
from testkit import DATA

FIXTURE = DATA / "annotations" / "two-annotators.yaml"


def two_annotators() -> BatchLog:
    doc = storage.validate_tree(storage.parse_yaml(FIXTURE.read_text("utf-8"), FIXTURE), FIXTURE)
    assert isinstance(doc, BatchLog)
    return doc


def test_kappa_per_label_and_overall_as_computed_by_hand() -> None:
    """Trials 1-8 were judged by both (9 by emi only, 10 by nobody).

    ends-in-n: emi says yes on 1-5, kaito on 1-3 and 6. p_o = 5/8 (1, 2, 3, 7, 8);
    p_e = 5/8 · 4/8 + 3/8 · 4/8 = 1/2; kappa = (5/8 - 1/2) / (1 - 1/2) = 0.25.
    mikan: both say yes on 1-3 exactly: kappa = 1.
    Overall, 16 unit × label decisions: p_o = 13/16, emi yes 8/16, kaito 7/16,
    p_e = 1/2 · 7/16 + 1/2 · 9/16 = 1/2; kappa = (13/16 - 1/2) / (1/2) = 0.625.
    """
    judged = judgements(two_annotators())
    assert annotators_of(judged) == ["emi", "kaito"]
    assert len(judged) == 9  # trial 10 nobody judged
    per_label, overall, units = agreement(judged, ["emi", "kaito"])
    assert [u.anchor for u in units] == [f"trial-{n}" for n in range(1, 9)]
    figures = {a.label: (a.units, a.positive, a.all_agree, a.value) for a in per_label}
    assert figures == {"ends-in-n": (8, (5, 4), 5, 0.25), "mikan": (8, (3, 3), 8, 1.0)}
    assert overall.measure == "cohen-kappa"
    assert (overall.units, overall.positive, overall.all_agree) == (16, (8, 7), 13)
    assert overall.value == pytest.approx(0.625)


def test_krippendorff_alpha_for_three_as_computed_by_hand() -> None:
    """Units (1,1,1), (0,0,0), (1,1,0), (0,0,0): coincidences o00 = 6, o11 = 4, o01 = o10 = 1,
    n = 12, n0 = 7, n1 = 5; D_o = 2/12, D_e = 2 · 7 · 5 / (12 · 11); alpha = 1 - D_o/D_e = 24/35."""
    assert krippendorff_alpha([[1, 0, 1, 0], [1, 0, 1, 0], [1, 0, 0, 0]]) == pytest.approx(24 / 35)
    assert krippendorff_alpha([[1, 1], [1, 1], [1, 1]]) is None
    # a unit only one annotator judged is left out, as alpha does with missing values
    with_missing = [[1, 0, 1, 0, None], [1, 0, 1, 0, 1], [1, 0, 0, 0, None]]
    assert krippendorff_alpha(with_missing) == pytest.approx(24 / 35)


def test_kappa_is_undefined_without_variation_and_one_annotator_is_refused() -> None:
    assert cohen_kappa([0, 0, 0], [0, 0, 0]) is None
    assert cohen_kappa([1, 0], [0, 1]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        agreement(judgements(two_annotators()), ["emi"])


def test_disagreements_are_the_units_both_judged_differently() -> None:
    doc = two_annotators()
    found = [j.anchor for j in disagreements(judgements(doc), ["emi", "kaito"])]
    assert found == ["trial-4", "trial-5", "trial-6"]
    assert disagreeing_positions(doc) == [3, 4, 5]  # the units the annotator filters to
    assert disagreeing_positions(doc, ["emi"]) == []  # one annotator never disagrees


@pytest.fixture
def with_fixture(project: Project) -> Project:
    shutil.copy(FIXTURE, project.logs_dir)
    return project


def test_the_command_prints_the_figures_with_their_counts(with_fixture: Project, kiroku) -> None:
    result = kiroku("agreement", "--by", "emi", "--by", "kaito")
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines() == [
        "Cohen's kappa between emi, kaito on 8 unit(s) both judged (of 10 in 1 log(s))",
        "label                   units  emi  kaito  agree  kappa",
        "ends-in-n                   8    5      4    5/8  0.250",
        "mikan                       8    3      3    8/8  1.000",
        "overall (unit × label)     16    8      7  13/16  0.625",
        "labelled differently: 3 unit(s)",
        "  two-annotators: trial-4 trial-5 trial-6",
    ]
    data = json.loads(kiroku("agreement", "--format", "json").output)
    assert data["annotators"] == ["emi", "kaito"] and data["units"] == 8
    assert [f["value"] for f in data["figures"]] == [0.25, 1.0, 0.625]
    assert data["disagreements"] == [
        {"log": "two-annotators", "unit": f"trial-{n}"} for n in (4, 5, 6)
    ]


def test_the_command_says_who_annotated_when_there_is_only_one(
    with_fixture: Project, kiroku
) -> None:
    result = kiroku("agreement", "--by", "emi")
    assert result.exit_code == 1
    assert "needs two or more annotators (--by); annotated by: emi, kaito" in result.stderr
