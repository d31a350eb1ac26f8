"""The house's gates run with the tests: lint, format and strict types."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy", "arshjul"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_the_code_passes_the_gate(command: list[str]) -> None:
    """ruff and mypy (strict on arshjul/) find nothing."""
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
