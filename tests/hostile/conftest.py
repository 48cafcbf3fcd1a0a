"""One site built from every hostile seed at once (session-scoped: a build takes seconds)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import make_project
from tests.hostile import seeds as hostile
from tests.hostile.sitecheck import ENV, HUNG_AFTER_S, HostileBuild, run_cli, tree


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> HostileBuild:
    base = tmp_path_factory.mktemp("hostile")
    path = base / "project"
    project = make_project(path)
    for name, data in hostile.text_seeds().items():
        project.add_seed(name, data)
    hostile.special_seeds(project.seeds, base / "outside")
    hostile.named_seeds(project.seeds)
    before = tree(base)
    default = run_cli(path, "generate")
    strict = run_cli(path, "generate", "--strict")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=path,
                           env=ENV, capture_output=True, text=True, timeout=HUNG_AFTER_S)
    assert build.returncode == 0, build.stderr
    return HostileBuild(base, project, default, strict, build, before, tree(base))
