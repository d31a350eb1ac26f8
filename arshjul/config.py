"""Settings from the environment and the cycle configuration (TOML), validated once."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, time
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from arshjul.errors import ConfigError

PHASE_KEYS = ("dialogue", "prioritisation", "decision", "communication", "execution", "follow_up")
PLANNING_ORDER = ("dialogue", "prioritisation", "decision", "communication", "execution")
WINDOW_EVENTS = ("prioritise", "deprioritise", "decide", "start", "complete", "follow_up")
WORKING_DAY_RULES = ("previous", "next", "none")

_RELATIVE_DATE = re.compile(r"^P(?P<offset>[+-]\d)? (?P<month>\d\d)-(?P<day>\d\d)$")


@dataclass(frozen=True, order=True)
class RelativeDate:
    """A day named relative to the plan year P, as "P-1 03-31"."""

    offset: int
    month: int
    day: int

    @classmethod
    def parse(cls, text: object, where: str) -> RelativeDate:
        match = _RELATIVE_DATE.match(text) if isinstance(text, str) else None
        if match is None:
            raise ConfigError("config", where=where, problem=_problem("cfg_bad_date", value=text))
        parsed = cls(int(match["offset"] or 0), int(match["month"]), int(match["day"]))
        try:
            date(2001, parsed.month, parsed.day)  # not a leap year: "02-29" is not every year's
        except ValueError:
            raise ConfigError(
                "config", where=where, problem=_problem("cfg_bad_date", value=text)
            ) from None
        return parsed

    def on(self, plan_year: int) -> date:
        return date(plan_year + self.offset, self.month, self.day)

    def __str__(self) -> str:
        offset = f"{self.offset:+d}" if self.offset else ""
        return f"P{offset} {self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    name: str
    opens: RelativeDate
    closes: RelativeDate


@dataclass(frozen=True)
class Bound:
    """One edge of a move's window: a phase's opening or closing."""

    phase: str
    edge: str  # "opens" | "closes"


@dataclass(frozen=True)
class Reminders:
    phase_deadline_days: tuple[int, ...]
    due_days: tuple[int, ...]
    overdue_every_days: int
    send_at: time = time(8)  # reminders fall due then, on working days; scheduler mail waits


@dataclass(frozen=True)
class AgendaMeeting:
    """A standing meeting of every plan year and the points on its agenda (Bilaga 1)."""

    on: RelativeDate
    title: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class Agenda:
    """The body's standing meetings, the points on every one's agenda, when and where."""

    meetings: tuple[AgendaMeeting, ...] = ()
    standing: tuple[str, ...] = ()
    starts: time = time(10)
    minutes: int = 120
    place: str = ""


#: Who a recurring meeting invites, besides "group:NAME" for a standing working group.
INVITE_KINDS = ("everyone", "member", "designated", "adjunct")

_PER_YEAR = re.compile(r"^(?P<low>\d{1,2})(?:\s*[-–]\s*(?P<high>\d{1,2}))? per year$")
_IN_QUARTER = re.compile(r"^every year in Q(?P<quarter>[1-4])$")
_EVERY_YEARS = re.compile(r"^every (?P<low>\d{1,2})(?:\s*[-–]\s*(?P<high>\d{1,2}))? years?$")
_MEETING_KEY = re.compile(r"^[a-z0-9_-]{1,32}$")
_SHORT_NAME = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")


@dataclass(frozen=True)
class Cadence:
    """How often a recurring meeting is held, read from its configuration text:
    `low`–`high` a year ("per_year"), once a year in `quarter` ("in_quarter"), or once every
    `low`–`high` years ("every_years"); one count when `low == high`."""

    kind: str  # "per_year" | "in_quarter" | "every_years"
    low: int
    high: int
    quarter: int | None = None

    @classmethod
    def parse(cls, text: object, where: str) -> Cadence:
        """ "4 per year", "6-8 per year" (or "6–8"), "every year in Q1", "every 3 years",
        "every 2-3 years"; counts a year 1–52, years apart 1–10, the smaller first."""
        written = " ".join(text.split()) if isinstance(text, str) else ""
        if match := _IN_QUARTER.match(written):
            return cls("in_quarter", 1, 1, int(match["quarter"]))
        for kind, pattern, most in (("per_year", _PER_YEAR, 52), ("every_years", _EVERY_YEARS, 10)):
            if match := pattern.match(written):
                low = int(match["low"])
                high = int(match["high"] or low)
                if 1 <= low <= high <= most:
                    return cls(kind, low, high)
        raise ConfigError("config", where=where, problem=_problem("cfg_bad_cadence", value=text))

    @property
    def most_a_year(self) -> int:
        """The most meetings one year may hold: configured dates beyond it are a mistake."""
        return self.high if self.kind == "per_year" else 1

    def __str__(self) -> str:
        if self.kind == "in_quarter":
            return f"every year in Q{self.quarter}"
        count = str(self.low) if self.low == self.high else f"{self.low}-{self.high}"
        return f"{count} per year" if self.kind == "per_year" else f"every {count} years"


@dataclass(frozen=True)
class Recurring:
    """A body's recurring meeting (`[[meetings.recurring]]`): how often, the days the
    configuration fixes, its agenda, who is invited, and the bodies it carries a standing
    information point about."""

    key: str
    title: str
    cadence: Cadence
    last: int | None = None  # the year of the last one, for "every N-M years"
    dates: tuple[RelativeDate, ...] = ()
    points: tuple[str, ...] = ()
    invite: tuple[str, ...] = ("everyone",)  # INVITE_KINDS or "group:NAME"
    brief: tuple[str, ...] = ()  # other bodies' short names


@dataclass(frozen=True)
class BodySpec:
    """Which body the configuration is (`[body]`): its short name, as other bodies' `brief`
    names it ("" when it has none, as FTPOS), and its standing working groups (FTPOS: none)."""

    short: str = ""
    standing_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class CycleConfig:
    name: str
    convener: str  # who runs the cycle, as the mail names it: Finansinspektionen
    timezone: ZoneInfo
    language: str
    working_days: str
    phases: dict[str, PhaseSpec]
    windows: dict[str, tuple[Bound | None, Bound | None]]
    reminders: Reminders
    information_meetings: tuple[RelativeDate, ...]
    meeting_time: time
    meeting_minutes: int
    meeting_place: str
    meeting_reminder_days: tuple[int, ...]
    mail_url: str | None
    mail_from: str
    agenda: Agenda = field(default_factory=Agenda)
    recurring: tuple[Recurring, ...] = ()
    body: BodySpec = field(default_factory=BodySpec)
    #: The kinds of organisation whose owners' overdue notices go to their manager too.
    escalation: tuple[str, ...] = ("authority",)
    source: str = field(default="built-in FTPOS", compare=False)
    digest: str = field(default="", compare=False)  # SHA-256 of the TOML text it was read from


#: The built-in configurations: FTPOS (the default), the regional council's, FSPOS and SOES.
EXAMPLES = {
    "ftpos": "ftpos.toml",
    "finansrad": "finansrad.toml",
    "fspos": "fspos.toml",
    "soes": "soes.toml",
}


def default_text(example: str = "ftpos") -> str:
    """A built-in cycle, as shipped in the package: FTPOS, or another of EXAMPLES."""
    return resources.files("arshjul").joinpath(EXAMPLES[example]).read_text(encoding="utf-8")


def load_cycle_config(path: str | Path | None = None, *, example: str | None = None) -> CycleConfig:
    """The FTPOS cycle, with whatever the file at `path` (or a built-in example) says laid over it."""
    if path is not None:
        return config_from_text(read_config_text(path), str(path))
    if example is not None and example != "ftpos":
        return config_from_text(default_text(example), f"built-in {example}")
    return config_from_text(default_text(), "built-in FTPOS")


def read_config_text(path: str | Path) -> str:
    """A configuration file's text, or an error naming the file."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            "config", where=str(path), problem=_problem("cfg_unreadable", reason=exc)
        ) from None


def text_digest(text: str) -> str:
    """What names a configuration: the SHA-256 of its TOML text (UTF-8), in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def config_from_text(text: str, where: str) -> CycleConfig:
    """The FTPOS cycle with `text` (a configuration's TOML) laid over it, validated."""
    merged = _laid_over(_defaults(), text, where)
    return replace(_build(merged, where), digest=text_digest(text))


def _defaults() -> dict[str, Any]:
    """The FTPOS file's values, and the keys it leaves out because FTPOS has none of them:
    no body short name nor standing groups, no recurring meetings."""
    base = tomllib.loads(default_text())
    base.setdefault("body", {"short": "", "standing_groups": []})
    base["meetings"].setdefault("recurring", [])
    return base


def _laid_over(merged: dict[str, Any], text: str, where: str) -> dict[str, Any]:
    try:
        own = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            "config", where=where, problem=_problem("cfg_unreadable", reason=exc)
        ) from None
    _check_keys(own, merged, "")
    return _merge(merged, own)


def _clock_time(table: dict[str, Any], key: str, where: str, example: str) -> time:
    """A time of day in the cycle's own time zone: `"08:00"`, never with an offset."""
    try:
        found = time.fromisoformat(_string(table, key, where))
        if found.tzinfo is not None:
            raise ValueError(found)
    except ValueError:
        raise ConfigError(
            "config", where=where, problem=_problem("cfg_type", expected=f'a time like "{example}"')
        ) from None
    return found


def _problem(key: str, **params: Any) -> str:
    from arshjul.i18n import expected, t

    if "expected" in params:
        params["expected"] = expected(params["expected"])
    return t(key, **params)


def _check_keys(own: dict[str, Any], known: dict[str, Any], prefix: str) -> None:
    """Every key of the user's file must be one the FTPOS file has (phases may add a name)."""
    for key, value in own.items():
        where = f"{prefix}{key}"
        if key not in known:
            raise ConfigError("config", where=where, problem=_problem("cfg_unknown_key"))
        if isinstance(known[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(
                    "config", where=where, problem=_problem("cfg_type", expected="a table")
                )
            _check_keys(value, known[key], f"{where}.")


def _merge(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in own.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) else value
    return merged


def _string(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise ConfigError("config", where=where, problem=_problem("cfg_type", expected="a text"))
    return value


def _days(value: object, where: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 366 for n in value
    ):
        raise ConfigError(
            "config", where=where, problem=_problem("cfg_type", expected="a list of days 0–366")
        )
    return tuple(sorted(set(value), reverse=True))


def _bound(value: object, where: str) -> Bound | None:
    if value == "":
        return None
    phase, _, edge = value.partition(".") if isinstance(value, str) else ("", "", "")
    if phase not in PHASE_KEYS or edge not in ("opens", "closes"):
        raise ConfigError("config", where=where, problem=_problem("cfg_bad_bound", value=value))
    return Bound(phase, edge)


def _build(raw: dict[str, Any], source: str) -> CycleConfig:
    try:
        timezone = ZoneInfo(_string(raw, "timezone", "timezone"))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            "config", where="timezone", problem=_problem("cfg_type", expected="an IANA time zone")
        ) from None
    language = _string(raw, "language", "language")
    if language not in ("sv", "en"):
        raise ConfigError(
            "config", where="language", problem=_problem("cfg_type", expected='"sv" or "en"')
        )
    working_days = raw["working_days"]
    if working_days not in WORKING_DAY_RULES:
        raise ConfigError(
            "config",
            where="working_days",
            problem=_problem("cfg_type", expected='"previous", "next" or "none"'),
        )

    phases: dict[str, PhaseSpec] = {}
    for key in PHASE_KEYS:
        table = raw["phases"][key]
        where = f"phases.{key}"
        opens = RelativeDate.parse(table["opens"], f"{where}.opens")
        closes = RelativeDate.parse(table["closes"], f"{where}.closes")
        if closes < opens:
            raise ConfigError(
                "config",
                where=f"{where}.closes",
                problem=_problem("cfg_closes_before_opens", opens=opens, closes=closes),
            )
        phases[key] = PhaseSpec(key, _string(table, "name", f"{where}.name"), opens, closes)
    for before, after in itertools.pairwise(PLANNING_ORDER):
        if (
            phases[after].opens < phases[before].opens
            or phases[after].closes < phases[before].closes
        ):
            raise ConfigError(
                "config",
                where=f"phases.{after}",
                problem=_problem("cfg_order", phase=after, before=before),
            )

    windows: dict[str, tuple[Bound | None, Bound | None]] = {}
    for event in WINDOW_EVENTS:
        value = raw["windows"][event]
        where = f"windows.{event}"
        if not isinstance(value, list) or len(value) != 2:
            raise ConfigError(
                "config", where=where, problem=_problem("cfg_type", expected="a list of two bounds")
            )
        windows[event] = (_bound(value[0], where), _bound(value[1], where))

    reminders = raw["reminders"]
    overdue = reminders["overdue_every_days"]
    if not isinstance(overdue, int) or isinstance(overdue, bool) or not 1 <= overdue <= 366:
        raise ConfigError(
            "config",
            where="reminders.overdue_every_days",
            problem=_problem("cfg_type", expected="a number of days 1–366"),
        )
    send_at = _clock_time(reminders, "send_at", "reminders.send_at", "08:00")
    meetings = raw["meetings"]["information"]
    if not isinstance(meetings, list):
        raise ConfigError(
            "config",
            where="meetings.information",
            problem=_problem("cfg_type", expected="a list of dates"),
        )
    meeting_table = raw["meetings"]
    meeting_time = _clock_time(
        meeting_table, "information_time", "meetings.information_time", "10:00"
    )
    minutes = meeting_table["information_minutes"]
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 15 <= minutes <= 24 * 60:
        raise ConfigError(
            "config",
            where="meetings.information_minutes",
            problem=_problem("cfg_type", expected="minutes 15–1440"),
        )
    agenda = _agenda(meeting_table)
    body = _body(raw["body"])
    recurring = _recurring(meeting_table["recurring"], body)
    mail = raw["mail"]
    mail_url = mail.get("url")
    if mail_url is not None and not isinstance(mail_url, str):
        raise ConfigError(
            "config", where="mail.url", problem=_problem("cfg_type", expected="a text")
        )
    return CycleConfig(
        name=_string(raw, "name", "name"),
        convener=_string(raw, "convener", "convener"),
        timezone=timezone,
        language=language,
        working_days=working_days,
        phases=phases,
        windows=windows,
        reminders=Reminders(
            phase_deadline_days=_days(
                reminders["phase_deadline_days"], "reminders.phase_deadline_days"
            ),
            due_days=_days(reminders["due_days"], "reminders.due_days"),
            overdue_every_days=overdue,
            send_at=send_at,
        ),
        information_meetings=tuple(
            RelativeDate.parse(value, f"meetings.information[{i}]")
            for i, value in enumerate(meetings)
        ),
        meeting_time=meeting_time,
        meeting_minutes=minutes,
        meeting_place=_string(meeting_table, "information_place", "meetings.information_place"),
        meeting_reminder_days=_days(meeting_table["reminder_days"], "meetings.reminder_days"),
        mail_url=mail_url,
        mail_from=_string(mail, "from", "mail.from"),
        agenda=agenda,
        recurring=recurring,
        body=body,
        escalation=_org_kinds(raw["escalation"]["kinds"], "escalation.kinds"),
        source=source,
    )


def _org_kinds(value: object, where: str) -> tuple[str, ...]:
    """`[escalation] kinds`: kinds of organisation, each once (none at all is a choice too)."""
    from arshjul.states.model import ORG_KINDS

    if not isinstance(value, list):
        raise ConfigError(
            "config", where=where, problem=_problem("cfg_type", expected="a list of texts")
        )
    for n, kind in enumerate(value):
        if kind not in ORG_KINDS:
            raise ConfigError(
                "config", where=f"{where}[{n}]", problem=_problem("cfg_bad_org_kind", value=kind)
            )
    kinds = tuple(value)
    _once_each(kinds, where)
    return kinds


_AGENDA_KEYS = ("on", "title", "agenda")


def _texts(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(
            "config", where=where, problem=_problem("cfg_type", expected="a list of texts")
        )
    return tuple(v.strip() for v in value)


def _agenda(table: dict[str, Any]) -> Agenda:
    """`[[meetings.agenda]]`: each standing meeting's day, title and points; the points on
    every one's agenda; the time, length and place they share."""
    entries = table["agenda"]
    if not isinstance(entries, list):
        raise ConfigError(
            "config",
            where="meetings.agenda",
            problem=_problem("cfg_type", expected="a list of tables"),
        )
    meetings = []
    for n, entry in enumerate(entries):
        where = f"meetings.agenda[{n}]"
        if not isinstance(entry, dict):
            raise ConfigError(
                "config", where=where, problem=_problem("cfg_type", expected="a table")
            )
        for key in entry:
            if key not in _AGENDA_KEYS:
                raise ConfigError(
                    "config", where=f"{where}.{key}", problem=_problem("cfg_unknown_key")
                )
        for key in ("on", "title"):
            if key not in entry:
                raise ConfigError("config", where=f"{where}.{key}", problem=_problem("cfg_missing"))
        meetings.append(
            AgendaMeeting(
                on=RelativeDate.parse(entry["on"], f"{where}.on"),
                title=_string(entry, "title", f"{where}.title"),
                points=_texts(entry.get("agenda", []), f"{where}.agenda"),
            )
        )
    starts = _clock_time(table, "agenda_time", "meetings.agenda_time", "13:00")
    minutes = table["agenda_minutes"]
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 15 <= minutes <= 24 * 60:
        raise ConfigError(
            "config",
            where="meetings.agenda_minutes",
            problem=_problem("cfg_type", expected="minutes 15–1440"),
        )
    return Agenda(
        meetings=tuple(meetings),
        standing=_texts(table["standing_agenda"], "meetings.standing_agenda"),
        starts=starts,
        minutes=minutes,
        place=_string(table, "agenda_place", "meetings.agenda_place"),
    )


def _body(table: dict[str, Any]) -> BodySpec:
    """`[body]`: the short name other bodies' `brief` uses, and the standing working groups."""
    short = table["short"]
    if short != "" and not (isinstance(short, str) and _SHORT_NAME.match(short)):
        raise ConfigError(
            "config", where="body.short", problem=_problem("cfg_bad_short", value=short)
        )
    groups = _texts(table["standing_groups"], "body.standing_groups")
    _once_each(groups, "body.standing_groups")
    return BodySpec(short=short, standing_groups=groups)


def _once_each(values: tuple[object, ...], where: str) -> None:
    """A list that names a thing twice is a slip: say which one."""
    for n, value in enumerate(values):
        if value in values[:n]:
            raise ConfigError(
                "config", where=f"{where}[{n}]", problem=_problem("cfg_duplicate", value=value)
            )


_RECURRING_KEYS = ("key", "title", "cadence", "last", "dates", "agenda", "invite", "brief")


def _recurring(entries: object, body: BodySpec) -> tuple[Recurring, ...]:
    """`[[meetings.recurring]]`: each recurring meeting, checked against the body's groups."""
    if not isinstance(entries, list):
        raise ConfigError(
            "config",
            where="meetings.recurring",
            problem=_problem("cfg_type", expected="a list of tables"),
        )
    found = tuple(
        _one_recurring(entry, f"meetings.recurring[{n}]", body) for n, entry in enumerate(entries)
    )
    for n, meeting in enumerate(found):
        if meeting.key in (m.key for m in found[:n]):
            raise ConfigError(
                "config",
                where=f"meetings.recurring[{n}].key",
                problem=_problem("cfg_duplicate", value=meeting.key),
            )
    return found


def _one_recurring(entry: object, where: str, body: BodySpec) -> Recurring:
    if not isinstance(entry, dict):
        raise ConfigError("config", where=where, problem=_problem("cfg_type", expected="a table"))
    for key in entry:
        if key not in _RECURRING_KEYS:
            raise ConfigError("config", where=f"{where}.{key}", problem=_problem("cfg_unknown_key"))
    for key in ("key", "title", "cadence", "invite"):
        if key not in entry:
            raise ConfigError("config", where=f"{where}.{key}", problem=_problem("cfg_missing"))
    key = entry["key"]
    if not (isinstance(key, str) and _MEETING_KEY.match(key)):
        raise ConfigError(
            "config", where=f"{where}.key", problem=_problem("cfg_bad_meeting_key", value=key)
        )
    cadence = Cadence.parse(entry["cadence"], f"{where}.cadence")
    return Recurring(
        key=key,
        title=_string(entry, "title", f"{where}.title"),
        cadence=cadence,
        last=_last(entry, where, cadence),
        dates=_meeting_dates(entry.get("dates", []), f"{where}.dates", cadence),
        points=_texts(entry.get("agenda", []), f"{where}.agenda"),
        invite=_invite(entry["invite"], f"{where}.invite", body),
        brief=_brief(entry.get("brief", []), f"{where}.brief", body),
    )


def _last(entry: dict[str, Any], where: str, cadence: Cadence) -> int | None:
    """The year of the last meeting: needed by "every N-M years", meaningless otherwise."""
    last = entry.get("last")
    if cadence.kind != "every_years":
        if last is not None:
            raise ConfigError(
                "config",
                where=f"{where}.last",
                problem=_problem("cfg_last_unused", cadence=cadence),
            )
        return None
    if last is None:
        raise ConfigError(
            "config", where=f"{where}.last", problem=_problem("cfg_last_missing", cadence=cadence)
        )
    if not isinstance(last, int) or isinstance(last, bool) or not 1900 <= last <= 2200:
        raise ConfigError(
            "config",
            where=f"{where}.last",
            problem=_problem("cfg_type", expected="a year like 2025"),
        )
    return last


def _meeting_dates(value: object, where: str, cadence: Cadence) -> tuple[RelativeDate, ...]:
    """The days the configuration fixes, each in the plan year (and in the quarter of
    "every year in QN"), no more than one year holds."""
    if not isinstance(value, list):
        raise ConfigError(
            "config", where=where, problem=_problem("cfg_type", expected="a list of dates")
        )
    dates = tuple(RelativeDate.parse(v, f"{where}[{n}]") for n, v in enumerate(value))
    _once_each(dates, where)
    if len(dates) > cadence.most_a_year:
        raise ConfigError(
            "config",
            where=where,
            problem=_problem(
                "cfg_too_many_dates", count=len(dates), cadence=cadence, most=cadence.most_a_year
            ),
        )
    for n, day in enumerate(dates):
        if day.offset != 0:
            raise ConfigError(
                "config",
                where=f"{where}[{n}]",
                problem=_problem("cfg_date_not_plan_year", value=day),
            )
        if cadence.quarter is not None and (day.month - 1) // 3 + 1 != cadence.quarter:
            raise ConfigError(
                "config",
                where=f"{where}[{n}]",
                problem=_problem(
                    "cfg_date_not_quarter", value=day, quarter=cadence.quarter, cadence=cadence
                ),
            )
    return tuple(sorted(dates))


def _invite(value: object, where: str, body: BodySpec) -> tuple[str, ...]:
    """Who is invited: a kind of membership, everyone, or one of the body's standing groups
    by "group:NAME" (a group the configuration does not name is taken for a slip)."""
    if not isinstance(value, list) or not value:
        raise ConfigError(
            "config", where=where, problem=_problem("cfg_type", expected="a list of texts")
        )
    for n, kind in enumerate(value):
        if kind not in INVITE_KINDS and not (
            isinstance(kind, str)
            and kind.startswith("group:")
            and kind.removeprefix("group:") in body.standing_groups
        ):
            raise ConfigError(
                "config",
                where=f"{where}[{n}]",
                problem=_problem(
                    "cfg_bad_invite", value=kind, groups=", ".join(body.standing_groups) or "–"
                ),
            )
    invite = tuple(value)
    _once_each(invite, where)
    return invite


def _brief(value: object, where: str, body: BodySpec) -> tuple[str, ...]:
    """The other bodies this meeting carries a standing information point about."""
    if not isinstance(value, list):
        raise ConfigError(
            "config", where=where, problem=_problem("cfg_type", expected="a list of texts")
        )
    for n, short in enumerate(value):
        if not (isinstance(short, str) and _SHORT_NAME.match(short)):
            raise ConfigError(
                "config", where=f"{where}[{n}]", problem=_problem("cfg_bad_short", value=short)
            )
        if short == body.short:
            raise ConfigError(
                "config", where=f"{where}[{n}]", problem=_problem("cfg_brief_self", value=short)
            )
    brief = tuple(value)
    _once_each(brief, where)
    return brief


def data_home() -> Path:
    """Where the embedded default keeps its database and mail: $XDG_DATA_HOME/arshjul."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "arshjul"


def default_db_url() -> str:
    return f"sqlite:///{data_home() / 'arshjul.db'}"


def default_mail_url() -> str:
    return f"dir://{data_home() / 'mail'}"
