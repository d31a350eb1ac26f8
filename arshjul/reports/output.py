"""Reports written out: Markdown and HTML from Jinja2 templates, CSV, and XLSX workbooks."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from jinja2 import Environment

from arshjul import templating
from arshjul.reports.build import Mine, Report, carries_over, chart_svg

FORMATS = ("md", "html", "csv", "xlsx")


@cache
def environment() -> Environment:
    env = templating.environment("arshjul.reports")
    # A title with | or newlines must not break a Markdown table.
    env.filters["cell"] = lambda value: (
        str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    )
    return env


def text(report: Report | Mine, fmt: str) -> str:
    """Markdown or HTML."""
    return "".join(_text(report, fmt))


def _text(report: Report | Mine, fmt: str) -> Iterator[str]:
    """Markdown or HTML, a piece at a time, as the rows come from the store."""
    if isinstance(report, Mine):
        return (
            environment().get_template(f"mine.{fmt}").generate(report=report, labels=report.labels)
        )
    values: dict[str, Any] = {
        "report": report,
        "labels": report.labels,
        "carries_over": carries_over(report),
    }
    if report.kind == "followup":
        values["chart"] = chart_svg(report)
    return environment().get_template(f"{report.kind}.{fmt}").generate(values)


def _columns(report: Report) -> list[str]:
    labels = report.labels
    columns = [
        labels["id"],
        labels["measure"],
        labels["owner"],
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        labels["due"],
        labels["status"],
    ]
    if report.kind == "followup":
        columns += [labels["completed"], labels["outcome"], labels["assessment"], labels["note"]]
    return columns


def _values(report: Report) -> Iterator[list[str]]:
    labels = report.labels
    for row in report.rows:
        values = [
            row.id,
            row.measure,
            row.owner,
            *("x" if q else "" for q in row.quarters),
            row.due,
            labels[row.status],
        ]
        if report.kind == "followup":
            values += [
                row.completed,
                labels[row.outcome],
                labels.get(row.assessment, row.assessment),
                row.note,
            ]
        yield values


def _csv(report: Report, out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(_columns(report))
    writer.writerows(_values(report))


def csv_text(report: Report) -> str:
    buffer = io.StringIO(newline="")
    _csv(report, buffer)
    return buffer.getvalue()


def write(report: Report | Mine, fmt: str, target: Path | None) -> bytes | str:
    """The report in `fmt`, written to `target` when given; otherwise returned.

    A file is written beside its name and renamed when whole: a report that fails half-way
    leaves no half a file, and one of 100,000 rows is never in memory at once.
    """
    if target is None:
        if fmt == "xlsx":
            assert isinstance(report, Report)
            buffer = io.BytesIO()
            workbook(report).save(buffer)
            return buffer.getvalue()
        return (
            csv_text(report) if fmt == "csv" and isinstance(report, Report) else text(report, fmt)
        )
    part = target.with_name(f".{target.name}.part")
    try:
        if fmt == "xlsx":
            assert isinstance(report, Report)
            workbook(report).save(part)
        else:
            # CSV with a byte-order mark, so a spreadsheet program reads it as UTF-8
            encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
            with part.open("w", encoding=encoding, newline="") as out:
                if fmt == "csv" and isinstance(report, Report):
                    _csv(report, out)
                else:
                    out.writelines(_text(report, fmt))
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)
    return b"" if fmt == "xlsx" else ""


def workbook(report: Report) -> Any:
    """A real workbook: the measures as the regional plan's table, the calendar, what was left out."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    labels = report.labels
    book = Workbook(write_only=True)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F3864")

    def header(sheet: Any, names: list[str]) -> None:
        cells = []
        for name in names:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(vertical="center")
            cells.append(cell)
        sheet.append(cells)

    measures = book.create_sheet(labels["measures"][:31])
    widths = [11, 60, 30, 5, 5, 5, 5, 15, 14] + (
        [12, 22, 18, 50] if report.kind == "followup" else []
    )
    for n, width in enumerate(widths):
        measures.column_dimensions[chr(ord("A") + n)].width = width
    measures.freeze_panes = "A2"
    header(measures, _columns(report))
    for values in _values(report):
        measures.append(values)

    meetings = book.create_sheet(labels["calendar"][:31])
    for letter, width in zip("ABC", (18, 50, 40), strict=True):
        meetings.column_dimensions[letter].width = width
    header(meetings, [labels["when"], labels["meeting"], labels["place"]])
    for line in report.meetings:
        meetings.append([line.when, line.title, line.place])

    left = book.create_sheet(labels["left_out"][:31])
    for letter, width in zip("ABCDE", (11, 60, 30, 50, 16), strict=True):
        left.column_dimensions[letter].width = width
    header(
        left,
        [labels["id"], labels["measure"], labels["org"], labels["reason"], labels["carried_to"]],
    )
    for item in report.left_out:
        left.append([item.id, item.measure, item.org, item.reason, item.carried_to])
    return book
