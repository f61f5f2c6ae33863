"""What `rapport run` keeps out of memory (README, Performance, B5): after starting and answering a rep's `/touch log`,
none of the modules that only a manager's report, trends or a member's export or erasure needs is loaded, nor
role-play's scorer and personas, Pillow, Alembic, the metrics library, the argument parser `rapport`'s other commands
use or the TOML reader, and the quiz content is not parsed. A later change that imports one of them at start (a
module-level import in a cog, say) fails here instead of silently costing every process its memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fake_discord import FakeDiscord
from tests.full_process.harness import START_TIMEOUT, database_env, launch_python, output_on_failure
from tests.full_process.test_rapport_run import answered

pytestmark = pytest.mark.full_process

LOADED_ON_FIRST_USE = (
    "bot.coach.reports",
    "bot.coach.trends",
    "bot.coach.privacy",
    "bot.ui.trends",
    "bot.coach.roleplay",
    "bot.coach.listening",
    "bot.coach.personas",
    "bot.coach.llm",
    "PIL",
    "alembic",
    "prometheus_client",
    "argparse",
    "tomllib",
)

# `rapport run` itself, reporting at exit which of those modules the process holds.
RUN_AND_REPORT = (
    "import atexit, sys\n"
    f"watched = {LOADED_ON_FIRST_USE!r}\n"
    "atexit.register(lambda: print('loaded:', sorted(name for name in watched if name in sys.modules), flush=True))\n"
    "def parsed():\n"
    "    import gc\n"
    "    gc.unfreeze()  # the bot froze its heap once connected; frozen objects are not listed\n"
    "    books = [o for o in gc.get_objects() if type(o).__name__ == 'ScenarioBook']\n"
    "    print('quiz content parsed:', [vars(book).get('library') is not None for book in books], flush=True)\n"
    "atexit.register(parsed)\n"
    "from bot.cli import main\n"
    "sys.exit(main(['run']))\n"
)


async def test_a_started_bot_that_answered_a_touch_holds_no_manager_only_module(fake: FakeDiscord, tmp_path: Path):
    bot = await launch_python(tmp_path, RUN_AND_REPORT, env={**fake.env(), **database_env(tmp_path)})
    with output_on_failure(bot):
        try:
            await fake.wait_for(lambda: fake.identifies == 1, START_TIMEOUT)
            interaction = await fake.send_slash("touch", "log", "4242", customer="Acme", kind="listening")
            assert "Logged a **listening conversation**" in await answered(fake, interaction)
        finally:
            code = await bot.stop()
        assert code == 0
        assert "loaded: []" in bot.text
        assert "quiz content parsed: [False]" in bot.text  # checked at start in a child, parsed on a first quiz
