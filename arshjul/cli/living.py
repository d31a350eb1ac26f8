"""The plan as a living document: the plan decided as a whole (`plan decide`), a decided
measure replanned, and an owner's request for a new due date (`replan`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from arshjul.cli.base import ArshjulGroup, app, cli, common, emit_json, ids_name_body, json_option
from arshjul.cli.types import PLAN_YEAR
from arshjul.errors import BadInput
from arshjul.i18n import t


@cli.group(cls=ArshjulGroup)
def plan() -> None:
    """The plan for a plan year as a whole: decided by FI management, then kept alive."""


@plan.command("decide")
@common
@click.argument("plan_year", type=PLAN_YEAR, metavar="P")
@click.option(
    "--ref", "reference", metavar="DIARIENUMMER", help="The decision's reference in FI's records."
)
@click.option("--note", help="What the decision says beyond the plan.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Keep the plan document decided (the Markdown hashed) in FILE.",
)
@json_option
def plan_decide(
    plan_year: int, reference: str | None, note: str | None, output: Path | None, as_json: bool
) -> None:
    """FI management decides the plan for P as a whole: when, who, the reference, and the
    SHA-256 of the plan document as decided, in the history chain."""
    from arshjul.workflow.plan_decision import decide_plan

    a = app()
    staged: list[Path] = []

    def keep(document: str) -> None:
        assert output is not None
        staged.append(_stage(output, document))

    try:
        done = decide_plan(
            a.uow(),
            a.clock,
            a.calendar,
            a.settings.actor,
            plan_year,
            reference=reference,
            note=note,
            keep=keep if output is not None else None,
        )
    except BaseException:
        for path in staged:
            path.unlink(missing_ok=True)
        raise
    if output is not None:  # written before the commit: only its name is given now
        staged[0].replace(output)
    d = done.decision
    if as_json:
        emit_json(
            {
                "plan_year": d.plan_year,
                "decided_at": d.decided_at.astimezone(a.config.timezone).isoformat(),
                "decided_by": d.decided_by,
                "reference": d.reference,
                "note": d.note,
                "sha256": d.digest,
                "earlier": done.earlier,
            }
        )
        return
    day = a.calendar.local(d.decided_at).date().isoformat()
    ref = f" ({d.reference})" if d.reference else ""
    click.echo(
        t("plan_decided", plan_year=plan_year, day=day, by=d.decided_by, ref=ref, digest=d.digest)
    )
    if done.earlier:
        click.echo(t("plan_decided_again", count=done.earlier))


@cli.command()
@common
@click.argument("item_id", metavar="ID", required=False, callback=ids_name_body)
@click.option("--reason", help="Why (required, except to accept a request).")
@click.option("--due", metavar="YYYY-MM-DD", help="The new due date.")
@click.option(
    "--owner", metavar="EMAIL|FUNCTION", help="The new owner: a person, or a function (FO)."
)
@click.option("--quarters", metavar="Q3,Q4", help="The quarters the work happens in now.")
@click.option("--goal", metavar="N", help="The goal of the plan the measure belongs to now.")
@click.option("--request", is_flag=True, help="The owner asks for a new --due.")
@click.option("--accept", is_flag=True, help="A coordinator accepts the request.")
@click.option("--decline", is_flag=True, help="A coordinator declines it (--reason).")
@click.option("--list", "list_", is_flag=True, help="The open requests (no ID).")
@click.option("--note", help="With --accept: what the coordinator adds.")
@json_option
def replan(
    item_id: str | None,
    reason: str | None,
    due: str | None,
    owner: str | None,
    quarters: str | None,
    goal: str | None,
    request: bool,
    accept: bool,
    decline: bool,
    list_: bool,
    note: str | None,
    as_json: bool,
) -> None:
    """A decided measure's due date, owner, quarters or goal change, with a reason (a
    coordinator or decider); its owner may ask for a new due date instead (--request), which a
    coordinator accepts or declines."""
    from arshjul.workflow import replan as living
    from arshjul.workflow.validate import day
    from arshjul.workflow.views import due_moved_text

    modes = [m for m, on in (("request", request), ("accept", accept), ("decline", decline),
                             ("list", list_)) if on]  # fmt: skip
    if len(modes) > 1:
        raise BadInput("request_modes", given=" ".join(f"--{m}" for m in modes))
    mode = modes[0] if modes else None
    given = [o for o, v in (("--due", due), ("--owner", owner), ("--quarters", quarters),
                            ("--goal", goal), ("--reason", reason), ("--note", note)) if v]  # fmt: skip
    a = app()
    if mode == "list":
        if item_id is not None or given:
            raise BadInput("list_alone", given=" ".join([*([item_id] if item_id else []), *given]))
        _list(living.open_requests(a.uow(write=False), a.settings.actor), as_json)
        return
    if item_id is None:
        raise BadInput("empty", field="ID")
    # What goes with each mode: an owner asks for a date; an answer changes nothing itself.
    allowed = {
        "request": {"--due", "--reason"},
        "accept": {"--reason", "--note"},
        "decline": {"--reason"},
        None: {"--due", "--owner", "--quarters", "--goal", "--reason"},
    }[mode]
    if extra := [o for o in given if o not in allowed]:
        key = {"request": "request_due_only", None: "note_with_accept"}.get(mode)
        raise BadInput(key or "answer_changes_nothing", options=", ".join(extra), mode=f"--{mode}")
    if mode == "request":
        wanted = day(due) if due else None
        asked = living.request(
            a.uow(), a.clock, a.settings.actor, item_id, wanted, reason, a.calendar
        )
        moved = a.calendar.due_move(wanted)
        if as_json:
            emit_json(_request_json(asked, a) | {"due_moved": _moved_json(moved, a)})
            return
        click.echo(t("request_sent", id=asked.item_id, due=asked.due.isoformat()))
        if moved is not None:
            click.echo(due_moved_text(asked.item_id, moved), err=True)
        return
    if mode in ("accept", "decline"):
        answered = living.answer(
            a.uow(),
            a.clock,
            a.calendar,
            a.settings.actor,
            item_id,
            accept=mode == "accept",
            note=(note or reason) if mode == "accept" else reason,
        )
        if as_json:
            emit_json(_request_json(answered, a))
            return
        key = "request_accepted" if mode == "accept" else "request_declined"
        click.echo(t(key, id=answered.item_id, due=answered.due.isoformat()))
        return
    change = living.Change(
        due=day(due) if due else None,
        owner=owner,
        quarters=(quarters,) if quarters else (),
        goal=goal,
    )
    done = living.replan(a.uow(), a.clock, a.calendar, a.settings.actor, item_id, reason, change)
    if as_json:
        emit_json(
            {
                "id": done.id,
                "changes": {k: {"from": old, "to": new} for k, (old, new) in done.changes.items()},
                "reminders": done.reminders,
                "due_moved": _moved_json(done.due_moved, a),
            }
        )
        return
    if done.due_moved is not None:  # the person replanning learns the date they set moved
        click.echo(due_moved_text(done.id, done.due_moved), err=True)
    changes = "; ".join(
        f"{t('replan_field_' + k)} {old or '–'} → {new}" for k, (old, new) in done.changes.items()
    )
    click.echo(t("replanned", id=done.id, changes=changes))
    if done.reminders:
        click.echo(t("replan_reminders", count=done.reminders), err=True)


def _stage(output: Path, document: str) -> Path:
    """The document written beside `output` under a name of its own, before the decision is
    committed: a file that cannot be written refuses the decision (nothing kept)."""
    staged = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        with staged.open("x", encoding="utf-8") as f:  # never another's file of that name
            try:
                f.write(document)
            except OSError:
                staged.unlink(missing_ok=True)
                raise
    except OSError as exc:
        raise BadInput("cannot_write", file=str(output), reason=exc.strerror or str(exc)) from None
    return staged


def _moved_json(moved: Any, a: Any) -> dict[str, Any] | None:
    return moved.to_json(a.lang) if moved is not None else None


def _request_json(r: Any, a: Any) -> dict[str, Any]:
    tz = a.config.timezone
    return {
        "id": r.item_id,
        "requested_by": r.requested_by,
        "requested_at": r.requested_at.astimezone(tz).isoformat(),
        "due": r.due.isoformat(),
        "reason": r.reason,
        "answer": r.answer,
        "answered_by": r.answered_by,
        "answered_at": r.answered_at.astimezone(tz).isoformat() if r.answered_at else None,
        "note": r.answer_note,
    }


def _list(found: list[Any], as_json: bool) -> None:
    a = app()
    if as_json:
        emit_json([_request_json(r, a) for r in found])
        return
    if not found:
        click.echo(t("no_requests"))
    for r in found:
        when = a.calendar.local(r.requested_at).strftime("%Y-%m-%d")
        click.echo(f"{r.item_id:<12} {r.due.isoformat()}  {when}  {r.requested_by}  {r.reason}")
