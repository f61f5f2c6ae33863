"""Command names, descriptions, option names and choices in the member's language: discord.py's `Translator`
reading the same catalogues as every message. Discord shows each member the localisation of their client's
language, so this is read once, at sync.

Names (of commands, groups and options) are translated in the catalogue's `name` context: they follow Discord's
name rules (lowercase, no spaces, 1-32 characters) where a description or a choice is a sentence.
"""

from __future__ import annotations

from discord import Locale, app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.i18n import NAME_CONTEXT, translate_to

NAMES = {Where.command_name, Where.group_name, Where.parameter_name}


class CatalogueTranslator(app_commands.Translator):
    async def translate(
        self, string: app_commands.locale_str, locale: Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        return translate_to(locale.value, string.message, context=NAME_CONTEXT if context.location in NAMES else None)
