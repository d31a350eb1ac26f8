"""The one clock: the system's, or a fixed moment from ARSHJUL_NOW."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from arshjul.errors import BadInput

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until told to move (tests, ARSHJUL_NOW, the demo)."""

    def __init__(self, moment: datetime) -> None:
        self._moment = moment

    def now(self) -> datetime:
        return self._moment

    def set(self, moment: datetime) -> None:
        self._moment = moment


def parse_moment(text: str, tz: ZoneInfo = STOCKHOLM) -> datetime:
    """An ISO 8601 date or datetime; a value without an offset is local time in `tz`."""
    value = text.strip()
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), time())
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadInput("bad_now", value=text) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment


def clock_from(now: str | None) -> Clock:
    return SystemClock() if not now else FixedClock(parse_moment(now))
