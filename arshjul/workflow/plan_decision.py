"""FI management decides a plan as a whole (`arshjul plan decide`): when, who, the reference in
FI's records, and the SHA-256 of the plan document as it reads once decided, in the chain.

The document hashed is the one canonical rendering of the plan: `report plan P --format md`
for nobody in particular (no `--as`), in the body's configured language, as it reads right
after the decision (its "Beslutad:" line names this decision, and no change since). The
command prints it with `-o`, so whoever keeps that file can prove it is what was decided.

A plan decided again (FI management adopts the revised plan) is a new decision: the report
names the newest, and its changes are counted from it. A decision is never edited or undone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from arshjul.clock import Clock
from arshjul.errors import NotAllowed, Refused
from arshjul.states.events import PlanDecided
from arshjul.states.lifecycle import IN_PLAN
from arshjul.states.living import PlanDecision
from arshjul.states.model import Role
from arshjul.store import history, living
from arshjul.store.uow import UnitOfWork
from arshjul.workflow import validate
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.handlers import publish
from arshjul.workflow.services import actor_of

REFERENCE_LIMIT = 100


@dataclass(frozen=True)
class Decided:
    decision: PlanDecision
    #: The plan document hashed (the canonical rendering), and how many decisions came before.
    document: str
    earlier: int


def decide_plan(
    uow: UnitOfWork,
    clock: Clock,
    calendar: CycleCalendar,
    actor_email: str | None,
    plan_year: int,
    *,
    reference: str | None = None,
    note: str | None = None,
    keep: Callable[[str], None] | None = None,
) -> Decided:
    """A decider records FI management's decision on the plan for `plan_year` as a whole.

    `keep` is given the document decided before the decision is committed: if it cannot keep
    it (it raises), nothing is decided."""
    from arshjul.reports.build import build
    from arshjul.reports.output import text

    validate.plan_year(plan_year)
    reference = validate.text("--ref", reference, REFERENCE_LIMIT, one_line=True, required=False)
    note = validate.text("note", note, validate.NOTE_LIMIT, required=False)
    with uow:
        actor = actor_of(uow, actor_email)
        if not actor.has(Role.decider):
            raise NotAllowed("plan_decide_refused", email=actor.email, plan_year=plan_year)
        if not uow.repo.count_states(plan_year, sorted(IN_PLAN)):
            raise Refused("plan_decide_empty", plan_year=plan_year)
        # Holding the chain's head, no change is recorded between the document read and the
        # decision: the document is the plan as it stands when decided.
        history.head(uow.connection, lock=True)
        now = clock.now()
        earlier = len(living.decisions(uow.connection, uow.body_id, plan_year))
        prospective = PlanDecision(0, plan_year, now, actor.email, reference, note, "")
        report = build(
            uow.snapshot(),
            calendar,
            "plan",
            plan_year,
            None,
            calendar.config.language,
            as_decided=prospective,
        )
        document = text(report, "md")
        digest = hashlib.sha256(document.encode("utf-8")).hexdigest()
        decision_id = living.add_decision(
            uow.connection, uow.body_id, plan_year, now, actor.email, reference, note, digest
        )
        publish(uow, [PlanDecided(now, plan_year, actor.email, reference, digest, earlier)])
        if keep is not None:
            keep(document)
        uow.commit()
    decision = PlanDecision(decision_id, plan_year, now, actor.email, reference, note, digest)
    return Decided(decision, document, earlier)


def decisions(uow: UnitOfWork, plan_year: int) -> list[PlanDecision]:
    """The decisions on a body's plan for `plan_year`, oldest first."""
    validate.plan_year(plan_year)
    with uow:
        return living.decisions(uow.connection, uow.body_id, plan_year)
