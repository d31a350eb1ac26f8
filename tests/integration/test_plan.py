"""The plan as the regional council writes it, on the real store: the seed's plan imported and
printed back, risks reassessed, a measure running over two years, indicators against targets."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from arshjul.errors import ArshjulError, BadInput, NotFound
from arshjul.reports.build import Report, build
from arshjul.reports.output import write
from arshjul.store import plan as plan_store
from arshjul.store import risks as risk_store
from arshjul.store.outbox import OUTBOX
from arshjul.store.repository import ITEM
from arshjul.workflow import goals, plan_workbook, risks, services
from arshjul.workflow.plan_import import import_plan
from tests.conftest import COORDINATOR, DECIDER, OWNER, Sector, at
from tests.data import make_regional_plan as seed

PLAN_YEAR = 2023


@pytest.fixture
def council(sector: Sector) -> Sector:
    """The sector with the council's functions: FO led by the coordinator, MO by the owner."""
    goals.add_function(sector.uow(), sector.clock, COORDINATOR, "FO", "Front office", COORDINATOR)
    goals.add_function(sector.uow(), sector.clock, COORDINATOR, "MO", "Middle office", OWNER)
    return sector


def import_seed(council: Sector, path: Path = seed.WORKBOOK, year: int = PLAN_YEAR) -> Any:
    return import_plan(council.uow(), council.clock, COORDINATOR, plan_workbook.read(path, year))


def plan_report(council: Sector, kind: str = "plan", year: int = PLAN_YEAR) -> Report:
    with council.uow(write=False) as uow:
        person = uow.repo.person(COORDINATOR)
    assert person is not None
    return build(council.uow(write=False), council.calendar, kind, year, person.as_actor(), "sv")


def goal_tables(sheet: Any) -> dict[str, tuple[int, set[tuple[int, int]]]]:
    """Each measure in the goals sheet: Nr -> (the goal whose row is above it, its marks)."""
    found: dict[str, tuple[int, set[tuple[int, int]]]] = {}
    years: dict[int, int] = {}
    quarters: dict[int, tuple[int, int]] = {}
    goal = 0
    for row in sheet.iter_rows(values_only=True):
        cells, first = list(row), row[0]
        if any(isinstance(v, str) and v.startswith("Uppföljning ") for v in cells):
            years = {n: int(v.split()[1]) for n, v in enumerate(cells) if v}
        elif first == "Nr":
            quarters, year = {}, 0
            for n, v in enumerate(cells):
                year = years.get(n, year)
                if isinstance(v, str) and re.fullmatch(r"Q[1-4]", v):
                    quarters[n] = (year, int(v[1]))
        elif isinstance(first, str) and first.isdigit():
            goal = int(first)
        elif isinstance(first, str) and re.fullmatch(r"\d+[a-z]+", first) and quarters:
            found[first] = (goal, {quarters[n] for n in quarters if cells[n] == "X"})
    return found


def matrix_cells(sheet: Any) -> dict[tuple[int, int], set[int]]:
    """The risk matrix sheet as (consequence, probability) -> the risks' numbers in that cell."""
    rows = [[*r, *(None,) * (6 - len(r))] for r in sheet.iter_rows(values_only=True)]
    [axis] = [r for r in rows if r[2:6] == [1, 2, 3, 4]]
    probability = {n: p for n, p in enumerate(axis) if isinstance(p, int)}
    cells: dict[tuple[int, int], set[int]] = {}
    for r in rows:
        if r is not axis and isinstance(r[1], int):
            for n, p in probability.items():
                numbers = {int(x) for x in str(r[n] or "").split(",") if x.strip()}
                cells[(r[1], p)] = numbers
    return cells


def test_the_seeds_plan_imported_prints_every_measure_in_its_goal_and_every_risk_in_its_cell(
    council: Sector, tmp_path: Path
) -> None:
    """The seed typed in as a workbook, imported, and its plan report's XLSX read back."""
    done = import_seed(council)
    assert (done.goals, done.indicators, len(done.measures), done.running, done.risks) == (
        6,
        8,
        19,
        4,
        11,
    )
    target = tmp_path / "plan-2023.xlsx"
    write(plan_report(council), "xlsx", target)
    book = load_workbook(target)
    assert book.sheetnames == [
        "Mål och aktiviteter",
        "Internkontrollplan",
        "Riskmatris",
        "Möteskalender",
        "Bortprioriterade förslag",
    ]
    printed = goal_tables(book["Mål och aktiviteter"])
    expected = {
        nr: (goal, set(quarters))
        for goal, _, _, rows in seed.MEASURES
        for nr, _, _, quarters, _ in rows
    }
    assert printed == expected
    cells = matrix_cells(book["Riskmatris"])
    for number, _, _, _, probability, consequence, _, _ in seed.RISKS:
        assert number in cells[(consequence, probability)], number
    assert sum(len(v) for v in cells.values()) == 11
    # As the seed prints it.
    assert cells[(4, 2)] == {1, 2} and cells[(3, 2)] == {6, 7} and cells[(1, 2)] == {11}
    assert cells[(2, 2)] == {3, 5, 9, 10} and cells[(2, 3)] == {4, 8}
    assert book["Riskmatris"]["D5"].fill.fgColor.rgb.endswith("FFFF00")  # 2×2=4: medium
    assert book["Riskmatris"]["D3"].fill.fgColor.rgb.endswith("FFC000")  # 2×4=8: high
    control = [list(r) for r in book["Internkontrollplan"].iter_rows(values_only=True)]
    assert control[2] == [
        "Nr",
        "Risk",
        "Ansvar",
        "Åtgärdsnivå",
        "Risknivå",
        "Åtgärd",
        "Genomförd senast",
    ]
    by_number = {r[0]: r for r in control[3:]}
    assert by_number[6][2:5] == ["Alla", 3, 6] and by_number[6][6] == "Vid behov"
    assert by_number[5][6] == "Löpande" and by_number[8][6] == "2023-09-30"
    running = [r for r in book["Mål och aktiviteter"].iter_rows(values_only=True) if r[0] == "6a"]
    assert running == [("6a", "Kompetensutveckling FO, MO, BO", "FO", *(None,) * 10)]
    book.close()


def test_the_seeds_plan_in_markdown_html_and_csv(council: Sector) -> None:
    """Every format holds the goals' tables, the running activities and the matrix."""
    import_seed(council)
    report = plan_report(council)
    markdown = str(write(report, "md", None))
    assert markdown.startswith("# Verksamhetsplan, inkl. internkontrollplan FTPOS 2023")
    assert "### 3 God portföljutveckling" in markdown
    assert "| 3c | Ta fram modell för att analysera avvikelser mot index | MO |" in markdown
    assert "| Q1 2023 | Q2 2023 | Q3 2023 | Q4 2023 | Q1 2024 |" in markdown  # goal 5's table
    assert "| **2** |  | 3, 5, 9, 10 | 4, 8 |  |" in markdown
    html = str(write(report, "html", None))
    assert html.count('class="year"') == 6  # a year over the quarters: five goals, one of two
    assert "<svg" in html and 'aria-label="Riskmatris"' in html and "3, 5, 9, 10</text>" in html
    lines = str(write(report, "csv", None)).splitlines()
    assert "1,1a,Upphandling finansiell leasing,FO,x,,,,,,,,2023-03-31,Ej påbörjat" in lines
    assert "Internkontrollplan" in lines and '2,,"3, 5, 9, 10","4, 8",' in lines


def test_the_committed_workbook_is_what_the_script_makes(tmp_path: Path) -> None:
    """tests/data/regional-finance-plan-2023.xlsx and make_regional_plan.py say the same."""
    made = seed.build(tmp_path / "made.xlsx")

    def cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
        book = load_workbook(path, read_only=True)
        try:
            return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}
        finally:
            book.close()

    assert cells(made) == cells(seed.WORKBOOK)


def test_a_reassessed_risk_moves_in_the_matrix_and_keeps_its_earlier_scores(
    council: Sector, tmp_path: Path
) -> None:
    """Risk 4 after its action: 3×2 becomes 1×2; the matrix shows the new cell, the history both."""
    import_seed(council)
    council.clock.set(at("2026-07-01 10:00"))
    assessed = risks.assess_risk(
        council.uow(),
        council.clock,
        COORDINATOR,
        PLAN_YEAR,
        4,
        probability=1,
        consequence=2,
        note="Handlingsplanen är på plats",
    )
    assert (assessed.probability, assessed.consequence, assessed.level) == (1, 2, 2)
    assert [(a.probability, a.consequence, a.note) for a in assessed.history] == [
        (3, 2, None),
        (1, 2, "Handlingsplanen är på plats"),
    ]
    target = tmp_path / "plan.xlsx"
    write(plan_report(council), "xlsx", target)
    book = load_workbook(target, read_only=True)
    cells = matrix_cells(book["Riskmatris"])
    book.close()
    assert cells[(2, 3)] == {8} and cells[(2, 1)] == {4}
    followup = plan_report(council, "followup")
    [line] = [r for r in followup.parts.risks if r.number == 4]
    assert line.assessed == "3×2 → 1×2"


def test_a_measure_over_two_years_is_followed_up_as_continuing_and_carried_on(
    sector: Sector,
) -> None:
    """Decided for Q3 2027 to Q2 2028: at the end of 2027 it continues; 2028's plan and
    follow-up carry it, done in its year."""
    goal = goals.add_goal(sector.uow(), sector.clock, COORDINATOR, 2027, "Robust organisation")
    item_id = sector.propose("Övning över två år")
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", item_id, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    sector.move(
        "decide",
        item_id,
        actor=DECIDER,
        owner=OWNER,
        due=date(2028, 6, 30),
        goal=str(goal.number),
        quarters=("Q3,Q4,2028-Q1,2028-Q2",),
    )
    sector.clock.set(at("2027-07-01 10:00"))
    sector.move("start", item_id, actor=OWNER)
    sector.clock.set(at("2027-11-20 10:00"))
    [moved] = sector.move(
        "follow_up", item_id, actor=COORDINATOR, assessment="partly", note="Fortsätter 2028"
    )
    assert (moved.from_state, moved.to_state) == ("in_progress", "in_progress")

    plan_2027 = plan_report(sector, year=2027)
    [section] = plan_2027.parts.goals
    assert section.years == (2027, 2028)
    [row] = section.rows
    assert (row.nr, row.quarters) == ("1a", (False, False, True, True, True, True, False, False))
    followup_2027 = plan_report(sector, "followup", 2027)
    assert [r.id for r in followup_2027.not_done] == [item_id]
    markdown = str(write(followup_2027, "md", None))
    assert "- 1a Övning över två år: pågående, fortsätter (Fortsätter 2028)" in markdown

    plan_2028 = plan_report(sector, year=2028)
    [carried] = plan_2028.parts.continuing
    assert (carried.id, carried.nr, carried.quarters, carried.status) == (
        item_id,
        "1a",
        (True, True, False, False),
        "ongoing",
    )
    sector.clock.set(at("2028-05-20 10:00"))
    sector.move("complete", item_id, actor=OWNER)
    [done] = plan_report(sector, "followup", 2028).parts.continuing
    assert (done.outcome, done.completed) == ("on_time", "2028-05-20")
    assert plan_report(sector, year=2029).parts.continuing == []


def test_indicators_are_judged_against_their_targets(council: Sector) -> None:
    """With a target the number decides; without one the recorder does; the newest counts."""
    import_seed(council)
    council.clock.set(at("2026-12-20 10:00"))

    def record(goal: str, value: str, **kw: Any) -> Any:
        return goals.record_outcome(
            council.uow(), council.clock, COORDINATOR, PLAN_YEAR, goal, value=value, **kw
        )[1]

    assert record("3.4", "2", period="2023").met is False  # at most 0 deviations
    assert record("3.4", "0", period="2023").met is True  # recorded again: the newer counts
    assert record("3.1", "Ja, vid varje tillfälle", period="2023", indicator=1, met=True).met
    with pytest.raises(BadInput, match="indicator"):
        record("3.1", "x", period="2023")  # three indicators: which?
    with pytest.raises(BadInput, match="ett tal"):
        record("3.4", "två", period="2023")
    with pytest.raises(BadInput, match="2023-Q5"):
        record("3.4", "0", period="2023-Q5")
    followup = plan_report(council, "followup")
    by_goal = {g.number: g for g in followup.parts.goals}
    [deviations] = by_goal[4].indicators
    assert deviations.target == "≤ 0 avvikelser"
    assert [(o.period, o.value, o.verdict) for o in deviations.outcomes] == [
        ("2023", "0 avvikelser", "uppnått")
    ]
    markdown = str(write(followup, "md", None))
    assert (
        "| 1.1 | Betryggande betalningsberedskap vid varje tillfälle |  | 2023 | Ja, vid varje tillfälle | uppnått |"
        in markdown
    )


def test_each_risk_action_is_done_or_not_by_its_date(council: Sector) -> None:
    """Done before its date, done after it, not done, and continuous, in the follow-up."""
    import_seed(council)
    council.clock.set(at("2023-06-20 10:00"))
    risks.report_done(council.uow(), council.clock, OWNER, PLAN_YEAR, 1, "Registret finns")
    council.clock.set(at("2023-07-05 10:00"))
    risks.report_done(council.uow(), council.clock, COORDINATOR, PLAN_YEAR, 3)
    with pytest.raises(ArshjulError, match=re.escape("bo@nordbanken.se")):
        risks.report_done(council.uow(), council.clock, "bo@nordbanken.se", PLAN_YEAR, 2)
    with pytest.raises(ArshjulError, match="redan"):
        risks.report_done(council.uow(), council.clock, COORDINATOR, PLAN_YEAR, 1)
    outcomes = {r.number: r.outcome for r in plan_report(council, "followup").parts.risks}
    assert (outcomes[1], outcomes[3], outcomes[2], outcomes[5], outcomes[6]) == (
        "on_time",
        "late",
        "not_done",
        "continuous",
        "as_needed",
    )


@pytest.mark.parametrize(
    ("sheet", "edit", "says"),
    [
        ("Internkontrollplan", lambda s: s.cell(4, 5, 5), "probability 5 ska vara 1–4"),
        ("Aktiviteter", lambda s: s.cell(6, 1, "7a"), "Inget mål 7 i planen för 2023"),
        ("Aktiviteter", lambda s: s.cell(4, 7, "Q5"), "'Q5' är inget kvartal"),
        ("Internkontrollplan", lambda s: s.cell(4, 7, 9), "risknivån 9 är inte"),
        ("Aktiviteter", lambda s: s.cell(6, 3, "XO"), "Ingen person eller funktion XO"),
    ],
)
def test_a_wrong_plan_workbook_is_named_and_nothing_is_written(
    council: Sector, tmp_path: Path, sheet: str, edit: Any, says: str
) -> None:
    """Probability 5, a goal that does not exist, quarter Q5, a wrong level, nobody to own it."""
    path = seed.build(tmp_path / "plan.xlsx")
    book = load_workbook(path)
    edit(book[sheet])
    book.save(path)
    with pytest.raises(ArshjulError, match=says) as error:
        import_seed(council, path)
    assert sheet in str(error.value)
    with council.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ITEM)).scalar_one() == 0
        assert plan_store.goals(conn, PLAN_YEAR) == []
        assert risk_store.of_plan(conn, PLAN_YEAR) == []


def test_a_plan_is_imported_once(council: Sector) -> None:
    """The same workbook again finds its goals, numbers and risks taken, and writes nothing."""
    import_seed(council)
    with pytest.raises(ArshjulError, match="mål 1 finns redan"):
        import_seed(council)
    with council.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ITEM)).scalar_one() == 19


def test_decisions_number_measures_within_their_goal(sector: Sector) -> None:
    """Two decided into goal 2 become 2a and 2b, in the order named; goal 9 does not exist."""
    for title in ("Ett", "Två"):
        goals.add_goal(sector.uow(), sector.clock, COORDINATOR, 2027, title)
    first, second, third = (sector.propose(t) for t in ("A", "B", "C"))
    sector.clock.set(at("2026-05-12 10:00"))
    sector.move("prioritise", first, second, third, actor=COORDINATOR)
    sector.clock.set(at("2026-08-12 10:00"))
    decision = {"actor": DECIDER, "owner": OWNER, "due": date(2027, 6, 30)}
    with pytest.raises(NotFound, match="Inget mål 9"):
        sector.move("decide", third, goal="9", **decision)
    with pytest.raises(BadInput, match="Q4"):
        sector.move("decide", third, goal="2", quarters=("Q4",), **decision)  # after 30 June
    assert sector.show(third)["state"] == "prioritised"
    sector.move("decide", second, first, goal="2", quarters=("Q1,Q2",), **decision)
    with sector.engine.connect() as conn:
        placed = plan_store.placements(conn, [first, second])
    assert (placed[second].nr, placed[first].nr) == ("2a", "2b")
    assert placed[first].quarters == ((2027, 1), (2027, 2))


def test_a_risk_action_is_reminded_before_its_date_and_escalated_after_until_done(
    sector: Sector,
) -> None:
    """By the existing scheduler, each once: two reminders to the owner, a weekly escalation to
    them and the coordinators, nothing after the action is reported done."""
    from arshjul.workflow import ticker

    sector.clock.set(at("2026-01-01 00:00"))
    ticker.start(sector.engine, sector.clock)
    risk = risks.add_risk(
        sector.uow(),
        sector.clock,
        COORDINATOR,
        risks.clean_risk(
            2027,
            "Betalningar utan dualitet",
            OWNER,
            action_level=1,
            probability=2,
            consequence=4,
            action="Inför dualitet",
            deadline="2027-06-30",
        ),
        OWNER,
    )
    subject = f"R{risk.id}"

    def tick(moment: str) -> list[tuple[str, str, dict[str, Any], str | None]]:
        sector.clock.set(at(moment))
        fired = ticker.tick(sector.engine, sector.clock, sector.calendar, instance="test")
        return [(f.kind, f.detail, f.effect, f.void) for f in fired if f.subject == subject]

    def told(kind: str) -> list[str]:
        with sector.engine.connect() as conn:
            rows = conn.execute(
                select(OUTBOX.c.recipient).where(OUTBOX.c.kind == kind).order_by(OUTBOX.c.id)
            )
            return [recipient for (recipient,) in rows]

    assert tick("2027-06-16 07:59") == []  # reminders come at 08:00
    assert tick("2027-06-16 08:00") == [("risk_reminder", "14", {}, None)]
    assert tick("2027-06-16 08:00") == []
    assert told("risk_reminder") == [OWNER]
    assert tick("2027-06-24 08:00") == [
        ("risk_reminder", "3", {}, None),  # the 27th is a Sunday, the 25th Midsummer Eve
    ]
    assert tick("2027-07-01 08:00") == [
        ("risk_overdue", "1", {"escalation": 1, "next": "2027-07-08T08:00:00+02:00"}, None),
    ]
    assert sorted(told("risk_overdue")) == sorted([OWNER, COORDINATOR])
    sector.clock.set(at("2027-07-03 10:00"))
    risks.report_done(sector.uow(), sector.clock, OWNER, 2027, risk.number)
    assert tick("2027-07-20 09:00") == [("risk_overdue", "2", {}, "done")]
    assert len(told("risk_overdue")) == 2


def test_a_measure_imported_as_done_counts_as_done_without_a_time(
    council: Sector, tmp_path: Path
) -> None:
    """Klart in the workbook: executed, and the follow-up says done, neither on time nor late."""
    path = seed.build(tmp_path / "plan.xlsx")
    book = load_workbook(path)
    book["Aktiviteter"].cell(6, 11, "X")  # 1a: an X under Klart
    book.save(path)
    import_seed(council, path)
    followup = plan_report(council, "followup")
    assert followup.counts == {"done": 1, "not_done": 18}
    assert followup.outcomes == ("on_time", "late", "done", "not_done")
    markdown = str(write(followup, "md", None))
    assert "| Klart | 1 |" in markdown and "| Inte klar | 18 |" in markdown
    assert "| 1a | Upphandling finansiell leasing | FO | 2023-03-31 |  | Klart |" in markdown


def test_an_imported_due_date_on_a_non_working_day_moves_and_is_told(council: Sector) -> None:
    """With the body's calendar (as `import` has it), 31 December 2023 (a Sunday, New Year's Eve)
    is stored as Friday the 29th, 30 September (a Saturday) as the 29th, New Year's Eve 2024 (a
    Tuesday, a de facto holiday) as the 30th, and the result says which."""
    plan = plan_workbook.read(seed.WORKBOOK, PLAN_YEAR)
    done = import_plan(council.uow(), council.clock, COORDINATOR, plan, council.calendar)
    moved = {m.asked: m.to for m in done.due_moved.values()}
    assert moved == {
        date(2023, 12, 31): date(2023, 12, 29),
        date(2023, 9, 30): date(2023, 9, 29),
        date(2024, 12, 31): date(2024, 12, 30),
    }
    assert len(done.due_moved) == 10
    with council.uow(write=False) as uow:
        items = {i.id: i for i in uow.repo.items(done.measures)}
    for item_id, move in done.due_moved.items():
        assert items[item_id].due == move.to
    assert council.show(done.measures[0])["history"][-1]["event"] == "import"
    services.audit(council.uow(write=False))  # the history binds the moved dates
