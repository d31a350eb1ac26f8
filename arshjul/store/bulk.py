"""Writing many rows at once: one INSERT statement, compiled once per dialect, and the driver's
own executemany with values SQLAlchemy's column types have turned into what the database
stores. The same rows as `conn.execute(insert(table), rows)` writes, without building and
processing a parameter dictionary per row (which costs more than the driver's own work)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.engine import Dialect


@dataclass(frozen=True)
class _Prepared:
    sql: str
    names: tuple[str, ...]  # the row keys, in the statement's parameter order
    processors: tuple[Callable[[Any], Any] | None, ...]
    positional: bool
    defaults: dict[str, Any]  # the columns the rows leave out, with their (constant) default


_PREPARED: dict[tuple[Any, ...], _Prepared] = {}


def _prepared(
    table: Table,
    columns: tuple[str, ...],
    dialect: Dialect,
    ignore_conflict_on: str | tuple[str, ...] | None,
) -> _Prepared:
    # One per kind of driver, not per engine: a process that makes many engines (the tests)
    # compiles each statement once.
    key = (table.name, columns, dialect.name, dialect.driver, ignore_conflict_on)
    if key not in _PREPARED:
        _PREPARED[key] = _compile(table, columns, dialect, ignore_conflict_on)
    return _PREPARED[key]


def _compile(
    table: Table,
    columns: tuple[str, ...],
    dialect: Dialect,
    ignore_conflict_on: str | tuple[str, ...] | None,
) -> _Prepared:
    statement: Any = insert(table)
    if ignore_conflict_on is not None:
        # INSERT … ON CONFLICT DO NOTHING: both backends speak it, each its own way.
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            statement = pg_insert(table)
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            statement = sqlite_insert(table)
        statement = statement.on_conflict_do_nothing(
            index_elements=[ignore_conflict_on]
            if isinstance(ignore_conflict_on, str)
            else list(ignore_conflict_on)
        )
    compiled: Any = statement.compile(dialect=dialect, column_keys=list(columns))
    names = tuple(compiled.positiontup) if compiled.positional else tuple(compiled.binds)
    defaults = {}
    for name in names:
        if name not in columns:
            default = table.c[name].default
            if default is None or not default.is_scalar:
                raise TypeError(f"{table.name}.{name}: give it, or a constant default")
            defaults[name] = default.arg
    processors = compiled._bind_processors
    return _Prepared(
        sql=compiled.string,
        names=names,
        processors=tuple(processors.get(name) for name in names),
        positional=bool(compiled.positional),
        defaults=defaults,
    )


def insert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    ignore_conflict_on: str | tuple[str, ...] | None = None,
) -> int:
    """Insert `rows` (dicts with the same keys) in one executemany; with `ignore_conflict_on`,
    rows whose value in that unique column (or columns) exists already are skipped. Returns the rows
    written, as the driver counts them."""
    if not rows:
        return 0
    prepared = _prepared(table, tuple(rows[0]), conn.dialect, ignore_conflict_on)
    if prepared.defaults:
        rows = [prepared.defaults | row for row in rows]
    columns = [[row[name] for row in rows] for name in prepared.names]
    for n, process in enumerate(prepared.processors):
        if process is not None:
            columns[n] = _processed(process, columns[n])
    if prepared.positional:
        params: list[Any] = list(zip(*columns, strict=True))
    else:
        params = [
            dict(zip(prepared.names, values, strict=True)) for values in zip(*columns, strict=True)
        ]
    result = conn.exec_driver_sql(prepared.sql, params)
    return max(result.rowcount, 0)


def _processed(process: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    """A column's values as the database stores them; a value the rows repeat (the moment of
    a change, a state) is converted once."""
    done: dict[Any, Any] = {}
    try:
        for value in values:
            if value not in done:
                done[value] = process(value)
    except TypeError:  # unhashable values (none of our columns so far): convert each
        return [process(value) for value in values]
    return [done[value] for value in values]
