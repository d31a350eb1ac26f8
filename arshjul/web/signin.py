"""Signing in by a one-time link in the mail, and signing out.

Opening the link shows a button; only pressing it uses the link. Mail programs that follow
links to check them would otherwise use it up before the person opens it.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from arshjul.errors import BadInput, NotFound, Refused, TooMany
from arshjul.web.app import site
from arshjul.web.errors import say
from arshjul.web.guard import client, csrf_token
from arshjul.workflow import access

pages = Blueprint("signin", __name__)

MINUTES = int(access.LINK_VALID.total_seconds() // 60)


@pages.route("/signin", methods=["GET", "POST"])
def ask() -> str | tuple[str, int]:
    """The address form; every address gets the same answer, registered or not."""
    if request.method == "GET":
        return render_template("signin.html", sent=False, problem=None, address="")
    address = request.form.get("address", "").strip()
    try:
        access.request_link(site().uow(), site().clock, address, client())
    except (BadInput, TooMany) as exc:
        status = 429 if isinstance(exc, TooMany) else 400
        page = render_template("signin.html", sent=False, problem=say(exc), address=address)
        return page, status
    site().deliver()  # the courier makes the link, if anyone is registered under the address
    return render_template("signin.html", sent=True, problem=None, address=address, minutes=MINUTES)


def link_path(token: str) -> str:
    """The path of a sign-in link (the courier makes links outside any request)."""
    return f"/signin/{token}"


@pages.route(link_path("<token>"), methods=["GET", "POST"])
def confirm(token: str) -> Response | str | tuple[str, int]:
    """The link from the mail: a button to sign in (GET), signing in (POST)."""
    try:
        if request.method == "GET":
            who = access.check_link(site().uow(), site().clock, token, client())
            return render_template("signin_link.html", problem=None, who=who, token=token)
        session_token, _ = access.redeem_link(site().uow(), site().clock, token, client())
    except (NotFound, Refused) as exc:  # a fault of the database is an error page of its own
        status = 404 if isinstance(exc, NotFound) else 410
        return render_template("signin_link.html", problem=say(exc), token=token), status
    _fresh_session(session_token)
    return redirect(url_for("home"), 303)


@pages.route("/signout", methods=["POST"])
def sign_out() -> Response:
    token = session.get("sid")
    if isinstance(token, str):
        access.sign_out(site().uow(), token)
    _fresh_session(None)
    return redirect(url_for("signin.ask"), 303)


def _fresh_session(token: str | None) -> None:
    """A new session, with a new CSRF token: nothing carried over but the language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    if token:
        session["sid"] = token
    csrf_token()
