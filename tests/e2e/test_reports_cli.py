"""The reports through the command line: formats by option or by extension, errors as one line."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.e2e.conftest import Run, seed


def test_reports_come_in_every_format_and_say_what_is_wrong(cli: Run, tmp_path: Path) -> None:
    """plan and followup as md/html/csv/xlsx (by --format or -o's extension); mine; bad choices refused."""
    seed(cli)
    fi = {"actor": "anna@fi.se"}
    item_id = cli("propose", "Övning", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
    cli("prioritise", item_id, now="2026-05-12", **fi)
    cli(
        "decide",
        item_id,
        "--owner",
        "bo@nordbanken.se",
        "--due",
        "2027-06-30",
        now="2026-08-20",
        actor="chef@fi.se",
    )
    assert "| " + item_id + " | Övning |" in cli("report", "plan", "2027", **fi).stdout
    assert "<html" in cli("report", "followup", "2027", "--format", "html", **fi).stdout
    assert cli("report", "plan", "2027", "--format", "csv", **fi).stdout.startswith(
        "Nr,Åtgärd,Ansvar"
    )
    cli("report", "plan", "2027", "-o", str(tmp_path / "plan.xlsx"), **fi)
    book = load_workbook(tmp_path / "plan.xlsx", read_only=True)
    assert [r[0] for r in book.worksheets[0].iter_rows(values_only=True)] == ["Nr", item_id]
    book.close()
    cli("report", "followup", "2027", "-o", str(tmp_path / "followup.md"), "--lang", "en", **fi)
    assert (
        (tmp_path / "followup.md")
        .read_text(encoding="utf-8")
        .startswith("# Year-end follow-up FTPOS 2027")
    )
    assert item_id in cli("report", "mine", actor="bo@nordbanken.se").stdout
    for args, says in (
        (("report", "plan", "2027", "-o", str(tmp_path / "plan.pdf")), "pdf"),
        (("report", "plan", "3"), "3"),
        (("report", "mine", "-o", str(tmp_path / "mine.xlsx")), "xlsx"),
        (("report", "plan", "2027", "-o", str(tmp_path / "missing" / "plan.md")), "missing"),
    ):
        result = cli(*args, check=False, **fi)
        assert (
            result.returncode == 1 and result.stderr.startswith("error: ") and says in result.stderr
        ), result.stderr
