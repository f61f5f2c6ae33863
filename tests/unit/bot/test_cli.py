"""`rapport`'s command line: `rapport run` alone skips the argument parser (the bot's process never holds it);
everything else, a misspelling or `--help` after `run` included, is parsed and answered by it."""

from __future__ import annotations

import gc

import pytest

from bot import cli
from bot.startup import EXIT_CONFIG


def test_run_alone_reads_its_settings_without_the_parser(monkeypatch, capsys):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.setattr(cli, "parser", lambda: pytest.fail("`rapport run` built the argument parser"))
    assert cli.main(["run"]) == EXIT_CONFIG
    assert "DISCORD_TOKEN" in capsys.readouterr().err


def test_anything_more_after_run_goes_through_the_parser(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["run", "--help"])
    assert exit_.value.code == 0
    assert "usage: rapport run" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        cli.main(["rnu"])
    assert exit_.value.code == 2
    assert "invalid choice: 'rnu'" in capsys.readouterr().err


def test_run_freezes_what_the_imports_made_before_it_serves(monkeypatch, tmp_path):
    """B6: the collections a start sets off walk only what the start creates (docs/performance.md); frozen
    before the content check forks, so the child shares those pages rather than copying them."""
    monkeypatch.setenv("DISCORD_TOKEN", "a-token")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'rapport.db'}")
    # What else `run` does to its process (logging handlers, one malloc arena) stays out of pytest's.
    monkeypatch.setattr(cli, "configure_logging", lambda level: None)
    monkeypatch.setattr(cli, "share_one_arena", lambda: True)
    frozen = {}

    def check_content(cls):
        frozen["when the check forks"] = gc.get_freeze_count()
        return cls(None, None, None, [])

    def serve(coroutine):
        frozen["when serving"] = gc.get_freeze_count()
        coroutine.close()
        return 0

    monkeypatch.setattr(cli.ContentCheck, "start", classmethod(check_content))
    monkeypatch.setattr(cli.asyncio, "run", serve)
    gc.unfreeze()
    try:
        assert cli.main(["run"]) == 0
    finally:
        gc.unfreeze()
    assert frozen["when the check forks"] > 10_000
    assert frozen["when serving"] >= frozen["when the check forks"]
