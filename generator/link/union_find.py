"""Union-find over hashable keys; a group's root is its smallest key, whatever the order of
the unions, so grouping is deterministic."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any


class UnionFind:
    def __init__(self, keys: Iterable[Hashable]) -> None:
        self.parent: dict[Any, Any] = {k: k for k in keys}

    def find(self, key: Any) -> Any:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    def groups(self) -> dict[Any, list[Any]]:
        """Root -> members, members in insertion order."""
        out: dict[Any, list[Any]] = {}
        for key in self.parent:
            out.setdefault(self.find(key), []).append(key)
        return out
