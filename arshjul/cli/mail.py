"""The outbox: what waits, what was sent, delivering it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from arshjul.cli.base import (
    ArshjulGroup,
    app,
    cli,
    common,
    emit_json,
    json_option,
    service_work,
)
from arshjul.errors import ArshjulError
from arshjul.i18n import t

if TYPE_CHECKING:
    from arshjul.store.uow import UnitOfWork


@cli.group(cls=ArshjulGroup, invoke_without_command=True)
@common
@click.option(
    "--status",
    type=click.Choice(["waiting", "retrying", "held", "sent", "failed"]),
    help="Only these.",
)
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@json_option
@click.pass_context
def outbox(ctx: click.Context, status: str | None, limit: int, as_json: bool) -> None:
    """Messages waiting, sent and failed: a coordinator's are everyone's; anyone else's are
    those to them."""
    if ctx.invoked_subcommand is not None:
        return
    from arshjul.store import outbox as store

    a = app()
    tz = a.config.timezone
    with a.uow(write=False) as uow:
        mine, bodies = _readable(uow, a.settings.actor)
        rows = store.messages(
            uow.connection, status=status, limit=limit, recipient=mine, bodies=bodies
        )
        counts = store.counts(uow.connection, mine, bodies)
    shown = [
        {
            "id": r["id"],
            "status": _status(r),
            "kind": r["kind"],
            "to": r["recipient"],
            "lang": r["lang"],
            "subject": r["subject"],
            "message_id": r["message_id"],
            "created_at": r["created_at"].astimezone(tz).isoformat(),
            "sent_at": r["sent_at"].astimezone(tz).isoformat() if r["sent_at"] else None,
            "not_before": r["not_before"].astimezone(tz).isoformat() if r["not_before"] else None,
            "attempts": r["attempts"],
            "next_attempt_at": None
            if r["sent_at"] or r["failed_at"] or r["held"]
            else r["next_attempt_at"].astimezone(tz).isoformat(),
            "failed_at": r["failed_at"].astimezone(tz).isoformat() if r["failed_at"] else None,
            "reason": r["last_error"],
            "last_error": r["last_error"],
        }
        for r in rows
    ]
    if as_json:
        emit_json({"counts": counts, "messages": shown})
        return
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))
    for m in shown:
        error = f"  ({m['last_error']})" if m["last_error"] else ""
        click.echo(f"{m['id']:>6}  {m['status']:<8} {m['to']:<34} {m['subject']}{error}")


def _readable(uow: UnitOfWork, email: str | None) -> tuple[str | None, list[int] | None]:
    """Whose messages the acting person may list (`states.rules.mail_of`): their own, and a
    coordinator's also every message the changes of the bodies they coordinate wrote (all
    of them: None, None). Nobody in particular is asked who they are, as no message is for a
    broad audience."""
    from arshjul.states.rules import mail_of
    from arshjul.workflow.services import actor_of

    actor = actor_of(uow, email)
    if mail_of(actor) is not None:
        return actor.email, None
    from arshjul.workflow.bodies import coordinated

    theirs, every = coordinated(uow, actor.email)
    return (None, None) if theirs == every else (actor.email, theirs)


def _status(row: Any) -> str:
    if row["bundled_in"]:
        return "digest"
    if row["sent_at"]:
        return "sent"
    if row["held"]:
        return "held"
    if row["failed_at"]:
        return "failed"
    return "retrying" if row["last_error"] else "waiting"


@outbox.command("send")
@common
@json_option
def outbox_send(as_json: bool) -> None:
    """Deliver what waits (ARSHJUL_MAIL says where): the service's work, so run without --as
    (as `tick` and `run` are) or by a coordinator."""
    from arshjul.store import outbox as store

    a = app()
    service_work(a, "outbox_send_refused")
    result = a.deliver()
    with a.uow(write=False) as uow:
        waiting = store.counts(uow.connection)["waiting"]
    if as_json:
        emit_json({"sent": result.sent, "failed": result.failed, "errors": list(result.errors)})
    else:
        click.echo(
            t(
                "outbox_sent",
                sent=result.sent,
                failed=result.failed,
                waiting=waiting,
                url=a.mail_url,
            )
        )
    if result.failed:
        raise ArshjulError("outbox_failed", failed=result.failed, error=result.errors[-1])
