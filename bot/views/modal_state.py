"""What a modal carries between Slack round trips, in its private_metadata (3,000 characters
at most): a pydantic model per modal, written and read the same way for every one."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict

from bot.catalog.payloads import MAX_ID, Unreadable

MAX_METADATA = 3000


class ModalState(BaseModel):
    """Fields with an alias are stored under the (shorter) alias; defaults are left out."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    def dump(self) -> str:
        text = self.model_dump_json(by_alias=True, exclude_defaults=True)
        if len(text) > MAX_METADATA:
            raise ValueError(f"{type(self).__name__} is {len(text)} characters; Slack keeps 3000")
        return text

    @classmethod
    def load(cls, raw: str | None) -> Self:
        """The state a modal came back with; Unreadable if it is not one this app wrote."""
        try:
            state = cls.model_validate_json(raw or "{}")
        except ValueError:  # pydantic's ValidationError, for junk and for the wrong shape
            raise Unreadable(f"not the state of a {cls.__name__}") from None
        for value in state.__dict__.values():  # ids this app wrote fit a database column
            if isinstance(value, int) and not isinstance(value, bool) and not 0 <= value <= MAX_ID:
                raise Unreadable(f"an id out of range in a {cls.__name__}")
        return state
