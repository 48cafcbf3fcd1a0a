"""Shared helpers for the evaluation scripts: where the corpora are, where results go."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "eval" / "results"


def _main_checkout(root: Path) -> Path | None:
    """The main checkout of a git worktree (its .git is a file naming the real git dir)."""
    marker = root / ".git"
    if not marker.is_file():
        return None
    text = marker.read_text(encoding="utf-8").strip()
    if not text.startswith("gitdir:"):
        return None
    gitdir = Path(text.split(":", 1)[1].strip())
    common = gitdir / "commondir"
    if common.is_file():
        gitdir = (gitdir / common.read_text(encoding="utf-8").strip()).resolve()
    return gitdir.parent


def corpora_candidates() -> list[Path]:
    """NEWSDIGEST_CORPORA when set; otherwise ../shared/corpora from this checkout and, in a
    git worktree, from the main checkout (a worktree's ../shared does not exist)."""
    env = os.environ.get("NEWSDIGEST_CORPORA")
    if env:
        return [Path(env)]
    found = [ROOT.parent / "shared" / "corpora"]
    main = _main_checkout(ROOT)
    if main is not None:
        found.append(main.parent / "shared" / "corpora")
    return found


def corpora_dir() -> Path:
    """The first existing corpus folder (or the first candidate, so messages name a path)."""
    candidates = corpora_candidates()
    return next((p for p in candidates if p.is_dir()), candidates[0])


def skipped(path: Path) -> int:
    print(f"skipped: corpus not found at {path}")
    return 0


def write_result(name: str, data: object) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")
    return path


def pearson(xs: list[float], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    vx = sum((x - mx) ** 2 for x in xs)
    vy = sum((y - my) ** 2 for y in ys)
    return cov / math.sqrt(vx * vy) if vx and vy else float("nan")


def ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")
