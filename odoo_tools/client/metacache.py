"""What a connection learns before any work, kept on disk for the next process (issue 22).

``odoo-agent ask`` runs as a new process every turn. Without this file each one would pay the
handshake (``/web/version``, ``context_get``, the user and company reads), the installed-module
list, ``fields_get`` of the models its tools touch and the access checks before doing anything.
None of that changes while people work, so one process writes it here and the next ones read it.

- One file per server URL + database + login, in a 0700 directory, written 0600 and atomically.
- The credential is never stored: the file holds a slow salted hash of it (PBKDF2), and a file
  made with another key is a miss, as is one from another transport choice.
- A TTL bounds how stale it may be; a timestamp in the future (a clock moved back, a replay
  frozen earlier) or older than the TTL is a miss, so clock jumps never keep a stale entry.
- Whatever cannot be read or parsed (a truncated file, garbage, another format) is a miss and is
  overwritten by the next save; a save that fails is logged and forgotten. Nothing here raises.

The client decides when an entry no longer holds (an access, login or unknown-name error in any
answer) and calls ``clear``; ``odoo-agent doctor`` clears it too.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from odoo_tools.client.clock import get_clock
from odoo_tools.client.connection import ConnectionConfig

__all__ = ["DEFAULT_TTL", "MetadataCache", "Snapshot", "UserInfo"]

log = logging.getLogger(__name__)

DEFAULT_TTL = 3600.0  # seconds: an hour of turns pays one handshake
# Seconds after a process proved the key during which the next ones skip the proof: a conversation's turns
# (OpenClaw runs a process per message) then pay no setup call. A key revoked meanwhile is refused by the
# first call of work (then the entry is dropped), a changed language or timezone is seen at most this late.
DEFAULT_PROOF_TTL = 300.0
FORMAT: Literal[1] = 1
_MAX_BYTES = 32 * 1024 * 1024  # a file larger than this is not ours
_PBKDF2_ROUNDS = 50_000  # ~25 ms once per process; a password (XML-RPC) is not cheap to guess from the file
DIR_MODE = 0o700
FILE_MODE = 0o600


class UserInfo(BaseModel):
    """The API user as Odoo sees it."""

    uid: int
    name: str
    login: str
    lang: str | None
    tz: str | None
    company_id: int
    company_ids: list[int]
    partner_id: int | None = Field(default=None, description="The user's own contact (attendee, follower)")


class Snapshot(BaseModel):
    """Everything a connection learned that holds while people work."""

    format: Literal[1] = FORMAT
    url: str
    db: str
    login: str
    credential: str = Field(description="PBKDF2 of the API key or password, never the secret itself")
    transport_choice: str
    fetched_at: datetime
    proven_at: datetime | None = Field(default=None, description="When a process last proved the key with a call")
    transport: Literal["json2", "jsonrpc", "xmlrpc"]
    transport_note: str | None = None
    server_version: str
    version_info: list[Any]
    user: UserInfo
    companies: dict[int, str]
    currencies: dict[int, list[Any]] = Field(default_factory=dict, description="company id → [currency id, name]")
    modules: list[str] | None = None
    fields_lang: str | None = None
    fields: dict[str, dict[str, dict[str, Any]]] = Field(default_factory=dict)
    access: dict[str, bool] = Field(default_factory=dict)


def credential_hash(config: ConnectionConfig) -> str:
    """A slow hash of the secret, salted with where it is used: equal for the same key, useless to guess it from."""
    salt = f"odoo-agent metadata\0{config.url}\0{config.db}\0{config.username}".encode()
    secret = config.api_key.get_secret_value().encode()
    return hashlib.pbkdf2_hmac("sha256", secret, salt, _PBKDF2_ROUNDS).hex()


class MetadataCache:
    """A directory of snapshots, one per URL + database + login; ``ttl`` <= 0 turns it off."""

    def __init__(self, directory: Path, ttl: float = DEFAULT_TTL, proof_ttl: float = DEFAULT_PROOF_TTL) -> None:
        self.directory = Path(directory)
        self.ttl = ttl
        self.proof_ttl = proof_ttl
        self._hashes: dict[tuple[str, str, str, str], str] = {}

    def __repr__(self) -> str:
        return f"MetadataCache({str(self.directory)!r}, ttl={self.ttl}, proof_ttl={self.proof_ttl})"

    @property
    def enabled(self) -> bool:
        """False when the TTL is zero: nothing is read or written."""
        return self.ttl > 0

    def path_for(self, config: ConnectionConfig) -> Path:
        """The file of this URL + database + login (the name says nothing of the secret)."""
        return self._file(config.url, config.db, config.username)

    def credential(self, config: ConnectionConfig) -> str:
        """``credential_hash`` of ``config``, computed once per cache object."""
        key = (config.url, config.db, config.username, config.api_key.get_secret_value())
        if key not in self._hashes:
            self._hashes[key] = credential_hash(config)
        return self._hashes[key]

    def load(self, config: ConnectionConfig) -> Snapshot | None:
        """The snapshot of this connection, or None: absent, unreadable, another key, too old or from the future."""
        if not self.enabled:
            return None
        path = self.path_for(config)
        try:
            if path.stat().st_size > _MAX_BYTES:
                log.warning("metadata cache %s is too large: ignored", path)
                return None
            snap = Snapshot.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError, ValidationError) as exc:  # damaged, truncated, another format: rebuilt
            log.warning("metadata cache %s is unreadable (%s): rebuilt", path, type(exc).__name__)
            return None
        same = (snap.url, snap.db, snap.login, snap.transport_choice) == (
            config.url, config.db, config.username, config.transport,
        )  # fmt: skip
        if not same or snap.credential != self.credential(config):
            return None
        if not self.fresh(snap):
            return None
        return snap

    def fresh(self, snap: Snapshot) -> bool:
        """Whether ``snap`` was fetched less than ``ttl`` ago, by the process clock; a future timestamp is not fresh."""
        if snap.fetched_at.tzinfo is None:
            return False
        age = (get_clock().now() - snap.fetched_at).total_seconds()
        return 0 <= age < self.ttl

    def proven_recently(self, snap: Snapshot) -> bool:
        """Whether a process proved the key less than ``proof_ttl`` ago (by the process clock): then this one
        need not prove it again before its work."""
        if snap.proven_at is None or snap.proven_at.tzinfo is None:
            return False
        age = (get_clock().now() - snap.proven_at).total_seconds()
        return 0 <= age < self.proof_ttl

    def save(self, snap: Snapshot) -> None:
        """Write ``snap`` atomically, 0600 in a 0700 directory; a failure is logged, never raised."""
        if not self.enabled:
            return
        path = self._file(snap.url, snap.db, snap.login)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            data = snap.model_dump_json().encode()
        except (ValueError, RuntimeError) as exc:  # a value JSON cannot hold: not cached, not fatal
            log.warning("metadata cache %s not written: %s", path, exc)
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("metadata cache %s not written: %s", path, exc)
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _file(self, url: str, db: str, login: str) -> Path:
        name = hashlib.sha256(f"{url}\0{db}\0{login}".encode()).hexdigest()[:32]
        return self.directory / f"{name}.json"

    def clear(self, config: ConnectionConfig) -> bool:
        """Forget this connection's snapshot; True when there was one."""
        try:
            self.path_for(config).unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            log.warning("metadata cache %s not removed: %s", self.path_for(config), exc)
            return False
        return True
