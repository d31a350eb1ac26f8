"""Proposals in bulk: validated whole, written in one transaction, every bad line named."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from arshjul.errors import ArshjulError
from arshjul.store.repository import HISTORY, ITEM
from arshjul.workflow import importer, services
from tests.conftest import COORDINATOR, OTHER_PROPOSER, PROPOSER, Sector


def write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def good_row(n: int) -> dict[str, str]:
    return {
        "title": f"Åtgärd {n}: övning kring betalningar",
        "description": "Beskrivning; med semikolon, och komma",
        "kind": "exercise",
        "org": "Nordbanken AB",
        "proposer": PROPOSER,
        "restricted_to": "",
    }


def import_file(sector: Sector, path: Path) -> tuple[list[str], int]:
    ids, placement = services.import_proposals(
        sector.uow(), sector.clock, sector.calendar, COORDINATOR, importer.read(path)
    )
    return ids, placement.cycle


def counts(sector: Sector) -> tuple[int, int]:
    with sector.engine.connect() as conn:
        items = conn.execute(select(func.count()).select_from(ITEM)).scalar_one()
        moves = select(func.count()).select_from(HISTORY).where(HISTORY.c.item_id.is_not(None))
        history = conn.execute(moves).scalar_one()  # the items' rows (not the configuration's)
    return items, history


def test_one_bad_row_among_many_writes_nothing_and_is_named(sector: Sector, tmp_path: Path) -> None:
    """A file with an empty title on line 138 and an outsider on line 302 imports nothing."""
    rows = [good_row(n) for n in range(500)]
    rows[136]["title"] = "   "
    rows[300]["proposer"] = OTHER_PROPOSER  # a person of another organisation
    path = write_csv(tmp_path / "in.csv", rows)
    with pytest.raises(ArshjulError) as error:
        import_file(sector, path)
    assert "138" in str(error.value)
    assert counts(sector) == (0, 0)
    rows[136]["title"] = "Nu med titel"
    with pytest.raises(ArshjulError) as error:
        import_file(sector, write_csv(tmp_path / "in.csv", rows))
    assert "302" in str(error.value) and OTHER_PROPOSER in str(error.value)
    assert counts(sector) == (0, 0)


def test_twenty_thousand_rows_are_all_written(sector: Sector, tmp_path: Path) -> None:
    """20,000 good rows: every item, every history row, numbered in order, chain intact."""
    path = write_csv(tmp_path / "big.csv", [good_row(n) for n in range(20_000)])
    ids, cycle = import_file(sector, path)
    assert (len(ids), cycle) == (20_000, 2027)
    assert ids[0] == "2027-001" and ids[-1] == "2027-20000"
    assert counts(sector) == (20_000, 20_000)
    assert services.audit(sector.uow(write=False)).count == 20_001  # and the configuration
    shown = sector.show("2027-12345")
    assert shown["title"] == "Åtgärd 12344: övning kring betalningar"
    assert shown["history"][0]["actor"] == COORDINATOR  # type: ignore[index]


def test_a_semicolon_csv_with_need_to_know_lists(sector: Sector, tmp_path: Path) -> None:
    """Excel's Swedish CSV (;) works, and restricted_to takes names split by | or ;."""
    row = good_row(1) | {"restricted_to": "Sydbanken AB|Svenska Bankföreningen"}
    ids, _ = import_file(sector, write_csv(tmp_path / "sv.csv", [row], delimiter=";"))
    shown = sector.show(ids[0])
    assert shown["restricted_to"] == ["Svenska Bankföreningen", "Sydbanken AB"]


def test_a_workbook_imports_like_a_csv(sector: Sector, tmp_path: Path) -> None:
    """XLSX from a reference group: columns in any order, blank rows skipped."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Proposer", "Title", "Org", "Kind"])
    sheet.append([PROPOSER, "Analys av likviditetsreserver", "Nordbanken AB", "analysis"])
    sheet.append([None, None, None, None])
    sheet.append([OTHER_PROPOSER, "Kommunikationsövning", "Sydbanken AB", "communication"])
    book.save(tmp_path / "ref.xlsx")
    ids, _ = import_file(sector, tmp_path / "ref.xlsx")
    assert [sector.show(i)["org"] for i in ids] == ["Nordbanken AB", "Sydbanken AB"]
    assert sector.show(ids[1])["kind"] == "communication"


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("title,org\nX,Nordbanken AB\n", "proposer"),
        ("title,org,proposer,colour\nX,Nordbanken AB,bo@nordbanken.se,blå\n", "colour"),
        ("title,org,proposer\nX,Okänd AB,bo@nordbanken.se\n", "Okänd AB"),
        ("title,org,proposer,kind\nX,Nordbanken AB,bo@nordbanken.se,party\n", "party"),
        ("title,org,proposer\n", "in.csv"),
    ],
)
def test_a_wrong_file_is_named_and_nothing_is_written(
    sector: Sector, tmp_path: Path, content: str, named: str
) -> None:
    """Missing or unknown columns, unknown organisations and kinds, no rows: one clear error."""
    path = tmp_path / "in.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ArshjulError, match=named):
        import_file(sector, path)
    assert counts(sector) == (0, 0)


def test_only_coordinators_import(sector: Sector, tmp_path: Path) -> None:
    """A proposer cannot import on behalf of others."""
    path = write_csv(tmp_path / "in.csv", [good_row(1)])
    with pytest.raises(ArshjulError, match=PROPOSER):
        services.import_proposals(
            sector.uow(), sector.clock, sector.calendar, PROPOSER, importer.read(path)
        )
