"""The living plan on the page: "Planera om" (replan) for coordinators and deciders on the
board and the item page, "Be om nytt datum" (ask for a new date) on an owner's measure, and a
coordinator's answer to the open requests. Every form goes to the same service as the command
line, which checks everything again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, g, redirect, request, url_for
from werkzeug.wrappers import Response

from arshjul.errors import ArshjulError, NotAllowed, StoreError
from arshjul.states import Role
from arshjul.states.lifecycle import OPEN_MEASURE
from arshjul.web.app import site
from arshjul.web.bodies import Seat
from arshjul.web.errors import say
from arshjul.web.guard import back, me
from arshjul.web.items import shown_item
from arshjul.web.texts import w
from arshjul.workflow import replan as living
from arshjul.workflow import validate
from arshjul.workflow.views import due_moved_text

pages = Blueprint("living", __name__)


def offers(seat: Seat, row: dict[str, Any]) -> dict[str, bool]:
    """What the page offers the person on a measure: to replan it (a coordinator or decider),
    to ask for a new date (its owner)."""
    open_measure = row["state"] in {s.value for s in OPEN_MEASURE}
    return {
        "replan": open_measure and seat.has(Role.coordinator, Role.decider),
        "ask": open_measure and row.get("owner") == me().email,
    }


def requests_of(seat: Seat) -> list[dict[str, Any]]:
    """The body's open requests for a coordinator to answer (nothing for anyone else)."""
    return open_of(seat) if seat.has(Role.coordinator) else []


def open_of(seat: Seat) -> list[dict[str, Any]]:
    """The open requests the person may see in the body: a coordinator's or decider's every
    one, an owner's their own."""
    return [
        {"id": r.item_id, "due": r.due.isoformat(), "by": r.requested_by, "reason": r.reason}
        for r in living.open_requests(seat.uow(write=False), me().email)
    ]


@pages.route("/items/<item_id>/replan", methods=["POST"])
def replan(item_id: str) -> Response:
    form = request.form
    return _act(
        item_id,
        lambda seat, id_: living.replan(
            seat.uow(),
            site().clock,
            seat.calendar,
            me().email,
            id_,
            form.get("reason") or None,
            living.Change(
                due=validate.day(form["due"]) if form.get("due") else None,
                owner=form.get("owner") or None,
            ),
        ),
        "web_replanned",
    )


@pages.route("/items/<item_id>/ask", methods=["POST"])
def ask(item_id: str) -> Response:
    form = request.form
    return _act(
        item_id,
        lambda seat, id_: living.request(
            seat.uow(),
            site().clock,
            me().email,
            id_,
            validate.day(form["due"]) if form.get("due") else None,
            form.get("reason") or None,
            seat.calendar,
        ),
        "web_asked",
    )


@pages.route("/items/<item_id>/answer", methods=["POST"])
def answer(item_id: str) -> Response:
    form = request.form
    accept = form.get("answer") == "accept"
    return _act(
        item_id,
        lambda seat, id_: living.answer(
            seat.uow(),
            site().clock,
            seat.calendar,
            me().email,
            id_,
            accept=accept,
            note=form.get("note") or None,
        ),
        "web_accepted" if accept else "web_declined",
    )


def _act(item_id: str, action: Callable[[Seat, str], object], done: str) -> Response:
    seat, shown = shown_item(item_id)
    here = back(url_for("items.item", item_id=shown["id"]))
    try:
        result = action(seat, shown["id"])
    except ArshjulError as exc:
        if isinstance(exc, NotAllowed | StoreError) or exc.key == "no_item":
            raise  # a forged form, or no database: a page of its own
        flash(say(exc), "error")  # a missing reason, a date, a request already open
        return redirect(here, 303)
    flash(w(done, id=shown["id"]), "ok")
    moved = getattr(result, "due_moved", None)  # a replan says whether its date moved
    if moved is not None:  # the working-day rule moved the date: told, as on the command line
        flash(due_moved_text(shown["id"], moved, g.lang), "ok")
    site().deliver()
    return redirect(here, 303)
