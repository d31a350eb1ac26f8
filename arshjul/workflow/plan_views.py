"""Goals, running activities, functions and risks as people see them: JSON and text lines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from arshjul.i18n import PLAN_FIELDS, PLAN_WORDS, t
from arshjul.states.plan import (
    Deadline,
    Function,
    Goal,
    Indicator,
    Occurrence,
    Outcome,
    Retired,
    Risk,
    RunningActivity,
    band,
)


def word(key: str, lang: str) -> str:
    return PLAN_WORDS[key][lang]


#: Fields whose values are words of the plan (short, as_needed, higher), not the user's text.
_WORDED = frozenset({"horizon", "deadline_kind", "better"})


def change_lines(changes: Iterable[tuple[str, str, str]], lang: str) -> list[tuple[str, str, str]]:
    """A change's (field, before, after) as a reader reads them: the field named in `lang`, a
    word of the plan translated, a risk's kind of deadline and its date one line
    ("tidpunkt: 2028-06-30 → Vid behov"). Values are text, "-" for none."""
    rows = {name: (before, after) for name, before, after in changes}
    if "deadline_kind" in rows:
        kind_before, kind_after = rows.pop("deadline_kind")
        day_before, day_after = rows.pop("deadline", ("-", "-"))
        rows["deadline"] = (
            _deadline(kind_before, day_before, lang),
            _deadline(kind_after, day_after, lang),
        )
    return [
        (
            PLAN_FIELDS[name][lang] if name in PLAN_FIELDS else name,
            _worded(name, before, lang),
            _worded(name, after, lang),
        )
        for name, (before, after) in rows.items()
    ]


def _worded(name: str, value: str, lang: str) -> str:
    return PLAN_WORDS[value][lang] if name in _WORDED and value in PLAN_WORDS else value


def _deadline(kind: str, day: str, lang: str) -> str:
    return day if kind == "date" else _worded("deadline_kind", kind, lang)


def deadline_text(deadline: Deadline, lang: str) -> str:
    """As the plan prints it: 2023-06-30, Löpande, Vid behov."""
    return deadline.day.isoformat() if deadline.day else word(deadline.kind, lang)


def number_text(value: float | None) -> str:
    """A number as people write it: 60, 0.85 (no trailing zeros)."""
    return "" if value is None else f"{value:g}"


def target_text(indicator: Indicator) -> str:
    """≥ 60 % or ≤ 0; empty without a target."""
    if indicator.target is None:
        return ""
    sign = "≥" if indicator.better == "higher" else "≤"
    unit = f" {indicator.unit}" if indicator.unit else ""
    return f"{sign} {number_text(indicator.target)}{unit}"


def outcome_json(outcome: Outcome, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "period": outcome.period,
        "value": outcome.value,
        "number": outcome.number,
        "met": outcome.met,
        "note": outcome.note,
        "recorded_at": outcome.recorded_at.astimezone(tz).isoformat(),
        "recorded_by": outcome.recorded_by,
    }


def retired_json(retired: Retired | None, tz: ZoneInfo) -> dict[str, Any] | None:
    """When, by whom and why it was retired; null while it is current."""
    if retired is None:
        return None
    return {"at": retired.at.astimezone(tz).isoformat(), "by": retired.by, "reason": retired.reason}


def retired_text(retired: Retired | None, lang: str, tz: ZoneInfo) -> str:
    """ "  [avslutad 2026-05-02: skäl]" after a retired thing's line; nothing for a current one."""
    if retired is None:
        return ""
    day = retired.at.astimezone(tz).date().isoformat()
    return f"  [{t('retired_mark', lang=lang, day=day, reason=_first_line(retired.reason))}]"


def occurrence_json(occurrence: Occurrence, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "year": occurrence.year,
        "due": occurrence.due.isoformat(),
        "done_on": occurrence.done_on.isoformat() if occurrence.done_on else None,
        "note": occurrence.note,
        "reported_by": occurrence.reported_by,
        "reported_at": (
            occurrence.reported_at.astimezone(tz).isoformat() if occurrence.reported_at else None
        ),
    }


def goal_json(goal: Goal, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "plan_year": goal.plan_year,
        "number": goal.number,
        "title": goal.title,
        "retired": retired_json(goal.retired, tz),
        "indicators": [
            {
                "number": i.number,
                "name": i.name,
                "horizon": i.horizon,
                "focus": i.focus,
                "target": i.target,
                "better": i.better,
                "unit": i.unit,
                "outcomes": [outcome_json(o, tz) for o in i.outcomes],
                "retired": retired_json(i.retired, tz),
            }
            for i in goal.indicators
        ],
    }


def indicator_line(indicator: Indicator, lang: str) -> str:
    """Kort sikt (Likviditetshantering): betryggande betalningsberedskap, ≥ 60 %"""
    lead = word(indicator.horizon, lang) if indicator.horizon else ""
    if indicator.focus:
        lead = f"{lead} ({indicator.focus})" if lead else indicator.focus
    text = f"{lead}: {indicator.name}" if lead else indicator.name
    target = target_text(indicator)
    return f"{text}, {word('target', lang).lower()} {target}" if target else text


def met_text(met: bool | None, lang: str) -> str:
    return "" if met is None else word("met" if met else "not_met", lang)


def goal_text(goal: Goal, lang: str, zone: ZoneInfo) -> str:
    lines = [f"{goal.number}  {goal.title}{retired_text(goal.retired, lang, zone)}"]
    for i in goal.indicators:
        lines.append(
            f"   {goal.number}.{i.number}  {indicator_line(i, lang)}"
            + retired_text(i.retired, lang, zone)
        )
        for o in i.outcomes:
            verdict = met_text(o.met, lang)
            lines.append(f"          {o.period}: {o.value}" + (f" ({verdict})" if verdict else ""))
    return "\n".join(lines)


def activity_json(activity: RunningActivity, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "plan_year": activity.plan_year,
        "nr": activity.nr,
        "goal": activity.goal,
        "title": activity.title,
        "responsible": activity.responsible,
        "every": activity.every,
        "on": activity.on,
        "occurrences": [occurrence_json(o, zone) for o in activity.occurrences],
        "retired": retired_json(activity.retired, zone),
    }


def function_json(function: Function) -> dict[str, Any]:
    return {"code": function.code, "name": function.name, "head": function.head}


def risk_json(risk: Risk, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "plan_year": risk.plan_year,
        "number": risk.number,
        "description": risk.description,
        "responsible": risk.responsible,
        "person": risk.person,
        "action_level": risk.action_level,
        "probability": risk.probability,
        "consequence": risk.consequence,
        "level": risk.level,
        "band": band(risk.level),
        "action": risk.action,
        "deadline": risk.deadline.day.isoformat() if risk.deadline.day else risk.deadline.kind,
        "done_at": risk.done_at.astimezone(tz).isoformat() if risk.done_at else None,
        "done_by": risk.done_by,
        "done_note": risk.done_note,
        "retired": retired_json(risk.retired, tz),
        "history": [
            {
                "probability": a.probability,
                "consequence": a.consequence,
                "level": a.level,
                "at": a.at.astimezone(tz).isoformat(),
                "by": a.by,
                "note": a.note,
            }
            for a in risk.history
        ],
    }


def risk_line(risk: Risk, lang: str) -> str:
    done = f"  {t('risk_done_mark', lang=lang)}" if risk.done_at else ""
    return (
        f"{risk.number:>3}  {risk.probability}×{risk.consequence}={risk.level:<3} "
        f"{risk.responsible:<8} {deadline_text(risk.deadline, lang):<11} "
        f"{_first_line(risk.description)}{done}"
    )


def risk_text(risk: Risk, lang: str, tz: ZoneInfo) -> str:
    lines = [
        risk_line(risk, lang),
        f"     {word('action', lang)}: {risk.action}",
        f"     {word('action_level', lang)}: {risk.action_level}",
    ]
    if risk.done_at:
        when = risk.done_at.astimezone(tz).strftime("%Y-%m-%d")
        lines.append(f"     {t('risk_done_mark', lang=lang)} {when} ({risk.done_by})")
    if risk.retired:
        lines.append(f"    {retired_text(risk.retired, lang, tz)} ({risk.retired.by})")
    lines.append(f"     {word('assessments', lang)}:")
    for a in risk.history:
        note = f"  {a.note}" if a.note else ""
        at = a.at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        lines.append(f"       {at}  {a.probability}×{a.consequence}={a.level}  {a.by}{note}")
    return "\n".join(lines)


def _first_line(text: str, limit: int = 70) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
