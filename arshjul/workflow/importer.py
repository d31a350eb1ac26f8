"""Proposals in bulk from CSV or XLSX: read whole, checked whole, written all or none."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from arshjul.errors import ArshjulError, BadInput
from arshjul.i18n import t
from arshjul.workflow.proposals import Proposal, clean_proposal, fail
from arshjul.workflow.workbook import readable

COLUMNS = ("title", "description", "kind", "org", "proposer", "restricted_to")
REQUIRED = ("title", "org", "proposer")

Row = tuple[int, Proposal]


def read(path: Path) -> list[Row]:
    """The file's proposals with their line numbers; BadInput names every bad line."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise BadInput("import_format", file=path.name)
    try:
        if suffix == ".xlsx":
            with readable(path):
                records = list(_xlsx(path))
        else:
            records = list(_csv(path))
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        raise BadInput(
            "import_unreadable", file=path.name, reason=str(exc) or type(exc).__name__
        ) from None
    if not records:
        raise BadInput("import_empty", file=path.name)
    _, header = records[0]
    columns = [str(c or "").strip().lower() for c in header]
    for column in columns:
        if column and column not in COLUMNS:
            raise BadInput("import_unknown_column", file=path.name, column=column)
    for column in REQUIRED:
        if column not in columns:
            raise BadInput("import_no_header", file=path.name, column=column)
    rows: list[Row] = []
    problems: list[str] = []
    for line, values in records[1:]:
        record = {
            c: str(v).strip() for c, v in zip(columns, values, strict=False) if c and v is not None
        }
        if not any(record.values()):
            continue  # blank lines and empty spreadsheet rows
        try:
            rows.append((line, _proposal(record)))
        except ArshjulError as exc:
            problems.append(t("import_row", line=line, problem=exc))
    fail(problems)
    if not rows:
        raise BadInput("import_empty", file=path.name)
    return rows


def _proposal(record: dict[str, str]) -> Proposal:
    restricted = record.get("restricted_to", "").replace("|", ";")
    return clean_proposal(
        title=record.get("title", ""),
        org=record.get("org", "").strip(),
        proposer=record.get("proposer", "").strip().lower(),
        description=record.get("description") or None,
        kind=record.get("kind"),
        restricted_to=restricted.split(";"),
    )


def _csv(path: Path) -> Iterator[tuple[int, list[str]]]:
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for values in reader:
        yield line, values
        line = reader.line_num + 1


def _xlsx(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if v is None else str(v) for v in values]
    finally:
        workbook.close()
