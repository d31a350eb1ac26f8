"""`arshjul overlap P` and `arshjul overlap-mark` in real processes, with two bodies: what a
coordinator sees, what they may not, marking a pair, and what prioritising tells."""

from __future__ import annotations

import json
from pathlib import Path

from arshjul.config import default_text
from tests.e2e.conftest import Run, seed

ANNA = {"actor": "anna@fi.se"}
KIM = "kim@fk.se"  # coordinates SOES; FK takes part in FTPOS without a role there


def _two_bodies(cli: Run, tmp_path: Path) -> None:
    """FTPOS, and SOES added by Anna; Nordbanken proposes in both, Kim coordinates SOES."""
    seed(cli)
    soes = tmp_path / "soes.toml"
    soes.write_text(default_text("soes"), encoding="utf-8")
    cli("body", "add", "SOES", "--name", "SOES", "--config", str(soes), **ANNA)
    cli("org", "add", "Försäkringskassan", "--kind", "authority", **ANNA)
    cli("person", "add", KIM, "--name", "Kim", "--org", "Försäkringskassan", "--role", "reference", **ANNA)  # fmt: skip
    for org in ("Nordbanken AB", "Försäkringskassan"):
        cli("body", "members", "SOES", "--add", org, **ANNA)
    cli("person", "set", "bo@nordbanken.se", "--body", "SOES", "--role", "proposer", **ANNA)
    cli("person", "set", KIM, "--body", "SOES", "--role", "coordinator", **ANNA)


def _propose(cli: Run, title: str, *extra: str) -> str:
    args = ("propose", title, "--kind", "exercise", *extra)
    return cli(*args, now="2026-02-10", actor="bo@nordbanken.se").stdout.strip()


def test_overlap_lists_marks_and_tells_on_prioritise(
    arshjul: Run, cli: Run, tmp_path: Path
) -> None:
    _two_bodies(cli, tmp_path)
    ours = _propose(cli, "Övning betalningar vid elavbrott")
    theirs = _propose(cli, "Betalningsövning vid elavbrott", "--body", "SOES")
    hidden = _propose(cli, "Sekretessbelagd övning clearing", "--restricted-to", "Sydbanken AB")
    secret = _propose(cli, "Sekretessbelagd clearingövning", "--body", "SOES")
    assert theirs.startswith("SOES-2027-")

    listed = json.loads(arshjul("overlap", "2027", "--json", **ANNA).stdout)
    assert {(p["a"]["id"], p["b"]["id"]) for p in listed} == {(ours, theirs), (hidden, secret)}
    first = next(p for p in listed if p["a"]["id"] == ours)
    assert first["b"] == {
        "id": theirs,
        "body": "SOES",
        "title": "Betalningsövning vid elavbrott",
        "kind": "exercise",
    }
    assert {"code": "same_kind", "kind": "exercise"} in first["reasons"]
    assert first["coordinated"] is None and 0.5 <= first["score"] <= 1

    kims = cli("overlap", "2027", actor=KIM, now="2026-03-01").stdout
    assert ours in kims and theirs in kims and "(SOES)" in kims
    assert "samma typ (övning)" in kims and "liknande rubrik" in kims
    assert hidden not in kims and "Sekretessbelagd övning clearing" not in kims
    english = cli("overlap", "2027", "--lang", "en", actor=KIM).stdout
    assert "same kind (exercise)" in english

    refused = arshjul("overlap", "2027", actor="bo@nordbanken.se", check=False)
    assert refused.returncode == 1 and refused.stderr.startswith("error: ")
    assert "samordnare" in refused.stderr and refused.stdout == ""

    told = arshjul("prioritise", ours, now="2026-05-12", **ANNA)
    assert f"obs: {ours} kan vara samma arbete som {theirs}" in told.stderr

    marked = arshjul("overlap-mark", theirs, ours, "--note", "FTPOS leder", actor=KIM)
    assert marked.stdout.strip() == f"{ours} och {theirs} markerade som samordnade"
    again = cli("overlap-mark", ours, theirs, "--note", "igen", actor=KIM, check=False)
    assert again.returncode == 1 and "redan markerade" in again.stderr
    outsider = cli("overlap-mark", hidden, secret, "--note", "x", actor=KIM, check=False)
    assert outsider.returncode == 1 and f"Inget ärende {hidden}" in outsider.stderr

    left = json.loads(cli("overlap", "2027", "--json", actor=KIM).stdout)
    assert left == []
    everything = json.loads(cli("overlap", "2027", "--all", "--json", actor=KIM).stdout)
    [settled] = everything
    assert settled["coordinated"]["note"] == "FTPOS leder" and settled["coordinated"]["by"] == KIM
    assert "FTPOS leder" in cli("overlap", "2027", "--all", actor=KIM).stdout

    for item_id, body, other in ((ours, (), theirs), (theirs, ("--body", "SOES"), ours)):
        shown = json.loads(cli("show", item_id, "--json", *body, **ANNA).stdout)
        last = shown["history"][-1]
        assert (last["event"], last["actor"], last["note"]) == (
            "coordinated",
            KIM,
            f"{other}: FTPOS leder",
        )
    cli("audit", "verify", **ANNA)
    also = cli("prioritise", hidden, now="2026-05-12", **ANNA)
    assert f"obs: {hidden} kan vara samma arbete som {secret}" in also.stderr
    assert "obs:" not in cli("overlap", "2027", actor=KIM).stderr
