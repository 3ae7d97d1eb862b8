"""Site fixtures: a small project with the real batches and an annotated chat, and its plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from kiroku.project import Project
from kiroku.site.generate import SitePlan, plan_site
from site_support import make_site_project


@pytest.fixture
def site_project(tmp_path: Path) -> Project:
    """A fresh project a test may change."""
    return make_site_project(tmp_path / "project", blns=False)


@pytest.fixture(scope="module")
def site_plan(tmp_path_factory: pytest.TempPathFactory) -> SitePlan:
    """The plan of an unchanged project, shared by the tests that only read it."""
    return plan_site(make_site_project(tmp_path_factory.mktemp("site") / "project", blns=False))
