"""What archiving or restoring a customer came to: plain values that views render."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Customer


@dataclass(frozen=True)
class ArchiveChanged:
    customer: Customer
    archived: bool
    """True: it was archived just now; False: it was restored."""


@dataclass(frozen=True)
class AlreadyArchived:
    customer: Customer


@dataclass(frozen=True)
class NotArchived:
    customer: Customer


@dataclass(frozen=True)
class WhichCustomerToArchive:
    customers: list[Customer]
    typed: str


@dataclass(frozen=True)
class NoCustomerToArchive:
    typed: str | None
    """What was typed; None when a button's customer is gone."""


@dataclass(frozen=True)
class ArchiveUsage:
    pass


ArchiveAnswer = (
    ArchiveChanged
    | AlreadyArchived
    | NotArchived
    | WhichCustomerToArchive
    | NoCustomerToArchive
    | ArchiveUsage
)
