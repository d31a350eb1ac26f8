"""Parameter types: what a user types becomes a value here, or a usage error that says what is
wrong with it. Every whole number (ids, numbers, years, levels) fits a database integer, so a
number past 64 bits never reaches SQL."""

from __future__ import annotations

from typing import Any

import click

from arshjul.i18n import t

#: The largest value a database integer column holds (SQLite's INTEGER, PostgreSQL's BIGINT).
INT64_MAX = 2**63 - 1


class Whole(click.ParamType[int]):
    """A whole number written with the digits 0–9, from -2**63 to 2**63-1; the service layer
    checks the range that makes sense (a rank, a plan year, a level)."""

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            digits = text.removeprefix("-").removeprefix("+")
            if not digits or not (digits.isascii() and digits.isdigit()):
                self.fail(t("bad_whole", value=str(value)), param, ctx)
            if len(digits) > 19:  # longer than any 64-bit number: no need to convert it
                self.fail(t("too_big", value=_short(text), most=INT64_MAX), param, ctx)
            number = int(text)
        if not -INT64_MAX - 1 <= number <= INT64_MAX:
            self.fail(t("too_big", value=_short(str(number)), most=INT64_MAX), param, ctx)
        return number


def _short(text: str) -> str:
    return text if len(text) <= 30 else f"{text[:12]}…{text[-6:]}"


WHOLE = Whole()


class PlanYear(Whole):
    """A plan year the engine plans (1901 to 2999): a year past it is refused in words before
    any date is made of it."""

    name = "year"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from arshjul.workflow.validate import plan_year

        return plan_year(super().convert(value, param, ctx))


PLAN_YEAR = PlanYear()
