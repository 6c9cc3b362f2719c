"""`saidwho serve`: flags, defaults and errors (the server itself is not started)."""

from __future__ import annotations

import uvicorn
from click.testing import CliRunner

from saidwho.cli import cli


def test_cli_serve_missing_store_says_how_to_build_one(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "gone.duckdb")])
    assert result.exit_code == 1
    gone = tmp_path / "gone.duckdb"
    assert f"{gone}: no such store. Build one with: saidwho ingest PATH --db {gone}" in result.output


def test_cli_serve_binds_localhost_read_only_by_default(store_path, monkeypatch):
    calls = []
    monkeypatch.delenv("SAIDWHO_TOKEN", raising=False)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    result = CliRunner().invoke(cli, ["serve", "--db", str(store_path), "--port", "8123"])
    assert result.exit_code == 0, result.output
    ((app, options),) = calls
    assert options["host"] == "127.0.0.1" and options["port"] == 8123
    assert app.state.token is None and not app.state.db.writable
    assert "read-only" in result.output
    app.state.db.close()


def test_cli_serve_token_from_environment(store_path, tmp_path, monkeypatch):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(store_path.read_bytes())
    calls = []
    monkeypatch.setenv("SAIDWHO_TOKEN", "from-env")
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(app))
    result = CliRunner().invoke(cli, ["serve", "--db", str(copy)])
    assert result.exit_code == 0, result.output
    assert calls[0].state.token == "from-env" and calls[0].state.db.writable
    calls[0].state.db.close()
