"""The database keeps its cycle configuration: every command, the scheduler and the web page run
by the stored one; `cycle set` changes it for coordinators, re-planning what is due."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from alembic import command
from sqlalchemy import text

import arshjul
from arshjul.store.engine import make_engine
from arshjul.store.migrate import _config, upgrade
from tests.e2e.conftest import Run, seed

COUNCIL = Path(arshjul.__file__).with_name("finansrad.toml")
FTPOS = Path(arshjul.__file__).with_name("ftpos.toml")
FI = {"actor": "anna@fi.se"}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shown(run: Run, plan_year: int = 2027, **kw: str) -> dict:  # type: ignore[type-arg]
    return json.loads(run("cycle", "show", str(plan_year), "--json", **kw).stdout)  # type: ignore[no-any-return]


def upcoming(run: Run, now: str) -> list[tuple[str, str, str, str]]:
    rows = json.loads(run("upcoming", "--limit", "500", "--json", now=now).stdout)
    return [(r["kind"], r["subject"], r["detail"], r["due_at"]) for r in rows]


def moved(tmp_path: Path, name: str, toml: str) -> Path:
    path = tmp_path / name
    path.write_text(toml, encoding="utf-8")
    return path


def test_a_database_keeps_the_councils_dates_when_a_later_command_runs_without_config(
    arshjul: Run,
) -> None:
    """Set up with the council's configuration, `cycle show` and `tick` without --config run
    by the council's dates, not FTPOS's; the same file given again is accepted silently."""
    arshjul("init", "--config", str(COUNCIL), now="2026-08-01")
    council = shown(arshjul, config=str(COUNCIL))
    plain = shown(arshjul)
    assert plain == council and plain["name"] == "Finanssamarbetet"
    fired = json.loads(arshjul("tick", "--json", now="2026-08-16").stdout)
    assert ("phase_opens", "2027", "dialogue", "2026-08-15T00:00:00+02:00") in [
        (f["kind"], f["subject"], f["detail"], f["due_at"]) for f in fired
    ]
    again = arshjul("list", "--json", ARSHJUL_CONFIG=str(COUNCIL))
    assert again.stderr == ""


def test_a_differing_config_is_refused_naming_both_digests_and_nothing_changes(
    arshjul: Run,
) -> None:
    """--config or ARSHJUL_CONFIG other than the stored one: one `error:` line with both
    digests, exit 1, nothing written, on commands, the scheduler and the web page."""
    arshjul("init", "--config", str(COUNCIL))
    for args, env in (
        (("org", "add", "FI", "--kind", "authority", "--config", str(FTPOS)), {}),
        (("tick",), {"ARSHJUL_CONFIG": str(FTPOS)}),
        (("serve", "--port", "0"), {"ARSHJUL_CONFIG": str(FTPOS)}),
    ):
        result = arshjul(*args, check=False, **env)
        assert result.returncode == 1, args
        [line] = result.stderr.splitlines()
        assert line.startswith("error: ") and sha(FTPOS) in line and sha(COUNCIL) in line
    assert json.loads(arshjul("org", "list", "--json").stdout) == []
    assert json.loads(arshjul("upcoming", "--json").stdout) == []  # the tick planned nothing
    assert shown(arshjul)["digest"] == sha(COUNCIL)


def test_cycle_show_json_has_the_stored_configurations_digest(cli: Run) -> None:
    """`cycle show --json` names the SHA-256 of the configuration the database keeps."""
    cli("init")
    assert shown(cli)["digest"] == sha(FTPOS)


def test_cycle_set_by_someone_not_a_coordinator_is_refused(cli: Run) -> None:
    """A proposer may not change the cycle, nor set the one in force again: `error:`, exit 1,
    the configuration kept."""
    seed(cli)
    for path in (COUNCIL, FTPOS):
        result = cli("cycle", "set", str(path), actor="bo@nordbanken.se", check=False)
        assert result.returncode == 1
        assert result.stderr == (
            "error: bo@nordbanken.se får inte byta cykelkonfiguration: det gör samordnare\n"
        )
    assert shown(cli)["digest"] == sha(FTPOS)


def test_cycle_set_replans_the_pending_events_and_records_both_digests(
    cli: Run, tmp_path: Path
) -> None:
    """Closing prioritisation on 15 June instead of 30 June moves its planned closing and
    reminders at once, in the same change that records who, when, the old and new digest."""
    cli("init", now="2026-01-01")
    seed(cli)
    cli("tick", now="2026-02-10")
    earlier = moved(tmp_path, "earlier.toml", '[phases.prioritisation]\ncloses = "P-1 06-15"\n')
    assert ("phase_closes", "2027", "prioritisation", "2026-07-01T00:00:00+02:00") in upcoming(
        cli, "2026-02-10"
    )
    change = json.loads(cli("cycle", "set", str(earlier), "--json", now="2026-02-10", **FI).stdout)
    assert (change["changed"], change["previous_digest"], change["digest"]) == (
        True,
        sha(FTPOS),
        sha(earlier),
    )
    assert (change["set_by"], change["set_at"]) == ("anna@fi.se", "2026-02-10T00:00:00+01:00")
    planned = upcoming(cli, "2026-02-10")
    assert ("phase_closes", "2027", "prioritisation", "2026-06-16T00:00:00+02:00") in planned
    assert not [p for p in planned if p[:3] == ("phase_closes", "2027", "prioritisation")][1:]
    assert ("phase_reminder", "2027", "prioritisation:14", "2026-06-01T08:00:00+02:00") in planned
    show = shown(cli, now="2026-02-10")
    assert show["digest"] == sha(earlier)
    assert (show["phases"][1]["key"], show["phases"][1]["closes"]) == (
        "prioritisation",
        "2026-06-15",
    )
    again = cli("cycle", "set", str(earlier), now="2026-02-10", **FI)
    assert "inget ändrades" in again.stdout


def test_cycle_set_that_moves_a_deadline_already_fired_is_refused_naming_it(
    cli: Run, tmp_path: Path
) -> None:
    """The 2027 dialogue closed on 1 April; a file closing it on 15 April is refused, naming
    the event and both dates, and nothing is changed."""
    cli("init", now="2026-01-01")
    seed(cli)
    cli("tick", now="2026-04-02")
    before = upcoming(cli, "2026-04-02")
    later = moved(tmp_path, "later.toml", '[phases.dialogue]\ncloses = "P-1 04-15"\n')
    result = cli("cycle", "set", str(later), now="2026-04-02", check=False, **FI)
    assert result.returncode == 1
    assert result.stderr == (
        "error: den nya cykelkonfigurationen flyttar phase_closes 2027 dialogue, som redan har"
        " skett, från 2026-04-01 00:00 till 2026-04-16 00:00; inget ändrades\n"
    )
    assert shown(cli, now="2026-04-02")["digest"] == sha(FTPOS)
    assert upcoming(cli, "2026-04-02") == before


def test_an_old_database_adopts_the_configuration_it_is_first_run_with_once(
    cli: Run, db_url: str
) -> None:
    """A database of release 0009 with people in it, upgraded by `init --config`, keeps that
    configuration and says so on stderr, once; later commands run by it without --config."""
    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0009")  # type: ignore[arg-type]
        conn.execute(
            text(
                "INSERT INTO organisation (name, kind, total_defence, lead, created_at)"
                " VALUES ('FI', 'authority', true, true, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO person (email, name, org_id, created_at)"
                " VALUES ('a@fi.se', 'A', 1, CURRENT_TIMESTAMP)"
            )
        )
    engine.dispose()
    first = cli("init", "--config", str(COUNCIL))
    assert first.stderr == (
        "databasen hade ingen cykelkonfiguration sparad; den har nu Finanssamarbetet"
        f" (sha256 {sha(COUNCIL)}) från {COUNCIL}\n"
    )
    assert cli("init", "--config", str(COUNCIL)).stderr == ""
    assert shown(cli)["name"] == "Finanssamarbetet"
    assert [p["email"] for p in json.loads(cli("person", "list", "--json").stdout)] == ["a@fi.se"]


def test_a_database_upgraded_without_init_adopts_on_its_first_command_and_says_so(
    cli: Run, db_url: str
) -> None:
    """No configuration stored: the first command's --config is kept, said once on stderr;
    the next command, without --config, runs by it in silence."""
    engine = make_engine(db_url)
    upgrade(engine)
    engine.dispose()
    first = cli("list", "--config", str(COUNCIL))
    assert first.stderr.splitlines() == [
        "databasen hade ingen cykelkonfiguration sparad; den har nu Finanssamarbetet"
        f" (sha256 {sha(COUNCIL)}) från {COUNCIL}"
    ]
    second = cli("cycle", "show", "2027")
    assert second.stderr == "" and second.stdout.startswith("Finanssamarbetet 2027")


def test_cycle_set_that_moves_a_deadline_to_come_into_the_past_is_refused(
    cli: Run, tmp_path: Path
) -> None:
    """On 2 April, closing prioritisation on 1 April would close it at once: refused, naming
    the closing, its planned and its new time."""
    cli("init", now="2026-01-01")
    seed(cli)
    cli("tick", now="2026-04-02")
    past = moved(tmp_path, "past.toml", '[phases.prioritisation]\ncloses = "P-1 04-01"\n')
    result = cli("cycle", "set", str(past), now="2026-04-02 12:00", check=False, **FI)
    assert result.returncode == 1
    assert result.stderr == (
        "error: den nya cykelkonfigurationen flyttar phase_closes 2027 prioritisation från"
        " 2026-07-01 00:00 till 2026-04-02 00:00, som redan har passerat (nu 2026-04-02 12:00);"
        " inget ändrades\n"
    )
    assert shown(cli, now="2026-04-02")["digest"] == sha(FTPOS)


def test_init_with_another_configuration_is_a_coordinators_change(cli: Run) -> None:
    """Once people are registered, `init --config` with a configuration other than the one
    kept needs a coordinator, as `cycle set` does; with one, it is put in force."""
    seed(cli)
    refused = cli("init", "--config", str(COUNCIL), check=False)
    assert refused.returncode == 1 and refused.stderr.startswith("error: ")
    assert shown(cli)["digest"] == sha(FTPOS)
    changed = cli("init", "--config", str(COUNCIL), **FI)
    assert f"Finanssamarbetet (sha256 {sha(COUNCIL)})" in changed.stderr
    assert shown(cli)["digest"] == sha(COUNCIL)


def test_cycle_set_may_change_send_at_after_reminders_have_gone_out(
    cli: Run, tmp_path: Path
) -> None:
    """A reminder already sent is not sent again: moving send_at once reminders have gone out
    (and a deadline after them) is accepted, and the reminders to come move to the new time."""
    cli("init", now="2026-01-01")
    seed(cli)
    cli("tick", now="2026-07-02T10:00")  # prioritisation's reminders sent, its closing taken effect
    later = moved(tmp_path, "later.toml", '[reminders]\nsend_at = "09:30"\n')
    cli("cycle", "set", str(later), now="2026-07-02T10:00", **FI)
    planned = upcoming(cli, "2026-07-02")
    assert ("phase_reminder", "2027", "decision:14", "2026-09-16T09:30:00+02:00") in planned


def test_a_configuration_removed_behind_the_engines_back_is_not_adopted_anew(
    cli: Run, db_url: str
) -> None:
    """Versions deleted with plain SQL, the history still recording them: no command adopts the
    file it is given (a proposer's `--config` used to become the cycle, laundering the removal);
    each says so in one line and changes nothing."""
    cli("init", now="2026-01-01")
    seed(cli)
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM cycle_config"))
    for args, kw in (
        (("list", "--config", str(COUNCIL)), {"actor": "bo@nordbanken.se"}),
        (("audit", "verify"), {}),
    ):
        refused = cli(*args, check=False, now="2026-02-10", **kw)
        assert refused.returncode == 1
        assert refused.stderr.splitlines() == [
            "error: databasen saknar sin cykelkonfiguration fast historiken har den: den är "
            "borttagen förbi motorn; återställ databasen (inget ändrades)"
        ]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM cycle_config")).scalar_one() == 0
    engine.dispose()


def test_an_escalation_kind_that_is_none_is_refused_naming_the_key_and_nothing_changes(
    cli: Run, tmp_path: Path
) -> None:
    """`[escalation] kinds = ["bank"]`: one `error:` naming escalation.kinds[0]; a valid one is
    stored with the configuration, as any other key."""
    seed(cli)
    bad = moved(tmp_path, "bad.toml", '[escalation]\nkinds = ["authority", "bank"]\n')
    refused = cli("cycle", "set", str(bad), check=False, **FI)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith("error: ") and "escalation.kinds[1]" in refused.stderr
    assert "'bank'" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert shown(cli)["digest"] == sha(FTPOS)
    every = moved(tmp_path, "every.toml", '[escalation]\nkinds = ["authority", "company"]\n')
    cli("cycle", "set", str(every), **FI)
    assert shown(cli)["digest"] == sha(every)
