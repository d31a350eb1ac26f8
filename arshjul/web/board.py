"""FI's cycle board (a cycle's items by state, with the moves each person may make), and the
plan and follow-up reports to download in every format."""

from __future__ import annotations

from flask import Blueprint, g, render_template
from werkzeug.wrappers import Response

from arshjul.errors import NotAllowed, NotFound
from arshjul.reports.build import build, mine
from arshjul.reports.output import FORMATS, write
from arshjul.states import Role, State
from arshjul.states.rules import may_read_plan
from arshjul.web import bodies, living
from arshjul.web.app import site
from arshjul.web.guard import in_range, needs, year_asked
from arshjul.web.items import owners, possible
from arshjul.workflow import services
from arshjul.workflow.calendar import CycleCalendar

pages = Blueprint("board", __name__)

#: The board's columns, in the order an item passes them.
ORDER = (
    State.proposed,
    State.prioritised,
    State.decided,
    State.in_progress,
    State.executed,
    State.followed_up,
    State.deprioritised,
    State.withdrawn,
    State.cancelled,
)
TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def chosen_cycle(calendar: CycleCalendar) -> tuple[int, list[int]]:
    """The cycle asked for (`?cycle=P`), else the newest under way; and the cycles to offer."""
    now = site().clock.now()
    live = calendar.live(now) or [calendar.proposal_cycle(now)[0]]
    asked = year_asked("cycle")
    cycle = live[-1] if asked is None else asked
    shown = sorted({*live, cycle})
    return cycle, shown


@pages.route("/board")
@needs(Role.coordinator, Role.decider)
def board() -> str:
    """One body's board (`?body=SHORT`), for whom runs or decides its cycle there."""
    seat = bodies.asked(Role.coordinator, Role.decider)
    calendar = seat.calendar
    cycle, cycles = chosen_cycle(calendar)
    rows = services.list_items(
        seat.uow(write=False), seat.person.email, calendar.config.timezone, cycle=cycle
    )
    for row in rows:
        row["body"] = seat.mark
    columns = {state: [r for r in rows if r["state"] == state] for state in ORDER}
    columns[State.prioritised].sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["id"]))
    moves = possible(seat, [r["id"] for r in rows])
    offered = {r["id"]: living.offers(seat, r) for r in rows}
    replans = any(o["replan"] for o in offered.values())
    needs_owners = replans or any("decide" in events for events in moves.values())
    current = calendar.current(cycle, site().clock.now())
    return render_template(
        "board.html",
        cycle=cycle,
        cycles=cycles,
        columns=columns,
        moves=moves,
        owners=owners(seat) if needs_owners else [],
        offers=offered,
        requests=living.requests_of(seat),
        phases=calendar.phases(cycle),
        current=current,
        cycle_name=seat.name,
        seat=seat,
        where=bodies.where(seat),
        bodies=bodies.offered(Role.coordinator, Role.decider),
    )


def _readable(seat: bodies.Seat, plan_year: int) -> bool:
    """Everyone's once its decision phase is over, or FI management decided it as a whole."""
    decided = seat.calendar.decided(plan_year, site().clock.now())
    if not decided:
        from arshjul.workflow.plan_decision import decisions

        decided = bool(decisions(seat.uow(write=False), plan_year))
    return may_read_plan(seat.person.as_actor(), decided)


@pages.route("/reports")
def reports() -> str:
    """The reports of one body to download (`?body=SHORT`); before the plan is decided, only
    FI has its plan and follow-up, and everyone else is told when they come."""
    seat = bodies.asked()
    cycle, cycles = chosen_cycle(seat.calendar)
    return render_template(
        "reports.html",
        cycle=cycle,
        cycles=cycles,
        formats=FORMATS,
        readable=_readable(seat, cycle),
        decided_on=seat.calendar.phase(cycle, "decision").closes.isoformat(),
        cycle_name=seat.name,
        seat=seat,
        where=bodies.where(seat),
        bodies=bodies.offered(),
    )


@pages.route("/reports/<kind>-<int:plan_year>.<fmt>")
def download(kind: str, plan_year: int, fmt: str) -> Response:
    """A report of one body as the person may read it: a restricted measure they may not see is
    there as its id and state only, as in every report."""
    if kind not in ("plan", "followup") or fmt not in FORMATS or not in_range(plan_year):
        raise NotFound("no_report", name=f"{kind}-{plan_year}.{fmt}")
    seat = bodies.asked()
    if not _readable(seat, plan_year):
        day = seat.calendar.phase(plan_year, "decision").closes.isoformat()
        raise NotAllowed("report_not_yet", plan_year=plan_year, day=day)
    report = build(
        seat.uow(write=False), seat.calendar, kind, plan_year, seat.person.as_actor(), g.lang
    )
    name = f"{kind}-{seat.body.cycle_subject(plan_year)}.{fmt}"
    return _file(write(report, fmt, None), fmt, name)


@pages.route("/reports/mine.<fmt>")
def download_mine(fmt: str) -> Response:
    if fmt not in ("md", "html"):
        raise NotFound("no_report", name=f"mine.{fmt}")
    seat = bodies.asked()
    report = mine(seat.uow(write=False), seat.calendar, seat.person.as_actor(), g.lang)
    return _file(write(report, fmt, None), fmt, f"mine{'-' if seat.mark else ''}{seat.mark}.{fmt}")


def _file(content: bytes | str, fmt: str, name: str) -> Response:
    body = (
        content.encode("utf-8-sig" if fmt == "csv" else "utf-8")
        if isinstance(content, str)
        else content
    )
    response = Response(body, content_type=TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
