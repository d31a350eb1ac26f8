"""Databases as earlier releases left them: the schema of one revision, with data in every table.

Each revision's seeding function writes plain SQL into the tables that revision made, so a
database can be built at any revision, filled as each table appears. Revisions without a
seeding function (those added after 0009) are upgraded through, empty of new data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Date, Engine, MetaData, Table, bindparam, text
from sqlmodel.sql.sqltypes import UTCDateTime

from arshjul.store.history import digest
from arshjul.store.migrate import upgrade

#: The items every old database holds, as `list --json` shows them to the coordinator.
ITEMS = [
    dict(zip(("id", "title", "state", "owner"), row, strict=True))
    for row in (
        ("2027-001", "Övning: kontanter vid elavbrott", "proposed", None),
        ("2027-002", "Analys av betalkedjan", "decided", "olle@nordbanken.se"),
        ("2027-003", "Sekretessbelagd övning", "prioritised", None),
        ("2027-004", "Informationsträff om kris", "deprioritised", None),
        ("2028-001", "Informationsträff om kris", "proposed", None),
    )
]
COORDINATOR = "anna@fi.se"
PROPOSER = "bo@nordbanken.se"
#: Tables whose rows an upgrade must keep, one for one.
KEPT = (
    "organisation", "person", "person_role", "cycle", "item", "item_restriction", "history",
    "due_event", "outbox", "meeting", "meeting_org", "meeting_person", "meeting_item",
    "working_group_member", "goal", "indicator", "indicator_outcome", "running_activity",
    "org_function", "risk", "risk_assessment", "item_plan", "item_quarter", "meeting_agenda",
    "signin_attempt", "signin_token", "web_session", "feed_token", "web_secret",
)  # fmt: skip


def when(day: str) -> datetime:
    """A moment in UTC, as the history and every timestamp column keep it."""
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def insert(conn: Connection, table: str, returning: str | None = None, **values: Any) -> Any:
    """One row by plain SQL; datetimes and dates bound as the columns store them."""
    names = ", ".join(values)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + n for n in values)})"
    statement = text(sql + (f" RETURNING {returning}" if returning else ""))
    for name, value in values.items():
        if isinstance(value, datetime):
            statement = statement.bindparams(bindparam(name, type_=UTCDateTime()))
        elif isinstance(value, date):
            statement = statement.bindparams(bindparam(name, type_=Date()))
    result = conn.execute(statement, values)
    return result.scalar_one() if returning else None


def before_bodies(table: Table) -> Table:
    """A table as it was before migration 0015 gave rows a body: inserting through today's
    table would write the column's default into a database that has no such column."""
    columns = [c._copy() for c in table.columns if c.name != "body_id"]
    return Table(table.name, MetaData(), *columns)


def ids(conn: Connection, table: str, column: str) -> dict[str, int]:
    return {name: id_ for name, id_ in conn.execute(text(f"SELECT {column}, id FROM {table}"))}


def _seed_0001(conn: Connection) -> None:
    created = when("2026-01-05 08:00")
    for year, next_number in ((2027, 5), (2028, 2)):
        insert(conn, "cycle", plan_year=year, next_number=next_number)
    for name, kind, lead in (
        ("Finansinspektionen", "authority", True),
        ("Nordbanken AB", "company", False),
        ("Sydbanken AB", "company", False),
    ):
        insert(
            conn, "organisation", name=name, kind=kind, total_defence=not lead, lead=lead,
            created_at=created,
        )  # fmt: skip
    org = ids(conn, "organisation", "name")
    for email, name, org_name, role in (
        (COORDINATOR, "Anna", "Finansinspektionen", "coordinator"),
        ("chef@fi.se", "Chef", "Finansinspektionen", "decider"),
        (PROPOSER, "Bo", "Nordbanken AB", "proposer"),
        ("olle@nordbanken.se", "Olle", "Nordbanken AB", "owner"),
        ("pia@sydbank.se", "Pia", "Sydbanken AB", "proposer"),
    ):
        person = insert(
            conn, "person", "id", email=email, name=name, org_id=org[org_name], lang="sv",
            created_at=created,
        )  # fmt: skip
        insert(conn, "person_role", person_id=person, role=role)
    person = ids(conn, "person", "email")
    for item in ITEMS:
        number = int(item["id"].split("-")[1])
        cycle = int(item["id"].split("-")[0])
        insert(
            conn, "item", id=item["id"], cycle=cycle, number=number, title=item["title"],
            description="Från en äldre version", kind="exercise", org_id=org["Nordbanken AB"],
            proposer_id=person[PROPOSER], state=item["state"],
            rank=1 if item["state"] in ("prioritised", "decided") else None,
            owner_id=person[item["owner"]] if item["owner"] else None,
            due=date(2027, 6, 30) if item["owner"] else None,
            carried_from="2027-004" if item["id"] == "2028-001" else None,
            no_carry=False, assessment=None, version=1, created_at=created, updated_at=created,
        )  # fmt: skip
    insert(conn, "item_restriction", item_id="2027-003", org_id=org["Nordbanken AB"])
    moves = [
        ("2027-001", "submit", None, "proposed", PROPOSER),
        ("2027-002", "submit", None, "proposed", PROPOSER),
        ("2027-003", "submit", None, "proposed", PROPOSER),
        ("2027-004", "submit", None, "proposed", PROPOSER),
        ("2027-002", "prioritise", "proposed", "prioritised", COORDINATOR),
        ("2027-003", "prioritise", "proposed", "prioritised", COORDINATOR),
        ("2027-002", "decide", "prioritised", "decided", "chef@fi.se"),
        ("2027-004", "deprioritise", "proposed", "deprioritised", COORDINATOR),
        ("2028-001", "carry_in", None, "proposed", "system"),
    ]
    prev = "0" * 64
    for n, (item_id, event, from_state, to_state, actor) in enumerate(moves):
        row = {
            "item_id": item_id, "event": event, "from_state": from_state, "to_state": to_state,
            "actor": actor, "at": when(f"2026-{n + 2:02d}-10 09:00:00.123456"),
            "scheduled_at": when("2026-09-30 22:00") if actor == "system" else None,
            "note": "åäö ✓" if n % 2 else None, "forced": False,
        }  # fmt: skip
        row["prev_hash"], row["hash"] = prev, digest(row, prev)
        insert(conn, "history", **row)
        prev = row["hash"]
    conn.execute(
        text("UPDATE chain_head SET count = :count, last_hash = :hash WHERE id = 1"),
        {"count": len(moves), "hash": prev},
    )


def _seed_0002(conn: Connection) -> None:
    for key, kind, fired in (
        ("phase_closes:2027:dialogue", "phase_closes", when("2026-03-31 22:00")),
        ("due_reminder:2027-002:14", "due_reminder", None),
    ):
        insert(
            conn, "due_event", key=key, kind=kind, subject=key.split(":")[1],
            detail=key.split(":")[2], due_at=when("2026-03-31 22:00"), fired_at=fired,
            fired_by="old-release" if fired else None, late=False if fired else None,
            outcome="ok" if fired else None,
        )  # fmt: skip
    conn.execute(
        text("UPDATE scheduler SET epoch = :epoch, planned_to = 2028 WHERE id = 1").bindparams(
            bindparam("epoch", type_=UTCDateTime())
        ),
        {"epoch": when("2026-01-05 08:00")},
    )
    conn.execute(
        text("UPDATE item SET decided_at = :at WHERE id = '2027-002'").bindparams(
            bindparam("at", type_=UTCDateTime())
        ),
        {"at": when("2026-08-10 09:00")},
    )


def _outbox(conn: Connection, message_id: str, **values: Any) -> None:
    insert(
        conn, "outbox", message_id=message_id, cause=f"cause:{message_id}", kind="assigned",
        recipient="olle@nordbanken.se", lang="sv", subject="Ärende 2027-002", text="Hej",
        html="<p>Hej</p>", created_at=when("2026-08-10 09:00"),
        next_attempt_at=when("2026-08-10 09:00"), attempts=0, **values,
    )  # fmt: skip


def _seed_0003(conn: Connection) -> None:
    _outbox(conn, "<sent@arshjul>", sent_at=when("2026-08-10 09:01"))
    _outbox(conn, "<waiting@arshjul>", last_error="421 try later")


def _seed_0004(conn: Connection) -> None:
    org, person = ids(conn, "organisation", "name"), ids(conn, "person", "email")
    meeting = insert(
        conn, "meeting", "id", uid="m1@arshjul", kind="working_group", title="Arbetsgrupp",
        starts_at=when("2026-09-01 08:00"), ends_at=when("2026-09-01 09:00"), place="FI",
        everyone=False, sequence=0, cancelled=False, minutes="Protokoll",
        minutes_at=when("2026-09-02 08:00"), created_by=COORDINATOR,
        created_at=when("2026-08-01 08:00"), updated_at=when("2026-08-01 08:00"),
    )  # fmt: skip
    insert(conn, "meeting_org", meeting_id=meeting, org_id=org["Nordbanken AB"])
    insert(conn, "meeting_person", meeting_id=meeting, person_id=person["olle@nordbanken.se"])
    insert(conn, "meeting_item", meeting_id=meeting, item_id="2027-003")
    insert(
        conn, "working_group_member", item_id="2027-003", person_id=person[PROPOSER],
        added_at=when("2026-08-01 08:00"),
    )  # fmt: skip


def _seed_0005(conn: Connection) -> None:
    conn.execute(
        text("UPDATE person SET digest = :yes WHERE email = :email"),
        {"yes": True, "email": PROPOSER},
    )
    _outbox(conn, "<held@arshjul>", held=True, bundled_in="<digest@arshjul>")


def _seed_0006(conn: Connection) -> None:
    person = ids(conn, "person", "email")
    conn.execute(
        text("UPDATE person SET manager_id = :manager WHERE email = :email"),
        {"manager": person["olle@nordbanken.se"], "email": PROPOSER},
    )


def _seed_0007(conn: Connection) -> None:
    person = ids(conn, "person", "email")
    created = when("2026-10-01 08:00")
    goal = insert(
        conn, "goal", "id", plan_year=2027, number=1, title="Motståndskraft",
        created_by=COORDINATOR, created_at=created,
    )  # fmt: skip
    indicator = insert(
        conn, "indicator", "id", goal_id=goal, number=1, name="Andel övade", horizon="short",
        focus="Kontanter", target=0.8, better="higher", unit="%", created_at=created,
    )  # fmt: skip
    insert(
        conn, "indicator_outcome", indicator_id=indicator, period="2027", value="75 %",
        number=0.75, met=False, note=None, recorded_by=COORDINATOR, recorded_at=created,
    )  # fmt: skip
    meeting = conn.execute(text("SELECT min(id) FROM meeting")).scalar_one()
    insert(conn, "meeting_agenda", meeting_id=meeting, position=1, text="Läget")
    insert(
        conn, "running_activity", plan_year=2027, number=1, goal_id=goal, letter="a",
        title="Omvärldsbevakning", responsible="FI", created_at=created,
    )  # fmt: skip
    insert(
        conn, "org_function", code="FI-KRIS", name="Krisberedskap", head_id=person[COORDINATOR],
        created_at=created,
    )  # fmt: skip
    risk = insert(
        conn, "risk", "id", plan_year=2027, number=1, description="Elavbrott",
        responsible="FI", person_id=person[COORDINATOR], action_level=2, probability=3,
        consequence=4, action="Öva", deadline_kind="date", deadline=date(2027, 3, 31),
        done_at=None, done_by=None, done_note=None, created_at=created, updated_at=created,
    )  # fmt: skip
    insert(
        conn, "risk_assessment", risk_id=risk, probability=3, consequence=4, note="Första",
        assessed_by=COORDINATOR, assessed_at=created,
    )  # fmt: skip
    insert(conn, "item_plan", item_id="2027-002", goal_id=goal, letter="b", responsible="FI")
    insert(conn, "item_quarter", item_id="2027-002", year=2027, quarter=2)


def _seed_0008(conn: Connection) -> None:
    person = ids(conn, "person", "email")
    created = when("2026-12-01 08:00")
    insert(conn, "signin_attempt", address=PROPOSER, client="127.0.0.1", at=created)
    insert(conn, "web_secret", id=1, secret="s" * 64, created_at=created)
    insert(conn, "feed_token", person_id=person[PROPOSER], token="f" * 43, created_at=created)
    insert(
        conn, "signin_token", token_hash="a" * 64, person_id=person[PROPOSER], created_at=created,
        expires_at=when("2026-12-01 08:15"), used_at=None,
    )  # fmt: skip
    insert(
        conn, "web_session", token_hash="b" * 64, person_id=person[PROPOSER], created_at=created,
        expires_at=when("2026-12-02 08:00"),
    )  # fmt: skip


def _seed_0009(conn: Connection) -> None:
    insert(
        conn, "signin_attempt", address=COORDINATOR, client="127.0.0.2",
        at=when("2026-12-02 08:00"), state="pending",
    )  # fmt: skip


#: What each revision's release could have in its new tables and columns.
SEEDS: dict[str, Callable[[Connection], None]] = {
    "0001": _seed_0001,
    "0002": _seed_0002,
    "0003": _seed_0003,
    "0004": _seed_0004,
    "0005": _seed_0005,
    "0006": _seed_0006,
    "0007": _seed_0007,
    "0008": _seed_0008,
    "0009": _seed_0009,
}


def revisions() -> list[str]:
    """Every revision Alembic knows, oldest first."""
    from alembic.script import ScriptDirectory

    from arshjul.store.migrate import _config

    scripts = ScriptDirectory.from_config(_config(None))  # type: ignore[arg-type]
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def build(engine: Engine, revision: str) -> None:
    """A database at `revision`, made one release at a time, each one's data added as it came."""
    for step in revisions():
        upgrade(engine, step)
        with engine.begin() as conn:
            SEEDS.get(step, lambda _: None)(conn)
        if step == revision:
            return
    raise AssertionError(f"no revision {revision}")


def counts(engine: Engine) -> dict[str, int]:
    """How many rows each kept table holds, of those the database has."""
    from sqlalchemy import inspect

    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        return {
            table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in KEPT
            if table in present
        }


def old_rows(engine: Engine) -> int:
    """The history rows the old release wrote: the upgrade adds `record` rows (migration 0012
    binds what each item, risk, assessment, outcome and meeting holds at the upgrade) and the
    configuration the database adopts (a row about `cycle_config`)."""
    old = "SELECT count(*) FROM history WHERE event <> 'record' AND subject_kind IS NULL"
    with engine.connect() as conn:
        return int(conn.execute(text(old)).scalar_one())
