"""Use cases of the internal control plan: risks added, reassessed (the earlier scores stay in
their history) and their actions reported done. One transaction each."""

from __future__ import annotations

from dataclasses import replace

from arshjul.clock import Clock
from arshjul.errors import BadInput, NotAllowed, Refused
from arshjul.i18n import t
from arshjul.states.model import Role
from arshjul.states.plan import ACTION_LEVELS, Deadline, Risk, check_score
from arshjul.store import risks as store
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate
from arshjul.workflow.goals import keeper
from arshjul.workflow.placement import responsible
from arshjul.workflow.services import actor_of


def clean_risk(
    plan_year: int,
    description: str,
    responsible_label: str,
    *,
    action_level: int,
    probability: int,
    consequence: int,
    action: str,
    deadline: str,
    number: int = 0,
) -> Risk:
    """A risk as written, checked: scores 1–4, action level 1–3, a date or Löpande/Vid behov."""
    text = validate.text("risk", description, validate.DESCRIPTION_LIMIT)
    what = validate.text("action", action, validate.DESCRIPTION_LIMIT)
    assert text is not None and what is not None
    return Risk(
        id=0,
        plan_year=validate.plan_year(plan_year),
        number=number,
        description=text,
        responsible=responsible_label,
        action_level=check_score("action level", action_level, ACTION_LEVELS),
        probability=check_score("probability", probability),
        consequence=check_score("consequence", consequence),
        action=what,
        deadline=Deadline.parse(deadline),
    )


def add_risk(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    risk: Risk,
    responsible_text: str,
    *,
    number: int | None = None,
) -> Risk:
    """A risk of the plan year's internal control plan, numbered next unless given; the person
    or function answering for it is reminded of its action's date."""
    with uow:
        actor = keeper(uow, actor_email)
        who = responsible(uow, responsible_text)
        taken = store.numbers(uow.connection, risk.plan_year)
        chosen = number if number is not None else max(taken, default=0) + 1
        if chosen < 1:
            raise BadInput("bad_risk_number", value=chosen)
        if chosen in taken:
            raise BadInput("risk_exists", number=chosen, plan_year=risk.plan_year)
        risk_id = store.add(
            uow.connection,
            replace(risk, number=chosen, responsible=who.label, person=who.person),
            by=actor.email,
            at=clock.now(),
        )
        added = store.by_subject(uow.connection, store.subject(risk_id))
        uow.commit()
    return added


def risks(uow: UnitOfWork, plan_year: int) -> list[Risk]:
    validate.plan_year(plan_year)
    with uow:
        return store.of_plan(uow.connection, plan_year)


def show_risk(uow: UnitOfWork, plan_year: int, number: int) -> Risk:
    validate.plan_year(plan_year)
    with uow:
        return store.find(uow.connection, plan_year, number)


def assess_risk(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    number: int,
    *,
    probability: int,
    consequence: int,
    note: str | None = None,
) -> Risk:
    """Score a risk anew; the matrix shows the new cell, its history the scores before."""
    validate.plan_year(plan_year)
    check_score("probability", probability)
    check_score("consequence", consequence)
    cleaned = validate.text("note", note, validate.NOTE_LIMIT, required=False)
    with uow:
        actor = keeper(uow, actor_email)
        found = store.find(uow.connection, plan_year, number)
        _current(found)
        store.assess(
            uow.connection,
            found.id,
            probability,
            consequence,
            by=actor.email,
            at=clock.now(),
            note=cleaned,
        )
        assessed = store.find(uow.connection, plan_year, number)
        uow.commit()
    return assessed


def _current(risk: Risk) -> None:
    """A retired risk is neither assessed nor reported done any more."""
    if risk.retired is not None:
        raise Refused("already_retired", what=f"{t('kind_risk')} {risk.number}")


def report_done(
    uow: UnitOfWork,
    clock: Clock,
    actor_email: str | None,
    plan_year: int,
    number: int,
    note: str | None = None,
) -> Risk:
    """A risk's action is done: said by the person answering for it, or a coordinator."""
    validate.plan_year(plan_year)
    cleaned = validate.text("note", note, validate.NOTE_LIMIT, required=False)
    with uow:
        actor = actor_of(uow, actor_email)
        found = store.find(uow.connection, plan_year, number)
        if not (actor.has(Role.coordinator) or actor.email == found.person):
            raise NotAllowed(
                "risk_done_refused", email=actor.email, number=number, owner=found.responsible
            )
        _current(found)
        if found.done_at is not None:
            raise BadInput("risk_already_done", number=number, plan_year=plan_year)
        store.mark_done(uow.connection, found.id, by=actor.email, at=clock.now(), note=cleaned)
        done = store.find(uow.connection, plan_year, number)
        uow.commit()
    return done
