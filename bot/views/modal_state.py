"""What a modal carries between Slack round trips, in its private_metadata (3,000 characters
at most): a pydantic model per modal, written and read the same way for every one."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict

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
        """The state a modal came back with; pydantic's ValidationError (a ValueError) if it
        is not one this app wrote."""
        return cls.model_validate_json(raw or "{}")
