"""The one way Årshjul sets up Jinja2: templates as package files, HTML autoescaped, no guessing."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


def environment(package: str) -> Environment:
    """Templates under `package`/templates; `.html` autoescaped, undefined names an error."""
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html",), default_for_string=False, default=False
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates are package files that do not change under a running process: no stat() of
        # each one at every message.
        auto_reload=False,
    )
