"""What a customer picker offers (pure, so views can render it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CustomerChoice:
    customer_id: int
    name: str
    code: str
    owner_id: str
