"""Messages rendered from Jinja2 templates kept as files: `{lang}/{kind}.txt` gives the subject
and the plain text, `{lang}/{kind}.html` the HTML part (autoescaped). Values are data, never
template source, so a title like `{{ 7*7 }}` comes out as written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment

from arshjul import templating
from arshjul.i18n import state_name


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def environment() -> Environment:
    env = templating.environment("arshjul.notifications")
    env.filters["state"] = lambda state, lang: state_name(state, lang)
    return env


def render(kind: str, lang: str, context: Mapping[str, Any]) -> Rendered:
    env = environment()
    values = {**context, "lang": lang}
    text_template = env.get_template(f"{lang}/{kind}.txt")
    blocks = text_template.new_context(values)
    subject = " ".join("".join(text_template.blocks["subject"](blocks)).split())
    text = "".join(text_template.blocks["body"](blocks)).strip() + "\n"
    html = env.get_template(f"{lang}/{kind}.html").render(values, subject=subject)
    return Rendered(subject, text, html)
