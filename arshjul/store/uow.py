"""The unit of work: one transaction per use case, committed explicitly, rolled back by default."""

from __future__ import annotations

import gc
from datetime import datetime
from types import TracebackType

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError

from arshjul.errors import BadInput, Conflict, StoreError
from arshjul.states.events import DomainEvent
from arshjul.states.model import FIRST_BODY
from arshjul.store.engine import WRITE, is_sqlite
from arshjul.store.repository import Repository


class UnitOfWork:
    """`with UnitOfWork(engine, write=True) as uow: ...; uow.commit()`.

    A writing unit of work on SQLite begins IMMEDIATE (writers queue, up to the busy timeout);
    on PostgreSQL it runs READ COMMITTED and relies on the version column and row locks.
    Library errors leave it as ours.

    A writing unit of work pauses Python's cyclic garbage collector until it ends: a change of
    100,000 items makes objects that all live until it commits, and each full collection walks
    every one of them again (measured: a third of a deadline's time). What is garbage is
    collected after, as usual.
    """

    def __init__(
        self, engine: Engine, *, write: bool = True, glance: bool = False, body: int = FIRST_BODY
    ) -> None:
        self.engine = engine
        self.body_id = body  # the body whose items, roles and cycle it works in
        self.write = write
        self._glance = glance
        self.events: list[DomainEvent] = []
        #: Mail written in this transaction goes out no earlier (the scheduler's office hours).
        self.mail_not_before: datetime | None = None
        self._conn: Connection | None = None
        self._repo: Repository | None = None
        self._paused_gc = False
        self._consistent = False

    def snapshot(self) -> UnitOfWork:
        """A separate read-only unit of work: a consistent view over several statements."""
        return UnitOfWork(self.engine, write=False, body=self.body_id)

    def consistent(self) -> UnitOfWork:
        """This read-only unit of work as one snapshot over all its statements: on PostgreSQL
        REPEATABLE READ (READ COMMITTED would let a walk of many statements see a change made
        halfway through it); SQLite's read transaction is one already."""
        self._consistent = True
        return self

    def glance(self) -> UnitOfWork:
        """A separate read of one statement, outside any transaction (on PostgreSQL no BEGIN
        and ROLLBACK around it: two round trips fewer): what a person saw before they act."""
        return UnitOfWork(self.engine, write=False, glance=True, body=self.body_id)

    @property
    def repo(self) -> Repository:
        assert self._repo is not None, "use the unit of work in a with block"
        return self._repo

    @property
    def connection(self) -> Connection:
        assert self._conn is not None, "use the unit of work in a with block"
        return self._conn

    def __enter__(self) -> UnitOfWork:
        if self.write and gc.isenabled():
            gc.disable()
            self._paused_gc = True
        try:
            self._conn = self.engine.connect().execution_options(**{WRITE: self.write})
            if self._glance and not is_sqlite(self.engine):
                # SQLite's BEGIN costs nothing and keeps its reads in WAL's snapshot.
                self._conn.execution_options(isolation_level="AUTOCOMMIT")
            elif self._consistent and not is_sqlite(self.engine):
                self._conn.execution_options(isolation_level="REPEATABLE READ")
            self._conn.begin()
            self._repo = Repository(self._conn, self.body_id)
        except OperationalError as exc:
            self._resume_gc()
            raise _ours(exc, self.engine) from None
        return self

    def _resume_gc(self) -> None:
        if self._paused_gc:
            self._paused_gc = False
            gc.enable()

    def commit(self) -> None:
        assert self._conn is not None
        try:
            self._conn.commit()
        except DBAPIError as exc:
            raise _ours(exc, self.engine) from None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        conn, self._conn, self._repo = self._conn, None, None
        try:
            if conn is not None:
                try:
                    conn.rollback()  # nothing after an explicit commit
                finally:
                    conn.close()
        finally:
            self._resume_gc()
        if isinstance(exc, DBAPIError):
            raise _ours(exc, self.engine) from None


def _ours(exc: DBAPIError, engine: Engine) -> Exception:
    message = str(exc.orig) if exc.orig is not None else str(exc)
    if isinstance(exc, IntegrityError):
        return Conflict("conflict_retry")
    if isinstance(exc, DataError):  # a value out of the column's range: refused, nothing kept
        return BadInput("db_refused_value", reason=message.strip().splitlines()[0])
    if is_sqlite(engine) and "locked" in message:
        return Conflict("busy")
    if isinstance(exc, OperationalError) and "deadlock" in message:
        return Conflict("busy")
    if isinstance(exc, OperationalError):
        return StoreError(
            "db_unreachable",
            url=engine.url.render_as_string(hide_password=True),
            reason=message.strip().splitlines()[0],
        )
    return exc
