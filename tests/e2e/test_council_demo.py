"""`arshjul demo --example finansrad`: the regional council's year through the real engine."""

from __future__ import annotations

import json
import re
from pathlib import Path

from openpyxl import load_workbook

from tests.e2e.conftest import inprocess_runner


def test_the_councils_year_plays_through_the_services_and_the_scheduler(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    """Proposed, decided into goals, its meetings with agenda, risk actions reminded and
    reassessed, the follow-up with two measures going on; the plan printed with its matrix."""
    run = inprocess_runner(cli_env)
    output = run("demo", "--example", "finansrad", "--dir", str(tmp_path / "council")).stdout
    assert "19 aktiviteter beslutade in i sina mål, med kvartal" in output
    assert "(möten med dagordning: 1, 2, 3, 4)" in output  # when the plan for 2023 is decided
    assert "påminnelse om riskåtgärd" in output and "riskåtgärd försenad" in output
    assert "risk 4: 3×2 → 2×2 (sannolikhet × konsekvens)" in output
    assert "2d (2023-006) är genomförd" in output
    assert "2023-017  pågående (uppföljd, fortsätter)" in output  # 5a runs into 2024
    assert "[████████████████████████] 100% 2024-03-20" in output
    assert "Se dig om som finanssamarbetets samordnare:" in output
    exports = dict(re.findall(r"export (ARSHJUL_\w+)=(\S+)", output))
    assert set(exports) == {"ARSHJUL_DB", "ARSHJUL_AS", "ARSHJUL_CONFIG"}
    look = inprocess_runner(cli_env | exports)
    assert "Finanssamarbetet 2023" in look("cycle", "show", "2023").stdout
    goals = json.loads(look("goal", "list", "--cycle", "2023", "--json").stdout)
    assert [g["number"] for g in goals] == [1, 2, 3, 4, 5, 6]
    [deviations] = goals[3]["indicators"]
    assert (deviations["target"], deviations["outcomes"][0]["met"]) == (0.0, False)
    risk = json.loads(look("risk", "show", "4", "--cycle", "2023", "--json").stdout)
    assert [(h["probability"], h["consequence"]) for h in risk["history"]] == [(3, 2), (2, 2)]
    assert "orörd" in look("audit", "verify").stdout
    reports = tmp_path / "council" / "reports"
    book = load_workbook(reports / "plan-2023.xlsx", read_only=True)
    matrix = [list(r) for r in book["Riskmatris"].iter_rows(values_only=True)]
    book.close()
    [two] = [r for r in matrix if len(r) > 1 and r[1] == 2]  # consequence 2
    assert two[3] == "3, 4, 5, 9, 10"  # probability 2: risk 4 has moved in
    followup = (reports / "followup-2023.md").read_text(encoding="utf-8")
    assert (
        "| 3 | FO | Handlingsplan upprättas enligt framtagen sårbarhetsanalys. | 2023-06-30 | 2023-07-10 | Klar efter planerat datum"
        in followup
    )
    plan_2024 = (reports / "plan-2024.md").read_text(encoding="utf-8")
    assert (
        "| 2023-017 (5a) | Enkät till förvaltare angående ansvarsfulla investeringar | FO | x | x | x | x | 2024-12-30 | Pågående |"
        in plan_2024
    )  # the seed's 2024-12-31 is New Year's Eve: moved by the working-day rule, and told
    assert (
        "2023-017: förfallodagen 2024-12-31 är en helgdag (Nyårsafton): flyttad till 2024-12-30"
        " enligt arbetsdagsregeln (previous)" in output
    )
    calendar = (reports / "calendar-2023.ics").read_text(encoding="utf-8")
    assert calendar.count("BEGIN:VEVENT") == 4 and "Revidering av verksamhetsplan" in calendar
