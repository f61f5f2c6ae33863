"""Settings from the environment and `.env`: precedence, formats, and clear refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import DEFAULT_DATABASE_URL, Secret, Settings, SettingsError

RAPPORT = Path(sys.executable).with_name("rapport")


def test_defaults_when_nothing_is_set(tmp_path: Path):
    settings = Settings.from_env({}, tmp_path / ".env")
    assert settings == Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.discord_token is None


def test_the_environment_wins_over_the_env_file_and_names_match_in_any_case(tmp_path: Path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# Rapport\n"
        "export DISCORD_TOKEN='from-file'\n"
        'database_url="sqlite+aiosqlite:///file.db"\n'
        "OUTBOX_RATE=30 # slower\n"
        "\n"
        "LOG_LEVEL=debug\n"
    )
    settings = Settings.from_env({"OUTBOX_RATE": "20", "Discord_Gateway_Url": "ws://127.0.0.1:9"}, env_file)
    assert settings.discord_token == Secret("from-file")
    assert settings.database_url == "sqlite+aiosqlite:///file.db"
    assert settings.outbox_rate == 20.0
    assert settings.log_level == "DEBUG"
    assert settings.discord_gateway_url == "ws://127.0.0.1:9"


def test_an_empty_value_means_the_default(tmp_path: Path):
    settings = Settings.from_env({"DISCORD_TOKEN": "  ", "OUTBOX_RATE": ""}, tmp_path / ".env")
    assert settings.discord_token is None
    assert settings.outbox_rate == 45.0


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"OUTBOX_RATE": "fast"}, "OUTBOX_RATE must be a number"),
        ({"OUTBOX_RATE": "60"}, "OUTBOX_RATE must be above 0 and at most 50"),
        ({"OUTBOX_RATE": "0"}, "OUTBOX_RATE must be above 0"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR"),
        ({"SHARD_COUNT": "two"}, "SHARD_COUNT must be a whole number of shards"),
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT must be 1 or more"),
        ({"SHARD_IDS": "0-1"}, "SHARD_IDS needs SHARD_COUNT"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "2-5"}, "SHARD_IDS names shard 5, but SHARD_COUNT is 4"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "one"}, "SHARD_IDS must be shard numbers and ranges"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "3-1"}, "SHARD_IDS has the range '3-1', which is empty"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0-2,2"}, "SHARD_IDS names a shard twice"),
        ({"SCHEDULER_LEASE_SECONDS": "1"}, "SCHEDULER_LEASE_SECONDS must be at least 3"),
        ({"DATABASE_POOLER": "pgbouncer"}, "DATABASE_POOLER must be true or false"),
        ({"METRICS_PORT": "http"}, "METRICS_PORT must be a port number"),
        ({"METRICS_PORT": "0"}, "METRICS_PORT must be a port from 1 to 65535"),
        ({"METRICS_PORT": "65536"}, "METRICS_PORT must be a port from 1 to 65535"),
    ],
)
def test_bad_values_are_refused_by_name(tmp_path: Path, environ: dict[str, str], message: str):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(environ, tmp_path / ".env")


def test_metrics_are_off_unless_a_port_is_set(tmp_path: Path):
    assert Settings.from_env({}, tmp_path / ".env").metrics_port is None
    settings = Settings.from_env({"METRICS_PORT": "9108", "METRICS_HOST": "0.0.0.0"}, tmp_path / ".env")  # noqa: S104
    assert (settings.metrics_port, settings.metrics_host) == (9108, "0.0.0.0")  # noqa: S104


def test_a_malformed_env_file_line_is_reported_with_its_place(tmp_path: Path):
    env_file = tmp_path / ".env"
    env_file.write_text("DISCORD_TOKEN=abc\nthis is not a setting\n")
    with pytest.raises(SettingsError, match=r"\.env:2: expected NAME=value"):
        Settings.from_env({}, env_file)


def test_the_token_never_shows_in_a_repr():
    settings = Settings(discord_token=Secret("very-secret"))
    assert "very-secret" not in repr(settings)
    assert settings.discord_token is not None and settings.discord_token.get_secret_value() == "very-secret"


def test_the_cli_refuses_a_bad_setting_in_one_line(tmp_path: Path):
    result = subprocess.run(
        [str(RAPPORT), "db", "upgrade"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "OUTBOX_RATE": "500"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: OUTBOX_RATE must be above 0 and at most 50 (500 given)")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql://rapport:s%40cret@db:5432/rapport", "postgresql+asyncpg://rapport:s%40cret@db:5432/rapport"),
        ("postgres://rapport@db/rapport", "postgresql+asyncpg://rapport@db/rapport"),
        ("sqlite:///rapport.db", "sqlite+aiosqlite:///rapport.db"),
        ("postgresql+asyncpg://rapport@db/rapport", "postgresql+asyncpg://rapport@db/rapport"),
    ],
)
def test_a_database_url_without_the_async_driver_gets_it(tmp_path: Path, given: str, used: str):
    assert Settings.from_env({"DATABASE_URL": given}, tmp_path / ".env").database_url == used


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("mysql://rapport:hunter2@db/rapport", "must be SQLite or PostgreSQL, not 'mysql'"),
        ("postgresql+psycopg2://rapport:hunter2@db/rapport", "Rapport runs on postgresql\\+asyncpg://"),
        ("hunter2", "DATABASE_URL is not a database URL"),
    ],
)
def test_a_database_url_it_cannot_use_is_refused_without_repeating_it(tmp_path: Path, given: str, message: str):
    with pytest.raises(SettingsError, match=message) as refused:
        Settings.from_env({"DATABASE_URL": given}, tmp_path / ".env")
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize(
    ("environ", "shards"),
    [
        ({}, None),  # Discord's recommended count, every shard in this process
        ({"SHARD_COUNT": "4"}, (0, 1, 2, 3)),
        ({"SHARD_COUNT": "8", "SHARD_IDS": "0-3"}, (0, 1, 2, 3)),
        ({"SHARD_COUNT": "6", "SHARD_IDS": "4,5"}, (4, 5)),
        ({"SHARD_COUNT": "8", "SHARD_IDS": "6, 0-1"}, (0, 1, 6)),
    ],
)
def test_the_shards_a_process_runs(tmp_path: Path, environ: dict[str, str], shards: tuple[int, ...] | None):
    assert Settings.from_env(environ, tmp_path / ".env").shards() == shards


def test_the_pooler_setting_reads_as_yes_or_no(tmp_path: Path):
    assert Settings.from_env({"DATABASE_POOLER": "true"}, tmp_path / ".env").database_pooler is True
    assert Settings.from_env({"DATABASE_POOLER": "off"}, tmp_path / ".env").database_pooler is False


def test_rapport_run_refuses_shards_beyond_the_count_in_one_line(tmp_path: Path):
    result = subprocess.run(
        [str(RAPPORT), "run"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DISCORD_TOKEN": "x", "SHARD_COUNT": "4", "SHARD_IDS": "2-5"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: SHARD_IDS names shard 5, but SHARD_COUNT is 4 (shards 0 to 3) (see the README's configuration table)"
    ]
