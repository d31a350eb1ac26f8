"""The one place where the page's errors become words and status codes: a clear message on a
page of ours for anything a person can cause, never a traceback."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from werkzeug.exceptions import HTTPException

from arshjul.errors import ArshjulError, Conflict, NotAllowed, NotFound, StoreError, TooMany
from arshjul.web.texts import TEXTS, w

STATUS: tuple[tuple[type[ArshjulError], int], ...] = (
    (NotFound, 404),
    (NotAllowed, 403),
    (TooMany, 429),
    (Conflict, 409),
    (StoreError, 503),
)


#: The engine's words that name command-line options or fields; the page says them its way.
SAID_HERE = frozenset(
    {
        "outside_window",
        "needs_reason",
        "needs_owner_due",
        "needs_assessment",
        "empty",
        "too_long",
        "one_line",
        "control_chars",
        "invisible_char",
        "nothing_visible",
    }
)


def say(exc: ArshjulError) -> str:
    """What an error means to a person on the page, in the language in force."""
    if exc.key not in SAID_HERE:
        return str(exc)
    params = dict(exc.params)
    if "field" in params:
        params["field"] = field_name(str(params["field"]))
    if "event" in params:
        params["verb"] = w(f"passive_{params['event']}")
        # A move may say it its own way (a replan's reason is not a deprioritising's).
        own = f"engine_{exc.key}_{params['event']}"
        if own in TEXTS:
            return w(own, **params)
    return w(f"engine_{exc.key}", **params)


def field_name(field: str) -> str:
    key = f"field_{field}"
    return w(key) if key in TEXTS else field


def install(app: Flask) -> None:
    app.register_error_handler(ArshjulError, _ours)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(Exception, _unexpected)


def page(status: int, message: str) -> tuple[str, int]:
    heading = (
        w(f"error_{status}")
        if status in (400, 403, 404, 405, 409, 413, 429, 503)
        else w("error_500")
    )
    return render_template("error.html", heading=heading, message=message), status


def _ours(exc: ArshjulError) -> tuple[str, int]:
    status = next((code for kind, code in STATUS if isinstance(exc, kind)), 400)
    return page(status, say(exc))


def _http(exc: HTTPException) -> tuple[str, int]:
    status = exc.code or 500
    if status == 400 and exc.description == "csrf":
        return page(400, w("csrf_refused"))
    if status == 403 and exc.description == "role":
        return page(403, w("role_refused"))
    return page(
        status, w(f"error_{status}_text") if status in (404, 405, 413) else w("error_400_text")
    )


def _unexpected(exc: Exception) -> tuple[str, int]:
    # The entry point of a request: anything else is our bug, logged whole and said in one line.
    current_app.logger.exception("unexpected failure")
    return page(500, w("error_500_text"))
