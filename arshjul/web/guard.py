"""What every request passes: who is signed in, the language, the CSRF token on every form,
the pages that need a role, and the security headers on every answer."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, g, redirect, request, session, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from arshjul.errors import StoreError
from arshjul.i18n import LANGUAGES, set_language, state_name
from arshjul.states.model import Person, Role
from arshjul.states.rules import FIRST_YEAR, LAST_YEAR
from arshjul.web.app import site
from arshjul.web.texts import event_name, kind_name, w
from arshjul.workflow import access, validate

F = TypeVar("F", bound=Callable[..., Any])

#: Pages anyone may open, signed in or not.
PUBLIC = frozenset({"static", "language", "signin.ask", "signin.confirm", "meetings.feed"})

#: No script at all, styles from our own file only, no framing, forms only to ourselves.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def install(app: Flask) -> None:
    app.before_request(_before)
    app.after_request(_headers)
    app.context_processor(_frame)
    app.jinja_env.globals.update(
        w=w,
        csrf=csrf_field,
        here=here,
        state_name=state_name,
        event_name=event_name,
        kind_name=kind_name,
        has=has,
        roles=Role,
    )


def _frame() -> dict[str, Any]:
    """What every page's frame shows: who is signed in, the language, the cycle's name."""
    return {
        "person": g.get("person"),
        "lang": g.get("lang") or site().config.language,
        "cycle_name": site().config.name,
    }


def _before() -> Response | None:
    if request.endpoint == "static":
        return None
    site().follow()
    g.person = _signed_in()
    chosen = session.get("lang")
    default = (g.person.lang if g.person else None) or site().config.language
    g.lang = chosen if chosen in LANGUAGES else default
    set_language(g.lang)
    if request.method not in ("GET", "HEAD", "OPTIONS") and not _csrf_ok():
        abort(400, description="csrf")
    if g.person is None and request.endpoint not in PUBLIC and request.endpoint is not None:
        return redirect(url_for("signin.ask"))
    return None


def _signed_in() -> Person | None:
    token = session.get("sid")
    if not isinstance(token, str):
        return None
    person = access.session_person(site().uow(write=False), site().clock, token)
    if person is None:
        session.pop("sid", None)
    return person


def csrf_token() -> str:
    token = session.get("csrf")
    if not isinstance(token, str):
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_field() -> Markup:
    return Markup('<input type="hidden" name="csrf" value="{}">').format(csrf_token())


def _csrf_ok() -> bool:
    sent, kept = request.form.get("csrf", ""), session.get("csrf")
    return isinstance(kept, str) and bool(sent) and secrets.compare_digest(sent, kept)


def _headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    # Sign-in links and feed addresses carry their token in the path: never pass it on.
    headers["Referrer-Policy"] = "no-referrer"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if site().base_url.startswith("https://"):
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    return response


def client() -> str:
    """Who asks, as throttling counts them: the remote address (behind a trusted proxy, the
    address the proxy names)."""
    return request.remote_addr or "unknown"


def here() -> str:
    """This page's path and query, to come back to after a form."""
    query = request.query_string.decode("latin-1")
    return request.path + (f"?{query}" if query else "")


def back(default: str) -> str:
    """The page a form came from, when it is one of ours; else `default`."""
    target = request.form.get("next", "")
    parts = urlsplit(target)
    # Browsers read a backslash as a slash: "/\\evil.example" would leave the site.
    foreign = target.startswith("//") or "\\" in target or parts.scheme or parts.netloc
    return target if target.startswith("/") and not foreign else default


def year_asked(name: str) -> int | None:
    """The plan year in the query (`?cycle=P`, `?year=P`), None when not asked; a bad one is
    told on a page of its own (400), with the command line's words."""
    asked = request.args.get(name, "")
    found = validate.whole_number(asked)
    return None if found is None else validate.plan_year(found)


def in_range(plan_year: int) -> bool:
    """A plan year in an address: outside the engine's years it names nothing (404)."""
    return FIRST_YEAR <= plan_year <= LAST_YEAR


def has(*roles: Role) -> bool:
    """Whether the signed-in person has one of `roles` in some body they work in; each page of
    one body asks again of the person's roles there."""
    from arshjul.web.bodies import has_anywhere

    person: Person | None = g.get("person")
    if person is None:
        return False
    try:
        return has_anywhere(*roles)
    except StoreError:  # the menu of the page saying the database is gone
        return bool(person.roles & set(roles))


def needs(*roles: Role) -> Callable[[F], F]:
    """A page for these roles only; anyone else is told so (403)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not has(*roles):
                abort(403, description="role")
            return view(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate


def me() -> Person:
    person: Person | None = g.get("person")
    assert person is not None, "a page behind sign-in"
    return person


def home() -> Response:
    """Where a person starts: FI at the board, an owner at their measures, others at their
    organisation's items."""
    if has(Role.coordinator, Role.decider):
        return redirect(url_for("board.board"))
    if has(Role.owner) and not has(Role.proposer):
        return redirect(url_for("items.measures"))
    return redirect(url_for("items.ours"))


def language() -> Response:
    """The language switch: for this browser, until it signs out."""
    chosen = request.form.get("lang", "")
    if chosen in LANGUAGES:
        session["lang"] = chosen
    return redirect(back(url_for("home")), 303)
