"""`arshjul run`: APScheduler 3 as the alarm clock, the database as the source of truth.

Each instance keeps APScheduler's in-memory job store only to wake up: at the next due event,
and every `safety_seconds` in case another instance or a person planned something sooner. The
ticking itself happens on the main thread, through `ticker.tick`, which is safe beside any
number of other instances and of `arshjul tick` from cron (the job store is not shared: two
processes on one APScheduler 3 store ran jobs twice and lost a scheduler thread).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import FrameType

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from arshjul.clock import Clock, real_seconds_until
from arshjul.errors import ArshjulError
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.ticker import Fired, instance_name, next_wake, tick

WAKE_JOB = "wake"


def run(
    engine: Engine,
    clock: Clock,
    calendar: CycleCalendar,
    *,
    report: Callable[[Fired], None],
    say: Callable[[str], None],
    safety_seconds: float = 60.0,
    stop: threading.Event | None = None,
    deliver: Callable[[], object] | None = None,
    follow_stored: bool = False,
) -> None:
    """Fire events as they fall due until SIGINT or SIGTERM (or `stop` is set); with
    `follow_stored`, by the configuration the database keeps at each wake."""
    from apscheduler.schedulers.background import BackgroundScheduler

    stop = stop or threading.Event()
    wake = threading.Event()
    instance = instance_name()

    def alarm() -> None:
        wake.set()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()
        wake.set()

    previous = {}
    if threading.current_thread() is threading.main_thread():
        # Put back what was there when the loop ends: a caller in the same process (a test, the
        # demo) gets Ctrl-C as KeyboardInterrupt again.
        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}

    scheduler = BackgroundScheduler(timezone=UTC)  # the in-memory job store: a timer only
    scheduler.add_job(
        alarm, "interval", seconds=safety_seconds, id="safety", coalesce=True, max_instances=1
    )
    scheduler.start()
    started = False
    try:
        while not stop.is_set():
            wake.clear()
            try:
                tick(
                    engine,
                    clock,
                    calendar,
                    instance=instance,
                    stop=stop.is_set,
                    report=report,
                    follow_stored=follow_stored,
                )
                if deliver is not None:
                    deliver()  # the outbox: what the ticks and people wrote since the last wake
                upcoming = next_wake(engine, calendar, clock.now())
            except (ArshjulError, DBAPIError) as exc:  # the database went away: try again later
                say(_trouble(exc))
                upcoming = None
            if not started:
                say(_started(instance, upcoming, clock, safety_seconds))
                started = True
            _set_alarm(scheduler, alarm, clock, upcoming)
            wake.wait()
    finally:
        scheduler.shutdown(wait=False)
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _set_alarm(
    scheduler: object, alarm: Callable[[], None], clock: Clock, upcoming: datetime | None
) -> None:
    seconds = real_seconds_until(clock, upcoming) if upcoming else None
    if seconds is None:
        return
    run_at = datetime.now(UTC) + timedelta(seconds=seconds)  # APScheduler counts real time
    scheduler.add_job(  # type: ignore[attr-defined]
        alarm, "date", run_date=run_at, id=WAKE_JOB, replace_existing=True, misfire_grace_time=None
    )


def _started(instance: str, upcoming: datetime | None, clock: Clock, safety: float) -> str:
    from arshjul.i18n import t

    return t(
        "run_started",
        instance=instance,
        next=upcoming.isoformat() if upcoming else "—",
        safety=f"{safety:g}",
    )


def _trouble(exc: Exception) -> str:
    from arshjul.i18n import t

    text = str(exc.orig) if isinstance(exc, DBAPIError) and exc.orig is not None else str(exc)
    return t(
        "run_trouble", error=text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    )
