"""The outbox through the command line, and the running service delivering it."""

from __future__ import annotations

import json
from email import message_from_bytes, policy
from pathlib import Path

from tests.e2e.conftest import Run, Service, seed


def subject_of(eml: Path) -> str:
    return str(message_from_bytes(eml.read_bytes(), policy=policy.default)["Subject"])


def test_outbox_lists_and_sends_into_the_mail_folder(cli: Run, tmp_path: Path) -> None:
    """A proposal's receipt waits in the outbox, `outbox send` writes it as .eml, then it is sent."""
    seed(cli)
    folder = tmp_path / "mail"
    mail = {"ARSHJUL_MAIL": f"dir://{folder}"}
    item_id = cli("propose", "Övning", now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()
    waiting = json.loads(cli("outbox", "--json", actor="anna@fi.se", **mail).stdout)
    assert waiting["counts"] == {"waiting": 1, "retrying": 0, "sent": 0, "failed": 0, "held": 0}
    [message] = waiting["messages"]
    assert (message["to"], message["lang"], message["status"]) == (
        "bo@nordbanken.se",
        "en",
        "waiting",
    )
    assert message["subject"] == f"We have received your proposal {item_id}"
    sent = cli("outbox", "send", now="2026-02-10T00:01", **mail)
    assert sent.stdout.startswith("skickade 1, misslyckades 0, väntar 0")
    [eml] = folder.glob("*.eml")
    assert message_from_bytes(eml.read_bytes(), policy=policy.default)["To"] == "bo@nordbanken.se"
    assert (
        json.loads(cli("outbox", "--json", "--status", "sent", actor="anna@fi.se", **mail).stdout)[
            "counts"
        ]["sent"]
        == 1
    )


def test_an_unreachable_mail_server_is_one_error_line_and_the_message_waits(cli: Run) -> None:
    """`outbox send` to a closed port: exit 1, `error:`, the message kept with its error."""
    seed(cli)
    cli("propose", "Övning", now="2026-02-10", actor="bo@nordbanken.se")
    failed = cli("outbox", "send", check=False, ARSHJUL_MAIL="smtp://127.0.0.1:9")
    assert failed.returncode == 1 and failed.stderr.startswith("error: 1 ")
    listed = json.loads(cli("outbox", "--json", "--status", "retrying", actor="anna@fi.se").stdout)
    assert listed["counts"]["retrying"] == 1 and "Connection" in listed["messages"][0]["reason"]
    [message] = listed["messages"]
    assert message["attempts"] == 1 and message["next_attempt_at"] > message["created_at"]
    wrong = cli("outbox", "send", check=False, ARSHJUL_MAIL="smtp://me:secret@127.0.0.1:25")
    assert (
        wrong.returncode == 1
        and "ARSHJUL_SMTP_USER" in wrong.stderr
        and "secret" not in wrong.stderr
    )


def test_the_running_service_delivers_what_it_and_people_wrote(
    cli: Run, cli_env: dict[str, str], tmp_path: Path
) -> None:
    """`run` takes effect of the decision deadline and delivers the proposers' notices at 08:00."""
    cli("init", now="2026-02-10")
    seed(cli)
    cli("propose", "Övning", now="2026-02-10", actor="pia@sydbank.se")
    cli("tick", now="2026-09-30T23:59")
    folder = tmp_path / "mail"
    env = cli_env | {
        "ARSHJUL_NOW": "2026-10-01T07:59:58",  # the deadline's mail waits for office hours
        "ARSHJUL_CLOCK_RATE": "1",
        "ARSHJUL_MAIL": f"dir://{folder}",
    }
    service = Service(env, "--safety-seconds", "0.5")
    service.wait_for(
        lambda: any(f["detail"] == "decision" for f in service.fired), "the deadline fired"
    )
    service.wait_for(
        lambda: any("bortprioriterad" in subject_of(p) for p in folder.glob("*.eml")),
        "the deprioritised notice arrived",
    )
    code, err = service.stop()
    assert code == 0, err
    assert (
        json.loads(cli("outbox", "--json", "--status", "waiting", actor="anna@fi.se").stdout)[
            "counts"
        ]["waiting"]
        == 0
    )
