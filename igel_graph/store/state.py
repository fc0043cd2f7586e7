"""The state token of an embedded store: a file beside Oxigraph's own in the store folder.

A write through :class:`~igel_graph.store.oxigraph.OxigraphStore` first replaces the token
by a new random one (written to a temporary file, synced and renamed into place), then
writes the data. Results derived from the data are kept on disk under the token
(:mod:`igel_graph.derived`), so they are found again by the next process that opens the
store and never once the data has changed: a crash between the two steps leaves a new
token over unchanged data, which costs a recomputation and nothing else.

The file lives inside the store folder so that it travels with the data: a copy of the
folder taken back later brings its own token with it. RocksDB leaves files it did not
name alone. A store written by a program that does not know the token (``oxigraph
load`` into the folder) keeps a token that no longer describes the data: write through
``igel`` (or remove ``igel-derived`` from the folder) after such a write.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

__all__ = ["TOKEN_FILE", "DERIVED_DIR", "read_token", "new_token"]

#: the token's file in the store folder
TOKEN_FILE = "igel-state"
#: the folder of derived results in the store folder, one subfolder per token
DERIVED_DIR = "igel-derived"


def read_token(folder: Path) -> str | None:
    """The token in ``folder``, or None when it has none (a store from before tokens,
    or one being created)."""
    try:
        text = (folder / TOKEN_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if text.isalnum() else None


def new_token(folder: Path) -> str:
    """Give the store in ``folder`` a new token and return it; it is on disk (synced)
    when this returns."""
    token = uuid.uuid4().hex
    tmp = folder / f".{TOKEN_FILE}.{token}"
    with open(tmp, "w", encoding="ascii") as out:
        out.write(token + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, folder / TOKEN_FILE)
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return token
    try:
        os.fsync(fd)  # the rename itself survives a crash
    finally:
        os.close(fd)
    return token
