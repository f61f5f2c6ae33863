"""`rapport`: the one entry point. `rapport run` starts the bot; `rapport db upgrade` migrates the database."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import gc
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import discord
import yarl

from bot.coach.content import ContentError, load_library
from bot.config import Settings, SettingsError
from bot.content_check import ContentCheck
from bot.db import migrate
from bot.db.engine import Database
from bot.malloc import share_one_arena
from bot.metrics import NO_METRICS, Metrics
from bot.shards import ShardRegistry, ShardsTaken, lock_sqlite_file
from bot.startup import (
    EXIT_CONFIG,
    EXIT_UNREACHABLE,
    OneLineReconnects,
    Retries,
    StartFailure,
    database_failure,
    discord_failure,
    sqlite_folder_missing,
)

if TYPE_CHECKING:
    import argparse

    from bot.client import RapportBot

log = logging.getLogger("rapport")

README_BOT_SECTION = "README.md, section 'Create the Discord bot'"


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(max(logging.getLevelName(level), logging.INFO))
    # APScheduler logs every run of the 30 s tick at INFO; its warnings and errors still show.
    logging.getLogger("apscheduler").setLevel(max(logging.getLevelName(level), logging.WARNING))
    logging.getLogger("discord.client").addFilter(OneLineReconnects())
    logging.getLogger("discord.shard").addFilter(OneLineReconnects())


def point_discord_at(settings: Settings) -> None:
    """Send REST and gateway traffic to a proxy or a fake when configured; unset means Discord itself."""
    if settings.discord_api_base_url:
        discord.http.Route.BASE = settings.discord_api_base_url.rstrip("/")
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


async def _schema_is_current(settings: Settings) -> bool:
    db = Database(settings.database_url, pooler=settings.database_pooler)
    try:
        return await migrate.current_revision(db.engine) == migrate.HEAD
    finally:
        await db.dispose()


async def _upgrade_in_a_child() -> int:
    """`rapport db upgrade` in a child process: Alembic, large once imported, then never lives in the bot's
    memory for the rest of its run (README, Performance: B5)."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "db", "upgrade", stdout=asyncio.subprocess.DEVNULL
    )
    return await child.wait()


async def _serve(settings: Settings, token: str, content: ContentCheck) -> int:
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()

    def request_stop(signame: str) -> None:
        log.info("%s received; shutting down", signame)
        stopping.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, request_stop, signum.name)
    try:
        code = await _start(settings, token, stopping, content)
    except StartFailure as failure:
        print(f"error: {failure.line}", file=sys.stderr)
        return EXIT_UNREACHABLE if failure.retry else EXIT_CONFIG
    except ContentError as error:
        print("error: the quiz content in prompts/ is invalid; nothing started:", file=sys.stderr)
        print("\n".join(error.problems), file=sys.stderr)
        return EXIT_CONFIG
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
    return code


async def _start(settings: Settings, token: str, stopping: asyncio.Event, content: ContentCheck) -> int:
    """With `METRICS_PORT`, open it first (a port that cannot be had is a setting to fix: exit 2), so that a
    readiness probe is answered, "starting", while the rest comes up; then start as below."""
    if settings.metrics_port is None:
        return await _start_bot(settings, token, stopping, NO_METRICS, content)
    # Imported only now: a bot without metrics never loads prometheus_client (README, Performance: B5).
    from bot.metrics.endpoint import MetricsEndpoint
    from bot.metrics.prometheus import PrometheusMetrics

    metrics = PrometheusMetrics()
    endpoint = MetricsEndpoint(metrics, settings.metrics_host, settings.metrics_port)
    try:
        await endpoint.start()
    except OSError as error:
        raise StartFailure(
            f"METRICS_PORT {settings.metrics_port} can't be opened on METRICS_HOST {settings.metrics_host}: "
            f"{error.strerror or error}",
            retry=False,
        ) from None
    try:
        return await _start_bot(settings, token, stopping, metrics, content)
    finally:
        await endpoint.stop()


async def _start_bot(
    settings: Settings, token: str, stopping: asyncio.Event, metrics: Metrics, content: ContentCheck
) -> int:
    """Learn that the quiz content is valid, reach the database, bring its schema up to date, then run the bot;
    retry what may come back (see `bot.startup`). Returns the exit status; raises `StartFailure` with the line
    to print, or `ContentError`."""
    from bot.client import ShardedRapportBot  # imported late: `rapport db ...` needs no Discord machinery

    problems = await content.problems()  # before the database is touched: a broken pack changes nothing
    if problems:
        raise ContentError(problems)
    if stopping.is_set():  # asked to stop during the check
        return 0
    try:
        sqlite_lock = lock_sqlite_file(settings.database_url)  # held until this process ends
    except ShardsTaken as taken:
        raise StartFailure(str(taken), retry=False) from None
    retries = Retries(settings.startup_retry_seconds)
    while True:
        try:
            current = await _schema_is_current(settings)
            break
        except Exception as error:
            failure = database_failure(error, settings.database_url)
            if failure is None:
                raise
            if not await _retry(failure, retries, stopping):
                return 0
    if not current and await _upgrade_in_a_child() != 0:
        print("error: the database upgrade failed (see above); nothing started.", file=sys.stderr)
        return EXIT_UNREACHABLE
    registry = None
    if sqlite_lock is None and not settings.database_url.startswith("sqlite"):
        registry = await _claim(settings, stopping)
        if registry is None:
            return 0
    try:
        retries = Retries(settings.startup_retry_seconds)
        api_base = discord.http.Route.BASE
        while True:
            try:
                await _run(ShardedRapportBot(settings, metrics=metrics), token, stopping)
                return 0
            except Exception as error:
                failure = discord_failure(error, api_base) or database_failure(error, settings.database_url)
                if failure is None:
                    raise
                if not await _retry(failure, retries, stopping):
                    return 0
    finally:
        if registry is not None:
            await registry.leave()
            await registry.database.dispose()
        if sqlite_lock is not None:
            sqlite_lock.close()


async def _claim(settings: Settings, stopping: asyncio.Event) -> ShardRegistry | None:
    """Claim this process's shards in PostgreSQL (`bot.shards`) and keep the claim alive; a live process with
    any of them, or counting shards differently, stops this one in one line (exit 2). A claim whose process has
    missed its heartbeats (this very process before a crash, most often) is waited out instead. None: stopped
    meanwhile."""
    database = Database(settings.database_url, pooler=settings.database_pooler, pool_size=1, max_overflow=1)
    registry = ShardRegistry(database, settings.shard_count, settings.shards())
    try:
        while True:
            try:
                await registry.claim()
                break
            except ShardsTaken as taken:
                if taken.expires_in is None:
                    raise StartFailure(str(taken), retry=False) from None
                log.warning(
                    "%s; its heartbeat is overdue, waiting %.0f s for its claim to expire", taken, taken.expires_in
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), max(taken.expires_in, 0.0) + 0.5)
                if stopping.is_set():
                    await database.dispose()
                    return None
    except StartFailure:
        await database.dispose()
        raise
    except Exception as error:
        await database.dispose()
        failure = database_failure(error, settings.database_url)
        if failure is None:
            raise
        raise failure from None
    registry.start_heartbeat()
    return registry


async def _retry(failure: StartFailure, retries: Retries, stopping: asyncio.Event) -> bool:
    """Log the failure and wait to try again; False when stopped meanwhile. Raises it when it will not pass by
    itself, or the retries' budget is spent."""
    if not failure.retry:
        raise failure
    log.warning("%s; retrying in %.0f s", failure.line, retries.delay)
    if await retries.wait(stopping):
        return True
    if stopping.is_set():
        return False
    raise StartFailure(f"{failure.line}; gave up after {retries.waited:.0f} s of retries", retry=True)


async def _run(bot: RapportBot, token: str, stopping: asyncio.Event) -> None:
    """Run the bot until it ends or a stop is asked for. The stop is bounded: `bot.close()` keeps within the
    grace period, and a gateway connection waiting out its reconnect back-off (discord.py sleeps up to
    minutes and looks for the close only afterwards) is cancelled rather than waited for."""
    async with bot:
        running = asyncio.create_task(bot.start(token))
        stop_requested = asyncio.create_task(stopping.wait())
        await asyncio.wait({running, stop_requested}, return_when=asyncio.FIRST_COMPLETED)
        stop_requested.cancel()
        if not running.done():
            await bot.close()  # scheduler, commands in flight, gateway, HTTP session, then the database
            await asyncio.wait({running}, timeout=1.0)
            if not running.done():
                running.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await running
                return
        await running


def run(settings: Settings) -> int:
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(
            f"error: DISCORD_TOKEN is not set. Create a bot and set its token: see {README_BOT_SECTION}.",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    missing = sqlite_folder_missing(settings.database_url)
    if missing is not None:
        print(f"error: {missing.line}", file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(settings.log_level)
    point_discord_at(settings)
    # Everything imported so far lives as long as the process: out of the collector's way, so the collections
    # a start sets off (a READY of 1,000 guilds creates objects by the hundred thousand) walk only what is new.
    # B6: 0.2 s less of a 1.2 s restart (docs/performance.md). The first READY freezes the guild caches too.
    gc.freeze()
    # Both before any thread starts (README, Performance: B5).
    share_one_arena()
    content = ContentCheck.start()
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(_serve(settings, settings.discord_token.get_secret_value().strip(), content))
    return 0


async def _upgrade(settings: Settings) -> None:
    db = Database(settings.database_url, pooler=settings.database_pooler)
    try:
        await migrate.upgrade(db.engine)
    finally:
        await db.dispose()


def db_upgrade(settings: Settings) -> int:
    failure = sqlite_folder_missing(settings.database_url)
    if failure is None:
        configure_logging(settings.log_level)
        try:
            asyncio.run(_upgrade(settings))
        except Exception as error:
            failure = database_failure(error, settings.database_url)
            if failure is None:
                raise
    if failure is not None:
        print(f"error: {failure.line}", file=sys.stderr)
        return EXIT_UNREACHABLE if failure.retry else EXIT_CONFIG
    print("database is at the latest revision")
    return 0


def content_check(directory: str | None) -> int:
    """Validate every scenario pack; print each problem as `path: scenario id: field: problem`.

    Then print the form check (how well guessing by form alone, from the longest reply to a word-count
    learner, scores) and fail when a guesser is over its limit: the quiz must not be passable without
    reading."""
    from bot.coach.form_check import choice_points, form_check  # only the check needs these, never `run`
    from bot.coach.personas import load_personas

    try:
        library = load_library(Path(directory) if directory else None)
    except ContentError as error:
        print("\n".join(error.problems))
        print(f"{len(error.problems)} problem(s) found", file=sys.stderr)
        return 1
    for theme, title in sorted(library.themes.items()):
        print(f"{theme:<16} {len(library.in_theme(theme)):>3} scenarios  {title}")
    print(f"ok: {len(library.scenarios)} scenarios in {len(library.themes)} themes")
    for language, titles in sorted(library.translated_themes.items()):
        print(f"ok: {len(library.translations[language])} scenarios of {len(titles)} themes in `{language}`")
    try:
        personas = load_personas(Path(directory) if directory else None)
    except ContentError as error:
        print("\n".join(error.problems))
        print(f"{len(error.problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"ok: {len(personas)} role-play personas")
    report = form_check(choice_points(library.scenarios.values()))
    print()
    print(report.table())
    passed = report.passed
    for language, translated in sorted(library.translations.items()):
        translated_report = form_check(choice_points(translated.values()), language)
        print(f"\nin `{language}`:")
        print(translated_report.table())
        passed = passed and translated_report.passed
    return 0 if passed else 1


def roleplay_score(path: str) -> int:
    """Score a TSV of replies (`customer_says`, `rep_reply`, any other columns passed through) and write it
    back with `verdict` and `cues`; with a `label` column, print agreement on stderr too."""
    from bot.coach.listening import agreement, cue_summary, score_reply

    try:
        with open(path, encoding="utf-8", newline="") as source:
            rows = list(csv.DictReader(source, delimiter="\t", quoting=csv.QUOTE_NONE))
            columns = list(rows[0].keys()) if rows else []
    except OSError as error:
        print(f"error: can't read {path}: {error.strerror}", file=sys.stderr)
        return 1
    missing = [name for name in ("customer_says", "rep_reply") if name not in columns]
    if missing:
        print(f"error: {path} needs a header with {' and '.join(missing)} (tab-separated)", file=sys.stderr)
        return 1
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    out.writerow([*columns, "verdict", "cues"])
    for row in rows:
        scored = score_reply(row["rep_reply"] or "", row["customer_says"] or "")
        out.writerow([*(row[name] for name in columns), scored.verdict.value, cue_summary(scored.cues)])
    if "label" in columns:
        labelled = [(row["customer_says"] or "", row["rep_reply"] or "", (row["label"] or "").strip()) for row in rows]
        print(agreement(labelled).table(), file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    import argparse  # not in the bot's own process (see `main`)

    root = argparse.ArgumentParser(prog="rapport", description="Rapport: relationship-selling coach for Discord.")
    commands = root.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the bot (creates or upgrades the database first)")
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="create or upgrade the schema to the latest revision")
    content = commands.add_parser("content", help="coaching content in prompts/")
    content_commands = content.add_subparsers(dest="content_command", required=True)
    check = content_commands.add_parser("check", help="validate every scenario pack")
    check.add_argument("--dir", help="a prompts directory other than the packaged one")
    roleplay = commands.add_parser("roleplay", help="the role-play's listening scorer")
    roleplay_commands = roleplay.add_subparsers(dest="roleplay_command", required=True)
    score = roleplay_commands.add_parser("score", help="score a TSV of replies (customer_says, rep_reply[, label])")
    score.add_argument("file", help="tab-separated, with a header; other columns are passed through")
    i18n = commands.add_parser("i18n", help="the translation catalogues (README, Languages)")
    i18n_commands = i18n.add_subparsers(dest="i18n_command", required=True)
    i18n_commands.add_parser("extract", help="write bot/locale/rapport.pot: marked messages and command strings")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    if words == ["run"]:
        # The bot's own process builds no argument parser: argparse would stay in its memory for the whole run
        # (0.3 MB of B5) to read one word. Anything else, `--help` included, goes through it.
        return _with_settings(run)
    arguments = parser().parse_args(words)
    if arguments.command == "roleplay":
        return roleplay_score(arguments.file)
    if arguments.command == "i18n":
        from bot.i18n.extract import main as extract  # Babel is needed by translators only

        return extract()
    if arguments.command == "content":
        return _with_settings(lambda _settings: content_check(arguments.dir))
    return _with_settings(db_upgrade)


def _with_settings(command: Callable[[Settings], int]) -> int:
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"error: {error} (see the README's configuration table)", file=sys.stderr)
        return EXIT_CONFIG
    return command(settings)


if __name__ == "__main__":
    sys.exit(main())
