"""Titles and names show what they say: no character that turns the text around or hides,
no line break of any kind, something to see. Refused with the place and the code point."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Run, seed
from tests.e2e.test_bad_input import BANK, FI, state_of_database


def test_a_title_with_a_right_to_left_override_is_refused_naming_its_place_in_a_real_process(
    arshjul: Run, cli: Run
) -> None:
    """`propose` in a process of its own: one `error:` line with U+202E and its place (5),
    exit 1, nothing saved; in English too."""
    seed(cli)
    before = state_of_database(cli)
    result = arshjul("propose", "Bra \u202eövning", now="2026-02-10", actor=BANK, check=False)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line == "error: title innehåller det osynliga tecknet U+202E på plats 5; ta bort det"
    english = arshjul(
        "--lang", "en", "propose", "x\u2067y", now="2026-02-10", actor=BANK, check=False
    )
    assert english.stderr.strip() == (
        "error: title contains the invisible character U+2067 at position 2; remove it"
    )
    assert state_of_database(cli) == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("propose", "\u200b"), "U+200B på plats 1"),
        (("propose", "\ufeffÖvning"), "U+FEFF på plats 1"),
        (("propose", "Öv\u200dning"), "U+200D på plats 3"),
        (("propose", "A", "--description", "Text \u202dvänd"), "U+202D på plats 6"),
        (("propose", "\u0301\u0308\u20dd"), "inget synligt tecken"),
        (("propose", "Rad ett\u2028rad två"), "en rad"),
        (("propose", "Rad ett\u2029rad två"), "en rad"),
        (("propose", "Rad ett\x85rad två"), "en rad"),
        (("org", "add", "Bank\u200e AB", "--kind", "company"), "U+200E på plats 5"),
        (
            (
                "person",
                "add",
                "x@nordbanken.se",
                "--name",
                "Eva \u061cEk",
                "--org",
                "Nordbanken AB",
                "--role",
                "proposer",
            ),
            "U+061C på plats 5",
        ),
    ],
)
def test_invisible_and_line_breaking_characters_are_refused_in_titles_and_names(
    cli: Run, args: tuple[str, ...], says: str
) -> None:
    """Zero-width and bidi characters, a title of combining marks only, and Unicode's line
    and paragraph separators and NEL are refused where a newline is, changing nothing."""
    seed(cli)
    before = state_of_database(cli)
    actor = FI if args[0] in ("org", "person") else BANK
    result = cli(*args, now="2026-02-10", actor=actor, check=False)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and says in line, line
    assert state_of_database(cli) == before
