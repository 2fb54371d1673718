"""What merging customers came to: plain values that views render."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Customer


@dataclass(frozen=True)
class Merged:
    kept: Customer
    gone_name: str
    gone_code: str
    filled: tuple[str, ...]
    """Fields the kept customer had empty and took from the other."""
    conflicts: tuple[str, ...]
    """Fields both had with different values: the kept customer's value stayed."""
    moved: dict[str, int]


@dataclass(frozen=True)
class MergeRefused:
    reason: str
    """In the person's words."""


@dataclass(frozen=True)
class DuplicatePair:
    first: Customer
    """The older one: the one a Merge keeps."""
    second: Customer
    same: str
    """What they share: 'phone', 'email', or 'name' (nearly the same name)."""
    score: int | None = None
    """How alike the names are (0–100), for 'name'."""
