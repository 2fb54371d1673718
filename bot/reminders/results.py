"""What a reminder or an owner's notice says, as plain data for the views to draw."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Customer, FollowUp


@dataclass(frozen=True)
class OwnerNotice:
    """Follow-ups others logged on one of the reader's customers in one hour."""

    customer: Customer
    followups: list[FollowUp]
    """The first few, oldest first."""
    total: int
