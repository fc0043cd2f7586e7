"""Per-organisation reporting tokens: each bound to one actor, stored hashed.

A token is a random string shown once, when it is created; the file keeps only its
SHA-256 hash, the actor it is bound to, when it was made and whether it was revoked. The
file lies beside the data: ``monitoring-tokens.json`` in the store folder (for a memory
or remote store, in ``var/``). It is never a graph, so no query can read it.

>>> import tempfile, pathlib
>>> tokens = TokenFile(pathlib.Path(tempfile.mkdtemp()) / "t.json")
>>> secret, entry = tokens.create("bkd")
>>> tokens.actor_of(secret), entry.actor
('bkd', 'bkd')
>>> _ = tokens.revoke(entry.id)
>>> tokens.actor_of(secret) is None
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import UsageError

__all__ = ["TokenFile", "TokenEntry", "tokens_file"]

FILE_NAME = "monitoring-tokens.json"


def tokens_file(settings) -> Path:
    """Where the tokens of the store of ``settings`` are kept."""
    store = str(settings.store)
    if store == "memory" or store.startswith(("http://", "https://")):
        return Path("var") / FILE_NAME
    return Path(store).expanduser() / FILE_NAME


@dataclass(frozen=True)
class TokenEntry:
    """One token as stored: an id (the first hex digits of its hash, to name it when
    revoking), the actor code, the hash, creation time and revocation time (or None)."""

    id: str
    actor: str
    sha256: str
    created: str
    revoked: str | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenFile:
    """The token file of one store: create, list, revoke, and resolve a token to its actor."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def entries(self) -> list[TokenEntry]:
        """Every token ever made, oldest first (revoked ones included)."""
        if not self.path.is_file():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"The token file {self.path} cannot be read ({exc}).") from None
        return [TokenEntry(**item) for item in data.get("tokens", [])]

    def _save(self, entries: list[TokenEntry]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"tokens": [asdict(e) for e in entries]}, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)  # whole or not at all

    def create(self, actor: str) -> tuple[str, TokenEntry]:
        """A new token for ``actor``: the secret (shown once) and its stored entry."""
        secret = "igel_" + secrets.token_urlsafe(32)
        digest = _hash(secret)
        entry = TokenEntry(digest[:12], actor, digest, dt.datetime.now().replace(microsecond=0).isoformat())
        self._save([*self.entries(), entry])
        return secret, entry

    def revoke(self, token_id: str) -> TokenEntry:
        """Revoke the token with id ``token_id``; a :class:`UsageError` if there is none."""
        entries = self.entries()
        for i, e in enumerate(entries):
            if e.id == token_id:
                if e.revoked is None:
                    entries[i] = TokenEntry(
                        e.id, e.actor, e.sha256, e.created, dt.datetime.now().replace(microsecond=0).isoformat()
                    )
                    self._save(entries)
                return entries[i]
        raise UsageError(f"There is no token with id {token_id!r}.", hint="igel tokens list shows the ids.")

    def actor_of(self, token: str) -> str | None:
        """The actor code a valid (not revoked) ``token`` is bound to, else None."""
        digest = _hash(token)
        for e in self.entries():
            if hmac.compare_digest(e.sha256, digest):
                return None if e.revoked else e.actor
        return None
