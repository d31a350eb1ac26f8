"""The plan's goals, internal control plan and risk matrix as tables (CSV) and as sheets that
print like the regional plan: headings, the goal's row above its measures, quarter marks under
their year, thin borders, the matrix's cells coloured by level."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from arshjul.reports.matrix import COLOURS

if TYPE_CHECKING:
    from arshjul.reports.build import Report

#: A table: its title, its header, its rows.
Section = tuple[str, list[str], Iterable[list[Any]]]

_DARK = "1F3864"
_LIGHT = "D9E1F2"


def _styles() -> Any:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")

    class Styles:
        head_font = Font(bold=True, color="FFFFFF")
        head_fill = PatternFill("solid", fgColor=_DARK)
        goal_fill = PatternFill("solid", fgColor=_LIGHT)
        bold = Font(bold=True)
        title = Font(bold=True, size=14)
        heading = Font(bold=True, size=12)
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        wrap = Alignment(horizontal="left", vertical="top", wrap_text=True)
        centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        middle = Alignment(horizontal="center", vertical="center")
        vertical = Alignment(horizontal="center", vertical="center", text_rotation=90)

        @staticmethod
        def fill(colour: str) -> Any:
            return PatternFill("solid", fgColor=colour)

    return Styles


def header(sheet: Any, names: Sequence[str]) -> None:
    """A table's header row: white on dark blue."""
    from openpyxl.cell import WriteOnlyCell

    s = _styles()
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill, cell.alignment, cell.border = (
            s.head_font,
            s.head_fill,
            s.centre,
            s.border,
        )
        cells.append(cell)
    sheet.append(cells)


def widths(sheet: Any, values: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for n, width in enumerate(values, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width


class _Writer:
    """A write-only sheet written row by row, knowing its row number: a row's height and a
    merge must be given before the row goes out."""

    def __init__(self, sheet: Any, sizes: Sequence[float]) -> None:
        self.sheet, self.sizes, self.line = sheet, list(sizes), 0
        widths(sheet, sizes)

    def add(
        self,
        values: Sequence[Any],
        styles: Sequence[dict[str, Any]] | None = None,
        *,
        height: float | None = None,
        merge: tuple[int, int] | None = None,
    ) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.dimensions import RowDimension

        self.line += 1
        wrapped = height or self._height(values, styles, merge)
        if wrapped:
            self.sheet.row_dimensions[self.line] = RowDimension(
                self.sheet, index=self.line, ht=wrapped, customHeight=True
            )
        if merge:
            first, last = (get_column_letter(n) for n in merge)
            self.sheet.merged_cells.add(f"{first}{self.line}:{last}{self.line}")
        cells = []
        for n, value in enumerate(values):
            cell = WriteOnlyCell(self.sheet, value=value if value != "" else None)
            for name, style in (styles[n] if styles and n < len(styles) else {}).items():
                setattr(cell, name, style)
            cells.append(cell)
        self.sheet.append(cells)

    def header(self, names: Sequence[str]) -> None:
        from openpyxl.worksheet.dimensions import RowDimension

        self.line += 1
        height = self._height(names, [{"alignment": _styles().centre}] * len(names), None)
        if height:
            self.sheet.row_dimensions[self.line] = RowDimension(
                self.sheet, index=self.line, ht=height, customHeight=True
            )
        header(self.sheet, names)

    def _height(
        self,
        values: Sequence[Any],
        styles: Sequence[dict[str, Any]] | None,
        merge: tuple[int, int] | None,
    ) -> float | None:
        """Enough lines for the wrapped text of the row (spreadsheet programs do not measure
        rows they read from a file)."""
        lines = 1
        for n, value in enumerate(values):
            style = styles[n] if styles and n < len(styles) else {}
            if not isinstance(value, str) or not getattr(
                style.get("alignment"), "wrap_text", False
            ):
                continue
            span = (
                self.sizes[n : merge[1]] if merge and merge[0] == n + 1 else self.sizes[n : n + 1]
            )
            per_line = max(int(sum(span) * 1.1), 1)
            lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in value.split("\n")))
        return 15.0 * lines if lines > 1 else None


def print_setup(sheet: Any, *, landscape: bool = False) -> None:
    """A4, as wide as the page, as many pages down as it takes."""
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False


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


def sections(report: Report, measures: list[Section]) -> Iterator[Section]:
    """The report's tables in order, for CSV: the measures' (given), the goals', the running
    activities', the internal control plan's and the matrix; in the follow-up, the indicators'
    outcomes and the risks' actions."""
    labels, parts = report.labels, report.parts
    if report.kind == "followup":
        yield from measures
        if parts.goals:
            yield _indicator_section(report)
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


def plan_sheets(book: Any, report: Report) -> None:
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


def _goal_sheet(book: Any, report: Report) -> None:
    from arshjul.reports.output import padded, quarter_heads

    labels, s = report.labels, _styles()
    years, quarters = report.years, 4 * len(report.years)
    width = 3 + quarters + 2
    out = _Writer(
        book.create_sheet(labels["sheet_goals"][:31]), [6, 55, 10, *(4.5,) * quarters, 14, 13]
    )
    print_setup(out.sheet, landscape=len(years) > 1)
    plain = {"border": s.border, "alignment": s.wrap}
    mark = {"border": s.border, "alignment": s.middle}
    out.add([report.title], [{"font": s.title}], height=22)
    out.add([])
    out.add([labels["goals"]], [{"font": s.heading}])

    def running(activities: Sequence[Any]) -> None:
        out.header([labels["id"], labels["activity"], labels["owner"]])
        for a in activities:
            out.add([a.nr, a.title, a.responsible], [plain, plain, plain])

    for goal in report.parts.goals:
        out.add([])
        out.add([f"{goal.number} {goal.title}"], [{"font": s.heading}], merge=(1, width))
        for i in goal.indicators:
            lead = f"{i.lead}. " if i.lead else ""
            target = f" ({labels['target'].lower()} {i.target})" if i.target else ""
            text = f"{lead}{labels['indicators']}: {i.name}{target}"
            out.add(["", text], [{}, {"alignment": s.wrap}], merge=(2, width))
        if goal.rows:
            out.add([])
            year = {"font": s.bold, "alignment": s.middle, "border": s.border}
            heads = [
                f"{labels['follow_up_of']} {y}" if q == 0 else "" for y in years for q in range(4)
            ]
            out.add(["", "", "", *heads], [{}, {}, {}, *(year,) * quarters])
            for n in range(len(years)):
                out.sheet.merged_cells.add(
                    f"{_column(4 + 4 * n)}{out.line}:{_column(7 + 4 * n)}{out.line}"
                )
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
            goal_style = {**plain, "font": s.bold, "fill": s.goal_fill}
            out.add(
                [str(goal.number), f"{labels['goal_row']}: {goal.title}", *("",) * (width - 2)],
                [goal_style] * width,
            )
            for row in goal.rows:
                marks = ["X" if q else "" for q in padded(row.quarters, years)]
                out.add(
                    [row.nr, row.measure, row.owner, *marks, row.due, labels[row.status]],
                    [plain, plain, plain, *(mark,) * len(marks), mark, plain],
                )
        if goal.running:
            out.add([])
            running(goal.running)
    if report.parts.running:
        out.add([])
        out.add([labels["running"]], [{"font": s.heading}])
        running(report.parts.running)


def _column(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def _control_sheet(book: Any, report: Report) -> None:
    labels, s = report.labels, _styles()
    out = _Writer(book.create_sheet(labels["control"][:31]), [5, 50, 9, 10, 9, 45, 13])
    print_setup(out.sheet, landscape=True)
    out.sheet.print_title_rows = "3:3"
    out.add([labels["control"]], [{"font": s.title}], height=22)
    out.add([])
    out.header(_risk_columns(report, scores=False))
    plain = {"border": s.border, "alignment": s.wrap}
    centred = {"border": s.border, "alignment": s.centre}
    for values, risk in zip(_risk_values(report, scores=False), report.parts.risks, strict=True):
        level = {**centred, "fill": s.fill(COLOURS[risk.band]), "font": s.bold}
        out.add(values, [centred, plain, centred, centred, level, plain, centred])


def _matrix_sheet(book: Any, report: Report) -> None:
    """Consequence 4→1 down column B, probability 1→4 along the bottom, the risks' numbers in
    C3:F6, each cell filled with its level's colour."""
    labels, s = report.labels, _styles()
    out = _Writer(book.create_sheet(labels["matrix"][:31]), [6, 6, 18, 18, 18, 18])
    print_setup(out.sheet)
    out.add([labels["matrix"]], [{"font": s.title}], height=22)
    out.add([])
    axis = {"font": s.bold, "alignment": s.centre}
    for n, (c, cells) in enumerate(report.parts.matrix.rows):
        fills = (
            {
                "fill": s.fill(COLOURS[band]),
                "border": s.border,
                "alignment": s.centre,
                "font": s.bold,
            }
            for _, _, band in cells
        )
        out.add(
            [labels["consequence"] if n == 0 else "", c, *(numbers for _, numbers, _ in cells)],
            [{"font": s.bold, "alignment": s.vertical}, axis, *fills],
            height=48,
        )
    out.sheet.merged_cells.add("A3:A6")
    out.add(["", "", 1, 2, 3, 4], [{}, {}, axis, axis, axis, axis])
    out.add(["", "", labels["probability"]], [{}, {}, axis], merge=(3, 6))


# the follow-up's sheets ------------------------------------------------------------------------


def followup_sheets(book: Any, report: Report) -> None:
    """Each goal's indicators against their targets; each risk's action done or not by its date."""
    if report.kind != "followup":
        return
    found = []
    if report.parts.goals:
        _, columns, rows = _indicator_section(report)
        sizes = [16, 6, 50, 14, 9, 36, 13]
        found.append((report.labels["sheet_indicators"], columns, rows, sizes))
    if report.parts.risks:
        title, columns, rows = _action_section(report)
        found.append((title, columns, rows, [5, 9, 55, 13, 12, 30, 18]))
    s = _styles()
    cell = {"border": s.border, "alignment": s.wrap}
    for title, columns, rows, sizes in found:
        out = _Writer(book.create_sheet(title[:31]), sizes)
        print_setup(out.sheet, landscape=True)
        out.sheet.freeze_panes = "A2"
        out.header(columns)
        for values in rows:
            out.add(values, [cell] * len(values))
