"""What follow-up actions answer, for views to draw. Pure data: nothing here reaches the
database."""

from __future__ import annotations

from dataclasses import dataclass

from bot.dates.checks import DueConcern
from storage.models import Customer, FollowUp, NextStep


@dataclass(frozen=True)
class LoggedFollowUp:
    customer: Customer
    followup: FollowUp
    next_step: NextStep | None
    date_concerns: tuple[DueConcern, ...] = ()
    """The next step's date is past, or words that look like a date were not understood."""
    repeated: bool = False
    """The same line was logged moments ago (a retry, or a double send): not stored twice."""


@dataclass(frozen=True)
class UndoneFollowUp:
    customer: Customer
    removed_steps: int


@dataclass(frozen=True)
class ShowUsage:
    word: str = ""
    """A command word typed where a customer name goes ('list'), to explain."""


@dataclass(frozen=True)
class UnknownCode:
    code: str


@dataclass(frozen=True)
class ArchivedCustomerNamed:
    """The line named an archived customer by its code: nothing is logged on it."""

    customer: Customer


@dataclass(frozen=True)
class NothingToLog:
    customer: Customer


@dataclass(frozen=True)
class AskWhichCustomer:
    draft_id: str
    customers: list[Customer]
    name_guess: str
    typed: str


@dataclass(frozen=True)
class OfferNewCustomer:
    draft_id: str
    name_guess: str


@dataclass(frozen=True)
class ConfirmCustomer:
    """One customer could be meant, but not surely: 'Did you mean X?'."""

    draft_id: str
    customer: Customer
    name_guess: str
    typed: str


@dataclass(frozen=True)
class DraftExpired:
    pass


FollowUpReply = (
    ShowUsage
    | UnknownCode
    | ArchivedCustomerNamed
    | NothingToLog
    | AskWhichCustomer
    | OfferNewCustomer
    | ConfirmCustomer
    | DraftExpired
    | LoggedFollowUp
)
