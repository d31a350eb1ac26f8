"""The core's SQLModel tables: organisations, people, cycles, items and their history, due
events, the outbox. States are plain strings: no native ENUM for Alembic to stumble on. The
meetings', the web page's and the plan's tables are in their own modules, so a command loads
only what it touches (`schema` loads them all)."""

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class BodyRow(SQLModel, table=True):
    """A cooperation forum; the first (id 1) is the one an existing database became. Its
    scheduler's planning horizon and the fingerprint of the configuration it planned by."""

    __tablename__ = "body"

    id: int | None = Field(default=None, primary_key=True)
    short: str = Field(max_length=12, unique=True)
    name: str = Field(max_length=200)
    created_at: datetime
    planned_to: int | None = None  # the last plan year whose cycle events are planned
    fingerprint: str | None = Field(default=None, max_length=64)  # of the schedule's config


class BodyMemberRow(SQLModel, table=True):
    """An organisation taking part in a body, and how: member, designated or adjunct."""

    __tablename__ = "body_member"

    body_id: int = Field(foreign_key="body.id", primary_key=True)
    org_id: int = Field(foreign_key="organisation.id", primary_key=True)
    kind: str = Field(max_length=20)
    added_at: datetime


class OrganisationRow(SQLModel, table=True):
    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=20)
    total_defence: bool = False
    lead: bool = False
    created_at: datetime


class PersonRow(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=200)
    org_id: int = Field(foreign_key="organisation.id", index=True)
    lang: str | None = Field(default=None, max_length=2)
    digest: bool = False  # a weekly digest instead of single messages (reminders still come)
    manager_id: int | None = Field(
        default=None, foreign_key="person.id"
    )  # told about their measures
    created_at: datetime
    # Deactivated: signs in to nothing, acts in no command, is mailed nothing (why: the chain).
    deactivated_at: datetime | None = None


class PersonRoleRow(SQLModel, table=True):
    __tablename__ = "person_role"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    body_id: int = Field(foreign_key="body.id", primary_key=True)
    role: str = Field(max_length=20, primary_key=True)


class CycleRow(SQLModel, table=True):
    """One row a plan year that has items (of any body)."""

    __tablename__ = "cycle"

    plan_year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})


class ItemNumberRow(SQLModel, table=True):
    """A body's next item number in a plan year: each body numbers its own items."""

    __tablename__ = "item_number"

    body_id: int = Field(foreign_key="body.id", primary_key=True)
    plan_year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    next_number: int = 1


class ItemRow(SQLModel, table=True):
    __tablename__ = "item"
    __table_args__ = (UniqueConstraint("body_id", "cycle", "number"),)

    id: str = Field(max_length=20, primary_key=True)
    body_id: int = Field(default=1, foreign_key="body.id")
    cycle: int = Field(foreign_key="cycle.plan_year", index=True)
    number: int
    title: str = Field(max_length=200)
    description: str | None = Field(default=None, sa_type=Text)
    kind: str = Field(max_length=20)
    org_id: int = Field(foreign_key="organisation.id", index=True)
    proposer_id: int = Field(foreign_key="person.id")
    state: str = Field(max_length=20, index=True)
    rank: int | None = None
    owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    due: date | None = None
    decided_at: datetime | None = None
    carried_from: str | None = Field(
        default=None, foreign_key="item.id", unique=True, max_length=20
    )
    no_carry: bool = False
    assessment: str | None = Field(default=None, max_length=20)
    version: int = 1
    created_at: datetime
    updated_at: datetime


class ItemRestrictionRow(SQLModel, table=True):
    """Need-to-know: the organisations an item's content is shared with."""

    __tablename__ = "item_restriction"

    item_id: str = Field(foreign_key="item.id", primary_key=True, max_length=20)
    org_id: int = Field(foreign_key="organisation.id", primary_key=True)


class HistoryRow(SQLModel, table=True):
    """Append-only: each row hashes its content and the row before it.

    An item's row has `item_id`, the states it moved between and, when the move set them, the
    owner and due date. Any other subject's row (a risk, a meeting, the configuration) names it
    by `subject_kind` and `subject_id` and carries what the subject holds after the change as
    canonical JSON in `data`. The newer fields are hashed only when they are not null, so rows
    written before them keep their hashes.
    """

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_item_seq", "item_id", "seq"),)

    seq: int | None = Field(
        default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True)
    )
    item_id: str | None = Field(
        default=None, sa_column=Column(String(20), ForeignKey("item.id"), nullable=True)
    )
    event: str = Field(max_length=20)
    from_state: str | None = Field(default=None, max_length=20)
    to_state: str | None = Field(default=None, max_length=20)
    actor: str = Field(max_length=254)
    at: datetime
    scheduled_at: datetime | None = None
    note: str | None = Field(default=None, sa_type=Text)
    forced: bool = False
    owner: str | None = Field(default=None, max_length=254)
    due: date | None = None
    subject_kind: str | None = Field(default=None, max_length=30)
    subject_id: str | None = Field(default=None, max_length=40)
    data: str | None = Field(default=None, sa_type=Text)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class ChainHeadRow(SQLModel, table=True):
    """The end of the history chain: its length and last hash, so removed tail rows show; and
    the id of the key the chain is sealed with from its key mark on (null: not keyed)."""

    __tablename__ = "chain_head"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    count: int = 0
    last_hash: str = Field(max_length=64)
    key_id: str | None = Field(default=None, max_length=16)


GENESIS = "0" * 64


class DueEventRow(SQLModel, table=True):
    """An event the scheduler will fire: planned once, fired once (fired_at set in the effect's
    transaction), identified by `key` = kind, subject, detail and the time it is due."""

    __tablename__ = "due_event"
    __table_args__ = (Index("ix_due_event_pending", "fired_at", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    body_id: int = Field(default=1, foreign_key="body.id")
    kind: str = Field(max_length=30)
    subject: str = Field(max_length=20, index=True)
    detail: str = Field(default="", max_length=40)
    due_at: datetime
    fired_at: datetime | None = None
    fired_by: str | None = Field(default=None, max_length=80)
    late: bool | None = None
    outcome: str | None = Field(default=None, sa_type=Text)
    # Fired but told nobody, and why: its moment had passed, a nearer reminder went, done meanwhile.
    void: str | None = Field(default=None, max_length=20)


class SchedulerRow(SQLModel, table=True):
    """The scheduler's own state; its one row is also the lock that puts firings in order."""

    __tablename__ = "scheduler"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    epoch: datetime | None = None  # events due before this are not planned (set by init)


class OutboxRow(SQLModel, table=True):
    """A message, written in the transaction of its cause; delivered, and retried, later.

    `message_id` comes from the cause and the recipient, so one cause never yields two messages
    to one person, and a retried delivery carries the same Message-ID.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(max_length=200, unique=True)
    body_id: int = Field(default=1, foreign_key="body.id")  # whose change wrote it
    cause: str = Field(max_length=200, index=True)
    kind: str = Field(max_length=40)
    recipient: str = Field(max_length=254, index=True)
    lang: str = Field(max_length=2)
    subject: str = Field(max_length=300)
    text: str = Field(sa_type=Text)
    html: str = Field(sa_type=Text)
    attachment_name: str | None = Field(default=None, max_length=100)
    attachment_type: str | None = Field(default=None, max_length=100)
    attachment: str | None = Field(default=None, sa_type=Text)
    created_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_type=Text)
    sent_at: datetime | None = None
    failed_at: datetime | None = None  # refused for good (5xx, or too many attempts)
    claimed_by: str | None = Field(default=None, max_length=40)  # the sender holding it
    held: bool = False  # waits for its reader's weekly digest
    not_before: datetime | None = None  # the scheduler's mail waits for office hours
    bundled_in: str | None = Field(default=None, max_length=200)  # the digest's Message-ID


class CycleConfigRow(SQLModel, table=True):
    """The cycle configuration the database runs by, append-only: the newest version is in
    force; each row keeps the digest it replaced, who set it and when."""

    __tablename__ = "cycle_config"

    version: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    body_id: int = Field(default=1, foreign_key="body.id", index=True)
    name: str = Field(max_length=200)
    toml: str = Field(sa_type=Text)
    digest: str = Field(max_length=64)
    previous_digest: str | None = Field(default=None, max_length=64)
    reason: str = Field(max_length=20)  # init | set | adopted
    set_by: str = Field(max_length=254)
    set_at: datetime
