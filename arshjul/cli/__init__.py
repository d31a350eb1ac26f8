"""The `arshjul` command line (docs/CLI.md): one module a group of commands, on the
machinery in `base` (settings, the error boundary, the options that work everywhere)."""

from arshjul.cli import (  # noqa: F401  (they add their commands)
    audit,
    bodies,
    groups,
    items,
    living,
    mail,
    meetings,
    overlaps,
    people,
    plan,
    plan_changes,
    registry,
    reports,
    risks,
    scheduler,
    web,
)
from arshjul.cli.base import cli, main

__all__ = ["cli", "main"]
