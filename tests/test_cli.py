import json
import os
import subprocess
import sys

from tests.conftest import ROOT

# The generator from this checkout, whatever the folder a command runs in.
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

TEXT = "Trump called Putin on Thursday. He will meet Zelenskyy on Friday. They met in August."


def test_timex_command_prints_one_json_object_per_expression():
    out = subprocess.run([sys.executable, "-m", "generator", "timex", "--dct", "2025-10-16"],
                         input=TEXT, capture_output=True, text=True, check=True).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["value"] for r in records] == ["2025-10-16", "2025-10-17", "2025-08"]
    for r in records:
        assert set(r) == {"start", "end", "text", "type", "value"}
        assert TEXT[r["start"]:r["end"]] == r["text"]


def test_timex_command_rejects_a_bad_date():
    done = subprocess.run([sys.executable, "-m", "generator", "timex", "--dct", "16/10/2025"],
                          input=TEXT, capture_output=True, text=True)
    assert done.returncode == 2 and "not a date" in done.stderr


# Runs the CLI in this process, then prints whether MkDocs (or the pipeline) was imported.
IMPORTED = """
import sys
from generator.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules if m.startswith(('mkdocs', 'jinja2'))}
                        | {m for m in sys.modules if m == 'generator.pipeline'})))
"""


def imported_by(args, cwd=None, stdin=""):
    done = subprocess.run([sys.executable, "-c", "import json\n" + IMPORTED, *args], cwd=cwd,
                          input=stdin, capture_output=True, text=True, check=True, env=ENV)
    return json.loads(done.stdout.splitlines()[-1])


def test_help_and_timex_import_neither_mkdocs_nor_the_pipeline():
    assert imported_by(["--help"]) == []
    assert imported_by(["timex", "--dct", "2025-10-16"], stdin=TEXT) == []


def test_generate_runs_the_pipeline_without_importing_mkdocs(seeded_project):
    assert imported_by(["--root", str(seeded_project.path), "generate", "-q"]) == \
        ["generator.pipeline"]
    assert list((seeded_project.docs / "articles").rglob("*.md"))


def test_generate_in_the_project_and_with_its_absolute_root_share_one_state(seeded_project):
    from tests.test_cache import saved_as, state_file
    command = [sys.executable, "-m", "generator"]
    subprocess.run([*command, "generate", "-q"], cwd=seeded_project.path, check=True,
                   env=ENV)
    manifest = state_file(seeded_project)
    before = saved_as(manifest)
    done = subprocess.run([*command, "--root", str(seeded_project.path), "generate"],
                          cwd=seeded_project.path.parent, capture_output=True, text=True,
                          check=True, env=ENV)
    assert "0 files written" in done.stdout and " 0 removed" in done.stdout
    assert saved_as(manifest) == before  # found, and nothing to save: not a state of its own
    assert [p for p in manifest.parent.iterdir() if p.suffix == manifest.suffix] == [manifest]
