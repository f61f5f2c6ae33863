"""The catalogues: compiled ones match their sources, Spanish covers every command string within Discord's
rules, and every placeholder of a message survives its translation."""

from __future__ import annotations

import ast
import gettext
import io
import re
import string
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGES, LOCALE_DIR, NAME_CONTEXT
from bot.i18n.extract import KEYWORDS, SOURCES, loaded_tree_strings

NAME_RULE = re.compile(r"^[-_\w]{1,32}$")


def _po(language: str):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "rapport.po").open("rb") as file:
        return read_po(file, locale=language)


def test_compiled_catalogues_are_up_to_date():
    for language in LANGUAGES:
        compiled = io.BytesIO()
        write_mo(compiled, _po(language))
        compiled.seek(0)
        committed = Path(LOCALE_DIR / language / "LC_MESSAGES" / "rapport.mo").read_bytes()
        # The messages, not the header (it names the Babel version that wrote it).
        fresh = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
        kept = gettext.GNUTranslations(io.BytesIO(committed))._catalog  # type: ignore[attr-defined]
        fresh.pop("", None), kept.pop("", None)
        assert fresh == kept, f"run `pybabel compile -d bot/locale -D rapport` ({language})"


def marked_literals(source: str) -> list[tuple[int, str | None, str]]:
    """(line, context, message) of every literal the code marks for the catalogue, inside f-strings too."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or getattr(node.func, "id", None) not in KEYWORDS:
            continue
        texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        if node.func.id == "pgettext" and len(texts) == 2:  # type: ignore[attr-defined]
            found.append((node.lineno, texts[0], texts[1]))
        elif texts:
            found.append((node.lineno, None, texts[0]))
    return found


def test_the_literal_finder_looks_inside_f_strings():
    assert marked_literals("f\"-# {_('Picked up.')} {n}\"") == [(1, None, "Picked up.")]
    assert marked_literals('pgettext("name", "log")') == [(1, "name", "log")]
    assert marked_literals("_(kind.short)") == []


def test_every_marked_message_is_translated():
    """What the code marks is in every catalogue, translated: a message inside an f-string, which `pybabel
    extract` cannot see, would otherwise stay English for everyone without a test noticing."""
    root = LOCALE_DIR.parent.parent
    marked = [
        (f"{path.relative_to(root)}:{line}", context, message)
        for top in SOURCES
        for path in sorted((root / top).rglob("*.py"))
        for line, context, message in marked_literals(path.read_text(encoding="utf-8"))
    ]
    assert len(marked) > 500
    for language in LANGUAGES:
        catalogue = _po(language)
        missing = [where for where, context, message in marked if not _translated(catalogue, message, context)]
        assert missing == [], f"{language}: extract, update and translate (README, Development)"


def _translated(catalogue, message: str, context: str | None) -> bool:
    entry = catalogue.get(message, context=context)
    if entry is None or entry.fuzzy:
        return False
    return all(entry.string) if isinstance(entry.string, tuple) else bool(entry.string)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


async def test_every_command_string_is_translated_within_discords_rules():
    problems = []
    for language in LANGUAGES:
        catalog = _po(language)
        for context, message in await loaded_tree_strings():
            found = catalog.get(message, context=context)
            translated = found.string if found is not None else ""
            if not translated:
                problems.append(f"{language}: {context or ''} {message!r} untranslated")
            elif context == NAME_CONTEXT and (not NAME_RULE.match(translated) or translated != translated.lower()):
                problems.append(f"{language}: name {translated!r} breaks Discord's name rules")
            elif context is None and not 1 <= len(translated) <= 100:
                problems.append(f"{language}: {translated!r} is not 1-100 characters")
    assert problems == []


async def test_translated_names_are_unique_at_each_level(tmp_path):
    from bot.client import EXTENSIONS, RapportBot
    from bot.config import Settings
    from bot.i18n import translate_to

    bot = RapportBot(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"))
    for extension in EXTENSIONS:
        await bot.load_extension(extension)
    levels = [list(bot.tree.get_commands())]
    levels += [list(command.commands) for command in bot.tree.walk_commands() if hasattr(command, "commands")]
    levels += [
        [parameter for parameter in command.parameters]
        for command in bot.tree.walk_commands()
        if hasattr(command, "parameters")
    ]
    await bot.database.dispose()
    for level in levels:
        names = [getattr(item, "display_name", None) or item.name for item in level]
        spanish = [translate_to("es-ES", name, context=NAME_CONTEXT) or name for name in names]
        assert len(set(spanish)) == len(spanish), spanish


def test_translations_keep_every_placeholder():
    for language in LANGUAGES:
        for message in _po(language):
            if not message.id or not message.string:
                continue
            sources = message.id if isinstance(message.id, tuple) else (message.id,)
            targets = message.string if isinstance(message.string, tuple) else (message.string,)
            for target in targets:
                assert _fields(target) == _fields(sources[-1]), (message.id, target)
