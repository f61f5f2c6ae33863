"""Settings read from the environment (or a `.env` file beside where Rapport runs).

Every field here is documented in the README's configuration table; `tests/test_house.py` keeps the two
in step.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///rapport.db"


class Settings(BaseSettings):
    """Rapport's knobs. Names are the environment variables, upper-cased."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(
        default=None, description="The bot token from the Discord developer portal (required to run)."
    )
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy async URL: SQLite (embedded default) or `postgresql+asyncpg://...`.",
    )
    discord_api_base_url: str | None = Field(
        default=None,
        description="Full REST base including the version path, for a rate-limit proxy; unset means Discord.",
    )
    discord_gateway_url: str | None = Field(
        default=None, description="Gateway websocket URL to connect to; unset means Discord's."
    )
    outbox_rate: float = Field(
        default=45.0,
        gt=0,
        le=50,
        description="REST requests per second the outbox drain may make (Discord allows 50 for the whole bot).",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Logging level for Rapport and discord.py."
    )
