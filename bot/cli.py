"""`rapport`: the one entry point. `rapport run` starts the bot; `rapport db upgrade` migrates the database."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Sequence

import discord
import yarl

from bot.config import Settings
from bot.db import migrate
from bot.db.engine import Database

log = logging.getLogger("rapport")

README_BOT_SECTION = "README.md, section 'Create the Discord bot'"
EXIT_CONFIG = 2


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(max(logging.getLevelName(level), logging.INFO))


def point_discord_at(settings: Settings) -> None:
    """Send REST and gateway traffic to a proxy or a fake when configured; unset means Discord itself."""
    if settings.discord_api_base_url:
        discord.http.Route.BASE = settings.discord_api_base_url.rstrip("/")
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


async def _serve(settings: Settings, token: str) -> int:
    from bot.client import RapportBot  # imported late: `rapport db ...` needs no Discord machinery

    bot = RapportBot(settings)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()

    def request_stop(signame: str) -> None:
        log.info("%s received; shutting down", signame)
        stopping.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, request_stop, signum.name)
    try:
        async with bot:
            running = asyncio.create_task(bot.start(token))
            stop_requested = asyncio.create_task(stopping.wait())
            await asyncio.wait({running, stop_requested}, return_when=asyncio.FIRST_COMPLETED)
            stop_requested.cancel()
            if not running.done():
                await bot.close()  # scheduler, gateway, HTTP session, then the database
            await running
    except discord.LoginFailure:
        print("error: Discord refused DISCORD_TOKEN. Copy the token again (see README).", file=sys.stderr)
        return EXIT_CONFIG
    except discord.PrivilegedIntentsRequired:
        print("error: Discord asked for a privileged intent; Rapport needs none (see README).", file=sys.stderr)
        return EXIT_CONFIG
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    log.info("stopped cleanly")
    return 0


def run(settings: Settings) -> int:
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(
            f"error: DISCORD_TOKEN is not set. Create a bot and set its token: see {README_BOT_SECTION}.",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    configure_logging(settings.log_level)
    point_discord_at(settings)
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(_serve(settings, settings.discord_token.get_secret_value().strip()))
    return 0


async def _upgrade(settings: Settings) -> None:
    db = Database(settings.database_url)
    try:
        await migrate.upgrade(db.engine)
    finally:
        await db.dispose()


def db_upgrade(settings: Settings) -> int:
    configure_logging(settings.log_level)
    asyncio.run(_upgrade(settings))
    print("database is at the latest revision")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="rapport", description="Rapport: relationship-selling coach for Discord.")
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the bot (creates or upgrades the database first)")
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="create or upgrade the schema to the latest revision")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    settings = Settings()
    if arguments.command == "run":
        return run(settings)
    return db_upgrade(settings)


if __name__ == "__main__":
    sys.exit(main())
