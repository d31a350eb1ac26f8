"""Input checks shared by the command line, the import and (later) the web page."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

from arshjul.errors import BadInput
from arshjul.states.rules import FIRST_YEAR, LAST_YEAR

TITLE_LIMIT = 200
NAME_LIMIT = 200
DESCRIPTION_LIMIT = 10_000
NOTE_LIMIT = 4_000

_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")
#: Unicode's control characters (category Cc) but for newline, carriage return and tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Line breaks: a one-line text refuses each of them as it refuses a newline.
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x85\x0b\x0c")
#: Characters that turn the direction of what follows: a title could display reversed.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
ITEM_ID = re.compile(r"^(?:(?P<body>[A-Z][A-Z0-9]{1,11})-)?(?P<cycle>\d{4})-(?P<number>\d{3,6})$")


def text(
    field: str, value: str | None, limit: int, *, one_line: bool = False, required: bool = True
) -> str | None:
    """Trimmed text within `limit` characters, free of control characters; None if optional and empty.

    No text may turn the direction of what follows (bidi controls); a one-line text (a title,
    a name) has no line break of any kind, no invisible format character (Unicode's category
    Cf: a zero-width space, a byte order mark) and something to see.
    """
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise BadInput("empty", field=field)
        return None
    if len(cleaned) > limit:
        raise BadInput("too_long", field=field, length=len(cleaned), limit=limit)
    if one_line and any(char in _LINE_BREAKS for char in cleaned):
        raise BadInput("one_line", field=field)
    if _CONTROL.search(cleaned):
        raise BadInput("control_chars", field=field)
    _invisible(field, value or "", one_line=one_line)
    if one_line and all(_unseen(char) for char in cleaned):
        raise BadInput("nothing_visible", field=field)
    return cleaned


def _invisible(field: str, value: str, *, one_line: bool) -> None:
    """The first character that changes how the text around it shows without showing itself,
    named by its place (counted from 1) and its code point."""
    for place, char in enumerate(value, start=1):
        if char in BIDI_CONTROLS or (one_line and unicodedata.category(char) == "Cf"):
            raise BadInput("invisible_char", field=field, position=place, char=f"U+{ord(char):04X}")


def _unseen(char: str) -> bool:
    """A combining mark or a space: nothing of its own to see."""
    return char.isspace() or unicodedata.category(char) in ("Mn", "Me", "Mc", "Cf", "Zs")


def required_text(field: str, value: str | None, limit: int) -> str:
    result = text(field, value, limit, one_line=True)
    assert result is not None
    return result


def email(value: str) -> str:
    cleaned = value.strip().lower()
    if len(cleaned) > 254 or not _EMAIL.match(cleaned):
        raise BadInput("bad_email", email=value)
    return cleaned


def web_url(value: str) -> str:
    """An http(s) address with a host and no query, trailing slash removed (links are built on
    it)."""
    cleaned = value.strip().rstrip("/")
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise BadInput("bad_web_url", url=value)
    return cleaned


def choice(field: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise BadInput("bad_choice", field=field, value=value, choices=", ".join(choices))
    return value


_WHOLE = re.compile(r"[+-]?[0-9]{1,12}")


def plan_year(value: int) -> int:
    """A plan year the engine plans (the command line's and the page's one check)."""
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise BadInput("bad_plan_year", value=value, first=FIRST_YEAR, last=LAST_YEAR)
    return value


def whole_number(value: str) -> int | None:
    """A whole number as a form sends it (ASCII digits, at most twelve); None when empty."""
    cleaned = value.strip()
    if not cleaned:
        return None
    if not _WHOLE.fullmatch(cleaned):
        raise BadInput("bad_number", value=value[:40])
    return int(cleaned)


def day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput("bad_date", value=value) from None


def item_ids(values: tuple[str, ...] | list[str]) -> list[str]:
    """Item ids as given, checked for shape and repeats."""
    seen: dict[str, None] = {}
    for value in values:
        cleaned = value.strip()
        if not ITEM_ID.match(cleaned):
            raise BadInput("bad_item_id", id=value)
        if cleaned in seen:
            raise BadInput("duplicate_id", id=cleaned)
        seen[cleaned] = None
    return list(seen)


_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def digest(value: str) -> str:
    """A history head as `audit head` prints it: 64 hexadecimal digits."""
    cleaned = value.strip().lower()
    if not _DIGEST.match(cleaned):
        raise BadInput("bad_digest", value=value)
    return cleaned
