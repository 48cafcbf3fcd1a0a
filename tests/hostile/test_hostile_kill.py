"""A run killed at any moment leaves docs/ holding the complete previous output, or - once the
next run has recovered - the complete new output; never a mix of the two."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import write
from generator.config import load_settings
from generator.pipeline import generate
from generator.write import JOURNAL, MANIFEST, STAGING, recover
from tests.hostile.sitecheck import ENV, run_cli

HAND_WRITTEN = {"about.md": b"# About\n\nWritten by a person.\n"}
WORDS = ("council budget minister police river school market election storm hospital court "
         "museum harbour bridge railway farmers").split()


def _article(number: int, version: int) -> str:
    # Words unique to each article keep the stories apart: no two seeds look like copies.
    body = "\n\n".join(
        " ".join(f"{WORDS[(number * 7 + version * 3 + i * j) % len(WORDS)]}{number}x{j % 7}"
                 for j in range(30)) + f" version {version}." for i in range(5))
    return (f"---\ntitle: Story number {number} {WORDS[number % len(WORDS)]}\n"
            f"date: 2025-{number % 12 + 1:02}-1{version}\n---\n{body}\n")


def _write_seeds(seeds: Path, numbers: range, version: int) -> None:
    for number in numbers:
        (seeds / f"s{number:03}.txt").write_text(_article(number, version), encoding="utf-8")


def output(docs: Path) -> dict[str, bytes]:
    """docs/ as the site sees it: every file but the generator's dot-named work files."""
    files = {}
    for path in docs.rglob("*"):
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and (rel == MANIFEST or not rel.startswith(".newsdigest-")):
            files[rel] = path.read_bytes()
    return files


def _restore(docs: Path, files: dict[str, bytes]) -> None:
    shutil.rmtree(docs)
    for rel, data in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(data)


@dataclass
class Versions:
    root: Path
    old: dict[str, bytes]  # docs/ after a complete run on the first seed set
    new: dict[str, bytes]  # docs/ after a complete run on the changed seed set
    seconds: float  # how long a complete run on the changed set took

    @property
    def docs(self) -> Path:
        return self.root / "docs"


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    root = tmp_path_factory.mktemp("kill") / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "docs").mkdir()
    for name, data in HAND_WRITTEN.items():
        (root / "docs" / name).write_bytes(data)
    _write_seeds(root / "seeds", range(0, 100), version=1)
    assert run_cli(root, "generate").returncode == 0
    old = output(root / "docs")
    # The change: 50 seeds rewritten, 25 removed, 25 added; pages change, go and appear.
    _write_seeds(root / "seeds", range(0, 50), version=2)
    for number in range(75, 100):
        (root / "seeds" / f"s{number:03}.txt").unlink()
    _write_seeds(root / "seeds", range(100, 125), version=2)
    started = time.monotonic()
    assert run_cli(root, "generate").returncode == 0
    seconds = time.monotonic() - started
    new = output(root / "docs")
    assert old != new and len(set(old) - set(new)) >= 25 and len(set(new) - set(old)) >= 25
    _restore(root / "docs", old)
    return Versions(root, old, new, seconds)


def _check_after_kill(versions: Versions, label: str) -> str:
    """docs/ holds the old or the new output, or a journal from which recovery finishes the
    new output; recovery never turns the old output into anything but the new one."""
    docs = versions.docs
    now = output(docs)
    state = "old" if now == versions.old else "new" if now == versions.new else "mixed"
    if state == "mixed":
        assert (docs / JOURNAL).exists(), f"{label}: docs/ is a mix and has no journal"
    recover(docs)
    assert output(docs) == (versions.new if state != "old" else output(docs)), label
    assert output(docs) in (versions.old, versions.new), f"{label}: recovery gave a mix"
    assert not (docs / STAGING).exists() and not (docs / JOURNAL).exists()
    assert not list(docs.glob(".newsdigest-*.tmp")), f"{label}: work files left behind"
    return "old" if output(docs) == versions.old else "new"


def test_killed_subprocess_leaves_old_or_new_output(versions):
    """SIGKILL `python -m generator generate` at several moments of a run."""
    states = []
    for fraction in (0.3, 0.6, 0.8, 0.9, 0.97):
        _restore(versions.docs, versions.old)
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(versions.root), "generate"],
            cwd=versions.root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(versions.seconds * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        states.append(_check_after_kill(versions, f"killed at {fraction:.0%} of a run"))
    assert set(states) <= {"old", "new"}


_CHANGES = ("replace", "unlink", "rmdir", "rename")
# How far ahead of the real clock the writer's clock is in the runs counted and killed here: far
# past write.RACY_NS, so every output file is old enough to have its stat recorded (FileStats),
# whatever the load. On the real clock a file is recorded only if the run reaches it RACY_NS
# after it was written (restored, or staged by the run itself), so a slow run saved the
# writer's log segment and a fast one did not, or its delta rather than its base: the number
# of changes a run makes depended on how slowly this and the previous run went.
WRITER_CLOCK_AHEAD_NS = 3600 * 10**9
# The parts of a change's file names that differ from run to run: a temporary file's process
# id, a state segment's generation and content hash.
_RUN_PARTS = re.compile(r"\.\d+\.tmp\b|\.\d+-[0-9a-f]+\.seg\b")


def _named(change: str) -> str:
    return _RUN_PARTS.sub(lambda m: ".tmp" if m.group().endswith("tmp") else ".seg", change)


# A kill point: just before the occurrence-th change with this name (_named) in the killed
# run's own sequence; a number counted in another run would move whenever that run wrote a
# state segment more or less than the killed one.
KillPoint = tuple[str, int]


def _point(changes: list[str], number: int) -> KillPoint:
    """The kill point just before change number (1-based) of this sequence."""
    name = _named(changes[number - 1])
    return name, sum(_named(change) == name for change in changes[:number])


def _in_child(versions: Versions, action, kill_at: int | KillPoint = 0,
              log: Path | None = None) -> bool:
    """Run action in a forked child that counts its file system changes (replace, unlink,
    rmdir, rename), SIGKILLs itself just before kill_at (change number kill_at, or a
    KillPoint) and, given a log, writes one line per change there. True when the child was
    killed."""
    pid = os.fork()
    if pid == 0:
        try:
            real_ns = time.time_ns
            write.time = SimpleNamespace(time_ns=lambda: real_ns() + WRITER_CLOCK_AHEAD_NS)
            changes: list[str] = []
            seen: dict[str, int] = {}
            for name in _CHANGES:
                original = getattr(os, name)

                def counted(*args, _original=original, _name=name, **kwargs):
                    change = f"{_name} {' '.join(Path(a).name for a in args[:2])}"
                    changes.append(change)
                    named = _named(change)
                    seen[named] = seen.get(named, 0) + 1
                    if kill_at in (len(changes), (named, seen[named])):
                        os.kill(os.getpid(), signal.SIGKILL)
                    return _original(*args, **kwargs)

                setattr(os, name, counted)
            action()
            if log:
                log.write_text("\n".join(changes), encoding="utf-8")
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


def _run(versions: Versions):
    return lambda: generate(load_settings(versions.root))


def _changes(versions: Versions, tmp_path: Path) -> list[str]:
    """The file system changes of a complete run from the old to the new output, in order.
    Counted on a second run: the run state a first run saves can let the next one write fewer
    of its files (a log's delta that did not change is kept: cache._Segments), and the runs
    killed here start from the state such a run leaves."""
    _restore(versions.docs, versions.old)
    assert not _in_child(versions, _run(versions))
    _restore(versions.docs, versions.old)
    log = tmp_path / "changes.txt"
    assert not _in_child(versions, _run(versions), log=log)
    assert output(versions.docs) == versions.new
    return log.read_text(encoding="utf-8").splitlines()


def _first(changes: list[str], prefix: str) -> int:
    """1-based number of the first change starting with prefix."""
    return next(i for i, change in enumerate(changes, 1) if change.startswith(prefix))


def test_killed_at_every_kind_of_step_leaves_old_or_new_output(versions, tmp_path):
    """Deterministic kills just before each kind of file change: staging, the journal, the
    moves, the removals, the manifest, the clean-up."""
    changes = _changes(versions, tmp_path)
    journal = _first(changes, f"replace {JOURNAL}.tmp")
    manifest = _first(changes, f"replace {MANIFEST}.tmp")
    removal = _first(changes, "unlink ") if any(c.startswith("unlink ") for c in changes[
        journal:manifest]) else manifest
    points = sorted({1, journal // 2, journal - 1, journal, journal + 1,
                     (journal + removal) // 2, removal, manifest - 1, manifest, manifest + 1,
                     len(changes)})
    states = []
    for number in points:
        _restore(versions.docs, versions.old)
        point = _point(changes, number)
        assert _in_child(versions, _run(versions), kill_at=point), f"{point} never came"
        states.append(_check_after_kill(versions, f"killed before {changes[number - 1]!r}"))
    assert states[:3] == ["old"] * 3 and states[-3:] == ["new"] * 3, states


def test_recovery_killed_midway_is_finished_by_the_next_run(versions, tmp_path):
    changes = _changes(versions, tmp_path)
    moves = _first(changes, f"replace {JOURNAL}.tmp") + 1
    _restore(versions.docs, versions.old)
    # a journal, a few moves
    assert _in_child(versions, _run(versions), kill_at=_point(changes, moves + 3))
    assert (versions.docs / JOURNAL).exists()
    for kill_at in (2, 10, 30):  # recovery killed, then killed again further on
        assert _in_child(versions, lambda: recover(versions.docs), kill_at=kill_at)
        assert (versions.docs / JOURNAL).exists()
    assert run_cli(versions.root, "generate").returncode == 0
    assert output(versions.docs) == versions.new
    assert [p.name for p in versions.docs.glob(".newsdigest-*")] == [MANIFEST]
    for name, data in HAND_WRITTEN.items():
        assert (versions.docs / name).read_bytes() == data
