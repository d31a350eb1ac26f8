"""The web page for the people outside FI, and FI: sign in by mail, propose, follow items
through the year, run the cycle's decisions from a board. Flask, served by waitress."""

from arshjul.web.app import Site, create_app

__all__ = ["Site", "create_app"]
