"""One person, one year: the bodies a signed-in person works in, each read on its own.

A person signs in once; their organisation may take part in several bodies (FTPOS, SOES, …).
Every page reads each of those bodies with its own unit of work, its own calendar and the
person's roles IN THAT BODY: a coordinator of one body is a plain member of another there.
A body the person's organisation does not take part in is missing to them, as an item that
does not exist. With one body in the database nothing is marked and the pages are as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import g, request
from sqlalchemy import Connection

from arshjul.errors import NotFound
from arshjul.states import Role
from arshjul.states.model import Body, Person, id_prefix
from arshjul.store import bodies
from arshjul.store.uow import UnitOfWork
from arshjul.web.app import site
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.cycle_config import calendar_of

T = TypeVar("T")


@dataclass(frozen=True)
class Seat:
    """One body as a person works in it: its calendar, and the person with their roles there."""

    body: Body
    calendar: CycleCalendar
    person: Person
    mark: str  # the body's short name on a page; "" while the database has one body only

    def uow(self, *, write: bool = True) -> UnitOfWork:
        return UnitOfWork(site().engine, write=write, body=self.body.id)

    def has(self, *roles: Role) -> bool:
        return bool(self.person.roles & set(roles))

    @property
    def name(self) -> str:
        """The name its cycles go by on a page ("FTPOS 2027", "SOES 2027")."""
        return self.calendar.config.name


def _calendar(conn: Connection, body: Body) -> CycleCalendar:
    """The site's own calendar for its body (it follows `cycle set`); another body's by the
    configuration it keeps."""
    if body.id == site().calendar.body.id:
        return site().calendar
    return calendar_of(conn, body)


def seats_of(email: str) -> list[Seat]:
    """The bodies `email`'s organisation takes part in, the first first, each with the person
    as read in it."""
    with site().uow(write=False) as uow:
        conn = uow.connection
        person = uow.repo.person(email)
        if person is None:
            return []
        several = len(bodies.every(conn)) > 1
        found = []
        for body in bodies.bodies_of(conn, person.org):
            there = uow.repo.within(body.id).person(email)
            assert there is not None  # the same person, read in another body
            found.append(Seat(body, _calendar(conn, body), there, body.short if several else ""))
        return found


def seats() -> list[Seat]:
    """The signed-in person's bodies, read once a request."""
    found: list[Seat] | None = g.get("seats")
    if found is None:
        person: Person | None = g.get("person")
        found = g.seats = seats_of(person.email) if person is not None else []
    return found


def has_anywhere(*roles: Role) -> bool:
    """Whether the person has one of `roles` in some body they work in (what the menu offers)."""
    return any(seat.has(*roles) for seat in seats())


def of_item(item_id: str) -> Seat:
    """The body an item id names by its prefix ("SOES-2027-004"; none for the first body's),
    when the person works in it; else the item is missing to them."""
    short = id_prefix(item_id)
    wanted = f"{short}-" if short else ""
    for seat in seats():
        if seat.body.prefix == wanted:
            return seat
    raise NotFound("no_item", id=item_id)


def asked(*roles: Role) -> Seat:
    """The body asked for (`?body=SHORT`), else the first the person has one of `roles` in (any
    role if none given); one they do not work in, or have none of `roles` in, is missing."""
    short = request.args.get("body", "")
    fits = [seat for seat in seats() if not roles or seat.has(*roles)]
    for seat in fits:
        if seat.body.short == short or not short:
            return seat
    raise NotFound("no_body_here", short=short or "–")


def where(seat: Seat) -> dict[str, str]:
    """What an address of a page of one body adds to name it (nothing with one body)."""
    return {"body": seat.body.short} if seat.mark else {}


def offered(*roles: Role) -> list[Seat]:
    """The bodies to switch between on a page of one body (none while there is only one)."""
    return [seat for seat in seats() if seat.mark and (not roles or seat.has(*roles))]


def each(read: Callable[[Seat], Iterable[T]]) -> list[tuple[Seat, T]]:
    """`read` in every body the person works in, each thing with its body."""
    return [(seat, found) for seat in seats() for found in read(seat)]


def marked(found: list[tuple[Seat, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Rows of several bodies, each marked with its body (no mark with one body)."""
    for seat, row in found:
        row["body"] = seat.mark
    return [row for _, row in found]
