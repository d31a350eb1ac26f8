"""One rule of who sees a meeting, in every output of the command line, for every kind of reader:
`meeting list`, `meeting show`, `calendar P`, `wg list`, `outbox` and the plan's and the
follow-up's meeting calendars in every format."""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import COORDINATOR, DECIDER, Sector, at
from tests.e2e.conftest import Run, inprocess_runner, subprocess_runner
from tests.meeting_rule import (
    BILATERAL,
    GROUP,
    MANAGEMENT,
    OPEN,
    OUTSIDER,
    READERS,
    Reader,
    plan_year_2027,
    restricted_measure_decided,
    wrong,
    wrong_group,
)

NOW = "2027-06-02T09:00"
#: Outputs without a meeting calendar of their own: they must only leave out what is not seen.
NO_CALENDAR = {
    "report plan --format csv",
    *(f"report followup --format {f}" for f in ("md", "html", "csv")),
}


def _xlsx_text(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def _outputs(
    run: Run, reader: Reader, secret: str, ids: dict[str, int], folder: Path, workers: int
) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every output of the command line that shows meetings, as `reader` gets it (a workbook
    as the text of its cells); processes of their own run side by side (they change nothing),
    click's runner one at a time (it swaps the process's streams)."""
    asked: dict[str, tuple[str, ...]] = {
        "meeting list": ("meeting", "list", "--year", "2027"),
        "meeting list --json": ("meeting", "list", "--year", "2027", "--json"),
        "calendar 2027": ("calendar", "2027"),
        "wg list": ("wg", "list", secret),
        "wg list --json": ("wg", "list", secret, "--json"),
        "outbox": ("outbox", "--limit", "100000"),
        "outbox --json": ("outbox", "--limit", "100000", "--json"),
    }
    # One meeting some see and some do not, the restricted measure's group, management's.
    for title in (BILATERAL, GROUP, MANAGEMENT):
        meeting_id = ids[title]
        asked[f"meeting show {title}"] = ("meeting", "show", str(meeting_id))
        asked[f"meeting show {title} --json"] = ("meeting", "show", str(meeting_id), "--json")
    books: dict[str, Path] = {}
    for kind in ("plan", "followup"):
        for fmt in ("md", "html", "csv"):
            asked[f"report {kind} --format {fmt}"] = ("report", kind, "2027", "--format", fmt)
        books[f"report {kind} --format xlsx"] = folder / f"{id(reader)}-{kind}.xlsx"
        asked[f"report {kind} --format xlsx"] = (
            "report",
            kind,
            "2027",
            "-o",
            str(books[f"report {kind} --format xlsx"]),
        )

    def call(args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
        return run(*args, now=NOW, actor=reader.email, check=False)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        found = dict(zip(asked, pool.map(call, asked.values()), strict=True))
    for output, book in books.items():
        if found[output].returncode == 0:
            found[output].stdout = _xlsx_text(book)
    return found


def _refused(reader: Reader, output: str) -> bool:
    """A meeting they may not see is missing, as one that does not exist; the outbox is
    refused to nobody in particular; everything else answers."""
    if output.startswith("meeting show"):
        return output.removeprefix("meeting show ").removesuffix(" --json") not in reader.sees
    return output.startswith("outbox") and reader.email is None


def _wrong(reader: Reader, output: str, result: subprocess.CompletedProcess[str]) -> list[str]:
    text, refused = result.stdout, result.returncode != 0
    if refused != _refused(reader, output) or (refused and not result.stderr.startswith("error:")):
        return [f"{output} as {reader.kind}: exit {result.returncode} {result.stderr.strip()}"]
    if refused:
        return [f"{output} as {reader.kind}: refused, yet wrote {text!r}"] if text else []
    if output.startswith("wg list"):
        return wrong_group(reader, output, text)
    if output.startswith("meeting show"):
        title = output.removeprefix("meeting show ").removesuffix(" --json")
        found = wrong(reader, output, text, among=(title,))
        if title == BILATERAL and output.endswith("--json"):
            found += wrong_group(reader, output + " (invitees)", text)
        return found
    found = wrong(reader, output, text, lists=output not in NO_CALENDAR)
    if output == "outbox --json" and reader.kind != "coordinator" and text:
        others = {m["to"] for m in json.loads(text)["messages"]} - {reader.email}
        found += [f"{output} as {reader.kind}: messages to {sorted(others)}"] if others else []
    return found


@pytest.mark.slow
def test_every_output_of_the_command_line_shows_a_meeting_to_exactly_those_the_rule_lets_see_it(
    sector: Sector, cli_env: dict[str, str], db_url: str, tmp_path: Path
) -> None:
    """Coordinator, invited, uninvited, working-group member, the measure's organisation and
    nobody in particular: each output shows each meeting exactly when the one rule says so
    (through click's runner, the same code path; on SQLite the uninvited bank, the one a leak
    would reach, also from processes of their own: 200 interpreter starts for every reader
    would add two minutes to the suite for nothing)."""
    made = plan_year_2027(sector)
    secret, ids = str(made["secret"]), dict(made["meetings"])  # type: ignore[call-overload]
    cli_env["ARSHJUL_DB"] = db_url
    in_process, processes = inprocess_runner(cli_env), subprocess_runner(cli_env)
    problems: list[str] = []
    for reader in READERS:
        for output, result in _outputs(in_process, reader, secret, ids, tmp_path, 1).items():
            problems += _wrong(reader, output, result)
    if db_url.startswith("sqlite"):
        [outsider] = [reader for reader in READERS if reader.email == OUTSIDER]
        for output, result in _outputs(processes, outsider, secret, ids, tmp_path, 4).items():
            problems += [f"{found} (own process)" for found in _wrong(outsider, output, result)]
    assert problems == [], "\n".join(problems)


def test_upcoming_lists_a_meetings_reminders_only_to_those_who_see_the_meeting(
    sector: Sector, cli_env: dict[str, str], db_url: str
) -> None:
    """What the scheduler plans tells of what it is for: `upcoming` lists the reminders of FI
    management's meeting to the coordinator and the decider, not to a bank, and a restricted
    measure's due reminders (its due date) only to those in its need-to-know; `tick` and `run`
    are the service's or a coordinator's."""
    from arshjul.workflow import meetings, ticker

    clock = sector.clock
    secret = restricted_measure_decided(sector)
    ticker.tick(sector.engine, clock, sector.calendar)
    starts = at("2026-09-15 10:00")
    ids = {
        title: meetings.add_meeting(
            sector.uow(),
            clock,
            sector.calendar,
            COORDINATOR,
            title,
            "planning",
            starts,
            starts + timedelta(hours=2),
            **invited,  # type: ignore[arg-type]
        ).id
        for title, invited in ((OPEN, {"everyone": True}), (MANAGEMENT, {"people": [DECIDER]}))
    }
    cli_env["ARSHJUL_DB"] = db_url
    run = inprocess_runner(cli_env)
    for reader, sees, knows in (
        (COORDINATOR, {OPEN, MANAGEMENT}, True),
        (DECIDER, {OPEN, MANAGEMENT}, True),
        (OUTSIDER, {OPEN}, False),
    ):
        planned = run("upcoming", "--json", "--limit", "1000", now="2026-08-21", actor=reader)
        subjects = {
            p["subject"] for p in json.loads(planned.stdout) if p["kind"] == "meeting_reminder"
        }
        assert subjects == {f"M{ids[title]}" for title in sees}, reader
        due = {p["subject"] for p in json.loads(planned.stdout) if p["kind"] == "due_reminder"}
        assert due == ({secret} if knows else set()), reader
    refused = run("tick", now="2026-08-21", actor=OUTSIDER, check=False)
    assert refused.returncode == 1 and refused.stderr == (
        f"error: {OUTSIDER} får inte köra schemaläggaren: det gör samordnare i varje "
        "samverkansorgan och tjänsten (utan --as)\n"
    )
    run("tick", now="2026-08-21", actor=COORDINATOR)
