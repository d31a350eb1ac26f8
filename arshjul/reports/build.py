"""What the plan, the follow-up and a proposer's view contain, for one reader.

The plan for P (verksamhetsplan) has the decided measures in the regional plan's table shape
(id, measure, owner, Q1–Q4, planned completion, status Ej påbörjat / Pågående / Klart), the
meeting calendar, and what was left out with its reason. The follow-up (verksamhetsberättelse)
adds each measure's outcome (done on time, late, not done), the assessments, and what carries
over. A restricted measure is shown to readers outside its need-to-know as its id and state.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Generic, TypeVar

from arshjul.i18n import PLAN_WORDS, state_name
from arshjul.reports import parts
from arshjul.reports.parts import PlanParts, years_of
from arshjul.states.lifecycle import DONE, IN_PLAN, OPEN_MEASURE, State
from arshjul.states.living import NOT_REVISIONS, PlanDecision
from arshjul.states.model import Actor, Item
from arshjul.states.plan import Placement, quarter_of
from arshjul.states.rules import Audience
from arshjul.store import living, meetings
from arshjul.store import plan as plan_store
from arshjul.store.repository import ReportLine
from arshjul.store.uow import UnitOfWork
from arshjul.workflow.calendar import CycleCalendar

STATUS = {
    "decided": "not_started",
    "in_progress": "ongoing",
    "executed": "done",
    "followed_up": "done",
    "cancelled": "cancelled",
}
#: The measures the plan and the follow-up list: the plan's, and those it decided and that were
#: cancelled since (shown as cancelled, with why: never as overdue or not done).
LISTED = IN_PLAN | {State.cancelled}

LABELS: dict[str, dict[str, str]] = {
    "sv": {
        "plan": "Verksamhetsplan",
        "followup": "Verksamhetsberättelse",
        "mine": "Våra ärenden",
        "id": "Nr",
        "measure": "Åtgärd",
        "owner": "Ansvar",
        "due": "Beräknat klart",
        "status": "Status",
        "org": "Organisation",
        "state": "Tillstånd",
        "cycle": "Cykel",
        "reason": "Skäl",
        "carried_to": "Förs vidare som",
        "outcome": "Utfall",
        "assessment": "Bedömning",
        "note": "Kommentar",
        "completed": "Klar",
        "not_started": "Ej påbörjat",
        "ongoing": "Pågående",
        "done": "Klart",
        "on_time": "Klar i tid",
        "late": "Klar efter planerat datum",
        "not_done": "Inte klar",
        "cancelled": "Avbruten",
        "achieved": "Uppnått",
        "partly": "Delvis uppnått",
        "not-achieved": "Inte uppnått",
        "measures": "Beslutade åtgärder",
        "calendar": "Möteskalender",
        "left_out": "Bortprioriterade förslag",
        "carries_over": "Förs vidare",
        "summary": "Sammanfattning",
        "history": "Historik",
        "when": "Tid",
        "meeting": "Möte",
        "place": "Plats",
        "decided_on": "Beslutad",
        "none": "Inga",
        "restricted": "Begränsad åtgärd",
        "continues": "fortsätter",
        "count": "Antal",
        "plan_with_control": "Verksamhetsplan, inkl. internkontrollplan",
        "goals": "Övergripande mål och indikatorer",
        "goal_row": "Övergripande mål",
        "activity": "Aktivitet",
        "indicators": "Indikatorer",
        "indicator": "Indikator",
        "running": "Aktiviteter av löpande karaktär",
        "occurrences": "Återkommande aktiviteter",
        "control": "Internkontrollplan",
        "matrix": "Riskmatris",
        "risk": "Risk",
        "risk_level": "Risknivå",
        "done_by": "Genomförd senast",
        "done_on": "Genomförd",
        "probability": "Sannolikhet",
        "consequence": "Konsekvens",
        "scores": "Bedömningar (S×K)",
        "continuing": "Fortsätter från tidigare planer",
        "period": "Period",
        "result": "Utfall",
        "follow_up_of": "Uppföljning",
        "no_outcome": "Inget utfall rapporterat",
        "sheet_goals": "Mål och aktiviteter",
        "sheet_indicators": "Mål och indikatorer",
        "agenda": "Dagordning",
        "revisions": "Ändringar sedan beslut",
        "what": "Ändring",
        "who": "Av",
        "why": "Varför",
        "not_decided": "inte ännu (beslutsfasens sista dag: {day})",
        "decided_line": "{day} av {by}",
        "decided_ref": " (diarienummer {ref})",
        "decided_replaces": "; ersätter beslutet {days}",
        "rev_replan": "Omplanerad",
        "rev_cancel": "Avbruten",
        "rev_decide": "Beslutad efter planbeslutet",
        "rev_reinstate": "Återinsatt",
        "rev_edit": "Ändrad",
        "rev_handover": "Överlämnad",
        "quarters": "Kvartal",
        "goal_field": "Mål",
    },
    "en": {
        "plan": "Plan",
        "followup": "Year-end follow-up",
        "mine": "Our items",
        "id": "No.",
        "measure": "Measure",
        "owner": "Owner",
        "due": "Planned completion",
        "status": "Status",
        "org": "Organisation",
        "state": "State",
        "cycle": "Cycle",
        "reason": "Reason",
        "carried_to": "Carried on as",
        "outcome": "Outcome",
        "assessment": "Assessment",
        "note": "Note",
        "completed": "Done",
        "not_started": "Not started",
        "ongoing": "Ongoing",
        "done": "Done",
        "on_time": "Done on time",
        "late": "Done late",
        "not_done": "Not done",
        "cancelled": "Cancelled",
        "achieved": "Achieved",
        "partly": "Partly achieved",
        "not-achieved": "Not achieved",
        "measures": "Decided measures",
        "calendar": "Meeting calendar",
        "left_out": "Proposals left out",
        "carries_over": "Carried over",
        "summary": "Summary",
        "history": "History",
        "when": "When",
        "meeting": "Meeting",
        "place": "Place",
        "decided_on": "Decided",
        "none": "None",
        "restricted": "Restricted measure",
        "continues": "continues",
        "count": "Count",
        "plan_with_control": "Plan, including the internal control plan,",
        "goals": "Overall goals and indicators",
        "goal_row": "Overall goal",
        "activity": "Activity",
        "indicators": "Indicators",
        "indicator": "Indicator",
        "running": "Activities of a running kind",
        "occurrences": "Recurring activities",
        "control": "Internal control plan",
        "matrix": "Risk matrix",
        "risk": "Risk",
        "risk_level": "Risk level",
        "done_by": "Done by",
        "done_on": "Done",
        "probability": "Probability",
        "consequence": "Consequence",
        "scores": "Assessments (P×C)",
        "continuing": "Continuing from earlier plans",
        "period": "Period",
        "result": "Outcome",
        "follow_up_of": "Follow-up",
        "no_outcome": "No outcome reported",
        "sheet_goals": "Goals and activities",
        "sheet_indicators": "Goals and indicators",
        "agenda": "Agenda",
        "revisions": "Changes since the decision",
        "what": "Change",
        "who": "By",
        "why": "Why",
        "not_decided": "not yet (the decision phase's last day: {day})",
        "decided_line": "{day} by {by}",
        "decided_ref": " (reference {ref})",
        "decided_replaces": "; replaces the decision of {days}",
        "rev_replan": "Replanned",
        "rev_cancel": "Cancelled",
        "rev_decide": "Decided after the plan's decision",
        "rev_reinstate": "Reinstated",
        "rev_edit": "Edited",
        "rev_handover": "Handed over",
        "quarters": "Quarters",
        "goal_field": "Goal",
    },
}


for _lang, _labels in LABELS.items():
    _labels.update({key: words[_lang] for key, words in PLAN_WORDS.items()})


@dataclass(frozen=True)
class Row:
    id: str
    measure: str
    owner: str
    quarters: tuple[bool, ...]  # Q1–Q4 of each of the report's years
    due: str
    status: str
    state: str
    restricted: bool = False
    completed: str = ""
    outcome: str = ""
    assessment: str = ""
    note: str = ""
    nr: str = ""  # its number in its goal (1a), or its id
    goal: int | None = None


@dataclass(frozen=True)
class LeftOut:
    id: str
    measure: str
    org: str
    reason: str
    carried_to: str


@dataclass(frozen=True)
class Revision:
    """A change to a measure of the decided plan, as the history has it."""

    when: str
    id: str
    measure: str
    what: str
    who: str
    why: str


@dataclass(frozen=True)
class MeetingLine:
    when: str
    title: str
    place: str
    kind: str
    agenda: tuple[str, ...] = ()


#: Items read from the store at a time: a report's memory stays the same whatever the cycle's size.
PAGE = 500

T = TypeVar("T")


class Lines(Generic[T]):
    """A report's rows, read from the store a page at a time each time they are walked."""

    def __init__(self, pages: Callable[[], Iterator[list[T]]]) -> None:
        self._pages = pages

    def __iter__(self) -> Iterator[T]:
        for page in self._pages():
            yield from page


@dataclass
class Report:
    kind: str  # plan | followup
    name: str
    plan_year: int
    lang: str
    labels: dict[str, str]
    decided_on: str
    rows: Iterable[Row] = ()
    left_out: Iterable[LeftOut] = ()
    meetings: list[MeetingLine] = field(default_factory=list)
    #: The measures in each state, counted by the store.
    states: dict[str, int] = field(default_factory=dict)
    #: The measures that are done, and those that are not (they carry over), walked apart.
    done: Iterable[Row] = ()
    not_done: Iterable[Row] = ()
    #: The years whose quarters the measure tables mark: the plan year, and later ones its
    #: measures reach into.
    years: tuple[int, ...] = ()
    #: Goals, running activities, the internal control plan (parts.py), and the measures of
    #: earlier plans that go on in this one.
    parts: PlanParts = field(default_factory=PlanParts)
    #: FI management's (newest) decision on the plan as a whole, and the changes to the plan's
    #: measures since (`arshjul plan decide`); None and none before it.
    decision: PlanDecision | None = None
    revisions: list[Revision] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.years = self.years or (self.plan_year,)

    @property
    def outcomes(self) -> tuple[str, ...]:
        """The outcomes the follow-up counts: done on time, late, not done; and done at a time
        not known (imported as done), and cancelled, when there are such."""
        known = ("on_time", "late")
        shown = (*known, "done", "not_done") if self.counts.get("done") else (*known, "not_done")
        return (*shown, "cancelled") if self.counts.get("cancelled") else shown

    @property
    def loose(self) -> int:
        """How many of the plan year's measures are under no goal."""
        return sum(self.states.values()) - sum(len(g.rows) for g in self.parts.goals)

    @property
    def title(self) -> str:
        kind = "plan_with_control" if self.kind == "plan" and self.parts.risks else self.kind
        return f"{self.labels[kind]} {self.name} {self.plan_year}"

    @cached_property
    def counts(self) -> dict[str, int]:
        """Measures by status (the plan) or by outcome (the follow-up); only whether a done
        measure was done on time needs its rows."""
        counts: dict[str, int] = {}
        if self.kind == "plan":
            for state, n in self.states.items():
                counts[STATUS[state]] = counts.get(STATUS[state], 0) + n
            return counts
        not_done = sum(n for state, n in self.states.items() if State(state) in OPEN_MEASURE)
        counts = {"not_done": not_done} if not_done else {}
        if self.states.get(State.cancelled.value):
            counts["cancelled"] = self.states[State.cancelled.value]
        for row in self.done:
            counts[row.outcome] = counts.get(row.outcome, 0) + 1
        return counts


def _quarters(item: Item, placement: Placement | None, years: tuple[int, ...]) -> tuple[bool, ...]:
    """The quarters of the report's years in which the measure is worked on: those decided
    for it, or else from its plan year's start up to its due date."""
    shown = [(year, q) for year in years for q in range(1, 5)]
    if placement is not None and placement.quarters:
        return tuple(quarter in placement.quarters for quarter in shown)
    if item.due is None:
        return tuple(False for _ in shown)
    return tuple((item.cycle, 1) <= quarter <= quarter_of(item.due) for quarter in shown)


def _outcome(item: Item, completed: date | None) -> str:
    if item.state is State.cancelled:
        return "cancelled"
    if item.state not in DONE:
        return "not_done"
    if completed is None:
        return "done"  # imported as done: when is not known
    return "on_time" if item.due is None or completed <= item.due else "late"


def build(
    uow: UnitOfWork,
    calendar: CycleCalendar,
    kind: str,
    plan_year: int,
    reader: Actor | None,
    lang: str,
    *,
    as_decided: PlanDecision | None = None,
) -> Report:
    """The plan or the follow-up of `plan_year`, as `reader` may see it (None: nobody in
    particular, as a report for a broad audience: no restricted content, only the meetings
    open to all). `as_decided`: the plan as it reads once that decision is recorded (what
    `plan decide` hashes), whatever decisions there are.

    The measures and what was left out are read when the report is written, a page at a time.
    """
    labels = LABELS[lang]
    config = calendar.config
    report = Report(kind, config.name, plan_year, lang, labels, "")

    def rows_of(
        reading: UnitOfWork,
        lines: list[ReportLine],
        years: tuple[int, ...],
        placed: dict[str, Placement] | None = None,
    ) -> list[Row]:
        if placed is None:
            placed = plan_store.placements(reading.connection, [line.item.id for line in lines])
        return [
            _row(line, reader, labels, calendar, placed.get(line.item.id), years) for line in lines
        ]

    def measures(states: frozenset[State], *, loose: bool = False) -> Lines[Row]:
        """The plan year's measures in `states`; `loose`: only those under no goal."""

        def pages() -> Iterator[list[Row]]:
            with uow.snapshot() as reading:
                events = parts.MEASURE_EVENTS
                placed = plan_store.placements_of(reading.connection, plan_year)
                for page in reading.repo.report_pages(plan_year, sorted(states), events, PAGE):
                    rows = rows_of(reading, page, report.years, placed)
                    yield [row for row in rows if row.goal is None] if loose else rows

        return Lines(pages)

    def left_out() -> Iterator[list[LeftOut]]:
        with uow.snapshot() as reading:
            states, events = ["deprioritised"], ("deprioritise",)
            for page in reading.repo.report_pages(plan_year, states, events, PAGE):
                yield [_left_out(line, reader, labels) for line in page]

    report.rows, report.left_out = measures(LISTED, loose=kind == "plan"), Lines(left_out)
    report.done, report.not_done = measures(DONE), measures(OPEN_MEASURE)
    with uow:
        report.states = uow.repo.count_states(plan_year, sorted(LISTED))
        report.years = years_of(plan_year, plan_store.last_quarter_year(uow.connection, plan_year))
        report.parts = parts.load(uow, calendar, plan_year, lang, rows_of)
        year_meetings = meetings.between(
            uow.connection,
            calendar.start_of_year(plan_year),
            calendar.start_of_year(plan_year + 1),
            uow.body_id,
        )
        groups = meetings.all_groups(uow.connection, reader.email) if reader else {}
        decisions = living.decisions(uow.connection, uow.body_id, plan_year)
        if as_decided is not None:
            decisions.append(as_decided)
        elif kind == "plan":
            report.revisions = revisions(uow, calendar, plan_year, decisions, reader, lang)
    report.decision = decisions[-1] if decisions else None
    report.decided_on = _decided_line(calendar, plan_year, decisions, labels)
    # The calendar holds what the one rule lets the reader see; nobody in particular (a
    # report run without an acting person) sees the meetings open to all.
    audience = Audience(reader, groups.get(reader.email, frozenset()) if reader else frozenset())
    for meeting in year_meetings:
        if not meeting.cancelled and audience.sees(meeting):
            report.meetings.append(
                MeetingLine(
                    when=calendar.local(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
                    title=meeting.title,
                    place=meeting.place or "",
                    kind=meeting.kind,
                    agenda=meeting.agenda,
                )
            )
    return report


def _decided_line(
    calendar: CycleCalendar, plan_year: int, decisions: list[PlanDecision], labels: dict[str, str]
) -> str:
    """When, by whom and under which reference the plan was decided; before it, that it is
    not yet, and the decision phase's last day."""
    if not decisions:
        day = calendar.phase(plan_year, "decision").closes.isoformat()
        return labels["not_decided"].format(day=day)
    newest = decisions[-1]
    day = calendar.local(newest.decided_at).date().isoformat()
    line = labels["decided_line"].format(day=day, by=newest.decided_by)
    if newest.reference:
        line += labels["decided_ref"].format(ref=newest.reference)
    if len(decisions) > 1:
        days = ", ".join(calendar.local(d.decided_at).date().isoformat() for d in decisions[:-1])
        line += labels["decided_replaces"].format(days=days)
    return line


def revisions(
    uow: UnitOfWork,
    calendar: CycleCalendar,
    plan_year: int,
    decisions: list[PlanDecision],
    reader: Actor | None,
    lang: str,
) -> list[Revision]:
    """Every change to the plan year's items since its newest decision that is not the plan's
    ordinary flow (`states.living.NOT_REVISIONS`), read from the history: what the other
    corrections record needs no wiring here. A restricted measure outside the reader's
    need-to-know shows its id, when and what kind of change, not what or why."""
    if not decisions:
        return []
    labels = LABELS[lang]
    newest = decisions[-1]
    # By the chain's order, not the clock's: a change in the decision's instant is after it.
    seq = living.decision_seq(uow.connection, newest.id)
    rows = living.revision_rows(
        uow.connection, uow.body_id, plan_year, newest.decided_at, NOT_REVISIONS, after_seq=seq
    )
    items = {item.id: item for item in uow.repo.items(sorted({r["item_id"] for r in rows}))}
    found = []
    for row in rows:
        item = items[row["item_id"]]
        visible = item.visible_to(reader)
        found.append(
            Revision(
                when=calendar.local(row["at"]).strftime("%Y-%m-%d %H:%M"),
                id=item.id,
                measure=item.title if visible else labels["restricted"],
                what=_what(row, lang, visible),
                who=row["actor"],
                why=(row["note"] or "") if visible else "",
            )
        )
    return found


def _what(row: Any, lang: str, visible: bool) -> str:
    """A revision in words: the kind of change, and, for those who may see it, what changed."""
    event: str = row["event"]
    labels = LABELS[lang]
    kind = labels.get(f"rev_{event}", event)
    if row["from_state"] != row["to_state"]:
        was, now = (state_name(s, lang) for s in (row["from_state"], row["to_state"]))
        kind = f"{kind} ({was} → {now})"
    if not visible:
        return kind
    data = json.loads(row["data"]) if row["data"] else {}
    names = {key: labels[key] for key in ("due", "owner", "quarters")} | {
        "goal": labels["goal_field"]
    }
    details = [
        f"{names.get(k, k)} {old or '–'} → {new or '–'}"
        for k, (old, new) in data.get("changes", {}).items()
    ]
    if not details:
        details += [f"{labels['owner']} {row['owner']}"] if row["owner"] else []
        details += [f"{labels['due']} {row['due'].isoformat()}"] if row["due"] else []
    return f"{kind}: {'; '.join(details)}" if details else kind


def _left_out(line: ReportLine, reader: Actor | None, labels: dict[str, str]) -> LeftOut:
    item, visible = line.item, line.item.visible_to(reader)
    _, reason = line.last["deprioritise"]
    return LeftOut(
        id=item.id,
        measure=item.title if visible else labels["restricted"],
        org=item.org if visible else "",
        reason=(reason or "") if visible else "",
        carried_to=line.carried_to or "",
    )


def _row(
    line: ReportLine,
    reader: Actor | None,
    labels: dict[str, str],
    calendar: CycleCalendar,
    placement: Placement | None,
    years: tuple[int, ...],
) -> Row:
    item, visible = line.item, line.item.visible_to(reader)
    completed_at, _ = line.last["complete"]
    completed = calendar.local(completed_at).date() if completed_at is not None else None
    _, follow_note = line.last["follow_up"]
    if item.state is State.cancelled:  # the follow-up says why it ended undone
        _, follow_note = line.last["cancel"]
    status = STATUS[item.state.value]
    return Row(
        id=item.id,
        measure=item.title if visible else labels["restricted"],
        owner=((placement and placement.responsible) or item.owner or "") if visible else "",
        quarters=_quarters(item, placement, years) if visible else (False,) * 4 * len(years),
        due=item.due.isoformat() if item.due and visible else "",
        status=status,
        state=item.state.value,
        restricted=not visible,
        completed=completed.isoformat() if completed else "",
        outcome=_outcome(item, completed),
        assessment=(item.assessment or "") if visible else "",
        note=(follow_note or "") if visible else "",
        nr=(placement and placement.nr) or item.id,
        goal=placement.goal if placement else None,
    )


@dataclass
class Mine:
    title: str
    lang: str
    labels: dict[str, str]
    items: list[dict[str, Any]]


def mine(uow: UnitOfWork, calendar: CycleCalendar, reader: Actor, lang: str) -> Mine:
    """The reader's organisation's items in every cycle, with their states and history."""
    labels = LABELS[lang]
    with uow:
        items = uow.repo.list_items(None, None, reader.org)
        histories = {item.id: uow.repo.history(item.id) for item in items}
    shown = []
    for item in items:
        shown.append(
            {
                "id": item.id,
                "cycle": item.cycle,
                "title": item.title,
                "state": state_name(item.state.value, lang),
                "owner": item.owner or "",
                "due": item.due.isoformat() if item.due else "",
                "history": [
                    {
                        "at": calendar.local(h["at"]).strftime("%Y-%m-%d %H:%M"),
                        "event": h["event"],
                        "to": state_name(h["to_state"], lang),
                        "actor": h["actor"],
                        "note": h["note"] or "",
                    }
                    for h in histories[item.id]
                ],
            }
        )
    return Mine(f"{labels['mine']}: {reader.org}", lang, labels, shown)


def chart_svg(report: Report) -> str:
    """The follow-up's outcomes as a bar chart, made here: no plotting stack needed."""
    order = report.outcomes
    colours = {
        "on_time": "#2e7d32",
        "late": "#f9a825",
        "done": "#7cb342",
        "not_done": "#c62828",
        "cancelled": "#757575",
    }
    total = max(sum(report.counts.values()), 1)
    bar_height, width = 28, 360
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 220}" height="{len(order) * (bar_height + 10) + 10}" '
        f'role="img" aria-label="{report.labels["outcome"]}">'
    ]
    for n, key in enumerate(order):
        count = report.counts.get(key, 0)
        y = 10 + n * (bar_height + 10)
        length = round(width * count / total)
        label = report.labels[key]
        parts.append(f'<text x="0" y="{y + 19}" font-family="Arial" font-size="14">{label}</text>')
        parts.append(
            f'<rect x="180" y="{y}" width="{length}" height="{bar_height}" fill="{colours[key]}"/>'
        )
        parts.append(
            f'<text x="{186 + length}" y="{y + 19}" font-family="Arial" font-size="14">{count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def carries_over(report: Report) -> Iterable[Row]:
    """The measures not done: they go on into the next year."""
    return report.not_done
