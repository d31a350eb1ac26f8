"""A plan workbook as the council keeps it: goals with their indicators, the measures under
them in the plan's tables (Nr, Aktivitet, Ansvar, Q1–Q4, Beräknat klart, Status), running
activities, and the internal control plan. Read whole and checked whole; every bad line named.

Sheets, by name (Swedish or English; others are left alone):

- **Mål** (Goals): one row an indicator. Nr (1, or the plan's section 3.1), Mål, Sikt (kort /
  lång), Inriktning, Indikator, Målvärde, Bättre (högre / lägre), Enhet. A goal's later rows
  may leave its title out; a goal without indicators has one row without one.
- **Aktiviteter** (Activities): tables like the plan's. A row beginning "Nr" is a table's
  header; rows above the first are titles. A goal's heading row (1, Övergripande mål: …) and
  rows without Nr or activity (a row of years over the quarters) are layout. A measure row has
  its Nr (1a), an X under each quarter it is worked on (a quarter column that does not follow
  the one before starts the next year: Q1…Q4 Q1…Q4 is two years; "2024 Q1" names one), its
  planned completion, and its status as text or as an X under Ej påbörjat, Pågående, Klart.
  A table without quarters or completion holds running activities (Nr, Aktivitet, Ansvar).
- **Internkontrollplan** (Risker, Risks): Nr, Risk, Ansvar, Åtgärdsnivå, Sannolikhet,
  Konsekvens, Risknivå (if given, it must be their product), Åtgärd, Genomförd senast (a date,
  Löpande or Vid behov).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from arshjul.errors import ArshjulError, BadInput
from arshjul.i18n import t
from arshjul.states.lifecycle import State
from arshjul.states.plan import (
    Goal,
    Placement,
    Quarter,
    Risk,
    check_quarters,
    goal_number,
    parse_nr,
)
from arshjul.workflow import validate
from arshjul.workflow.goals import clean_indicator
from arshjul.workflow.proposals import fail
from arshjul.workflow.risks import clean_risk
from arshjul.workflow.workbook import readable

GOAL_SHEETS = ("mål", "goals")
MEASURE_SHEETS = ("aktiviteter", "activities", "åtgärder", "measures")
RISK_SHEETS = ("internkontrollplan", "risker", "risks", "internal control plan")

_GOAL_COLUMNS = {
    "nr": "nr",
    "no": "nr",
    "mål": "title",
    "goal": "title",
    "sikt": "horizon",
    "horizon": "horizon",
    "inriktning": "focus",
    "focus": "focus",
    "indikator": "indicator",
    "indikatorer": "indicator",
    "indicator": "indicator",
    "målvärde": "target",
    "target": "target",
    "bättre": "better",
    "better": "better",
    "enhet": "unit",
    "unit": "unit",
}
_MEASURE_COLUMNS = {
    "nr": "nr",
    "no": "nr",
    "aktivitet": "title",
    "activity": "title",
    "åtgärd": "title",
    "measure": "title",
    "ansvar": "responsible",
    "responsible": "responsible",
    "beräknatklart": "due",
    "plannedcompletion": "due",
    "status": "status",
    "ejpåbörjat": "not_started",
    "notstarted": "not_started",
    "pågående": "ongoing",
    "påbörjat": "ongoing",
    "ongoing": "ongoing",
    "klart": "done",
    "done": "done",
}
_RISK_COLUMNS = {
    "nr": "nr",
    "no": "nr",
    "risk": "description",
    "ansvar": "responsible",
    "responsible": "responsible",
    "åtgärdsnivå": "action_level",
    "actionlevel": "action_level",
    "sannolikhet": "probability",
    "probability": "probability",
    "konsekvens": "consequence",
    "consequence": "consequence",
    "risknivå": "level",
    "risklevel": "level",
    "åtgärd": "action",
    "action": "action",
    "genomfördsenast": "deadline",
    "doneby": "deadline",
}
_HORIZONS = {"kort": "short", "kortsikt": "short", "short": "short", "shortterm": "short"}
_HORIZONS |= {"lång": "long", "långsikt": "long", "long": "long", "longterm": "long"}
_BETTER = {"högre": "higher", "higher": "higher", "lägre": "lower", "lower": "lower"}
_STATUS = {
    "ejpåbörjat": State.decided,
    "notstarted": State.decided,
    "pågående": State.in_progress,
    "påbörjat": State.in_progress,
    "ongoing": State.in_progress,
    "klart": State.executed,
    "done": State.executed,
}
_QUARTER_COLUMN = re.compile(r"^(?:(?P<y1>\d{4})-?)?q(?P<q>\d)(?:-?(?P<y2>\d{4}))?$")


def _key(value: object) -> str:
    """A header or word as written, without case, spaces or hyphens ("Åtgärds-nivå")."""
    return re.sub(r"[\s\-\u00ad]", "", str(value or "")).lower()


@dataclass(frozen=True)
class MeasureLine:
    line: int
    goal: int
    letter: str
    title: str
    responsible: str
    quarters: tuple[Quarter, ...]
    due: date
    state: State

    @property
    def placement(self) -> Placement:
        return Placement(self.goal, self.letter, None, self.quarters)


@dataclass(frozen=True)
class RunningLine:
    line: int
    goal: int | None
    letter: str | None
    title: str
    responsible: str


@dataclass(frozen=True)
class RiskLine:
    line: int
    risk: Risk
    responsible: str


@dataclass
class PlanWorkbook:
    """What a plan workbook holds for one plan year, checked on its own (references to the
    database are checked when it is imported)."""

    file: str
    plan_year: int
    #: The title of the sheet each part came from: goals, measures, risks.
    sheets: dict[str, str] = field(default_factory=dict)
    goals: list[tuple[int, Goal]] = field(default_factory=list)
    measures: list[MeasureLine] = field(default_factory=list)
    running: list[RunningLine] = field(default_factory=list)
    risks: list[RiskLine] = field(default_factory=list)


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheets, or none for a file that is not one."""
    from openpyxl import load_workbook

    try:
        with readable(path):
            workbook = load_workbook(path, read_only=True)
            try:
                return list(workbook.sheetnames)
            finally:
                workbook.close()
    except (OSError, BadInput):
        return []


def is_plan(path: Path) -> bool:
    """A workbook with a goals, activities or internal control sheet is a plan; another is
    proposals (CLI.md's columns)."""
    if path.suffix.lower() != ".xlsx":
        return False
    known = GOAL_SHEETS + MEASURE_SHEETS + RISK_SHEETS
    return any(name.strip().lower() in known for name in sheet_names(path))


def read(path: Path, plan_year: int) -> PlanWorkbook:
    """The plan in the workbook at `path`; BadInput names every bad line of every sheet."""
    from openpyxl import load_workbook

    plan = PlanWorkbook(path.name, plan_year)
    problems: list[str] = []
    try:
        with readable(path):
            workbook = load_workbook(path, read_only=True, data_only=True)
            try:
                sheets = [
                    (
                        sheet.title,
                        [
                            (n, ["" if v is None else v for v in values])
                            for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                        ],
                    )
                    for sheet in workbook.worksheets
                ]
            finally:
                workbook.close()
    except OSError as exc:
        raise BadInput("import_unreadable", file=path.name, reason=str(exc)) from None
    for title, rows in sheets:
        reader = _READERS.get(title.strip().lower())
        if reader is not None:
            reader(plan, title, rows, problems)
    _check_numbers(plan, problems)
    fail(problems)
    if not (plan.goals or plan.measures or plan.running or plan.risks):
        raise BadInput("import_empty", file=path.name)
    return plan


Rows = list[tuple[int, list[Any]]]


def _tables(
    sheet: str, rows: Rows, columns: dict[str, str], problems: list[str]
) -> Iterator[tuple[int, dict[str, Any], list[tuple[int, Quarter | None, str]]]]:
    """The body rows of each table in a sheet, as {column: value}, with the table's columns."""
    header: list[tuple[int, Quarter | None, str]] | None = None
    for line, values in rows:
        if not any(str(v).strip() for v in values):
            continue
        if _key(values[0]) in ("nr", "no"):
            header = _header(sheet, line, values, columns, problems)
            continue
        if header is None:
            continue  # the sheet's title rows
        record: dict[str, Any] = {}
        marks: list[Quarter] = []
        for index, quarter, name in header:
            value = values[index] if index < len(values) else ""
            if quarter is not None:
                if str(value).strip():
                    marks.append(quarter)
            elif name:
                record[name] = value
        record["quarters"] = tuple(marks)
        yield line, record, header


def _header(
    sheet: str, line: int, values: list[Any], columns: dict[str, str], problems: list[str]
) -> list[tuple[int, Quarter | None, str]]:
    """A table's columns: (index, quarter or None, field). Quarters run on into the next year."""
    header: list[tuple[int, Quarter | None, str]] = []
    year_offset, last = 0, 0
    for index, value in enumerate(values):
        key = _key(value)
        if not key:
            continue
        quarter = _QUARTER_COLUMN.match(key)
        if quarter and 1 <= int(quarter["q"]) <= 4:
            q = int(quarter["q"])
            named = quarter["y1"] or quarter["y2"]
            if named:
                header.append((index, (int(named), q), ""))
            else:
                year_offset += q <= last
                header.append((index, (year_offset, q), ""))
            last = q
        elif quarter or (key.startswith("q") and key[1:].isdigit()):
            problems.append(_where(sheet, line, t("bad_quarter", value=str(value).strip())))
        elif key in columns:
            header.append((index, None, columns[key]))
        else:
            problems.append(_where(sheet, line, t("import_column", column=str(value).strip())))
    return header


def _where(sheet: str, line: int, problem: object) -> str:
    return t("import_sheet_row", sheet=sheet, line=line, problem=problem)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return validate.day(_text(value))


def _int(name: str, value: Any) -> int:
    text = _text(value)
    if not text.lstrip("-").isdigit():
        raise BadInput("bad_whole_number", field=name, value=text)
    return int(text)


def _guarded(sheet: str, line: int, problems: list[str], action: Callable[[], None]) -> None:
    try:
        action()
    except ArshjulError as exc:
        problems.append(_where(sheet, line, exc))


# the sheets -----------------------------------------------------------------------------------


def _goals(plan: PlanWorkbook, sheet: str, rows: Rows, problems: list[str]) -> None:
    plan.sheets["goals"] = sheet
    by_number: dict[int, tuple[int, Goal]] = {}
    for line, record, _ in _tables(sheet, rows, _GOAL_COLUMNS, problems):

        def one(line: int = line, record: dict[str, Any] = record) -> None:
            number = goal_number(_text(record.get("nr", "")))
            title = _text(record.get("title", ""))
            if number not in by_number:
                goal = Goal(plan.plan_year, number, validate.required_text("title", title, 200))
                by_number[number] = (line, goal)
            first_line, goal = by_number[number]
            if title and title != goal.title:
                raise BadInput("import_goal_twice", number=number, line=first_line)
            name = _text(record.get("indicator", ""))
            if not name:
                return
            horizon = _text(record.get("horizon", ""))
            better = _text(record.get("better", ""))
            indicator = clean_indicator(
                name,
                horizon=_HORIZONS.get(_key(horizon), horizon) if horizon else None,
                focus=_text(record.get("focus", "")) or None,
                target=_text(record.get("target", "")) or None,
                better=_BETTER.get(_key(better), better) if better else None,
                unit=_text(record.get("unit", "")) or None,
            )
            numbered = replace(indicator, number=len(goal.indicators) + 1)
            by_number[number] = (first_line, replace(goal, indicators=(*goal.indicators, numbered)))

        _guarded(sheet, line, problems, one)
    plan.goals.extend(by_number.values())


def _measures(plan: PlanWorkbook, sheet: str, rows: Rows, problems: list[str]) -> None:
    plan.sheets["measures"] = sheet
    for line, record, header in _tables(sheet, rows, _MEASURE_COLUMNS, problems):
        if not _text(record.get("nr", "")) and not _text(record.get("title", "")):
            continue  # a row of years over the quarters, or another piece of layout
        if _text(record.get("nr", "")).isdigit():
            continue  # a goal's heading row: 1, Övergripande mål: …
        running = not any(q is not None for _, q, _ in header) and "due" not in record

        def one(line: int = line, record: dict[str, Any] = record, running: bool = running) -> None:
            if running:
                plan.running.append(_running(line, record))
            else:
                plan.measures.append(_measure(plan.plan_year, line, record))

        _guarded(sheet, line, problems, one)


def _running(line: int, record: dict[str, Any]) -> RunningLine:
    nr = _text(record.get("nr", ""))
    goal, letter = parse_nr(nr) if nr and not nr.upper().startswith("L") else (None, None)
    return RunningLine(
        line,
        goal,
        letter,
        validate.required_text("title", _text(record.get("title", "")), 200),
        validate.required_text("responsible", _text(record.get("responsible", "")), 60),
    )


def _measure(plan_year: int, line: int, record: dict[str, Any]) -> MeasureLine:
    goal, letter = parse_nr(_text(record.get("nr", "")))
    due = _day(record.get("due", ""))
    quarters = tuple(
        sorted((year if year > 1900 else plan_year + year, q) for year, q in record["quarters"])
    )
    check_quarters(quarters, plan_year, due)
    return MeasureLine(
        line=line,
        goal=goal,
        letter=letter,
        title=validate.required_text("title", _text(record.get("title", "")), 200),
        responsible=validate.required_text("responsible", _text(record.get("responsible", "")), 60),
        quarters=quarters,
        due=due,
        state=_state(record),
    )


def _state(record: dict[str, Any]) -> State:
    status = _text(record.get("status", ""))
    marked = [name for name in ("not_started", "ongoing", "done") if _text(record.get(name, ""))]
    if status:
        found = _STATUS.get(_key(status))
        if found is None:
            raise BadInput("bad_status", value=status)
        return found
    if len(marked) > 1:
        raise BadInput("bad_status", value=", ".join(marked))
    return {"ongoing": State.in_progress, "done": State.executed}.get(
        marked[0] if marked else "", State.decided
    )


def _risks(plan: PlanWorkbook, sheet: str, rows: Rows, problems: list[str]) -> None:
    plan.sheets["risks"] = sheet
    for line, record, _ in _tables(sheet, rows, _RISK_COLUMNS, problems):

        def one(line: int = line, record: dict[str, Any] = record) -> None:
            probability = _int("probability", record.get("probability", ""))
            consequence = _int("consequence", record.get("consequence", ""))
            responsible = _text(record.get("responsible", ""))
            risk = clean_risk(
                plan.plan_year,
                _text(record.get("description", "")),
                validate.required_text("responsible", responsible, 60),
                action_level=_int("action level", record.get("action_level", "")),
                probability=probability,
                consequence=consequence,
                action=_text(record.get("action", "")),
                deadline=_text(record.get("deadline", "")),
                number=_int("nr", record.get("nr", "")),
            )
            level = _text(record.get("level", ""))
            if level and _int("risk level", level) != risk.level:
                raise BadInput(
                    "bad_risk_level", level=level, probability=probability, consequence=consequence
                )
            plan.risks.append(RiskLine(line, risk, responsible))

        _guarded(sheet, line, problems, one)


_READERS: dict[str, Callable[[PlanWorkbook, str, Rows, list[str]], None]] = {
    **dict.fromkeys(GOAL_SHEETS, _goals),
    **dict.fromkeys(MEASURE_SHEETS, _measures),
    **dict.fromkeys(RISK_SHEETS, _risks),
}


def _check_numbers(plan: PlanWorkbook, problems: list[str]) -> None:
    """Every number once: a goal's, a measure's or running activity's in its goal, a risk's."""
    seen: dict[object, int] = {}
    numbered: list[tuple[int, object, str]] = [
        *((m.line, (m.goal, m.letter), f"{m.goal}{m.letter}") for m in plan.measures),
        *((r.line, (r.goal, r.letter), f"{r.goal}{r.letter}") for r in plan.running if r.goal),
        *((r.line, ("risk", r.risk.number), f"risk {r.risk.number}") for r in plan.risks),
    ]
    for line, key, shown in numbered:
        if key in seen:
            problems.append(t("import_twice", nr=shown, line=line, first=seen[key]))
        seen.setdefault(key, line)
