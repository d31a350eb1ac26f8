"""Every table on `SQLModel.metadata`: what Alembic and the schema test compare against."""

from arshjul.store import (
    tables,
    tables_groups,
    tables_living,
    tables_meetings,
    tables_overlap,
    tables_plan,
    tables_web,
)

__all__ = [
    "tables",
    "tables_groups",
    "tables_living",
    "tables_meetings",
    "tables_overlap",
    "tables_plan",
    "tables_web",
]
