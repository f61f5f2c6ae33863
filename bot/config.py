"""Settings read from the environment (or a `.env` file beside where Rapport runs).

Every field here is documented in the README's configuration table; `tests/test_house.py` keeps the two
in step. Names are the environment variables, upper-cased (matched in any case); the environment wins over
`.env`. Read by hand rather than with pydantic-settings, which cost 8 MB and 140 ms at every start (bench
B5, B6) for a handful of fields.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from bot.coach.llm import LlmSettings

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///rapport.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MAX_OUTBOX_RATE = 50.0  # Discord's global limit, requests per second for the whole bot
MAX_LLM_TIMEOUT = 60.0
SECRETS = {"discord_token", "roleplay_llm_api_key"}
NUMBERS: dict[str, tuple[type[float] | type[int], str]] = {
    "outbox_rate": (float, "a number of requests per second"),
    "roleplay_llm_timeout": (float, "a number of seconds"),
    "roleplay_llm_daily_tokens": (int, "a whole number of tokens"),
    "startup_retry_seconds": (float, "a number of seconds"),
    "scheduler_lease_seconds": (float, "a number of seconds"),
    "shard_count": (int, "a whole number of shards"),
    "metrics_port": (int, "a port number"),
}
BOOLEANS = {"database_pooler"}
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
MIN_LEASE_SECONDS = 3.0
MAX_PORT = 65535
MAX_SHARD_LIST = 2000  # characters of SHARD_IDS, as stored beside the process's heartbeat
# The async driver Rapport runs each database on; a URL naming only the database gets it.
ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg"}
URL_EXAMPLES = "e.g. sqlite+aiosqlite:///rapport.db or postgresql+asyncpg://user:password@host:5432/rapport"


class SettingsError(ValueError):
    """A setting that cannot be used; the message names the variable and what it accepts."""


@dataclass(frozen=True)
class Secret:
    """A value that must not appear in logs or tracebacks."""

    value: str

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def get_secret_value(self) -> str:
        return self.value


@dataclass(frozen=True)
class Settings:
    """Rapport's knobs."""

    discord_token: Secret | None = None
    """The bot token from the Discord developer portal (required to run)."""
    database_url: str = DEFAULT_DATABASE_URL
    """SQLAlchemy async URL: SQLite (embedded default) or `postgresql+asyncpg://...`."""
    discord_api_base_url: str | None = None
    """Full REST base including the version path, for a rate-limit proxy; unset means Discord."""
    discord_gateway_url: str | None = None
    """Gateway websocket URL to connect to; unset means Discord's."""
    outbox_rate: float = 45.0
    """REST requests per second the outbox drain may make (Discord allows 50 for the whole bot)."""
    log_level: str = "INFO"
    """Logging level for Rapport and discord.py."""
    roleplay_llm_base_url: str | None = None
    """OpenAI-compatible endpoint (e.g. `http://127.0.0.1:11434/v1`) role-play may use where a guild opts in."""
    roleplay_llm_model: str | None = None
    """The model name to ask that endpoint for (required with the endpoint)."""
    roleplay_llm_api_key: Secret | None = None
    """The endpoint's API key, if it wants one."""
    roleplay_llm_timeout: float = 8.0
    """Seconds one model call may take before role-play falls back to the script."""
    roleplay_llm_daily_tokens: int = 50_000
    """Tokens one guild may spend a day (UTC) on the model; past it, the script."""
    startup_retry_seconds: float = 300.0
    """How long `rapport run` keeps retrying an unreachable database or Discord at start before giving up."""
    shard_count: int | None = None
    """How many shards the bot is split into across all its processes; unset means Discord's recommendation,
    every shard in this one process."""
    shard_ids: str | None = None
    """The shards this process runs, e.g. `0-3` or `4,5` (each below SHARD_COUNT); unset means all of them."""
    scheduler_lease_seconds: float = 30.0
    """With PostgreSQL, how long the scheduler's owner holds its lease without renewing it (a third of it is
    the renewal interval): another process takes over within this and a third after the owner dies."""
    database_pooler: bool = False
    """DATABASE_URL points at a pooler in transaction mode (PgBouncer): no prepared statements kept."""
    metrics_port: int | None = None
    """The port serving Prometheus metrics (`/metrics`) and the health check (`/healthz`); unset: nothing
    listens and no metric is kept."""
    metrics_host: str = "127.0.0.1"
    """The address that port listens on: this host only by default; `0.0.0.0` for a scraper elsewhere (a
    container's)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "database_url", async_database_url(self.database_url))
        if self.startup_retry_seconds < 0:
            raise SettingsError(f"STARTUP_RETRY_SECONDS must be 0 or more ({self.startup_retry_seconds:g} given)")
        if not 0 < self.outbox_rate <= MAX_OUTBOX_RATE:
            raise SettingsError(
                f"OUTBOX_RATE must be above 0 and at most {MAX_OUTBOX_RATE:g} ({self.outbox_rate:g} given)"
            )
        if self.log_level not in LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)} ({self.log_level!r} given)")
        if bool(self.roleplay_llm_base_url) != bool(self.roleplay_llm_model):
            raise SettingsError("ROLEPLAY_LLM_BASE_URL and ROLEPLAY_LLM_MODEL are set together, or neither")
        if not 0 < self.roleplay_llm_timeout <= MAX_LLM_TIMEOUT:
            raise SettingsError(
                f"ROLEPLAY_LLM_TIMEOUT must be above 0 and at most {MAX_LLM_TIMEOUT:g} seconds "
                f"({self.roleplay_llm_timeout:g} given)"
            )
        if self.roleplay_llm_daily_tokens < 0:
            raise SettingsError(f"ROLEPLAY_LLM_DAILY_TOKENS must be 0 or more ({self.roleplay_llm_daily_tokens} given)")
        if self.scheduler_lease_seconds < MIN_LEASE_SECONDS:
            raise SettingsError(
                f"SCHEDULER_LEASE_SECONDS must be at least {MIN_LEASE_SECONDS:g} "
                f"({self.scheduler_lease_seconds:g} given)"
            )
        if self.shard_count is not None and self.shard_count < 1:
            raise SettingsError(f"SHARD_COUNT must be 1 or more ({self.shard_count} given)")
        if self.shard_ids is not None:
            self.shards()  # validated now, at start, not when the gateway connects
        if self.metrics_port is not None and not 1 <= self.metrics_port <= MAX_PORT:
            raise SettingsError(f"METRICS_PORT must be a port from 1 to {MAX_PORT} ({self.metrics_port} given)")

    def shards(self) -> tuple[int, ...] | None:
        """The shard ids this process runs: SHARD_IDS parsed, every shard of SHARD_COUNT when only that is
        set, None when neither is (Discord's recommended count, every shard here)."""
        if self.shard_ids is None:
            return None if self.shard_count is None else tuple(range(self.shard_count))
        if self.shard_count is None:
            raise SettingsError("SHARD_IDS needs SHARD_COUNT, the number of shards across all processes")
        return parse_shard_ids(self.shard_ids, self.shard_count)

    def llm(self) -> LlmSettings | None:
        """The language model role-play may use, or None when the operator configured none."""
        if not self.roleplay_llm_base_url or not self.roleplay_llm_model:
            return None
        from bot.coach.llm import LlmSettings

        return LlmSettings(
            base_url=self.roleplay_llm_base_url,
            model=self.roleplay_llm_model,
            api_key=self.roleplay_llm_api_key.get_secret_value() if self.roleplay_llm_api_key else None,
            timeout=self.roleplay_llm_timeout,
            daily_tokens=self.roleplay_llm_daily_tokens,
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
        """Settings from `.env` (when there is one) overlaid with the environment; unset or empty means the
        default."""
        given = {name.upper(): value for name, value in read_env_file(env_file).items()}
        given.update({name.upper(): value for name, value in (os.environ if environ is None else environ).items()})
        values: dict[str, object] = {}
        for field in fields(cls):
            text = given.get(field.name.upper(), "").strip()
            if not text:
                continue
            if field.name in SECRETS:
                values[field.name] = Secret(text)
            elif field.name in NUMBERS:
                kind, what = NUMBERS[field.name]
                try:
                    values[field.name] = kind(text)
                except ValueError:
                    raise SettingsError(f"{field.name.upper()} must be {what} ({text!r} given)") from None
            elif field.name in BOOLEANS:
                if text.lower() not in TRUE + FALSE:
                    raise SettingsError(f"{field.name.upper()} must be true or false ({text!r} given)")
                values[field.name] = text.lower() in TRUE
            elif field.name == "log_level":
                values[field.name] = text.upper()
            else:
                values[field.name] = text
        return cls(**values)  # type: ignore[arg-type]


def parse_shard_ids(text: str, shard_count: int) -> tuple[int, ...]:
    """`0-3`, `4,5` or `0-1,6`: shard ids in ascending order, each below `shard_count`, none twice."""
    example = f"e.g. 0-{max(shard_count - 1, 0)} or 0,2 for SHARD_COUNT {shard_count}"
    if len(text) > MAX_SHARD_LIST:
        raise SettingsError(f"SHARD_IDS is too long ({len(text)} characters; {example})")
    ids: list[int] = []
    for part in text.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError:
            raise SettingsError(f"SHARD_IDS must be shard numbers and ranges ({text!r} given; {example})") from None
        if low < 0 or high < low:
            raise SettingsError(f"SHARD_IDS has the range {part!r}, which is empty or negative ({example})")
        ids.extend(range(low, high + 1))
    if max(ids) >= shard_count:
        raise SettingsError(
            f"SHARD_IDS names shard {max(ids)}, but SHARD_COUNT is {shard_count} (shards 0 to {shard_count - 1})"
        )
    if len(set(ids)) != len(ids):
        raise SettingsError(f"SHARD_IDS names a shard twice ({text!r} given)")
    return tuple(sorted(ids))


def async_database_url(text: str) -> str:
    """The URL with Rapport's async driver: `postgresql://` and `postgres://` (as hosting providers hand them
    out) become `postgresql+asyncpg://`, `sqlite://` becomes `sqlite+aiosqlite://`. Any other driver or
    database is refused in one line that never repeats the URL (it may hold a password)."""
    try:
        url = make_url(text)
    except ArgumentError:
        raise SettingsError(f"DATABASE_URL is not a database URL ({URL_EXAMPLES})") from None
    drivername = ASYNC_DRIVERS.get(url.drivername, url.drivername)
    if drivername not in ASYNC_DRIVERS.values():
        backend = url.drivername.split("+", 1)[0]
        if backend in ASYNC_DRIVERS:
            raise SettingsError(
                f"DATABASE_URL names the driver {url.drivername!r}; Rapport runs on {ASYNC_DRIVERS[backend]}:// "
                f"({URL_EXAMPLES})"
            )
        raise SettingsError(f"DATABASE_URL must be SQLite or PostgreSQL, not {backend!r} ({URL_EXAMPLES})")
    if drivername == url.drivername:
        return text
    return url.set(drivername=drivername).render_as_string(hide_password=False)


def read_env_file(path: Path | None) -> dict[str, str]:
    """`NAME=value` lines; blank lines, `#` comments and a leading `export` are allowed, and a value may be
    quoted. A missing file reads as empty."""
    if path is None or not path.is_file():
        return {}
    values = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        name, equals, value = line.partition("=")
        if not equals or not name.strip():
            raise SettingsError(f"{path}:{number}: expected NAME=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[name.strip()] = value
    return values
