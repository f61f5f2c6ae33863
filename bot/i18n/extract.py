"""`rapport i18n extract`: write the catalogue template, `bot/locale/rapport.pot`, for translators.

It holds every message the code marks (`_`, `N_`, `ngettext`, `N_plural`, `pgettext`) and every command's name,
description, option and choice as the loaded command tree has them (discord.py's `Translator` reads these
from the catalogue too; `pybabel extract` alone cannot see them). Babel is imported here only: the bot reads
compiled catalogues with the standard library.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.i18n import DOMAIN, LOCALE_DIR, NAME_CONTEXT

SOURCES = ("bot", "cogs")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2), "pgettext": ((1, "c"), 2)}


def command_strings(tree: Any) -> Iterator[tuple[str | None, str]]:
    """(context, message) of every name, description and choice of the tree's commands."""
    for root in tree.get_commands():
        stack = [root]
        while stack:
            command = stack.pop()
            stack.extend(getattr(command, "commands", []))
            yield NAME_CONTEXT, command.name
            if getattr(command, "description", None):
                yield None, command.description
            for parameter in getattr(command, "parameters", []):
                yield NAME_CONTEXT, parameter.display_name
                yield None, parameter.description
                for choice in parameter.choices:
                    yield None, choice.name


async def loaded_tree_strings() -> list[tuple[str | None, str]]:
    """The command strings of every feature, from a bot that loaded them all (no database is opened)."""
    from bot.client import EXTENSIONS, RapportBot
    from bot.config import Settings

    with tempfile.TemporaryDirectory() as folder:
        bot = RapportBot(Settings(database_url=f"sqlite+aiosqlite:///{folder}/x.db"))
        try:
            for extension in EXTENSIONS:
                await bot.load_extension(extension)
            return list(command_strings(bot.tree))
        finally:
            await bot.database.dispose()


def extract(root: Path, output: Path) -> int:
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import write_po

    catalog = Catalog(project="Rapport", domain=DOMAIN)
    for top in SOURCES:
        for filename, line, message, comments, context in extract_from_dir(
            root / top, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            catalog.add(message, locations=[(f"{top}/{filename}", line)], auto_comments=comments, context=context)
    for context, message in asyncio.run(loaded_tree_strings()):
        catalog.add(message, locations=[("<command tree>", 0)], context=context)
    with output.open("wb") as file:
        write_po(file, catalog, width=120, sort_output=True)
    return len(catalog)


def main() -> int:
    count = extract(LOCALE_DIR.parent.parent, LOCALE_DIR / f"{DOMAIN}.pot")
    print(f"{count} messages written to {LOCALE_DIR / f'{DOMAIN}.pot'}")
    return 0
