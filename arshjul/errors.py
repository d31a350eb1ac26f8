"""One exception root; each message names the object it is about."""

from __future__ import annotations

from typing import Any

from arshjul.i18n import t


class ArshjulError(Exception):
    """Anything a user can cause: rendered as one `error:` line in the language in force."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return t(self.key, **self.params)


class NotFound(ArshjulError):
    """An item, person or organisation that does not exist."""


class NotAllowed(ArshjulError):
    """The acting person may not do this (role, organisation, need-to-know)."""


class Refused(ArshjulError):
    """The move is not possible now: wrong state, outside its window, missing reason."""


class Conflict(ArshjulError):
    """Somebody else changed the same thing meanwhile."""


class TooMany(ArshjulError):
    """Asked too often in a short time (sign-in links): wait and try again."""


class BadInput(ArshjulError):
    """Input that does not parse or breaks a limit."""


class ConfigError(ArshjulError):
    """The cycle configuration or a setting is wrong."""


class StoreError(ArshjulError):
    """The database cannot be opened, or its schema does not fit this release."""
