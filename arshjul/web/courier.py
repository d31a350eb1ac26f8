"""Mail from the web page goes out in a thread of its own, woken after each change: a page
never waits for a mail server, and a registered address is answered as fast as any other."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError

from arshjul.errors import ArshjulError

#: Also wake this often: to retry what failed, and to send what other processes wrote.
EVERY_SECONDS = 60.0


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

    def _run(self) -> None:
        while True:
            self._wake.wait(self._every)
            self._wake.clear()
            try:
                self._send()
            except (ArshjulError, DBAPIError, OSError) as exc:  # try again at the next wake
                self._say(str(exc))
            if self._stop.is_set():
                return
