"""The real archive's exports, made once per format for the whole session."""

from __future__ import annotations

import pytest
from testkit import RealArchive, real_project


@pytest.fixture(scope="session")
def real_archive(tmp_path_factory: pytest.TempPathFactory) -> RealArchive:
    return RealArchive(real_project(tmp_path_factory.mktemp("real")), tmp_path_factory)
