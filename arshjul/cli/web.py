"""`arshjul serve`: the web page. Flask and waitress are imported only here."""

from __future__ import annotations

import os
from collections.abc import Callable

import click

from arshjul.cli.base import app, cli, common
from arshjul.i18n import t


@cli.command()
@common
@click.option("--host", default="127.0.0.1", show_default=True, help="Listen on this address.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Listen on this port (0: a free one).",
)
@click.option(
    "--url",
    metavar="URL",
    help="Where people reach the page, as sign-in links and calendar feeds name it "
    "(or ARSHJUL_WEB_URL; default: http://HOST:PORT).",
)
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True)
@click.option(
    "--trusted-proxy",
    metavar="IP",
    help="A reverse proxy in front: believe its X-Forwarded-For and X-Forwarded-Proto.",
)
def serve(host: str, port: int, url: str | None, threads: int, trusted_proxy: str | None) -> None:
    """The web page: people sign in by a link in the mail, propose, follow their items,
    report on their measures; FI runs the cycle's decisions from a board."""
    from arshjul.notifications.delivery import delivery_for, send_waiting
    from arshjul.web import Site
    from arshjul.web.server import default_url, listen
    from arshjul.web.server import serve as run_server
    from arshjul.workflow.validate import web_url

    a = app()
    engine = a.engine()  # checks the schema, installs the notifier: the same mail as commands
    delivery = delivery_for(a.mail_url)
    sock = listen(host, port)
    base = web_url(url or os.environ.get("ARSHJUL_WEB_URL") or default_url(sock))

    def site(deliver: Callable[[], None]) -> Site:
        return Site(engine, a.clock, a.calendar, base, deliver, follow_stored=True)

    click.echo(t("serve_started", url=base, mail=a.mail_url), err=True)
    run_server(
        site,
        sock,
        send=lambda: send_waiting(engine, a.clock, delivery, a.config.mail_from),
        say=lambda text: click.echo(f"arshjul serve: {text}", err=True),
        threads=threads,
        trusted_proxy=trusted_proxy,
    )
    click.echo(t("serve_stopped"), err=True)
