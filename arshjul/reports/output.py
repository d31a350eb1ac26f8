"""Reports written out: Markdown and HTML from Jinja2 templates, CSV, and XLSX workbooks."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import IO, Any, TextIO

from jinja2 import Environment

from arshjul import templating
from arshjul.reports import matrix, sheets, xlsx
from arshjul.reports.build import Mine, Report, Row, carries_over, chart_svg

FORMATS = ("md", "html", "csv", "xlsx")

#: What makes markup in Markdown (CommonMark and GitHub's tables) wherever it stands.
_MARKUP = re.compile(r"([\\`*_\[\]<>!#|~&])")
#: What makes a list, a rule or a numbered item only at the start of the text.
_LEADING = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def markdown_text(value: object) -> str:
    """Text shown as itself in a Markdown report: every character that would make markup (raw
    HTML, a link, an image, emphasis, code, a heading, a table cell) escaped with a backslash,
    on one line. The one escaping every Markdown template uses (the `cell` filter)."""
    escaped = _MARKUP.sub(r"\\\1", _BREAKS.sub(" ", str(value)))
    return _LEADING.sub(_leading, escaped, count=1)


def _leading(found: re.Match[str]) -> str:
    space, mark, digits, dot = found.groups()
    return f"{space}\\{mark}" if mark else f"{space}{digits}\\{dot}"


@cache
def environment() -> Environment:
    env = templating.environment("arshjul.reports")
    env.filters["cell"] = markdown_text
    env.globals["quarter_heads"] = quarter_heads
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
    if report.parts.risks:
        values["matrix"] = matrix.svg(report.parts.matrix, report.labels)
    return environment().get_template(f"{report.kind}.{fmt}").generate(values)


def quarter_heads(years: Sequence[int]) -> list[str]:
    """Q1–Q4, or Q1 2023 … Q4 2024 when a table runs over several years."""
    return [f"Q{q}" if len(years) == 1 else f"Q{q} {year}" for year in years for q in range(1, 5)]


def _columns(report: Report, years: Sequence[int]) -> list[str]:
    labels = report.labels
    columns = [
        labels["id"],
        labels["measure"],
        labels["owner"],
        *quarter_heads(years),
        labels["due"],
        labels["status"],
    ]
    if report.kind == "followup":
        columns += [labels["completed"], labels["outcome"], labels["assessment"], labels["note"]]
    return columns


def _values(report: Report, rows: Iterable[Row], years: Sequence[int]) -> Iterator[list[str]]:
    labels = report.labels
    for row in rows:
        values = [
            row.nr,
            row.measure,
            row.owner,
            *("x" if q else "" for q in padded(row.quarters, years)),
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


def padded(quarters: tuple[bool, ...], years: Sequence[int]) -> tuple[bool, ...]:
    """A row's quarter marks over `years` (a goal's table may cover fewer years than the plan)."""
    return quarters + (False,) * (4 * len(years) - len(quarters))


def _csv(report: Report, out: TextIO) -> None:
    """The measures as a table; a plan with goals or risks adds its other tables, each after a
    blank line and a line naming it."""
    writer = csv.writer(out)
    sections = list(sheets.sections(report, _measures_section(report)))
    if report.kind == "plan" and report.decision is not None:
        sections.append(revisions_section(report))
    for n, (title, header, rows) in enumerate(sections):
        if len(sections) > 1:
            if n:
                writer.writerow([])
            writer.writerow([title])
        writer.writerow(header)
        writer.writerows([_as_text(value) for value in row] for row in rows)


#: What a spreadsheet program reads as the start of a formula in a CSV cell.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: Any) -> Any:
    """A cell a spreadsheet program reads as the text it is: one that would start a formula
    (a proposer may write `=HYPERLINK(…)` as a title) gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA) else value


def _measures_section(report: Report) -> list[sheets.Section]:
    """The measures tables of the plan (under no goal; the measures of earlier plans going on)
    or of the follow-up (all of them)."""
    labels = report.labels
    found: list[sheets.Section] = []
    if report.kind == "followup" or not report.parts.goals or report.loose:
        found.append(
            (
                labels["measures"],
                _columns(report, report.years),
                _values(report, report.rows, report.years),
            )
        )
    if report.parts.continuing:
        years = (report.plan_year,)
        found.append(
            (
                labels["continuing"],
                _columns(report, years),
                _values(report, report.parts.continuing, years),
            )
        )
    return found


def revisions_section(report: Report) -> sheets.Section:
    """The changes to the decided plan's measures since its decision (`plan decide`)."""
    labels = report.labels
    header = [labels[k] for k in ("when", "id", "measure", "what", "who", "why")]
    rows = ([r.when, r.id, r.measure, r.what, r.who, r.why] for r in report.revisions)
    return labels["revisions"], header, rows


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
            workbook(report, buffer)
            return buffer.getvalue()
        return (
            csv_text(report) if fmt == "csv" and isinstance(report, Report) else text(report, fmt)
        )
    if target.is_symlink() or (target.exists() and not target.is_file()):
        # A link (/dev/stdout, a file's other name), a device or a pipe is written into:
        # renaming over it would put a file where the link or the device was.
        part = target
    else:
        part = target.with_name(f".{target.name}.part")
    try:
        if fmt == "xlsx":
            assert isinstance(report, Report)
            workbook(report, part)
        else:
            # CSV with a byte-order mark, so a spreadsheet program reads it as UTF-8
            encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
            with part.open("w", encoding=encoding, newline="") as out:
                if fmt == "csv" and isinstance(report, Report):
                    _csv(report, out)
                else:
                    out.writelines(_text(report, fmt))
        if part != target:
            part.replace(target)
    finally:
        if part != target:
            part.unlink(missing_ok=True)
    return b"" if fmt == "xlsx" else ""


def workbook(report: Report, target: Path | IO[bytes]) -> None:
    """A real workbook: the plan's goals, internal control plan and risk matrix as the regional
    plan prints them, the measures in its table shape, the calendar, what was left out."""
    labels = report.labels
    with xlsx.Book(target) as book:
        sheets.plan_sheets(book, report)
        for title, columns, rows in _measures_section(report):
            widths = [11, 60, 30, *(5 for _ in columns[3 : -2 if report.kind == "plan" else -6])]
            widths += [15, 14] + ([12, 22, 18, 50] if report.kind == "followup" else [])
            measures = book.sheet(title, widths, landscape=True, freeze_header=True)
            measures.row(columns, sheets.HEAD)
            for values in rows:
                measures.row(values)
        sheets.followup_sheets(book, report)

        meetings = sheets.Writer(
            book.sheet(labels["calendar"], [18, 50, 40, 60], landscape=True, freeze_header=True)
        )
        meetings.header([labels["when"], labels["meeting"], labels["place"], labels["agenda"]])
        for line in report.meetings:
            values = [line.when, line.title, line.place, "\n".join(line.agenda)]
            meetings.add(values, [sheets.CELL] * len(values))

        left = book.sheet(
            labels["left_out"], [11, 60, 30, 50, 16], landscape=True, freeze_header=True
        )
        left.row(
            [
                labels["id"],
                labels["measure"],
                labels["org"],
                labels["reason"],
                labels["carried_to"],
            ],
            sheets.HEAD,
        )
        for item in report.left_out:
            left.row([item.id, item.measure, item.org, item.reason, item.carried_to])

        if report.kind == "plan" and report.decision is not None:
            title, header, rows = revisions_section(report)
            changes = sheets.Writer(
                book.sheet(title, [17, 11, 50, 50, 30, 50], landscape=True, freeze_header=True)
            )
            changes.header(header)
            for values in rows:
                changes.add(values, [sheets.CELL] * len(values))
