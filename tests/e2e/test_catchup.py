"""Catch-up tells the truth: after downtime, no reminder of what is past, one reminder of a
thing at a time, notices from the state when sent, and the scheduler's mail in office hours."""

from __future__ import annotations

import json
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tests.e2e.conftest import Run, seed

FI = {"actor": "anna@fi.se"}


def ticked(run: Run, now: str) -> list[dict[str, Any]]:
    fired: list[dict[str, Any]] = json.loads(run("tick", "--json", now=now).stdout)
    return fired


def delivered(run: Run, now: str, folder: Path) -> list[EmailMessage]:
    """`outbox send` at `now` into a folder of its own; the messages it delivered."""
    run("outbox", "send", now=now, ARSHJUL_MAIL=f"dir://{folder}")
    return [
        message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for p in sorted(folder.glob("*.eml"))
    ]


def kind(message: EmailMessage) -> str:
    return str(message["X-Arshjul-Kind"])


def text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def about(fired: list[dict[str, Any]], *what: str) -> list[tuple[str, Any]]:
    """(detail, void) of the fired events of kind and subject `what`, in order."""
    return [(f["detail"], f["void"]) for f in fired if (f["kind"], f["subject"]) == what]


def test_downtime_brings_no_false_double_or_past_reminders(
    arshjul: Run, cli: Run, tmp_path: Path
) -> None:
    """Down from January to October 2026 and from October to 5 January 2027: what is past is void."""
    cli("init", now="2026-01-12T09:00")
    seed(cli)
    cli("org", "add", "Svenska Bankföreningen", "--kind", "association", **FI)
    cli(
        "person",
        "add",
        *("rut@bankforeningen.se", "--name", "Rut", "--org", "Svenska Bankföreningen"),
        *("--role", "reference"),
        **FI,
    )
    bo = {"actor": "bo@nordbanken.se"}
    late, soon, left = (
        cli("propose", title, now="2026-01-12T09:00", **bo).stdout.strip()
        for title in ("Sen", "Snart", "Kvar")
    )
    ticked(arshjul, "2026-01-12T09:00")
    delivered(arshjul, "2026-01-12T09:00", tmp_path / "january")
    # While the scheduler is down, people go on: the plan is prioritised and decided.
    cli("prioritise", late, soon, now="2026-05-12T10:00", **FI)
    for item_id, due in ((late, "2026-12-15"), (soon, "2027-01-07")):
        cli(
            "decide",
            *(item_id, "--owner", "bo@nordbanken.se", "--due", due),
            now="2026-08-20T10:00",
            actor="chef@fi.se",
        )
    upcoming = json.loads(cli("upcoming", "--json", "--limit", "500", now="2026-08-20").stdout)
    reminders = [u for u in upcoming if u["kind"] in ("due_reminder", "phase_reminder")]
    assert reminders and all(u["due_at"][11:16] == "08:00" for u in reminders)

    october = ticked(arshjul, "2026-10-01T09:00")
    phase_reminders = about(october, "phase_reminder", "2027")
    assert ("dialogue:14", "past") in phase_reminders and ("dialogue:3", "past") in phase_reminders
    assert {void for _, void in phase_reminders} == {"past"}  # dialogue, prioritisation, decision
    assert ("prioritisation", "past") in about(october, "phase_opens", "2027")
    [closing] = [f for f in october if (f["kind"], f["detail"]) == ("phase_closes", "decision")]
    assert closing["void"] is None and closing["effect"]["deprioritised"] == [left]
    assert all(f["late"] for f in october)
    told_in_october = delivered(arshjul, "2026-10-01T09:00", tmp_path / "october")
    assert "reference_list" not in [kind(m) for m in told_in_october]
    assert "phase_reminder" not in [kind(m) for m in told_in_october]

    january = ticked(arshjul, "2027-01-05T09:00")
    assert about(january, "phase_reminder", "2027") == [
        ("communication:14", "past"),
        ("communication:3", "past"),
    ]
    assert about(january, "due_reminder", late) == [("14", "past"), ("3", "past")]
    assert about(january, "due_reminder", soon) == [("14", "superseded"), ("3", None)]
    assert about(january, "overdue", late) == [("1", None)]
    told = delivered(arshjul, "2027-01-05T09:00", tmp_path / "new-year")
    for message in told_in_october + told:  # nothing says a past deadline is ahead
        for past in ("2026-03-31", "2026-06-30", "2026-12-30"):
            assert past not in text(message), (kind(message), text(message))
    assert "phase_reminder" not in [kind(m) for m in told]
    [reminder] = [m for m in told if kind(m) == "due_reminder"]
    assert soon in str(reminder["Subject"]) and "is due in 2 days, on 2027-01-07" in text(reminder)
    overdue = [m for m in told if kind(m) == "overdue" and m["To"] == "bo@nordbanken.se"]
    assert len(overdue) == 1 and "was due on 2026-12-15, 21 days ago" in text(overdue[0])

    march = ticked(arshjul, "2027-03-17T08:00")
    assert about(march, "phase_reminder", "2028") == [("dialogue:14", None)]
    told_in_march = delivered(arshjul, "2027-03-17T08:00", tmp_path / "march")
    reminded = [m for m in told_in_march if kind(m) == "phase_reminder"]
    assert {str(m["To"]) for m in reminded} >= {"rut@bankforeningen.se", "pia@sydbank.se"}
    assert all("2027-03-31" in text(m) for m in reminded)


def test_an_overdue_notice_is_not_sent_for_a_measure_completed_before_it_goes_out(
    arshjul: Run, cli: Run, tmp_path: Path
) -> None:
    """Due 15 March 2027 and completed at 07:30 on the 16th: the 08:00 escalation is void."""
    cli("init", now="2026-02-10")
    seed(cli)
    item_id = cli("propose", "Övning", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
    cli("prioritise", item_id, now="2026-05-12", **FI)
    cli(
        "decide",
        *(item_id, "--owner", "bo@nordbanken.se", "--due", "2027-03-15"),
        now="2026-08-20",
        actor="chef@fi.se",
    )
    ticked(arshjul, "2027-03-16T00:05")
    night = delivered(arshjul, "2027-03-16T00:05", tmp_path / "night")
    assert "overdue" not in [kind(m) for m in night]
    cli("complete", item_id, now="2027-03-16T07:30", actor="bo@nordbanken.se")
    morning = ticked(arshjul, "2027-03-16T08:01")
    assert about(morning, "overdue", item_id) == [("1", "executed")]
    assert "overdue" not in [
        kind(m) for m in delivered(arshjul, "2027-03-16T08:01", tmp_path / "m")
    ]


def test_mail_from_a_midnight_deadline_waits_for_08_00_on_the_next_working_day(
    arshjul: Run, cli: Run, tmp_path: Path
) -> None:
    """Two phases close at midnight into New Year's Eve: the coordinators are told Monday 4 January, 08:00."""
    cli("init", now="2026-12-01T09:00")
    seed(cli)
    ticked(arshjul, "2026-12-30T12:00")
    delivered(arshjul, "2026-12-30T12:00", tmp_path / "before")
    folder = tmp_path / "after"
    midnight = ticked(arshjul, "2026-12-31T00:00")
    assert sorted((f["kind"], f["detail"], f["void"]) for f in midnight) == [
        ("phase_closes", "communication", None),  # of cycle 2027
        ("phase_closes", "execution", None),  # of cycle 2026
    ]
    waiting = json.loads(cli("outbox", "--json", "--status", "waiting", **FI).stdout)["messages"]
    assert waiting and {m["not_before"] for m in waiting} == {"2027-01-04T08:00:00+01:00"}
    for now in ("2026-12-31T00:00", "2027-01-01T12:00", "2027-01-02T10:00", "2027-01-04T07:59"):
        ticked(arshjul, now)
        assert delivered(arshjul, now, folder) == [], now
    told = delivered(arshjul, "2027-01-04T08:00", folder)
    assert "phase_summary" in [kind(m) for m in told]
