"""`arshjul demo --example fspos-soes`: FSPOS and SOES beside FTPOS, played in a real process."""

from __future__ import annotations

import json
import re
import shlex
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from tests.e2e.conftest import subprocess_runner

NETWORK = "Kommunikationschefsnätverket"


def _invitations(folder: Path, title: str) -> dict[str, str]:
    """The plain text of each invitation to the meeting `title`, by whom it went to."""
    found = {}
    for path in sorted(folder.glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        assert isinstance(message, EmailMessage)
        if message["subject"].startswith(f"Inbjudan: {title},"):
            body = message.get_body(("plain",))
            assert body is not None
            found[str(message["to"])] = body.get_content()
    return found


def test_fspos_and_soes_play_beside_ftpos_and_what_it_prints_to_look_with_runs(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "bodies"
    played = subprocess_runner(cli_env)("demo", "--example", "fspos-soes", "--dir", str(folder))
    output = played.stdout
    # What the overlap view found, with why, and the pair marked coordinated.
    assert "FSPOS-2027-001 (FSPOS)" in output and "SOES-2027-001 (SOES)" in output
    assert (
        "samma typ (övning) · samma kvartal (Q3) · gemensamma organisationer: Riksbanken" in output
    )
    assert "FSPOS-2027-001 och SOES-2027-001 markerade som samordnade" in output
    assert f"{NETWORK}: FSPOS → FTPOS från och med 2026-01-01" in output
    assert "fastställ mötesdatum SOES-2027 chefsmote:1" in output
    assert "SOES  2027-02-24 09:30  SOES chefsmöte 2027" in output

    # The look-around lines, run as printed: the exports, then each command.
    lines = output.split("Se dig om som FI:s samordnare", 1)[1].splitlines()[1:]
    commands = [shlex.split(line) for line in lines if line.strip()]
    exports = dict(c[1].split("=", 1) for c in commands if c[0] == "export")
    assert set(exports) == {"ARSHJUL_DB", "ARSHJUL_AS", "ARSHJUL_NOW"}
    run = subprocess_runner(cli_env | exports)
    said = {" ".join(c[1:]): run(*c[1:]).stdout for c in commands if c[0] == "arshjul"}
    assert len(said) >= 7 and "historiken är orörd" in said["audit verify"]
    [show] = [text for command, text in said.items() if command.startswith("meeting show")]
    assert "FSPOS styrelsemöte 1 2027" in show and "Information från SOES" in show
    assert "SOES-2027-001  Sektorsövning betalningar" in show
    [overlap] = [text for command, text in said.items() if command.startswith("overlap")]
    assert "samordnat 2026-09-24 10:00 av samordnare@fi.example" in overlap

    # The database: three bodies, who takes part how, the network moved with its history.
    bodies = json.loads(run("body", "list", "--json").stdout)
    assert [b["short"] for b in bodies] == ["FTPOS", "FSPOS", "SOES"]
    soes = {
        m["org"]: m["kind"] for m in json.loads(run("body", "members", "SOES", "--json").stdout)
    }
    assert soes["Finansinspektionen"] == "designated" and soes["Riksbanken"] == "adjunct"
    group = json.loads(run("group", "show", NETWORK, "--body", "FTPOS", "--json").stdout)
    assert (group["body"], group["kind"], len(group["members"])) == ("FTPOS", "network", 5)
    assert group["moved_at"].startswith("2026-01-01T00:00")
    assert [h["event"] for h in group["history"]][::6] == ["group_add", "group_move"]
    assert (group["history"][-1]["from_body"], group["history"][-1]["body"]) == ("FSPOS", "FTPOS")
    # In FSPOS, its history until it left.
    assert "flyttades FSPOS → FTPOS" in run("group", "show", NETWORK, "--body", "FSPOS").stdout

    # The pair marked coordinated, told in both items' history, each naming the other.
    [pair] = json.loads(run("overlap", "2027", "--all", "--json").stdout)
    assert pair["coordinated"]["by"] == "samordnare@fi.example"
    assert json.loads(run("overlap", "2027", "--json").stdout) == []
    for item, other in (("FSPOS-2027-001", "SOES-2027-001"), ("SOES-2027-001", "FSPOS-2027-001")):
        history = json.loads(run("show", item, "--json").stdout)["history"]
        [told] = [h for h in history if h["event"] == "coordinated"]
        assert told["note"].startswith(f"{other}: ")

    # The board meetings' invitations carry SOES's brief to those taking part in SOES, and
    # SOES's meetings' FSPOS's; a bank outside SOES is told nothing of it.
    mail = folder / "mail"
    board = _invitations(mail, "FSPOS styrelsemöte 1 2027")
    assert "Information från SOES sedan" in board["ledning@fi.example"]
    assert "SOES-2027-001  Sektorsövning betalningar" in board["ledning@fi.example"]
    bank = board["beredskap@nordbankenab.example"]
    assert "5. Information från SOES" in bank and "SOES-2027" not in bank
    soes_meeting = _invitations(mail, "SOES-möte 1 2027")
    rg = soes_meeting["beredskap@riksgalden.example"]
    assert "Information från FSPOS sedan" in rg and "FSPOS-2027-001" in rg
    assert len(_invitations(mail, "FSPOS styrelsemöte 4 2027")) == len(board)
    assert re.search(r"\(\d+ meddelanden, \.eml\)", output)
