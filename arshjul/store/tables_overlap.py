"""The overlap view's table: pairs of items of different bodies a coordinator has marked as
coordinated, so the view flags them no more."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Text
from sqlmodel import Field, SQLModel


class OverlapMarkRow(SQLModel, table=True):
    """A pair marked coordinated: its ids in order (a < b), so a pair is one row whichever
    order it was named in; the note says how the two bodies settled it."""

    __tablename__ = "overlap_mark"

    a: str = Field(sa_column=Column(String(20), ForeignKey("item.id"), primary_key=True))
    b: str = Field(sa_column=Column(String(20), ForeignKey("item.id"), primary_key=True))
    note: str = Field(sa_type=Text)
    marked_by: str = Field(max_length=254)
    marked_at: datetime
