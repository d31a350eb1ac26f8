"""SQLModel tables. States are plain strings: no native ENUM for Alembic to stumble on."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


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


class PersonRoleRow(SQLModel, table=True):
    __tablename__ = "person_role"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    role: str = Field(max_length=20, primary_key=True)


class CycleRow(SQLModel, table=True):
    """One row a plan year; it hands out the item numbers within it."""

    __tablename__ = "cycle"

    plan_year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    next_number: int = 1


class ItemRow(SQLModel, table=True):
    __tablename__ = "item"
    __table_args__ = (UniqueConstraint("cycle", "number"),)

    id: str = Field(max_length=20, primary_key=True)
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
    """Append-only: each row hashes its content and the row before it."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_item_seq", "item_id", "seq"),)

    seq: int | None = Field(
        default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True)
    )
    item_id: str = Field(sa_column=Column(String(20), ForeignKey("item.id"), nullable=False))
    event: str = Field(max_length=20)
    from_state: str | None = Field(default=None, max_length=20)
    to_state: str = Field(max_length=20)
    actor: str = Field(max_length=254)
    at: datetime
    scheduled_at: datetime | None = None
    note: str | None = Field(default=None, sa_type=Text)
    forced: bool = False
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class ChainHeadRow(SQLModel, table=True):
    """The end of the history chain: its length and last hash, so removed tail rows show."""

    __tablename__ = "chain_head"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    count: int = 0
    last_hash: str = Field(max_length=64)


GENESIS = "0" * 64


class DueEventRow(SQLModel, table=True):
    """An event the scheduler will fire: planned once, fired once (fired_at set in the effect's
    transaction), identified by `key` = kind, subject, detail and the time it is due."""

    __tablename__ = "due_event"
    __table_args__ = (Index("ix_due_event_pending", "fired_at", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=30)
    subject: str = Field(max_length=20, index=True)
    detail: str = Field(default="", max_length=40)
    due_at: datetime
    fired_at: datetime | None = None
    fired_by: str | None = Field(default=None, max_length=80)
    late: bool | None = None
    outcome: str | None = Field(default=None, sa_type=Text)


class SchedulerRow(SQLModel, table=True):
    """The scheduler's own state; its one row is also the lock that puts firings in order."""

    __tablename__ = "scheduler"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    epoch: datetime | None = None  # events due before this are not planned (set by init)
    planned_to: int | None = None  # the last plan year whose cycle events are planned
    fingerprint: str | None = Field(default=None, max_length=64)  # of the schedule's config


class OutboxRow(SQLModel, table=True):
    """A message, written in the transaction of its cause; delivered, and retried, later.

    `message_id` comes from the cause and the recipient, so one cause never yields two messages
    to one person, and a retried delivery carries the same Message-ID.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(max_length=200, unique=True)
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
    held: bool = False  # waits for its reader's weekly digest
    bundled_in: str | None = Field(default=None, max_length=200)  # the digest's Message-ID


class MeetingRow(SQLModel, table=True):
    """A meeting FI convenes; `uid` and `sequence` are its iCalendar identity and revision."""

    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=120, unique=True)
    kind: str = Field(max_length=20)
    title: str = Field(max_length=200)
    starts_at: datetime = Field(index=True)
    ends_at: datetime
    place: str | None = Field(default=None, max_length=200)
    everyone: bool = False
    sequence: int = 0
    cancelled: bool = False
    minutes: str | None = Field(default=None, sa_type=Text)
    minutes_at: datetime | None = None
    created_by: str = Field(max_length=254)
    created_at: datetime
    updated_at: datetime


class MeetingOrgRow(SQLModel, table=True):
    __tablename__ = "meeting_org"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    org_id: int = Field(foreign_key="organisation.id", primary_key=True)


class MeetingPersonRow(SQLModel, table=True):
    __tablename__ = "meeting_person"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True)


class MeetingItemRow(SQLModel, table=True):
    __tablename__ = "meeting_item"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    item_id: str = Field(foreign_key="item.id", primary_key=True, max_length=20)


class WorkingGroupRow(SQLModel, table=True):
    """A measure's working group: set up per measure, never standing (framework §4.2.2)."""

    __tablename__ = "working_group_member"

    item_id: str = Field(foreign_key="item.id", primary_key=True, max_length=20)
    person_id: int = Field(foreign_key="person.id", primary_key=True)
    added_at: datetime


class SignInTokenRow(SQLModel, table=True):
    """A one-time sign-in link sent by mail: kept as its SHA-256 only, used once, short-lived."""

    __tablename__ = "signin_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class SignInAttemptRow(SQLModel, table=True):
    """A request for a sign-in link, known address or not: what throttling counts."""

    __tablename__ = "signin_attempt"
    __table_args__ = (
        Index("ix_signin_attempt_address", "address", "at"),
        Index("ix_signin_attempt_client", "client", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=254)
    client: str = Field(max_length=100)
    at: datetime = Field(index=True)
    #: new (not counted yet), admitted (the courier makes its link, if anyone is registered
    #: under the address), refused (over a limit), done (the courier has seen it).
    state: str = Field(default="done", max_length=8, sa_column_kwargs={"server_default": "done"})


class WebSessionRow(SQLModel, table=True):
    """A signed-in browser: the cookie carries the token, the database its SHA-256 and expiry,
    so signing out ends the session wherever a copy of the cookie is."""

    __tablename__ = "web_session"

    token_hash: str = Field(max_length=64, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime
    expires_at: datetime = Field(index=True)


class FeedTokenRow(SQLModel, table=True):
    """A person's private calendar feed address: the token is the address, so it is kept as it
    is (the page shows it again); a new one replaces it."""

    __tablename__ = "feed_token"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    token: str = Field(max_length=64, unique=True)
    created_at: datetime


class WebSecretRow(SQLModel, table=True):
    """The key the web page signs its cookies with, made on first use and shared by every
    process serving the same database."""

    __tablename__ = "web_secret"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    secret: str = Field(max_length=128)
    created_at: datetime


class MeetingAgendaRow(SQLModel, table=True):
    """A meeting's agenda, one point a row in order (the council's standing agenda, Bilaga 1)."""

    __tablename__ = "meeting_agenda"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    position: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    text: str = Field(max_length=300)


# goals, indicators and the internal control plan ------------------------------------------


class FunctionRow(SQLModel, table=True):
    """A function that answers for measures and risks (FO, MO, BO), and the person it is led by."""

    __tablename__ = "org_function"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)
    name: str = Field(max_length=200)
    head_id: int = Field(foreign_key="person.id")
    created_at: datetime


class GoalRow(SQLModel, table=True):
    """An overall goal of one plan year (övergripande mål), numbered within the plan."""

    __tablename__ = "goal"
    __table_args__ = (UniqueConstraint("plan_year", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_year: int = Field(index=True)
    number: int
    title: str = Field(max_length=200)
    created_by: str = Field(max_length=254)
    created_at: datetime


class IndicatorRow(SQLModel, table=True):
    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("goal_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    number: int
    name: str = Field(max_length=300)
    horizon: str | None = Field(default=None, max_length=10)
    focus: str | None = Field(default=None, max_length=200)
    target: float | None = None
    better: str = Field(default="higher", max_length=10)
    unit: str | None = Field(default=None, max_length=20)
    created_at: datetime


class IndicatorOutcomeRow(SQLModel, table=True):
    """An indicator's outcome for a period; recorded again, the newer row counts (both stay)."""

    __tablename__ = "indicator_outcome"

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    period: str = Field(max_length=10)
    value: str = Field(max_length=200)
    number: float | None = None
    met: bool | None = None
    note: str | None = Field(default=None, sa_type=Text)
    recorded_by: str = Field(max_length=254)
    recorded_at: datetime


class ItemPlanRow(SQLModel, table=True):
    """A decided measure's place in the plan: its goal and letter (1a), and who answers for it."""

    __tablename__ = "item_plan"
    __table_args__ = (UniqueConstraint("goal_id", "letter"),)

    item_id: str = Field(foreign_key="item.id", primary_key=True, max_length=20)
    goal_id: int | None = Field(default=None, foreign_key="goal.id", index=True)
    letter: str | None = Field(default=None, max_length=4)
    responsible: str | None = Field(default=None, max_length=60)


class ItemQuarterRow(SQLModel, table=True):
    """A quarter in which a measure is worked on (possibly a year after its plan year)."""

    __tablename__ = "item_quarter"

    item_id: str = Field(foreign_key="item.id", primary_key=True, max_length=20)
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    quarter: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})


class RunningActivityRow(SQLModel, table=True):
    """An activity of a running kind (löpande): someone answers for it, it has no end."""

    __tablename__ = "running_activity"
    __table_args__ = (UniqueConstraint("plan_year", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_year: int = Field(index=True)
    number: int
    goal_id: int | None = Field(default=None, foreign_key="goal.id")
    letter: str | None = Field(default=None, max_length=4)
    title: str = Field(max_length=200)
    responsible: str = Field(max_length=60)
    created_at: datetime


class RiskRow(SQLModel, table=True):
    """A risk of the internal control plan, with its current scores and its action."""

    __tablename__ = "risk"
    __table_args__ = (UniqueConstraint("plan_year", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_year: int = Field(index=True)
    number: int
    description: str = Field(sa_type=Text)
    responsible: str = Field(max_length=60)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    action_level: int
    probability: int
    consequence: int
    action: str = Field(sa_type=Text)
    deadline_kind: str = Field(max_length=12)  # date | continuous | as_needed
    deadline: date | None = None
    done_at: datetime | None = None
    done_by: str | None = Field(default=None, max_length=254)
    done_note: str | None = Field(default=None, sa_type=Text)
    created_at: datetime
    updated_at: datetime


class RiskAssessmentRow(SQLModel, table=True):
    """Every scoring of a risk, the first one included: reassessing keeps the earlier ones."""

    __tablename__ = "risk_assessment"

    id: int | None = Field(default=None, primary_key=True)
    risk_id: int = Field(foreign_key="risk.id", index=True)
    probability: int
    consequence: int
    note: str | None = Field(default=None, sa_type=Text)
    assessed_by: str = Field(max_length=254)
    assessed_at: datetime
