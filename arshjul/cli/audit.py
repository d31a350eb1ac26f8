"""The history's integrity: proving it, and the head FI records elsewhere to hold it against."""

from __future__ import annotations

import click

from arshjul.cli.base import ArshjulGroup, app, cli, common, emit_json, json_option
from arshjul.i18n import t


@cli.group(cls=ArshjulGroup)
def audit() -> None:
    """The history's integrity."""


@audit.command("verify")
@common
@click.option(
    "--head",
    "anchor",
    metavar="DIGEST",
    help="A head printed by `audit head` earlier: prove today's history extends it unchanged.",
)
@json_option
def audit_verify(anchor: str | None, as_json: bool) -> None:
    """Prove the history is untouched and binds every item, or name the first thing that is not."""
    from arshjul.workflow import services

    a = app()
    result = services.audit(a.uow(write=False), anchor, a.settings.actor)
    if as_json:
        shown: dict[str, object] = {
            "ok": True,
            "rows": result.count,
            "last_hash": result.last_hash,
            "key": result.key,
        }
        if result.anchored_at is not None:
            shown["head"] = {"digest": anchor, "rows": result.anchored_at}
        emit_json(shown)
        return
    click.echo(t("audit_ok", count=result.count, hash=result.last_hash[:16]))
    if result.key is not None:
        click.echo(t("audit_ok_keyed", key=result.key))
    if result.anchored_at is not None:
        more = result.count - result.anchored_at
        click.echo(t("audit_ok_anchored", count=result.anchored_at, more=more))


@audit.command("head")
@common
@json_option
def audit_head(as_json: bool) -> None:
    """The history's head (a digest and a count), proven first, for FI to record elsewhere."""
    from arshjul.workflow import services

    a = app()
    result = services.audit(a.uow(write=False), reader_email=a.settings.actor)
    if as_json:
        emit_json(
            {
                "digest": result.last_hash,
                "count": result.count,
                "key": result.key,
                "at": a.clock.now().isoformat(),
            }
        )
        return
    click.echo(t("audit_head", hash=result.last_hash, count=result.count))
