"""Fallback publication dates: a file's last git commit date, else its modification time."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from generator.models import FileDate


def git_commit_dates(seeds_dir: Path) -> dict[str, str]:
    """Last commit date (YYYY-MM-DD) of every committed file below seeds_dir, in one git call."""
    try:
        out = subprocess.run(
            ["git", "-C", str(seeds_dir), "log", "--format=%x00%cs", "--name-only",
             "--relative", "--no-renames", "--", "."],
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            current = line[1:].strip()
        elif line.strip() and current:
            dates.setdefault(line.strip(), current)  # log is newest first
    return dates


def file_date(seed: str, path: str | Path, git_dates: dict[str, str],
              mtime: float | None = None) -> FileDate:
    """``mtime``: the file's modification time when the caller has already read it (stat)."""
    if seed in git_dates:
        return FileDate(git_dates[seed], "git")
    if mtime is None:
        mtime = os.stat(path).st_mtime
    return FileDate(dt.datetime.fromtimestamp(mtime, dt.UTC).date().isoformat(), "mtime")
