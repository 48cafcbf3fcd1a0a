"""The deploy workflow is valid GitHub Actions: checked offline against GitHub's workflow JSON
schema (vendored by check-jsonschema) and with actionlint (binary shipped in its wheel)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"
ACTIONLINT = shutil.which("actionlint", path=str(Path(sys.executable).parent)) \
    or shutil.which("actionlint")


def workflow_schema() -> dict:
    schema = resources.files("check_jsonschema") / "builtin_schemas/vendor/github-workflows.json"
    return json.loads(schema.read_text(encoding="utf-8"))


def load_workflow(path: Path) -> dict:
    # YAML 1.1 reads the key `on` as True; GitHub reads it as the string "on".
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def schema_errors(path: Path) -> list[str]:
    schema = workflow_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [e.message for e in validator.iter_errors(load_workflow(path))]


def actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    assert ACTIONLINT, "actionlint is not installed (pip install -e '.[test]')"
    return subprocess.run([ACTIONLINT, "-no-color", str(path)], capture_output=True, text=True,
                          cwd=path.parent)


@pytest.fixture
def corrupted(tmp_path: Path) -> Path:
    """A copy of the workflow with a typo in a key: runs-on -> runs-onn."""
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "    runs-on: ubuntu-latest" in text
    target = tmp_path / "deploy.yml"
    target.write_text(text.replace("    runs-on: ubuntu-latest", "    runs-onn: ubuntu-latest", 1),
                      encoding="utf-8")
    return target


def test_workflow_matches_github_schema():
    assert schema_errors(WORKFLOW) == []


def test_workflow_passes_actionlint():
    result = actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_key_typo_fails_schema(corrupted):
    errors = schema_errors(corrupted)
    assert any("runs-onn" in e for e in errors), errors


def test_key_typo_fails_actionlint(corrupted):
    result = actionlint(corrupted)
    assert result.returncode != 0
    assert "runs-onn" in result.stdout


def test_deploys_only_from_main_schedule_and_dispatch_with_least_privilege():
    flow = load_workflow(WORKFLOW)
    assert flow["on"]["push"]["branches"] == ["main"]
    assert {"schedule", "workflow_dispatch", "pull_request"} <= set(flow["on"])
    assert flow["permissions"] == {"contents": "read"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and "pull_request" in deploy["if"]
    assert deploy["concurrency"]["group"]
    uses = [s.get("uses", "") for s in build["steps"] + deploy["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    cache = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == yaml.safe_load((ROOT / "digest.yml").read_text())["cache"]
    runs = " ".join(s.get("run", "") for s in build["steps"])
    assert "pytest" in runs and "mkdocs build --strict" in runs
