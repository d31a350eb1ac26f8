"""Who answers for a measure or a risk, and where a decided measure goes in the plan: its
goal and number in it (1a, 1b…), and the quarters it is worked on. Used inside the decision's
transaction, so a goal that does not exist or a quarter that does not parse changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from arshjul.errors import NotFound, Refused
from arshjul.states.model import Item
from arshjul.states.plan import (
    Placement,
    check_quarters,
    goal_number,
    letters_after,
    parse_quarters,
)
from arshjul.states.rules import check_owner
from arshjul.store import plan
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate

RESPONSIBLE_LIMIT = 60


@dataclass(frozen=True)
class Responsible:
    """As the plan prints it (FO, a person's address, "Alla"), and the person told, if any."""

    label: str
    person: str | None


def responsible(uow: UnitOfWork, text: str) -> Responsible:
    """A person (by address), a function (by code: its head is told), or only a name."""
    label = validate.required_text("responsible", text, RESPONSIBLE_LIMIT)
    if "@" in label:
        email = validate.email(label)
        if uow.repo.person(email) is None:
            raise NotFound("no_person", email=email)
        return Responsible(email, email)
    function = plan.function(uow.connection, label)
    if function is not None:
        return Responsible(function.code, function.head)
    return Responsible(label, None)


def owner_of(uow: UnitOfWork, text: str | None) -> tuple[str, str | None]:
    """The owner a decision names: a person with the owner role, or a function, whose head
    owns the measure and whose code the plan prints. Returns (owner, function code or None)."""
    assert text is not None
    found = responsible(uow, text)
    if found.person is None:
        raise NotFound("no_owner", value=found.label)
    person = uow.repo.person(found.person)
    assert person is not None
    check_owner(person.as_actor())
    return person.email, None if found.label == person.email else found.label


def goal_row(
    uow: UnitOfWork, plan_year: int, text: str, *, lock: bool = False, retired: bool = False
) -> int:
    """The row id of the goal named `text` (1, or 3.1) in the plan year; NotFound if none, and
    Refused if it is retired (nothing new goes under it), unless `retired`."""
    number = goal_number(text)
    found = plan.goal_id(uow.connection, plan_year, number, lock=lock)
    if found is None:
        raise NotFound("no_goal", number=number, plan_year=plan_year)
    if not retired and plan.goal_record(uow.connection, found)["retired_at"] is not None:
        raise Refused("goal_retired", number=number, plan_year=plan_year)
    return found


def place_decided(
    uow: UnitOfWork,
    items: Sequence[Item],
    goal: str | None,
    quarters: Sequence[str],
    function: str | None,
) -> list[Placement]:
    """Put just-decided measures in their plan: numbered in the goal in the order given."""
    placed = []
    for item in items:
        chosen = parse_quarters(tuple(quarters), item.cycle)
        check_quarters(chosen, item.cycle, item.due)
        goal_id, number, letter = None, None, None
        if goal is not None:
            # Locking the goal numbers its measures one decision at a time.
            goal_id = goal_row(uow, item.cycle, goal, lock=True)
            number = goal_number(goal)
            [letter] = letters_after(plan.used_letters(uow.connection, goal_id), 1)
        placement = Placement(number, letter, function, chosen)
        plan.place(uow.connection, item.id, goal_id, placement)
        placed.append(placement)
    return placed
