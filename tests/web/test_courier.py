"""The courier thread of `arshjul serve`: it survives every failure of delivery."""

from __future__ import annotations

import threading

import pytest

from arshjul.web.courier import Courier


@pytest.mark.parametrize("failure", [RuntimeError("bug"), ValueError("bad"), OSError("down")])
def test_the_courier_logs_a_failure_of_any_kind_and_keeps_sending(failure: Exception) -> None:
    """A send that fails is said once and the thread lives on to send at the next nudge."""
    calls: list[int] = []
    said: list[str] = []
    sent = threading.Event()

    def send() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise failure
        sent.set()

    courier = Courier(send, said.append, every=30)
    courier.start()
    courier.nudge()
    for _ in range(200):
        if said:
            break
        threading.Event().wait(0.01)
    assert said and type(failure).__name__ in said[0]
    assert courier.alive
    courier.nudge()
    assert sent.wait(5)
    courier.stop()
    assert not courier.alive and len(calls) >= 2
