"""Bad input made by a generator (Hypothesis), through the command line: every one is refused
with one `error:` line (exit 1) or a usage error (exit 2), never "unexpected failure" or a
traceback, and leaves the database as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arshjul.clock import parse_moment
from arshjul.errors import BadInput
from tests.e2e.conftest import Run, _call_env, inprocess_runner, seed

FI = "anna@fi.se"
BANK = "bo@nordbanken.se"

#: Bytes a terminal that is not UTF-8 passes (a Latin-1 `ö` is 0xf6): Python keeps each as a
#: lone surrogate, U+DC80 to U+DCFF.
undecodable = st.builds(
    lambda before, byte, after: before + chr(0xDC00 + byte) + after,
    st.text(st.characters(codec="utf-8", blacklist_characters="\x00"), max_size=8),
    st.integers(0x80, 0xFF),
    st.text(st.characters(codec="utf-8", blacklist_characters="\x00"), max_size=8),
)
#: Text that `str.splitlines` breaks: an error quoting it must stay one line.
line_breaking = st.builds(
    lambda before, breaker, after: f"x{before}{breaker}{after}",
    st.text(st.characters(codec="utf-8", blacklist_characters="\x00"), max_size=8),
    st.sampled_from(["\n", "\r", "\x0b", "\x0c", "\x1c", "\x1e", "\x85", "\u2028", "\u2029"]),
    st.text(st.characters(codec="utf-8", blacklist_characters="\x00"), max_size=8),
)
past_64_bits = st.one_of(
    st.integers(min_value=2**63, max_value=2**300),
    st.integers(min_value=-(2**300), max_value=-(2**63) - 1),
).map(str)
not_a_number = st.text(max_size=12).filter(lambda s: not s.strip().lstrip("+-").isdigit())
#: Within 64 bits but past what any id, year, rank or level can be (PostgreSQL's INTEGER ends
#: at 2**31-1), or below zero.
out_of_range = st.one_of(
    st.integers(min_value=2**31, max_value=2**63 - 1), st.integers(-(2**63), -1)
).map(str)
bad_number = st.one_of(
    past_64_bits, out_of_range, not_a_number.filter(lambda s: not s.startswith("-"))
)

#: Commands with a number in them; `{n}` is where the generated one goes.
NUMBERED: list[tuple[str, ...]] = [
    ("show", "{n}"),
    ("show", "2027-{n}"),
    ("show", "{n}-001"),
    ("prioritise", "2027-001", "--rank", "{n}"),
    ("cycle", "show", "{n}"),
    ("list", "--cycle", "{n}"),
    ("calendar", "{n}"),
    ("report", "plan", "{n}"),
    ("report", "followup", "{n}"),
    ("risk", "show", "{n}"),
    ("risk", "done", "{n}"),
    ("risk", "list", "--cycle", "{n}"),
    ("risk", "assess", "{n}", "--probability", "2", "--consequence", "2"),
    ("risk", "assess", "1", "--probability", "{n}", "--consequence", "2"),
    ("meeting", "show", "{n}"),
    ("meeting", "cancel", "{n}"),
    ("meeting", "list", "--year", "{n}"),
    ("goal", "list", "--cycle", "{n}"),
    ("goal", "add", "Mål", "--number", "{n}"),
    ("activity", "add", "Aktivitet", "--number", "{n}"),
    ("decide", "2027-001", "--owner", BANK, "--due", "{n}"),
    ("import", "x.csv", "--cycle", "{n}"),
    ("outbox", "--limit", "{n}"),
    ("upcoming", "--limit", "{n}"),
    ("plan", "decide", "{n}"),
    ("replan", "2027-001", "--reason", "Sent", "--due", "{n}"),
]
#: Commands with a text in them; `{s}` is where the generated one goes.
WORDED: list[tuple[str, ...]] = [
    ("propose", "{s}"),
    ("propose", "Titel", "--description", "{s}"),
    ("show", "{s}"),
    ("list", "--org", "{s}"),
    ("org", "add", "{s}", "--kind", "company"),
    ("person", "add", "{s}", "--name", "X", "--org", "Riksbanken", "--role", "owner"),
    ("deprioritise", "2027-001", "--reason", "{s}"),
    ("--as", "{s}", "list"),
    ("--db", "{s}", "list"),
    ("--config", "{s}", "cycle", "show", "2027"),
    ("replan", "2027-001", "--reason", "{s}", "--due", "2027-09-30"),
    ("plan", "decide", "2027", "--ref", "{s}"),
]

#: Commands that refuse any such text and quote it in their error.
QUOTED: list[tuple[str, ...]] = [
    ("show", "{s}"),
    ("import", "{s}"),
    ("list", "--state", "{s}"),
    ("--as", "{s}", "list"),
    ("prioritise", "{s}"),
    ("meeting", "add", "Möte", "--start", "{s}"),
    ("replan", "{s}", "--reason", "Sent", "--due", "2027-09-30"),
]


def fingerprint(db: Path) -> str:
    """Every row of every table, hashed: the database as it is."""
    digest = hashlib.sha256()
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(tables):
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def refused(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 1 with one `error:` line, or click's usage error (exit 2); nothing else."""
    assert "Traceback" not in result.stderr and "unexpected failure" not in result.stderr
    if result.returncode == 1:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    else:
        assert result.returncode == 2 and "Error: " in result.stderr, (
            result.returncode,
            result.stderr,
        )


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Run, Path, dict[str, str]]:
    db = tmp_path / "arshjul.db"
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "ARSHJUL_DB": f"sqlite:///{db}"}
    cli = inprocess_runner(env)
    seed(cli)
    cli("propose", "Övning", now="2026-02-10", actor=BANK)
    return cli, db, env


GENERATED = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # the database never changes
    derandomize=True,
)


@GENERATED
@given(
    command=st.one_of(
        st.tuples(st.sampled_from(NUMBERED), bad_number),
        st.tuples(st.sampled_from(WORDED), undecodable),
        st.tuples(st.sampled_from(NUMBERED), undecodable),
        st.tuples(st.sampled_from(QUOTED), line_breaking),
    ),
    actor=st.sampled_from([FI, BANK, "chef@fi.se"]),
)
def test_generated_bad_arguments_are_refused_in_words_when_run_in_process(
    seeded: tuple[Run, Path, dict[str, str]], command: tuple[tuple[str, ...], str], actor: str
) -> None:
    """Numbers past 64 bits, text that is no number, bytes that are not UTF-8, in any place."""
    cli, db, _ = seeded
    before = fingerprint(db)
    template, value = command
    args = [part.replace("{n}", value).replace("{s}", value) for part in template]
    refused(cli(*args, now="2026-05-12", actor=actor, check=False))
    assert fingerprint(db) == before


def bad_places(tmp_path: Path) -> st.SearchStrategy[dict[str, str]]:
    """Settings that point at what is not a database, or say nothing that parses."""
    a_file = tmp_path / "a-file"
    a_file.write_text("not a database\n", encoding="utf-8")
    url = st.one_of(
        st.sampled_from(
            [
                "mysql://u@h/db",
                "oracle://u@h/db",
                "mssql+pyodbc://u@h/db",
                "postgresql://u@h:port/db",
                "sqlite:////proc",
                "sqlite:////proc/arshjul.db",
                f"sqlite:///{tmp_path}",
                f"sqlite:///{a_file}",
                f"sqlite:///{a_file}/arshjul.db",
                f"sqlite:///{tmp_path}/absent/folder/arshjul.db",
                "sqlite:///",
                "nonsense://",
            ]
        ),
        st.text(st.characters(codec="utf-8", blacklist_characters="\x00"), max_size=30),
        undecodable,
    )
    home = st.sampled_from(["/proc", str(a_file), "/dev/null", str(tmp_path / "absent")])
    return st.one_of(
        url.map(lambda u: {"ARSHJUL_DB": u}),
        home.map(lambda h: {"XDG_DATA_HOME": h, "ARSHJUL_DB": ""}),
        undecodable.map(lambda s: {"ARSHJUL_AS": s}),
        st.sampled_from(["/proc", str(tmp_path), str(a_file), "/proc/self/mem"]).map(
            lambda c: {"ARSHJUL_CONFIG": c}
        ),
        bad_now.map(lambda n: {"ARSHJUL_NOW": n}),
    )


def _unreadable_now(text: str) -> bool:
    try:
        parse_moment(text)
    except BadInput:
        return True
    return False


#: A clock that does not parse, or is outside the years the engine plans.
bad_now = st.one_of(
    st.text(st.characters(codec="utf-8", blacklist_characters="\x00"), min_size=1, max_size=20),
    st.dates(max_value=date(1901, 12, 31)).map(date.isoformat),
    st.dates(min_value=date(2998, 1, 1)).map(date.isoformat),
    st.datetimes(min_value=datetime(2998, 1, 1)).map(datetime.isoformat),
).filter(_unreadable_now)


def test_generated_bad_settings_are_refused_in_words_and_make_nothing(tmp_path: Path) -> None:
    """A database URL, data folder, acting person, configuration or clock that is wrong: one
    `error:` line, no folder or empty database made by a command that only reads."""
    places = tmp_path / "places"
    places.mkdir()
    db = tmp_path / "arshjul.db"
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "ARSHJUL_DB": f"sqlite:///{db}"}
    seed(inprocess_runner(env))
    before = fingerprint(db)

    @GENERATED
    @given(
        setting=bad_places(places),
        args=st.sampled_from([("list",), ("outbox",), ("audit", "verify")]),
    )
    def check(setting: dict[str, str], args: tuple[str, ...]) -> None:
        wanted = {**env, **{k: v for k, v in setting.items()}}
        if wanted.get("ARSHJUL_DB") == "":
            del wanted["ARSHJUL_DB"]
        actor = None if "ARSHJUL_AS" in setting else FI
        if "ARSHJUL_NOW" in setting:  # a command that reads the clock
            args = ("tick",)
        result = inprocess_runner(wanted)(*args, actor=actor, check=False)
        refused(result)
        assert not (places / "absent").exists()
        assert sorted(p.name for p in places.iterdir()) == ["a-file"]

    check()
    assert fingerprint(db) == before


def test_bad_input_in_real_processes_is_one_error_line(tmp_path: Path) -> None:
    """As a user's terminal passes them: Latin-1 bytes, a huge id, a file that is not a
    workbook, a data folder that is a file, a driver that is not installed."""
    db = tmp_path / "arshjul.db"
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "ARSHJUL_DB": f"sqlite:///{db}"}
    seed(inprocess_runner(env))
    before = fingerprint(db)
    not_zip = tmp_path / "plan.xlsx"
    not_zip.write_bytes(b"PK\x03\x04 this is not a workbook")
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    cases: list[tuple[list[Any], dict[str, str], str]] = [
        ([b"propose", b"\xf6vning"], {}, "0xf6"),
        ([b"show", b"2027-\xe5"], {}, "0xe5"),
        (["risk", "show", "99999999999999999999"], {}, "99999999999999999999"),
        (["meeting", "show", "99999999999999999999"], {}, "99999999999999999999"),
        (["import", str(not_zip)], {}, "plan.xlsx"),
        (["list"], {"XDG_DATA_HOME": str(a_file), "ARSHJUL_DB": ""}, "a-file"),
        (["init"], {"XDG_DATA_HOME": str(a_file), "ARSHJUL_DB": ""}, "a-file"),
        (["list"], {"ARSHJUL_DB": "mysql://u@h/db"}, "mysql"),
        (["list"], {"ARSHJUL_DB": f"sqlite:///{tmp_path}/absent/x.db"}, "arshjul init"),
        (["tick"], {"ARSHJUL_NOW": "0001-01-02"}, "ARSHJUL_NOW"),
        (["demo", "--dir", "/proc/arshjul-demo"], {}, "/proc/arshjul-demo"),
    ]
    for args, extra, says in cases:
        call = _call_env({**os.environ, **env}, "2026-05-12", FI, extra)
        call = {k: v for k, v in call.items() if v != ""}
        result = subprocess.run(
            [sys.executable, "-m", "arshjul", *args], env=call, capture_output=True, timeout=120
        )
        completed = subprocess.CompletedProcess(
            args, result.returncode, result.stdout.decode(), result.stderr.decode()
        )
        refused(completed)
        assert says in completed.stderr, (args, completed.stderr)
    assert not (tmp_path / "absent").exists()
    assert fingerprint(db) == before


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device file needs root")
def test_a_report_written_to_a_device_is_written_into_it_not_renamed_over_it(
    tmp_path: Path,
) -> None:
    """`-o` naming a device (here a copy of /dev/full): the device stays, and a full one is an
    `error:` (the report used to be renamed over it, putting a file where the device was)."""
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "ARSHJUL_DB": f"sqlite:///{tmp_path / 'a.db'}"}
    cli = inprocess_runner(env)
    seed(cli)
    device = tmp_path / "full"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    for fmt in ("xlsx", "md"):
        result = cli(
            "report", "plan", "2027", "--format", fmt, "-o", str(device), actor=FI, check=False
        )
        refused(result)
        assert str(device) in result.stderr
        assert stat.S_ISCHR(device.stat().st_mode)


def test_a_report_written_to_a_link_is_written_through_it_and_the_link_stays(
    tmp_path: Path,
) -> None:
    """`-o` naming a link (as /dev/stdout is one) writes where it points and leaves the link a
    link; the report used to be renamed over the link, and what it pointed at stayed empty."""
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "ARSHJUL_DB": f"sqlite:///{tmp_path / 'a.db'}"}
    cli = inprocess_runner(env)
    seed(cli)
    for fmt in ("md", "xlsx"):
        real = tmp_path / f"real.{fmt}"
        real.write_bytes(b"")
        link = tmp_path / f"link.{fmt}"
        link.symlink_to(real)
        cli("report", "plan", "2027", "--format", fmt, "-o", str(link), actor=FI)
        assert link.is_symlink() and link.resolve() == real.resolve()
        assert real.stat().st_size > 0
