"""Mail from the web page goes out in a thread of its own, woken after each change: a page
never waits for a mail server, and a registered address is answered as fast as any other."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from arshjul.workflow import access

if TYPE_CHECKING:
    from arshjul.web.app import Site

#: Also wake this often: to retry what failed, and to send what other processes wrote.
EVERY_SECONDS = 60.0

log = logging.getLogger(__name__)


class Courier:
    def __init__(
        self, send: Callable[[], object], say: Callable[[str], None], every: float = EVERY_SECONDS
    ) -> None:
        self._send, self._say, self._every = send, say, every
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="arshjul-courier", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def nudge(self) -> None:
        """Something was written to the outbox: send it now."""
        self._wake.set()

    def stop(self) -> None:
        """Send what waits, once more, and end."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=60)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        while True:
            self._wake.wait(self._every)
            self._wake.clear()
            self.attempt()
            if self._stop.is_set():
                return

    def attempt(self) -> None:
        """Send once; a failure of any kind is logged and said, and tried again at the next
        wake: the thread is the courier's entry point, and a courier that died would leave
        every later mail (sign-in links too) waiting until a restart."""
        try:
            self._send()
        except Exception as exc:  # the entry point of the thread: nothing may end it
            log.exception("delivery failed")
            self._say(f"{type(exc).__name__}: {exc}")


def pass_on(site: Site, send: Callable[[], object]) -> None:
    """What the courier does at each wake: make the sign-in links asked for, then send the
    outbox."""
    from arshjul.web.signin import link_path

    access.send_links(site.uow(), site.clock, lambda token: site.url(link_path(token)))
    send()
