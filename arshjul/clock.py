"""The one clock: the system's, or a fixed moment from ARSHJUL_NOW."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_start
from typing import Protocol
from zoneinfo import ZoneInfo

from arshjul.errors import BadInput

#: The plan years the engine plans (states.rules reads them from here).
FIRST_YEAR, LAST_YEAR = 1901, 2999

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class Clock(Protocol):
    #: Clock seconds per real second: 1 for the system clock, 0 for one that stands still.
    rate: float

    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...


class SystemClock:
    rate = 1.0

    def now(self) -> datetime:
        return datetime.now(UTC)


class FlowingClock:
    """Starts at a given moment and runs `rate` times as fast as real time (ARSHJUL_CLOCK_RATE):
    a year of deadlines in minutes, for the running service in tests and demonstrations."""

    def __init__(self, start: datetime, rate: float) -> None:
        self._start = start
        self._real_start = time.monotonic()
        self.rate = rate

    def now(self) -> datetime:
        return self._start + timedelta(seconds=(time.monotonic() - self._real_start) * self.rate)


class FixedClock:
    """A clock that stands still until told to move (tests, ARSHJUL_NOW, the demo)."""

    rate = 0.0

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
            moment = datetime.combine(date.fromisoformat(value), day_start())
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadInput("bad_now", value=text) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    # The engine plans the cycles around now: a year before and two after must be plan years.
    if not FIRST_YEAR + 1 <= moment.year <= LAST_YEAR - 2:
        raise BadInput("now_out_of_range", value=text, first=FIRST_YEAR + 1, last=LAST_YEAR - 2)
    return moment


def clock_from(now: str | None, rate: str | None = None) -> Clock:
    """The system clock; or ARSHJUL_NOW, standing still or flowing at ARSHJUL_CLOCK_RATE."""
    if not now:
        return SystemClock()
    if not rate:
        return FixedClock(parse_moment(now))
    try:
        speed = float(rate)
    except ValueError:
        raise BadInput("bad_rate", value=rate) from None
    if not 0 < speed <= 10_000_000:
        raise BadInput("bad_rate", value=rate)
    return FlowingClock(parse_moment(now), speed)


def real_seconds_until(clock: Clock, moment: datetime) -> float | None:
    """How long to sleep, in real seconds, until the clock shows `moment` (None: it never will)."""
    if clock.rate <= 0:
        return None
    return max((moment - clock.now()).total_seconds() / clock.rate, 0.0)
