"""`arshjul serve`: the web page on waitress, a production WSGI server in pure Python, until
SIGINT or SIGTERM; then it finishes the requests under way, sends the outbox and stops."""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from types import FrameType

from arshjul.errors import BadInput
from arshjul.web.app import Site, create_app
from arshjul.web.courier import Courier, pass_on

THREADS = 4
BACKLOG = 1024


def listen(host: str, port: int) -> socket.socket:
    """A bound socket; port 0 takes a free one. BadInput names what is wrong."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)  # from now on a request waits for the server instead of failing
    except OSError as exc:
        raise BadInput(
            "serve_listen", host=host, port=port, reason=exc.strerror or str(exc)
        ) from None
    return sock


def default_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", "::"):
        host = "localhost"  # pass --url for the address others reach
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(
    site: Callable[[Callable[[], None]], Site],
    sock: socket.socket,
    *,
    send: Callable[[], object],
    say: Callable[[str], None],
    threads: int = THREADS,
    trusted_proxy: str | None = None,
) -> None:
    """Serve the page made by `site(deliver)` on `sock` until a signal stops it."""
    from waitress import create_server

    made: list[Site] = []
    courier = Courier(lambda: pass_on(made[0], send), say)
    made.append(site(courier.nudge))
    app = create_app(made[0])
    proxy = (
        {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
            "clear_untrusted_proxy_headers": True,
        }
        if trusted_proxy
        else {}
    )
    server = create_server(app, sockets=[sock], threads=threads, ident="arshjul", **proxy)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)  # waitress ends its loop on this and lets its threads finish

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    courier.start()
    try:
        server.run()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        server.close()
        courier.stop()
