"""What `/crm todo` answers, for the views to draw. Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.catalog.payloads import Unreadable, id_from
from storage.models import Customer, NextStep


@dataclass(frozen=True)
class TodoItem:
    step: NextStep
    customer: Customer | None


@dataclass(frozen=True)
class TodoList:
    """One person's open next steps due by the end of their week, oldest due first."""

    owner_id: str
    mine: bool
    """The person asking is the owner (a manager may be looking at a rep's)."""
    overdue: list[TodoItem] = field(default_factory=list)
    today: list[TodoItem] = field(default_factory=list)
    this_week: list[TodoItem] = field(default_factory=list)
    more: int = 0
    """Steps due this week beyond those listed."""

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.today or self.this_week)


def todo_block_id(step_id: int, owner_id: str) -> str:
    """The block_id of an item's buttons: selects and date pickers carry no value, and the
    list to redraw is the owner's."""
    return f"todo_{step_id}_{owner_id}"


def read_todo_block_id(block_id: str) -> tuple[int, str]:
    """(step id, whose list) from `todo_block_id`; ValueError otherwise."""
    parts = block_id.split("_", 2)
    if len(parts) != 3 or parts[0] != "todo" or not parts[2]:
        raise Unreadable("not a todo item")
    return id_from(parts[1]), parts[2]
