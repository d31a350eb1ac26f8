"""Changing the cycle configuration a database runs by: `cycle set FILE`, `init --config`,
and a database from before that adopts the one it is first run with.

One transaction: who may, under the scheduler's lock; refused if it would move an event that
has already taken effect (or a deadline still to come into the past); the new version recorded
beside the digest it replaces; what is due planned anew.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import Connection

from arshjul.clock import Clock
from arshjul.config import CycleConfig, config_from_text
from arshjul.errors import NotAllowed, Refused
from arshjul.i18n import t
from arshjul.states import Role
from arshjul.states.model import derived_short, plan_year_of
from arshjul.store import bodies, cycle_config, due, groups
from arshjul.store.cycle_config import StoredConfig
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import schedule, ticker
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.cycle_config import SYSTEM, given_text, parse_stored
from arshjul.workflow.services import actor_of

#: Deadlines still to come that a change may not move into the past (they would fire at once).
_DEADLINES = (schedule.PHASE_OPENS, schedule.PHASE_CLOSES, schedule.FOLLOWUP_REQUEST)


@dataclass(frozen=True)
class Change:
    before: StoredConfig | None
    after: StoredConfig
    changed: bool

    def to_json(self, tz: tzinfo) -> dict[str, object]:
        return {
            "changed": self.changed,
            "version": self.after.version,
            "name": self.after.name,
            "digest": self.after.digest,
            "previous_digest": self.before.digest if self.before else None,
            "set_by": self.after.set_by,
            "set_at": self.after.set_at.astimezone(tz).isoformat(),
        }


def set_config(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    text: str,
    where: str,
    *,
    bootstrap: bool = False,
) -> Change:
    """Put `text` in force, for coordinators; an identical configuration changes nothing.

    With `bootstrap` (`init`, a database from before adopting its first), anyone may while
    the database keeps none, or nobody is registered yet."""
    config = config_from_text(text, where)
    with uow:
        conn = uow.connection
        now = clock.now()
        body = uow.repo.body
        state = due.lock(conn, body.id)
        before = cycle_config.current(conn, body.id)
        if before is None and cycle_config.chained(conn):
            # Its versions were removed behind the engine's back: adopting a new one would
            # launder that; the database is restored, not re-configured.
            raise Refused("config_lost")
        if not bootstrap:
            set_by = _who(uow, actor_email, anyone=False)
        if before is not None and before.digest == config.digest:
            return Change(before, before, False)
        if bootstrap:
            set_by = _who(uow, actor_email, before is None or not uow.repo.has_people())
        calendar = CycleCalendar(config, body)
        _refuse_moves(conn, calendar, now)
        after = cycle_config.record(
            conn,
            name=config.name,
            toml=text,
            digest=config.digest,
            reason=cycle_config.SET if before is not None else cycle_config.INIT,
            set_by=set_by,
            set_at=now,
            body_id=body.id,
        )
        if before is None and body.first:
            # A new database's one body is named by the configuration it is set up with.
            bodies.name_first(conn, config.body.short or derived_short(config.name), config.name)
        _new_groups(conn, body.id, config, before, set_by, now)
        if state.planned_to is not None:  # else the first tick plans, by the stored one
            ticker.plan(conn, calendar, now)
        uow.commit()
    return Change(before, after, True)


def _new_groups(
    conn: Connection,
    body_id: int,
    config: CycleConfig,
    before: StoredConfig | None,
    by: str,
    at: datetime,
) -> None:
    """The standing working groups a configuration names that the one it replaces did not are
    made (a group moved away since is not made again while its name stays in the file)."""
    named = config.body.standing_groups
    if before is not None:
        kept = set(parse_stored(before).body.standing_groups)
        named = tuple(name for name in named if name not in kept)
    if named:
        groups.ensure(conn, body_id, named, by, at)


def store_at_init(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    path: str | Path | None,
    *,
    existed: bool,
    say: Callable[[str], None],
) -> None:
    """`init`: a new database keeps the configuration given (or FTPOS); one from before adopts
    it and says so; one that keeps another takes a given file as `cycle set` would."""
    text, where = given_text(path)
    with uow.snapshot() as look:
        stored = cycle_config.current(look.connection)
    if stored is not None and path is None:
        return
    change = set_config(uow, clock, actor_email, text, where, bootstrap=True)
    if not change.changed:
        return
    if stored is not None:
        key = "config_changed"
    elif existed:
        key = "config_adopted"
    else:
        key = "config_kept"
    say(t(key, name=change.after.name, digest=change.after.digest, where=where))


def _who(uow: UnitOfWork, actor_email: str | None, anyone: bool) -> str:
    if anyone:
        return actor_email or SYSTEM
    actor = actor_of(uow, actor_email)
    if not actor.has(Role.coordinator):
        raise NotAllowed("needs_coordinator_config", email=actor.email)
    return actor.email


def _refuse_moves(conn: Connection, calendar: CycleCalendar, now: datetime) -> None:
    """No event that has taken effect moves; no deadline still to come moves into the past."""
    # A deadline moved says more than the reminder before it: deadlines are looked at first.
    fired = sorted(
        due.events_of_kinds(conn, schedule.CYCLE_KINDS, calendar.body.id, fired=True),
        key=lambda row: row["kind"] == schedule.PHASE_REMINDER,
    )
    pending = due.events_of_kinds(conn, _DEADLINES, calendar.body.id, fired=False)
    years = {plan_year_of(row["subject"]) for row in [*fired, *pending]}
    new = {
        (e.kind, e.subject, e.detail): e.due_at
        for year in sorted(years)
        for e in schedule.cycle_events(calendar, year)
    }

    def shown(at: datetime) -> str:
        return calendar.local(at).strftime("%Y-%m-%d %H:%M")

    # A reminder already sent is not sent again when it moves to before the last event that
    # fired (nothing is planned there): only one that would come again refuses the change.
    last = due.last_fired_due(conn, calendar.body.id)
    for row in fired:
        at = new.get((row["kind"], row["subject"], row["detail"]))
        if at is None or at == row["due_at"]:
            continue
        if row["kind"] == schedule.PHASE_REMINDER and last is not None and at <= last:
            continue
        raise Refused(
            "config_moves_fired",
            event=_event(row),
            was=shown(row["due_at"]),
            becomes=shown(at),
        )
    for row in pending:
        at = new.get((row["kind"], row["subject"], row["detail"]))
        if at is not None and at != row["due_at"] and at <= now:
            raise Refused(
                "config_moves_past",
                event=_event(row),
                was=shown(row["due_at"]),
                becomes=shown(at),
                now=shown(now),
            )


def _event(row: object) -> str:
    kind, subject, detail = row["kind"], row["subject"], row["detail"]  # type: ignore[index]
    return " ".join(part for part in (kind, subject, detail) if part)
