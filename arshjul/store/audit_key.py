"""The optional key that seals the history (HMAC-SHA256): a file outside the database, named by
ARSHJUL_AUDIT_KEY_FILE. Whoever can write to the database but not read the file cannot rewrite
the keyed part of the chain so that it verifies."""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path

from arshjul.errors import ConfigError

#: Fewer bytes than this is no key worth the name (32 random bytes, or their base64, are best).
MIN_KEY_BYTES = 16


def audit_key() -> bytes | None:
    """The key named by ARSHJUL_AUDIT_KEY_FILE, or None when it is not set."""
    path = os.environ.get("ARSHJUL_AUDIT_KEY_FILE")
    return _read(path) if path else None


@lru_cache(maxsize=4)
def _read(path: str) -> bytes:
    try:
        key = Path(path).read_bytes().strip()
    except OSError as exc:
        raise ConfigError("audit_key_unreadable", path=path, reason=exc.strerror or exc) from None
    if len(key) < MIN_KEY_BYTES:
        raise ConfigError("audit_key_short", path=path, size=MIN_KEY_BYTES)
    return key


def key_id(key: bytes) -> str:
    """A short name of the key, kept in the chain: tells which key sealed it, not the key."""
    return hmac.new(key, b"arshjul audit key id", hashlib.sha256).hexdigest()[:16]
