"""``igel tokens``: create (secret shown once, stored hashed), list (never the secret),
revoke; an unknown actor is refused with exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from igel_graph.monitoring.tokens import TokenFile

ROOT = Path(__file__).resolve().parents[2]


def test_create_list_revoke(plan_store, tmp_path):
    folder = tmp_path / "store"
    plan_store.close()
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "IGEL_STORE": str(folder)}
    run = [sys.executable, "-m", "igel_graph.cli.main", "tokens"]
    made = subprocess.run(run + ["create", "--actor", "bkd"], capture_output=True, text=True, env=env)
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("igel_") and len(secret) > 40
    tokens = TokenFile(folder / "monitoring-tokens.json")
    assert tokens.actor_of(secret) == "bkd"
    assert secret not in (folder / "monitoring-tokens.json").read_text()
    listed = subprocess.run(run + ["list"], capture_output=True, text=True, env=env)
    (entry,) = tokens.entries()
    assert entry.id in listed.stdout and "bkd" in listed.stdout and secret not in listed.stdout
    revoked = subprocess.run(run + ["revoke", entry.id], capture_output=True, text=True, env=env)
    assert revoked.returncode == 0, revoked.stderr
    assert tokens.actor_of(secret) is None
    unknown = subprocess.run(run + ["create", "--actor", "nobody"], capture_output=True, text=True, env=env)
    assert unknown.returncode == 2 and "not a known actor" in unknown.stderr
    assert "Traceback" not in unknown.stderr
