"""The overlap view for coordinators: pairs of items of different bodies in a plan year that
may be the same work, each with why, and a form to mark a pair as coordinated. The service
decides who may read (a coordinator of some body) and what they see (need-to-know in every
body); the page only shows it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from arshjul.errors import ArshjulError, NotAllowed, StoreError
from arshjul.i18n import t
from arshjul.web.app import site
from arshjul.web.errors import say
from arshjul.web.guard import me
from arshjul.workflow import overlaps, validate

pages = Blueprint("overlap", __name__)


@pages.route("/overlap", defaults={"plan_year": None})
@pages.route("/overlap/<int:plan_year>")
def page(plan_year: int | None) -> str:
    """The pairs of plan year P (default: the newest cycle under way); `?all=1` shows the
    pairs marked coordinated too."""
    year = validate.plan_year(_newest() if plan_year is None else plan_year)
    everything = request.args.get("all") == "1"
    found = overlaps.pairs(site().uow(write=False), me().email, year, everything=everything)
    return render_template(
        "overlap.html",
        year=year,
        everything=everything,
        pairs=[_shown(pair) for pair in found],
    )


def _newest() -> int:
    now = site().clock.now()
    live = site().calendar.live(now)
    return live[-1] if live else site().calendar.proposal_cycle(now)[0]


def _shown(pair: overlaps.Pair) -> dict[str, Any]:
    """A pair as the page shows it: its reasons and its mark in words."""
    mark = pair.coordinated
    at = site().calendar.local(mark.at).strftime("%Y-%m-%d %H:%M") if mark else ""
    return {
        "a": pair.a,
        "b": pair.b,
        "percent": round(pair.score * 100),
        "reasons": [overlaps.reason_text(reason) for reason in pair.reasons],
        "coordinated": t("overlap_coordinated", at=at, by=mark.by, note=mark.note)
        if mark
        else None,
    }


@pages.route("/overlap/<int:plan_year>/mark", methods=["POST"])
def mark(plan_year: int) -> Response:
    """Mark a pair coordinated; the service checks who may, as for the command line."""
    here = url_for("overlap.page", plan_year=plan_year)
    try:
        a, b = overlaps.mark(
            site().uow(),
            site().clock,
            me().email,
            request.form.get("a", ""),
            request.form.get("b", ""),
            request.form.get("note"),
        )
    except ArshjulError as exc:
        if isinstance(exc, NotAllowed | StoreError) or exc.key in ("no_item", "bad_item_id"):
            raise  # a forged form, or no database: a page of its own
        flash(say(exc), "error")  # no note, marked meanwhile
        return redirect(here, 303)
    flash(t("overlap_marked", a=a, b=b), "ok")
    return redirect(here, 303)
