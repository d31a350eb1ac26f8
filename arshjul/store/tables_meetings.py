"""The meeting calendar's tables: meetings, who is invited, their agendas, working groups."""

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel


class MeetingRow(SQLModel, table=True):
    """A meeting FI convenes; `uid` and `sequence` are its iCalendar identity and revision."""

    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=120, unique=True)
    body_id: int = Field(default=1, foreign_key="body.id", index=True)
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
    recurring: str | None = Field(default=None, max_length=40)  # its [[meetings.recurring]] key
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


class MeetingAgendaRow(SQLModel, table=True):
    """A meeting's agenda, one point a row in order (the council's standing agenda, Bilaga 1)."""

    __tablename__ = "meeting_agenda"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    position: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    text: str = Field(max_length=300)
