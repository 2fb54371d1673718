"""What the contact actions answer, for views to draw. Pure data."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Customer

# The Add contact form's block ids (the modal's names for what was typed)
NAME = "contact_name"
TITLE = "contact_title"
PHONE = "phone"
EMAIL = "email"
WECHAT = "wechat_id"
NOTES = "notes"
PRIMARY = "primary"


@dataclass(frozen=True)
class ContactEntry:
    """One contact as the list shows it: `contact_id` None for the primary (the customer's own
    contact fields)."""

    contact_id: int | None
    name: str | None
    title: str | None
    phone: str | None
    email: str | None
    wechat_id: str | None
    notes: str | None = None

    @property
    def is_primary(self) -> bool:
        return self.contact_id is None

    @property
    def holds_personal_data(self) -> bool:
        return any((self.name, self.phone, self.email, self.wechat_id, self.notes))


@dataclass(frozen=True)
class ContactBook:
    customer: Customer
    contacts: list[ContactEntry]
    """The primary first (when the customer has one), then the others in the order added."""
    show_contact: bool
    can_edit: bool
    can_erase: bool


@dataclass(frozen=True)
class ContactAdded:
    customer: Customer
    name: str | None
    primary: bool


@dataclass(frozen=True)
class ContactErased:
    customer: Customer
    fields: list[str]
    """What was removed (field names; never the values)."""
