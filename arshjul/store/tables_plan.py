"""The plan's tables: functions, goals and indicators, measures' places and quarters,
running activities, and the internal control plan's risks."""

from datetime import date, datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel


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
    retired_at: datetime | None = None
    retired_by: str | None = Field(default=None, max_length=254)
    retired_reason: str | None = Field(default=None, sa_type=Text)


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
    retired_at: datetime | None = None
    retired_by: str | None = Field(default=None, max_length=254)
    retired_reason: str | None = Field(default=None, sa_type=Text)


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
    #: A recurring one: "year", on `recur_on` ("P 03-31"), reminded and followed up each time.
    every: str | None = Field(default=None, max_length=10)
    recur_on: str | None = Field(default=None, max_length=12)
    retired_at: datetime | None = None
    retired_by: str | None = Field(default=None, max_length=254)
    retired_reason: str | None = Field(default=None, sa_type=Text)


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
    retired_at: datetime | None = None
    retired_by: str | None = Field(default=None, max_length=254)
    retired_reason: str | None = Field(default=None, sa_type=Text)


class ActivityOccurrenceRow(SQLModel, table=True):
    """An occurrence of a recurring activity reported done: the one of plan year `year`."""

    __tablename__ = "activity_occurrence"
    __table_args__ = (UniqueConstraint("activity_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="running_activity.id", index=True)
    year: int
    due: date
    done_on: date
    note: str | None = Field(default=None, sa_type=Text)
    reported_by: str = Field(max_length=254)
    reported_at: datetime


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
