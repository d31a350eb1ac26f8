"""A body's standing working groups and networks, and who is in them."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

GROUP_KINDS = ("group", "network")


class StandingGroupRow(SQLModel, table=True):
    """A standing working group or network of a body (FSPOS's "Övning"); it may move to another
    body with its members and history (`moved_at`: when it last did)."""

    __tablename__ = "standing_group"
    __table_args__ = (UniqueConstraint("body_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    body_id: int = Field(foreign_key="body.id", index=True)
    name: str = Field(max_length=100)
    kind: str = Field(max_length=10)  # GROUP_KINDS
    created_at: datetime
    created_by: str = Field(max_length=254)
    moved_at: datetime | None = None


class StandingGroupMemberRow(SQLModel, table=True):
    """A person's time in a standing group: leaving ends the row (`left_at`) instead of removing
    it, so the chain that binds each row by its id keeps the group's whole membership."""

    __tablename__ = "standing_group_member"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="standing_group.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    added_at: datetime
    left_at: datetime | None = None
