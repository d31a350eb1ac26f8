"""`arshjul init` on a database an earlier release made, as a user runs it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from arshjul.store.engine import make_engine
from tests.e2e.conftest import Run
from tests.old_databases import COORDINATOR, ITEMS, build, counts, old_rows


@pytest.mark.parametrize("start", ["0004", "0005"])
def test_init_upgrades_a_database_of_an_earlier_release_with_people_in_it(
    arshjul: Run, db_url: str, start: str
) -> None:
    """`init` upgrades it; `list --json` shows the same items and `audit verify` passes."""
    engine = make_engine(db_url)
    build(engine, start)
    engine.dispose()

    arshjul("init")

    listed = json.loads(arshjul("list", "--json", actor=COORDINATOR).stdout)
    assert [{k: item[k] for k in ("id", "title", "state", "owner")} for item in listed] == ITEMS
    audit = json.loads(arshjul("audit", "verify", "--json", actor=COORDINATOR).stdout)
    assert audit["ok"] is True and audit["rows"] == counts(engine)["history"]
    assert old_rows(engine) == 9


def test_init_on_a_database_it_cannot_upgrade_says_so_in_one_line_and_changes_nothing(
    arshjul: Run, db_url: str
) -> None:
    """A database of a release this one does not know: one `error:` line, exit 1, nothing changed."""
    engine = make_engine(db_url)
    build(engine, "0004")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    before = counts(engine)
    engine.dispose()

    result = arshjul("init", check=False, ARSHJUL_LANG="en")

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert "revision 9999" in result.stderr and "nothing was changed" in result.stderr
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"
    assert counts(engine) == before
    engine.dispose()
