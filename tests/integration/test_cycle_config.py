"""The stored cycle configuration in the store and the scheduler, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

from arshjul.store import cycle_config
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import ticker
from arshjul.workflow.cycle_change import set_config
from tests.conftest import COORDINATOR, Sector, at

EARLIER = '[phases.prioritisation]\ncloses = "P-1 06-15"\n'


def closing(sector: Sector) -> list[str]:
    """When the 2027 prioritisation phase is planned to close, as the store has it."""
    with UnitOfWork(sector.engine, write=False) as uow:
        rows = ticker.due.upcoming(uow.connection, 10_000, 1)
    return [
        r["due_at"].astimezone(sector.calendar.tz).isoformat()
        for r in rows
        if (r["kind"], r["subject"], r["detail"]) == ("phase_closes", "2027", "prioritisation")
    ]


def test_a_running_scheduler_with_the_old_calendar_follows_a_cycle_set_at_its_next_tick(
    sector: Sector,
) -> None:
    """`run` started before `cycle set` still holds the FTPOS calendar: its next tick plans by
    the stored configuration instead of planning the old dates back."""
    sector.clock.set(at("2026-02-10 00:00"))
    ticker.tick(sector.engine, sector.clock, sector.calendar, follow_stored=True)
    assert closing(sector) == ["2026-07-01T00:00:00+02:00"]
    set_config(sector.uow(), sector.clock, COORDINATOR, EARLIER, "earlier.toml")
    assert closing(sector) == ["2026-06-16T00:00:00+02:00"]
    sector.clock.set(at("2026-02-11 00:00"))
    ticker.tick(sector.engine, sector.clock, sector.calendar, follow_stored=True)
    assert closing(sector) == ["2026-06-16T00:00:00+02:00"]


def test_two_changes_at_once_are_two_versions_in_order(sector: Sector) -> None:
    """Two coordinators setting configurations at the same moment: both kept, one after the
    other, each naming the digest it replaced."""
    texts = [EARLIER, '[phases.decision]\ncloses = "P-1 09-15"\n']
    errors: list[Exception] = []

    def change(toml: str) -> None:
        try:
            set_config(sector.uow(), sector.clock, COORDINATOR, toml, "x.toml")
        except Exception as exc:  # the test reports any failure below
            errors.append(exc)

    threads = [threading.Thread(target=change, args=(toml,)) for toml in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with UnitOfWork(sector.engine, write=False) as uow:
        versions = cycle_config.versions(uow.connection)
    assert [v.version for v in versions] == [1, 2, 3]
    assert [v.previous_digest for v in versions[1:]] == [v.digest for v in versions[:-1]]
