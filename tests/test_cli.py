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


def modules_after(args: list[str]) -> set[str]:
    """The modules imported once the CLI ran (in a process of its own)."""
    script = "import sys\nfrom generator.cli import main\nmain(sys.argv[1:])\nprint(*sys.modules)"
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          check=True, env=ENV)
    return set(done.stdout.split())


def test_a_warm_run_that_analyses_nothing_imports_neither_wordfreq_nor_ftfy(seeded_project):
    # Together with langcodes and regex, a fifth of a second of every run before: imported
    # now where an article is analysed (analyse/quality.py) or a seed's mojibake repaired.
    # (Analysing a plain English article reads wordfreq's list with msgpack, without wordfreq.)
    root = ["--root", str(seeded_project.path)]
    assert "msgpack" in modules_after([*root, "generate", "-q"])  # cold: both seeds analysed
    warm = modules_after([*root, "generate", "-q"])
    assert "generator.pipeline" in warm and not {"wordfreq", "ftfy", "msgpack"} & warm


def test_generate_in_the_project_and_with_its_absolute_root_share_one_state(seeded_project):
    from tests.test_cache import state_file, state_files
    command = [sys.executable, "-m", "generator"]
    subprocess.run([*command, "generate", "-q"], cwd=seeded_project.path, check=True,
                   env=ENV)
    manifest = state_file(seeded_project)
    before = base_segments(state_files(seeded_project))
    done = subprocess.run([*command, "--root", str(seeded_project.path), "generate"],
                          cwd=seeded_project.path.parent, capture_output=True, text=True,
                          check=True, env=ENV)
    assert "0 files written" in done.stdout and " 0 removed" in done.stdout
    # Found: no segment saved afresh, as a state of its own would be. (The writer may add a
    # delta: it records an output file's hash only once the file is 2 s old, write.RACY_NS.)
    assert base_segments(state_files(seeded_project)) == before
    assert [p for p in manifest.parent.iterdir() if p.suffix == manifest.suffix] == [manifest]


def base_segments(files: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """The state's segments saved whole (not the manifest, not the deltas)."""
    return {name: saved for name, saved in files.items()
            if name.endswith(".seg") and "-delta." not in name}


# The console script's way out (cli.entry): main(), then os._exit without tearing down the run's
# objects, but with what an ordinary exit shows: atexit callbacks, flushed output, exit status.
EXITING = """
import atexit, sys
from generator.cli import entry

class Noisy:
    def __del__(self):
        print("torn down")

kept = Noisy()
atexit.register(print, "atexit ran")
entry(sys.argv[1:])
"""


def test_entry_skips_the_teardown_but_runs_atexit_and_flushes_piped_output():
    args = ["timex", "--dct", "2025-10-16"]
    # Buffered as a pipe is by default (this machine may set PYTHONUNBUFFERED): what an
    # os._exit without a flush would lose.
    buffered = {k: v for k, v in ENV.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run([sys.executable, "-c", EXITING, *args], input=TEXT,
                          capture_output=True, text=True, env=buffered)
    plain = subprocess.run([sys.executable, "-m", "generator", *args], input=TEXT,
                           capture_output=True, text=True, env=ENV)
    assert done.returncode == plain.returncode == 0
    assert done.stdout.splitlines() == [*plain.stdout.splitlines(), "atexit ran"]
    assert plain.stdout and "torn down" not in done.stdout


def test_entry_keeps_the_exit_status_of_an_ordinary_exit_on_a_closed_pipe():
    def into_closed_pipe(command: list[str]) -> int:
        read, write = os.pipe()
        os.close(read)
        try:
            return subprocess.run(command, input=TEXT, stdout=write, stderr=subprocess.DEVNULL,
                                  text=True, env=ENV).returncode
        finally:
            os.close(write)

    ordinary = into_closed_pipe([sys.executable, "-c", "print('x')"])
    assert ordinary != 0
    assert into_closed_pipe([sys.executable, "-m", "generator", "timex", "--dct",
                             "2025-10-16"]) == ordinary


def test_generate_as_a_process_prints_and_exits_as_main_returns(seeded_project, capsys):
    from generator.cli import main
    seeded_project.add_seed("broken.txt", b"\x00\x01binary")
    command = [sys.executable, "-m", "generator", "--root", str(seeded_project.path), "generate"]
    first = subprocess.run(command, capture_output=True, text=True, env=ENV)
    strict = subprocess.run([*command, "--strict"], capture_output=True, text=True, env=ENV)
    assert (first.returncode, strict.returncode) == (0, 1)
    assert "files written" in first.stdout and first.stderr == strict.stderr != ""
    # The same run again in this process: what main() prints and returns is what the process did.
    assert main(["--root", str(seeded_project.path), "generate", "--strict"]) == 1
    printed = capsys.readouterr()
    assert (printed.out, printed.err) == (strict.stdout, strict.stderr)


def test_the_console_script_is_the_entry():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["newsdigest"] == "generator.cli:entry"
