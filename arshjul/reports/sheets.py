"""The plan's goals, internal control plan and risk matrix as tables (CSV) and as sheets that
print like the regional plan: headings, the goal's row above its measures, quarter marks under
their year, thin borders, the matrix's cells coloured by level."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from arshjul.reports.matrix import COLOURS
from arshjul.reports.xlsx import PLAIN, Book, Sheet, Style

if TYPE_CHECKING:
    from arshjul.reports.build import Report

#: A table: its title, its header, its rows.
Section = tuple[str, list[str], Iterable[list[Any]]]

_DARK = "1F3864"
_LIGHT = "D9E1F2"

HEAD = Style(bold=True, colour="FFFFFF", fill=_DARK, border=True, wrap=True, horizontal="center",
             vertical="center")  # fmt: skip
TITLE = Style(bold=True, size=14)
HEADING = Style(bold=True, size=12)
BOLD = Style(bold=True)
CELL = Style(border=True, wrap=True, horizontal="left", vertical="top")
MARK = Style(border=True, horizontal="center", vertical="center")
CENTRED = Style(border=True, wrap=True, horizontal="center", vertical="center")
AXIS = Style(bold=True, wrap=True, horizontal="center", vertical="center")
WRAP = Style(wrap=True, horizontal="left", vertical="top")


def filled(colour: str) -> Style:
    """A bordered, centred, bold cell of the colour (the risk matrix's and levels')."""
    return Style(bold=True, fill=colour, border=True, wrap=True, horizontal="center",
                 vertical="center")  # fmt: skip


class Writer:
    """A sheet written row by row that sizes rows for their wrapped text: spreadsheet programs
    do not measure rows they read from a file."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet

    @property
    def line(self) -> int:
        return self.sheet.line

    def add(
        self,
        values: Sequence[Any],
        styles: Sequence[Style] | None = None,
        *,
        height: float | None = None,
        merge: tuple[int, int] | None = None,
    ) -> None:
        styles = list(styles or ())
        self.sheet.row(list(values), styles, height=height or self._height(values, styles, merge))
        if merge:
            self.sheet.merge(*merge)

    def header(self, names: Sequence[str]) -> None:
        self.add(names, [HEAD] * len(names))

    def _height(
        self, values: Sequence[Any], styles: Sequence[Style], merge: tuple[int, int] | None
    ) -> float | None:
        sizes, lines = self.sheet.widths, 1
        for n, value in enumerate(values):
            if not isinstance(value, str) or n >= len(styles) or not styles[n].wrap:
                continue
            span = sizes[n : merge[1]] if merge and merge[0] == n + 1 else sizes[n : n + 1]
            per_line = max(int(sum(span) * 1.1), 1)
            lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in value.split("\n")))
        return 15.0 * lines if lines > 1 else None


# tables (CSV, and the follow-up's sheets) ------------------------------------------------------


def _risk_columns(report: Report, *, scores: bool) -> list[str]:
    labels = report.labels
    middle = [labels["probability"], labels["consequence"]] if scores else []
    return [
        labels["id"],
        labels["risk"],
        labels["owner"],
        labels["action_level"],
        *middle,
        labels["risk_level"],
        labels["action"],
        labels["done_by"],
    ]


def _risk_values(report: Report, *, scores: bool) -> Iterator[list[Any]]:
    for r in report.parts.risks:
        middle = [r.probability, r.consequence] if scores else []
        yield [
            r.number,
            r.description,
            r.responsible,
            r.action_level,
            *middle,
            r.level,
            r.action,
            r.deadline,
        ]


def _goal_rows(report: Report) -> Iterator[list[Any]]:
    from arshjul.reports.output import padded

    for goal in report.parts.goals:
        for row in goal.rows:
            marks = ("x" if q else "" for q in padded(row.quarters, report.years))
            yield [
                goal.number,
                row.nr,
                row.measure,
                row.owner,
                *marks,
                row.due,
                report.labels[row.status],
            ]


def _indicator_section(report: Report) -> Section:
    labels = report.labels
    body = []
    for goal in report.parts.goals:
        for i in goal.indicators:
            first = [goal.number, i.nr, i.name, i.target]
            if not i.outcomes:
                body.append([*first, "", labels["no_outcome"], ""])
            body += [[*first, o.period, o.value, o.verdict] for o in i.outcomes]
    header = [
        labels["goal_row"],
        labels["id"],
        labels["indicator"],
        labels["target"],
        labels["period"],
        labels["result"],
        labels["assessment"],
    ]
    return labels["goals"], header, body


def _action_section(report: Report) -> Section:
    labels = report.labels
    header = [
        labels["id"],
        labels["owner"],
        labels["action"],
        labels["done_by"],
        labels["done_on"],
        labels["outcome"],
        labels["scores"],
    ]
    body = [
        [
            r.number,
            r.responsible,
            r.action,
            r.deadline,
            r.done_on,
            labels[r.outcome] + (f" ({r.note})" if r.note else ""),
            r.assessed,
        ]
        for r in report.parts.risks
    ]
    return labels["control"], header, body


def _occurrence_section(report: Report) -> Section:
    """Each recurring activity's occurrence of the plan year and its outcome."""
    labels = report.labels
    header = [
        labels["id"],
        labels["activity"],
        labels["owner"],
        labels["done_by"],
        labels["done_on"],
        labels["outcome"],
    ]
    body = [
        [
            o.nr,
            o.title,
            o.responsible,
            o.due,
            o.done_on,
            labels[o.outcome] + (f" ({o.note})" if o.note else ""),
        ]
        for o in report.parts.occurrences
    ]
    return labels["occurrences"], header, body


def sections(report: Report, measures: list[Section]) -> Iterator[Section]:
    """The report's tables in order, for CSV: the measures' (given), the goals', the running
    activities', the internal control plan's and the matrix; in the follow-up, the indicators'
    outcomes, the recurring activities' occurrences and the risks' actions."""
    labels, parts = report.labels, report.parts
    if report.kind == "followup":
        yield from measures
        if parts.goals:
            yield _indicator_section(report)
        if parts.occurrences:
            yield _occurrence_section(report)
        if parts.risks:
            yield _action_section(report)
        return
    if parts.goals:
        from arshjul.reports.output import quarter_heads

        head = [labels["goal_row"], labels["id"], labels["activity"], labels["owner"]]
        yield (
            labels["goals"],
            [*head, *quarter_heads(report.years), labels["due"], labels["status"]],
            _goal_rows(report),
        )
    yield from measures
    running = [r for g in parts.goals for r in g.running] + parts.running
    if running:
        yield (
            labels["running"],
            [labels["id"], labels["activity"], labels["owner"]],
            ([r.nr, r.title, r.responsible] for r in running),
        )
    if parts.risks:
        yield (
            labels["control"],
            _risk_columns(report, scores=True),
            _risk_values(report, scores=True),
        )
        yield (
            labels["matrix"],
            [f"{labels['consequence']} / {labels['probability']}", "1", "2", "3", "4"],
            ([c, *(numbers for _, numbers, _ in cells)] for c, cells in parts.matrix.rows),
        )


# the plan's sheets ---------------------------------------------------------------------------


def plan_sheets(book: Book, report: Report) -> None:
    """The goals with their indicators, measures and running activities; the internal control
    plan; the risk matrix."""
    if report.kind != "plan":
        return
    parts = report.parts
    if parts.goals or parts.running:
        _goal_sheet(book, report)
    if parts.risks:
        _control_sheet(book, report)
        _matrix_sheet(book, report)


def _goal_sheet(book: Book, report: Report) -> None:
    from arshjul.reports.output import padded, quarter_heads

    labels = report.labels
    years, quarters = report.years, 4 * len(report.years)
    width = 3 + quarters + 2
    sizes = [6, 55, 10, *(4.5,) * quarters, 14, 13]
    out = Writer(book.sheet(labels["sheet_goals"], sizes, landscape=len(years) > 1))
    out.add([report.title], [TITLE], height=22)
    out.add([])
    out.add([labels["goals"]], [HEADING])

    def running(activities: Sequence[Any]) -> None:
        out.header([labels["id"], labels["activity"], labels["owner"]])
        for a in activities:
            out.add([a.nr, a.title, a.responsible], [CELL, CELL, CELL])

    year = Style(bold=True, border=True, horizontal="center", vertical="center")
    goal_style = Style(bold=True, fill=_LIGHT, border=True, wrap=True, horizontal="left",
                       vertical="top")  # fmt: skip
    for goal in report.parts.goals:
        out.add([])
        out.add([f"{goal.number} {goal.title}"], [HEADING], merge=(1, width))
        for i in goal.indicators:
            lead = f"{i.lead}. " if i.lead else ""
            target = f" ({labels['target'].lower()} {i.target})" if i.target else ""
            text = f"{lead}{labels['indicators']}: {i.name}{target}"
            out.add(["", text], [PLAIN, WRAP], merge=(2, width))
        if goal.rows:
            out.add([])
            heads = [
                f"{labels['follow_up_of']} {y}" if q == 0 else "" for y in years for q in range(4)
            ]
            out.add(["", "", "", *heads], [PLAIN, PLAIN, PLAIN, *(year,) * quarters])
            for n in range(len(years)):
                out.sheet.merge(4 + 4 * n, 7 + 4 * n)
            out.header(
                [
                    labels["id"],
                    labels["activity"],
                    labels["owner"],
                    *(head.split()[0] for head in quarter_heads(years)),
                    labels["due"],
                    labels["status"],
                ]
            )
            out.add(
                [str(goal.number), f"{labels['goal_row']}: {goal.title}", *("",) * (width - 2)],
                [goal_style] * width,
            )
            for row in goal.rows:
                marks = ["X" if q else "" for q in padded(row.quarters, years)]
                out.add(
                    [row.nr, row.measure, row.owner, *marks, row.due, labels[row.status]],
                    [CELL, CELL, CELL, *(MARK,) * len(marks), MARK, CELL],
                )
        if goal.running:
            out.add([])
            running(goal.running)
    if report.parts.running:
        out.add([])
        out.add([labels["running"]], [HEADING])
        running(report.parts.running)


def _control_sheet(book: Book, report: Report) -> None:
    labels = report.labels
    sizes = [5, 50, 9, 10, 9, 45, 13]
    out = Writer(book.sheet(labels["control"], sizes, landscape=True, title_rows=(3, 3)))
    out.add([labels["control"]], [TITLE], height=22)
    out.add([])
    out.header(_risk_columns(report, scores=False))
    for values, risk in zip(_risk_values(report, scores=False), report.parts.risks, strict=True):
        level = filled(COLOURS[risk.band])
        out.add(values, [CENTRED, CELL, CENTRED, CENTRED, level, CELL, CENTRED])


def _matrix_sheet(book: Book, report: Report) -> None:
    """Consequence 4→1 down column B, probability 1→4 along the bottom, the risks' numbers in
    C3:F6, each cell filled with its level's colour."""
    labels = report.labels
    out = Writer(book.sheet(labels["matrix"], [6, 6, 18, 18, 18, 18]))
    out.add([labels["matrix"]], [TITLE], height=22)
    out.add([])
    side = Style(bold=True, horizontal="center", vertical="center", rotation=90)
    for n, (c, cells) in enumerate(report.parts.matrix.rows):
        out.add(
            [labels["consequence"] if n == 0 else "", c, *(numbers for _, numbers, _ in cells)],
            [side, AXIS, *(filled(COLOURS[band]) for _, _, band in cells)],
            height=48,
        )
    out.sheet.merge(1, 1, rows=(3, 6))
    out.add(["", "", 1, 2, 3, 4], [PLAIN, PLAIN, AXIS, AXIS, AXIS, AXIS])
    out.add(["", "", labels["probability"]], [PLAIN, PLAIN, AXIS], merge=(3, 6))


# the follow-up's sheets ------------------------------------------------------------------------


def followup_sheets(book: Book, report: Report) -> None:
    """Each goal's indicators against their targets; each risk's action done or not by its date."""
    if report.kind != "followup":
        return
    found = []
    if report.parts.goals:
        _, columns, rows = _indicator_section(report)
        sizes = [16, 6, 50, 14, 9, 36, 13]
        found.append((report.labels["sheet_indicators"], columns, rows, sizes))
    if report.parts.occurrences:
        title, columns, rows = _occurrence_section(report)
        found.append((title, columns, rows, [5, 45, 12, 13, 12, 30]))
    if report.parts.risks:
        title, columns, rows = _action_section(report)
        found.append((title, columns, rows, [5, 9, 55, 13, 12, 30, 18]))
    for title, columns, rows, sizes in found:
        out = Writer(book.sheet(title, sizes, landscape=True, freeze_header=True))
        out.header(columns)
        for values in rows:
            out.add(values, [CELL] * len(values))
