"""Subjects bound to the history: rows of other tables whose every change is recorded in the
chain with what the row holds after it, so `audit verify` can hold each row against its newest
record. What a row holds is a fixed list of its columns (`Binding.fields`), read the same way
when it is recorded and when it is verified."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, inspect, or_, select

from arshjul.store import history
from arshjul.store.repository import ITEM, PERSON, RESTRICTION, restrictions
from arshjul.store.tables import CycleConfigRow
from arshjul.store.tables_groups import StandingGroupMemberRow, StandingGroupRow
from arshjul.store.tables_living import PlanDecisionRow, ReplanRequestRow
from arshjul.store.tables_meetings import MeetingRow
from arshjul.store.tables_plan import (
    ActivityOccurrenceRow,
    IndicatorOutcomeRow,
    RiskAssessmentRow,
    RiskRow,
)

SYSTEM = "system"


@dataclass(frozen=True)
class Binding:
    """A table whose rows the chain binds: `kind` names them in the history (`subject_kind`),
    their row id is the `subject_id`, and `fields` are what a record holds of them."""

    kind: str
    table: Table
    fields: tuple[str, ...]
    key: str = "id"  # the column that names a row
    #: Columns a later release added, with the value every row had before: a record holds one
    #: only when the row's value differs, so what was recorded before still matches.
    later: tuple[tuple[str, Any], ...] = ()

    @property
    def id(self) -> Any:
        return self.table.c[self.key]

    def select(self, *, later: bool = True) -> Any:
        names = [*self.fields, *(name for name, _ in self.later if later)]
        return select(self.id.label("id"), *(self.table.c[name] for name in names))

    def content(self, row: Any) -> str:
        held = {name: row[name] for name in self.fields}
        held.update(
            (name, row[name]) for name, before in self.later if name in row and row[name] != before
        )
        return history.canonical(held)


BINDINGS: dict[str, Binding] = {
    b.kind: b
    for b in (
        Binding(
            "risk",
            RiskRow.__table__,  # type: ignore[attr-defined]
            (
                "plan_year",
                "number",
                "description",
                "responsible",
                "person_id",
                "action_level",
                "probability",
                "consequence",
                "action",
                "deadline_kind",
                "deadline",
                "done_at",
                "done_by",
                "done_note",
            ),
            later=(("retired_at", None), ("retired_by", None), ("retired_reason", None)),
        ),
        Binding(
            "risk_assessment",
            RiskAssessmentRow.__table__,  # type: ignore[attr-defined]
            ("risk_id", "probability", "consequence", "note", "assessed_by", "assessed_at"),
        ),
        Binding(
            "indicator_outcome",
            IndicatorOutcomeRow.__table__,  # type: ignore[attr-defined]
            (
                "indicator_id",
                "period",
                "value",
                "number",
                "met",
                "note",
                "recorded_by",
                "recorded_at",
            ),
        ),
        Binding(
            "activity_occurrence",
            ActivityOccurrenceRow.__table__,  # type: ignore[attr-defined]
            ("activity_id", "year", "due", "done_on", "note", "reported_by", "reported_at"),
        ),
        Binding(
            "cycle_config",
            CycleConfigRow.__table__,  # type: ignore[attr-defined]
            ("name", "toml", "digest", "previous_digest", "reason", "set_by", "set_at"),
            key="version",
            later=(("body_id", 1),),
        ),
        Binding(
            "meeting",
            MeetingRow.__table__,  # type: ignore[attr-defined]
            (
                "uid",
                "kind",
                "title",
                "starts_at",
                "ends_at",
                "place",
                "everyone",
                "sequence",
                "cancelled",
                "minutes",
                "minutes_at",
            ),
            later=(("body_id", 1), ("recurring", None)),
        ),
        Binding(
            "standing_group",
            StandingGroupRow.__table__,  # type: ignore[attr-defined]
            ("body_id", "name", "kind", "created_at", "created_by", "moved_at"),
        ),
        Binding(
            "standing_group_member",
            StandingGroupMemberRow.__table__,  # type: ignore[attr-defined]
            ("group_id", "person_id", "added_at", "left_at"),
        ),
        Binding(
            "plan_decision",
            PlanDecisionRow.__table__,  # type: ignore[attr-defined]
            ("body_id", "plan_year", "decided_at", "decided_by", "reference", "note", "digest"),
        ),
        Binding(
            "replan_request",
            ReplanRequestRow.__table__,  # type: ignore[attr-defined]
            (
                "body_id",
                "item_id",
                "requested_by",
                "requested_at",
                "due",
                "reason",
                "answer",
                "answered_by",
                "answered_at",
                "answer_note",
            ),
        ),
    )
}


def record_row(
    conn: Connection,
    kind: str,
    row_id: int,
    event: str,
    actor: str,
    at: datetime,
    *,
    note: str | None = None,
) -> None:
    """Chain what the row `row_id` of a bound table holds now, as the change `event`."""
    rows = list(_records(conn, [kind], ids=[row_id]))
    if len(rows) != 1:
        raise LookupError(f"no {kind} row {row_id} to record")
    history.append(conn, [_subject_row(*rows[0], event, actor, at, note)])


def current(conn: Connection, kind: str, batch: int = 5_000) -> Iterator[tuple[str, str]]:
    """Every row of a bound table as (row id, its content as a record holds it), by id."""
    binding = BINDINGS[kind]
    query = binding.select().order_by(binding.id).execution_options(yield_per=batch)
    for row in conn.execute(query).mappings():
        yield str(row["id"]), binding.content(row)


def adopt(conn: Connection, at: datetime) -> int:
    """Record, once, what the chain did not bind before: every row of the bound tables, and the
    owner, due date and restriction of every item that has them (a `record` row from its state
    to itself). From then on each is held against the chain. Returns the rows chained.

    Migration 0012 runs this on the schema of its time: the columns later releases added
    (`Binding.later`) are not read, and each row then held what they record as the default."""
    owner = PERSON.alias("owner")
    restricted = restrictions(conn)
    items = (
        select(ITEM.c.id, ITEM.c.state, owner.c.email, ITEM.c.due)
        .outerjoin(owner, owner.c.id == ITEM.c.owner_id)
        .where(
            or_(
                ITEM.c.owner_id.is_not(None),
                ITEM.c.due.is_not(None),
                ITEM.c.id.in_(select(RESTRICTION.c.item_id)),
            )
        )
        .order_by(ITEM.c.id)
    )
    rows: list[dict[str, Any]] = [
        {
            "item_id": item_id,
            "event": "record",
            "from_state": state,
            "to_state": state,
            "actor": SYSTEM,
            "at": at,
            "owner": email,
            "due": due,
            "data": history.restriction_data(restricted.get(item_id, ())),
        }
        for item_id, state, email, due in conn.execute(items)
    ]
    # An upgrade from before runs this at its revision: tables a later one makes are not there
    # yet (and are empty when they are made).
    made = [kind for kind, b in BINDINGS.items() if inspect(conn).has_table(b.table.name)]
    rows.extend(
        _subject_row(kind, row_id, content, "record", SYSTEM, at, None)
        for kind, row_id, content in _records(conn, made, later=False)
    )
    history.append(conn, rows)
    return len(rows)


def _records(
    conn: Connection, kinds: list[str], ids: list[int] | None = None, *, later: bool = True
) -> Iterator[tuple[str, str, str]]:
    for kind in kinds:
        binding = BINDINGS[kind]
        query = binding.select(later=later).order_by(binding.id)
        if ids is not None:
            query = query.where(binding.id.in_(ids))
        for row in conn.execute(query).mappings():
            yield kind, str(row["id"]), binding.content(row)


def _subject_row(
    kind: str, row_id: str, content: str, event: str, actor: str, at: datetime, note: str | None
) -> dict[str, Any]:
    row = history.subject_row(kind, row_id, event, actor, at, note=note)
    row["data"] = content
    return row
