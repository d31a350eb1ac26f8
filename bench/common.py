"""What every part of the benchmark shares: a stage's figures, timing, and the peak memory."""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any


def peak_mib() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Stage:
    """One measured stage: how many items it handled, in how long, and the memory peak."""

    way: str  # arshjul | floor | naive | spiffworkflow
    backend: str  # sqlite | postgresql
    n: int  # the size of the run
    stage: str
    items: int = 0
    seconds: float = 0.0
    peak_mib: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"per_second": round(self.per_second, 1)}


@contextmanager
def timed(stage: Stage) -> Iterator[Stage]:
    """Time the block into `stage`, and note the peak memory after it."""
    started = time.perf_counter()
    yield stage
    stage.seconds = time.perf_counter() - started
    stage.peak_mib = round(peak_mib(), 1)


def emit(stages: list[Stage]) -> None:
    """A worker's answer to the driver: one JSON line on stdout."""
    json.dump([s.to_json() for s in stages], sys.stdout)
    sys.stdout.write("\n")
