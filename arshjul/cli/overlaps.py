"""The overlap view: pairs of items of different bodies that may be the same work, and
marking a pair as coordinated."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from arshjul.cli.base import App, app, cli, common, emit_json, json_option
from arshjul.cli.types import PLAN_YEAR
from arshjul.i18n import t

if TYPE_CHECKING:
    from arshjul.workflow.overlaps import Pair


@cli.command("overlap")
@common
@click.argument("plan_year", type=PLAN_YEAR, metavar="P")
@click.option("--all", "everything", is_flag=True, help="Show the pairs marked coordinated too.")
@json_option
def overlap(plan_year: int, everything: bool, as_json: bool) -> None:
    """Pairs of items of different bodies in plan year P that may be the same work, ranked,
    each with why (for a coordinator; only items you may see)."""
    from arshjul.workflow import overlaps

    a = app()
    found = overlaps.pairs(a.uow(write=False), a.settings.actor, plan_year, everything=everything)
    if as_json:
        emit_json([pair.as_json() for pair in found])
        return
    if not found:
        click.echo(t("overlap_none", plan_year=plan_year))
    for rank, pair in enumerate(found, start=1):
        click.echo(pair_text(a, rank, pair))


def pair_text(a: App, rank: int, pair: Pair) -> str:
    """A pair in a few lines: rank and score, each item with its body, why, and how it was
    settled if it was."""
    from arshjul.workflow.overlaps import reason_text

    indent = " " * 4
    lines = [
        f"{rank:>2}. {round(pair.score * 100):>3} %  {pair.a.id} ({pair.a.body}) {pair.a.title}",
        f"{indent}{' ' * 7}{pair.b.id} ({pair.b.body}) {pair.b.title}",
        f"{indent}{' ' * 7}" + " · ".join(reason_text(reason) for reason in pair.reasons),
    ]
    mark = pair.coordinated
    if mark is not None:
        at = mark.at.astimezone(a.config.timezone).strftime("%Y-%m-%d %H:%M")
        lines.append(
            f"{indent}{' ' * 7}" + t("overlap_coordinated", at=at, by=mark.by, note=mark.note)
        )
    return "\n".join(lines)


@cli.command("overlap-mark")
@common
@click.argument("first", metavar="ID")
@click.argument("second", metavar="ID")
@click.option("--note", required=True, help="How the two bodies settled it.")
@json_option
def overlap_mark(first: str, second: str, note: str, as_json: bool) -> None:
    """Mark a pair as coordinated (a coordinator of either item's body, who sees both): it is
    flagged no more, and both items' histories tell of it."""
    from arshjul.workflow import overlaps

    a = app()
    one, other = overlaps.mark(a.uow(), a.clock, a.settings.actor, first, second, note)
    if as_json:
        emit_json({"a": one, "b": other, "note": note.strip()})
        return
    click.echo(t("overlap_marked", a=one, b=other))


def tell_overlaps(a: App, ids: tuple[str, ...]) -> None:
    """After prioritising: a line on stderr for each item that may be the same work as
    another body's item nobody has marked coordinated."""
    from arshjul.workflow import overlaps

    found = overlaps.unhandled(a.uow(write=False), a.settings.actor, ids)
    for item_id, others in sorted(found.items()):
        year = item_id.rsplit("-", 2)[-2]
        click.echo(
            t("overlap_notice", id=item_id, others=", ".join(others), plan_year=year), err=True
        )
