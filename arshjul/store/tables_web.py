"""The web page's tables: sign-in links and attempts, sessions, feed tokens, the cookie key."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class SignInTokenRow(SQLModel, table=True):
    """A one-time sign-in link sent by mail: kept as its SHA-256 only, used once, short-lived."""

    __tablename__ = "signin_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class SignInAttemptRow(SQLModel, table=True):
    """A request for a sign-in link, known address or not: what throttling counts."""

    __tablename__ = "signin_attempt"
    __table_args__ = (
        Index("ix_signin_attempt_address", "address", "at"),
        Index("ix_signin_attempt_client", "client", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=254)
    client: str = Field(max_length=100)
    at: datetime = Field(index=True)
    #: new (not counted yet), admitted (the courier makes its link, if anyone is registered
    #: under the address), refused (over a limit), done (the courier has seen it).
    state: str = Field(default="done", max_length=8, sa_column_kwargs={"server_default": "done"})


class TokenMissRow(SQLModel, table=True):
    """A wrong token tried, a sign-in link's or a calendar feed's: what throttles guessing."""

    __tablename__ = "token_miss"
    __table_args__ = (Index("ix_token_miss_client", "client", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(max_length=100)
    at: datetime


class WebSessionRow(SQLModel, table=True):
    """A signed-in browser: the cookie carries the token, the database its SHA-256 and expiry,
    so signing out ends the session wherever a copy of the cookie is."""

    __tablename__ = "web_session"

    token_hash: str = Field(max_length=64, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime
    expires_at: datetime = Field(index=True)


class FeedTokenRow(SQLModel, table=True):
    """A person's private calendar feed address: the token is the address, so it is kept as it
    is (the page shows it again); a new one replaces it."""

    __tablename__ = "feed_token"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    token: str = Field(max_length=64, unique=True)
    created_at: datetime


class WebSecretRow(SQLModel, table=True):
    """The key the web page signs its cookies with, made on first use and shared by every
    process serving the same database."""

    __tablename__ = "web_secret"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    secret: str = Field(max_length=128)
    created_at: datetime
