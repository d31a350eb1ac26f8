"""Proposals and measures: my organisation's items, one item with its history, proposing, the
moves a person may make, and an owner's measures."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from arshjul.errors import ArshjulError, BadInput, NotAllowed, NotFound, Refused, StoreError
from arshjul.i18n import state_name, t
from arshjul.states import Event, Role
from arshjul.states.lifecycle import OPEN_MEASURE
from arshjul.states.model import KINDS, Person
from arshjul.states.rules import may_own
from arshjul.web.app import site
from arshjul.web.bodies import Seat, asked, each, marked, of_item, offered, where
from arshjul.web.errors import say
from arshjul.web.guard import back, me, needs
from arshjul.web.texts import w
from arshjul.workflow import edits, services, validate
from arshjul.workflow.bodies import members as taking_part_in
from arshjul.workflow.calendar import CycleCalendar
from arshjul.workflow.followup import standing_requests
from arshjul.workflow.views import due_moved_text, next_step, placement_text

pages = Blueprint("items", __name__)

BY_NAME = {event.value: event for event in services.MOVES}


def shown_item(item_id: str) -> tuple[Seat, dict[str, Any]]:
    """The item as the person may see it, in the body its id names; a restricted one they may
    not see, or one of a body they do not work in, is missing to them, exactly as an item that
    does not exist."""
    if not validate.ITEM_ID.match(item_id):
        raise NotFound("no_item", id=item_id)
    seat = of_item(item_id)
    shown = services.show_item(seat.uow(write=False), me().email, item_id, _tz(seat))
    if shown["restricted"] and shown["title"] is None:
        raise NotFound("no_item", id=item_id)
    shown["body"] = seat.mark
    return seat, shown


def _tz(seat: Seat) -> ZoneInfo:
    return seat.calendar.config.timezone


def with_next_step(seat: Seat, rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    now = site().clock.now()
    for row in rows:
        row["next_step"] = next_step(
            seat.calendar, row["cycle"], row["state"], row["no_carry"], lang, now
        )
    return rows


def possible(seat: Seat, ids: list[str]) -> dict[str, list[str]]:
    """The moves the person may make on each item now, by name, by their roles in its body."""
    found = services.possible_moves(
        seat.uow(write=False), site().clock, seat.calendar, me().email, ids
    )
    return {item_id: [event.value for event in events] for item_id, events in found.items()}


def owners(seat: Seat) -> list[Person]:
    """Who a measure can be given to, for the decision form: the body's people who may own."""
    return [p for p in services.people(seat.uow(write=False)) if may_own(p.as_actor())]


@pages.route("/items")
def ours() -> str:
    """The organisation's items in every body it takes part in, each marked with its body."""
    person = me()

    def read(seat: Seat) -> list[dict[str, Any]]:
        rows = services.list_items(seat.uow(write=False), person.email, _tz(seat), org=person.org)
        return with_next_step(seat, rows, g.lang)

    found = sorted(each(read), key=lambda pair: (-pair[1]["cycle"], pair[0].body.id, pair[1]["id"]))
    marked(found)
    cycles = [
        (name, cycle, [row for _, row in group])
        for (name, cycle), group in groupby(
            found, key=lambda pair: (pair[0].name, pair[1]["cycle"])
        )
    ]
    return render_template("items.html", cycles=cycles)


@pages.route("/items/new", methods=["GET", "POST"])
@needs(Role.proposer)
def propose() -> Response | str | tuple[str, int]:
    """A proposal in the body asked for (`?body=SHORT`), else the first the person proposes in."""
    person = me()
    seat = asked(Role.proposer)
    # Need-to-know names the organisations taking part in the body the proposal is made in.
    taking_part = taking_part_in(seat.uow(write=False), site().clock, None)
    others = [name for name, _ in taking_part if name != person.org]
    form: Mapping[str, Any] = request.form
    page = {
        "orgs": others,
        "kinds": KINDS,
        "seat": seat,
        "where": where(seat),
        "bodies": offered(Role.proposer),
    }
    if request.method == "GET":
        return render_template("propose.html", form={}, problem=None, **page)
    try:
        item_id, placement = services.propose(
            seat.uow(),
            site().clock,
            seat.calendar,
            person.email,
            form.get("title", ""),
            description=form.get("description") or None,
            kind=form.get("kind") or "other",
            restricted_to=request.form.getlist("restricted_to"),
        )
    except ArshjulError as exc:
        if isinstance(exc, NotAllowed | StoreError):
            raise
        values = {**form, "restricted_to": request.form.getlist("restricted_to")}
        return render_template("propose.html", form=values, problem=say(exc), **page), 400
    flash(w("proposed_thanks", placement=placement_text(item_id, placement)), "ok")
    site().deliver()
    return redirect(url_for("items.item", item_id=item_id), 303)


@pages.route("/items/<item_id>")
def item(item_id: str) -> str:
    from arshjul.web import living

    seat, shown = shown_item(item_id)
    moves = possible(seat, [shown["id"]]).get(shown["id"], [])
    [shown] = with_next_step(seat, [shown], g.lang)
    for entry in shown["history"]:
        if entry.get("changed"):  # an edit: which fields it changed
            entry["changed_words"] = edits.field_names(list(entry["changed"]), g.lang)
    offered = living.offers(seat, shown)
    requests = [r for r in living.open_of(seat) if r["id"] == shown["id"]]
    return render_template(
        "item.html",
        item=shown,
        moves=moves,
        owners=owners(seat) if "decide" in moves or offered["replan"] else [],
        offers=offered,
        pending=requests[0] if requests else None,
        requests=requests if seat.has(Role.coordinator) else [],
        cycle_name=seat.name,
        editable=_editable(seat, shown),
    )


def _editable(seat: Seat, shown: Mapping[str, Any]) -> bool:
    """Whether the person may edit the proposal now: the form is offered by `edit`'s rules."""
    if shown["state"] != "proposed":
        return False
    try:
        edits.editable(seat.uow(write=False), me().email, shown["id"])
    except (NotAllowed, Refused):
        return False
    return True


@pages.route("/items/<item_id>/edit", methods=["GET", "POST"])
def edit(item_id: str) -> Response | str | tuple[str, int]:
    """A proposer corrects their organisation's proposal: a form filled with what it says now,
    posted through the same service as `arshjul edit` (which checks everything again)."""
    seat, shown = shown_item(item_id)
    item = edits.editable(seat.uow(write=False), me().email, shown["id"])
    taking_part = taking_part_in(seat.uow(write=False), site().clock, None)
    page = {
        "item": shown,
        # Those it is restricted to now stay offered, so an edit of its text keeps them.
        "orgs": sorted(
            {name for name, _ in taking_part if name != item.org} | set(item.restricted_to)
        ),
        "kinds": KINDS,
    }
    if request.method == "GET":
        filled = {
            "title": item.title,
            "description": item.description or "",
            "kind": item.kind,
            "restricted_to": list(item.restricted_to),
            "version": item.version,
        }
        return render_template("edit.html", form=filled, problem=None, **page)
    form: Mapping[str, Any] = request.form
    chosen = request.form.getlist("restricted_to")
    try:
        version = validate.whole_number(form.get("version", ""))
        if version is not None and not 0 <= version < 2**31:
            raise BadInput("bad_version")
        edited = edits.edit(
            seat.uow(),
            site().clock,
            me().email,
            edits.EditRequest(
                shown["id"],
                # A field the form does not send is left as it is.
                title=form.get("title"),
                description=form.get("description"),
                kind=form.get("kind") or None,
                restricted_to=tuple(chosen) or None,
                open=not chosen,
                reason=form.get("reason") or None,
                expect_version=version,
            ),
        )
    except ArshjulError as exc:
        if isinstance(exc, NotAllowed | StoreError) or exc.key == "no_item":
            raise  # a forged form, or no database: a page of its own
        values = {**form, "restricted_to": chosen}
        return render_template("edit.html", form=values, problem=say(exc), **page), 400
    fields = edits.field_names(list(edited.changed), g.lang)
    flash(w("edit_saved", id=edited.id, fields=fields), "ok")
    site().deliver()
    return redirect(url_for("items.item", item_id=edited.id), 303)


@pages.route("/items/<item_id>/<event>", methods=["POST"])
def move(item_id: str, event: str) -> Response:
    """A move from a form; the service checks everything again, as for the command line."""
    if event not in BY_NAME:
        raise NotFound("no_item", id=item_id)
    seat, shown = shown_item(item_id)
    here = back(url_for("items.item", item_id=shown["id"]))
    try:
        [moved] = services.move(
            seat.uow(),
            site().clock,
            seat.calendar,
            me().email,
            _request(BY_NAME[event], shown["id"], request.form),
        )
    except ArshjulError as exc:
        if isinstance(exc, NotAllowed | StoreError) or exc.key == "no_item":
            raise  # a forged form, or no database: a page of its own
        flash(say(exc), "error")  # a missing reason, a window, changed meanwhile, no such owner
        return redirect(here, 303)
    flash(
        t("moved", id=moved.id, from_=state_name(moved.from_state), to=state_name(moved.to_state)),
        "ok",
    )
    if moved.withdrawn_copy:  # a reinstatement took the copy in the next cycle with it
        flash(t("copy_withdrawn", id=moved.id, copy=moved.withdrawn_copy), "ok")
    if moved.due_moved is not None:  # the decider is told, as on the command line
        flash(due_moved_text(moved.id, moved.due_moved, g.lang), "ok")
    site().deliver()
    return redirect(here, 303)


def _request(event: Event, item_id: str, form: Mapping[str, str]) -> services.MoveRequest:
    """What the form of `event` brings; the service decides what each field must be."""
    fields: dict[str, Any] = {"note": form.get("note") or None}
    if event is Event.prioritise:
        fields["rank"] = validate.whole_number(form.get("rank", ""))
    elif event is Event.deprioritise:
        fields["no_carry"] = form.get("no_carry") == "on"
    elif event is Event.decide:
        fields["owner"] = form.get("owner") or None
        fields["due"] = validate.day(form["due"]) if form.get("due") else None
    elif event is Event.follow_up:
        fields["assessment"] = form.get("assessment") or None
    version = validate.whole_number(form.get("version", ""))
    if version is not None and not 0 <= version < 2**31:
        raise BadInput("bad_version")
    return services.MoveRequest(event, (item_id,), expect_version=version, **fields)


@pages.route("/measures")
def measures() -> str:
    """An owner's measures in every body with their due dates, overdue first; the follow-up
    request when the follow-up of their cycle is open."""
    from arshjul.web import living

    person = me()
    moves: dict[str, list[str]] = {}
    offers: dict[str, dict[str, bool]] = {}
    asked: dict[str, dict[str, Any]] = {}
    requests: list[dict[str, Any]] = []

    def read(seat: Seat) -> list[dict[str, Any]]:
        rows = services.list_items(
            seat.uow(write=False), person.email, _tz(seat), owner=person.email
        )
        today = _today(seat.calendar)
        for row in rows:
            due = date.fromisoformat(row["due"]) if row["due"] else None
            late = row["state"] in OPEN_MEASURE and due is not None and due < today
            row["late_days"] = (today - due).days if late and due else 0
        moves.update(possible(seat, [r["id"] for r in rows]))
        asked.update((r["id"], r) for r in living.open_of(seat))
        offers.update((r["id"], living.offers(seat, r)) for r in rows)
        requests.extend(_followup_requests(seat, rows, today))
        return with_next_step(seat, rows, g.lang)

    rows = marked(each(read))
    rows.sort(
        key=lambda r: (not r["late_days"], r["state"] not in OPEN_MEASURE, r["due"] or "", r["id"])
    )
    return render_template(
        "measures.html",
        rows=rows,
        moves=moves,
        offers=offers,
        asked=asked,
        requests=requests,
        today=_today(site().calendar).isoformat(),
    )


def _today(calendar: CycleCalendar) -> date:
    return calendar.local(site().clock.now()).date()


def _followup_requests(seat: Seat, rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """FI's request to report, for each cycle of the body whose follow-up is open: the measures
    still to report on, or none when all are reported done (the scheduler's mail asked the
    same)."""
    measures = [(r["id"], r["cycle"], r["state"], r["owner"]) for r in rows]
    return [
        {
            "name": seat.name,
            "cycle": standing.plan_year,
            "closes": standing.closes.isoformat(),
            "ids": list(standing.to_report),
        }
        for standing in standing_requests(seat.calendar, me().email, today, measures)
    ]
