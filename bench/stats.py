"""Latency samples and their percentiles."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Samples:
    """Seconds per request; `errors` counts requests that failed or timed out."""

    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None

    def add(self, value: float) -> None:
        self.seconds.append(value)

    def fail(self, why: str) -> None:
        self.errors += 1
        if self.first_error is None:
            self.first_error = why[:300]

    def percentile(self, p: float) -> float | None:
        """Nearest-rank percentile, or None without samples."""
        if not self.seconds:
            return None
        ordered = sorted(self.seconds)
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1]

    def summary(self) -> dict[str, Any]:
        def ms(value: float | None) -> float | None:
            return None if value is None else round(value * 1000, 2)

        return {
            "n": len(self.seconds),
            "errors": self.errors,
            "p50_ms": ms(self.percentile(50)),
            "p95_ms": ms(self.percentile(95)),
            "p99_ms": ms(self.percentile(99)),
            "max_ms": ms(max(self.seconds) if self.seconds else None),
            **({"first_error": self.first_error} if self.first_error else {}),
        }
