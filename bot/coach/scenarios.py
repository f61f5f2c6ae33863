"""A guild's scenario catalogue: the shipped packs plus the guild's own, minus what its managers disabled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.clock import Clock
from bot.coach.content import (
    ContentError,
    Library,
    Pack,
    Scenario,
    ScenarioBody,
    declared_locale,
    load_library,
    pack_language,
    parse_raw_pack,
    read_toml,
    scenario_body,
    translated,
    translation_json,
)
from bot.coach.errors import InvalidInput, NotFound
from bot.db.engine import Database
from bot.i18n import N_

if TYPE_CHECKING:
    from bot.coach.form_check import FormReport
from bot.db.models import DisabledScenario, GuildScenario
from bot.db.upsert import insert_ignore

GUILD_PREFIX, PACK_PREFIX = "guild:", "pack:"
MAX_SUGGESTIONS = 25


def theme_slug(text: str) -> str:
    """`Our Product!` -> `our-product`: managers type a theme name, the catalogue keys it as a slug."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40].strip("-")
    if not slug:
        raise InvalidInput(N_("A theme needs a name with at least one letter or digit."))
    return slug


def theme_title(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def _to_scenario(row: GuildScenario, language: str | None = None) -> Scenario:
    """A guild's own scenario, in `language` when a localized pack translated it (and still fits it)."""
    body = scenario_body(
        {
            "id": row.slug,
            "difficulty": row.difficulty,
            "context": row.context,
            "customer_says": row.customer_says,
            "replies": row.replies,
            "principle": row.principle,
            "source": row.source,
            **{
                name: value
                for name, value in (
                    ("channel", row.channel),
                    ("customer_role", row.customer_role),
                    ("sector", row.sector),
                    ("steps", row.steps),
                )
                if value is not None
            },
        }
    )
    stored = (row.translations or {}).get(language) if language is not None else None
    if stored is not None and (translation := translated(body, stored)) is not None:
        body = translation
    return Scenario.from_body(body, row.theme, GUILD_PREFIX + row.slug)


def _row_values(body: ScenarioBody, theme: str) -> dict[str, object]:
    return {
        "theme": theme,
        "difficulty": body.difficulty,
        "context": body.context,
        "customer_says": body.customer_says,
        "replies": [reply.as_json() for reply in body.replies],
        "principle": body.principle,
        "source": body.source,
        "channel": body.channel,
        "customer_role": body.customer_role,
        "sector": body.sector,
        "steps": [step.as_json() for step in body.steps] or None,
    }


@dataclass(frozen=True)
class CatalogueEntry:
    scenario: Scenario
    enabled: bool
    own: bool


@dataclass(frozen=True)
class ImportResult:
    added: list[str]
    updated: list[str]  # for a translation: the scenarios it translated
    theme: str
    form: FormReport  # how well the imported scenarios can be guessed by form: a warning, never a refusal
    language: str | None = None  # the language of a localized pack; None for the base language


class ScenarioBook:
    def __init__(self, db: Database, clock: Clock, library: Library | None = None) -> None:
        self._db = db
        self._clock = clock
        if library is not None:
            self.library = library

    @cached_property
    def library(self) -> Library:
        """The shipped packs, parsed on first use: a process that serves no quiz never holds them (0.3 to 0.4 MB
        of RSS, not given back once freed). `rapport run` checked them at start, in a child (`bot.content_check`)."""
        return load_library()

    async def _guild_rows(self, session: AsyncSession, guild_id: int, *, locked: bool = False) -> list[GuildScenario]:
        """The server's own scenarios; `locked` holds them (PostgreSQL) until the write commits, so two imports
        that merge into the same rows' translations run one after the other instead of one losing the other's."""
        query = select(GuildScenario).where(GuildScenario.guild_id == guild_id).order_by(GuildScenario.slug)
        rows = await session.scalars(query.with_for_update() if locked else query)
        return list(rows)

    async def _disabled(self, session: AsyncSession, guild_id: int) -> set[str]:
        keys = await session.scalars(select(DisabledScenario.scenario_key).where(DisabledScenario.guild_id == guild_id))
        return set(keys)

    async def _rows(self, guild_id: int, session: AsyncSession | None = None) -> tuple[list[GuildScenario], set[str]]:
        """The guild's own scenarios and the keys it disabled. `session`: the caller's, when it holds one
        (`Database.read_in`)."""
        async with self._db.read_in(session) as reading:
            return await self._guild_rows(reading, guild_id), await self._disabled(reading, guild_id)

    def _entries(self, rows: list[GuildScenario], disabled: set[str], language: str) -> list[CatalogueEntry]:
        own = [_to_scenario(row, language) for row in rows]
        entries = [CatalogueEntry(s, s.key not in disabled, True) for s in own]
        entries += [
            CatalogueEntry(self.library.localized(s, language), s.key not in disabled, False)
            for s in self.library.scenarios.values()
        ]
        return entries

    async def catalogue(self, guild_id: int, *, locale: str | None = None) -> list[CatalogueEntry]:
        """Every scenario this guild can see, enabled or not: its own first, then the packs; each in the
        language of `locale` when translated into it."""
        rows, disabled = await self._rows(guild_id)
        return self._entries(rows, disabled, pack_language(locale))

    async def active(self, guild_id: int, theme: str | None = None, *, locale: str | None = None) -> list[Scenario]:
        """The enabled scenarios (of `theme`), each in the language of `locale` when translated into it."""
        return [
            entry.scenario
            for entry in await self.catalogue(guild_id, locale=locale)
            if entry.enabled and (theme is None or entry.scenario.theme == theme)
        ]

    async def themes(
        self, guild_id: int, *, locale: str | None = None, session: AsyncSession | None = None
    ) -> dict[str, str]:
        """Themes with at least one enabled scenario in this guild, with their titles (in the language of
        `locale` when a pack of the theme is translated into it). `session`: the caller's, when it holds one."""
        language = pack_language(locale)
        rows, disabled = await self._rows(guild_id, session)
        own_titles = {
            row.theme: str(stored["title"])
            for row in rows
            if (stored := (row.translations or {}).get(language)) is not None and "title" in stored
        }
        themes = {}
        for entry in self._entries(rows, disabled, language):
            if entry.enabled:
                theme = entry.scenario.theme
                themes[theme] = self.library.theme_title(theme, language) or own_titles.get(theme) or theme_title(theme)
        return dict(sorted(themes.items(), key=lambda item: item[1]))

    async def find(
        self, guild_id: int, key: str, *, locale: str | None = None, session: AsyncSession | None = None
    ) -> Scenario | None:
        """A scenario by key, enabled or not (an answer to a since-disabled scenario still grades), in the
        language of `locale` when translated into it: one key, whichever language shows it. `session`: the
        caller's, when it holds one."""
        language = pack_language(locale)
        if key.startswith(PACK_PREFIX):
            scenario = self.library.scenarios.get(key)
            return None if scenario is None else self.library.localized(scenario, language)
        async with self._db.read_in(session) as reading:
            row = await reading.scalar(
                select(GuildScenario).where(
                    GuildScenario.guild_id == guild_id, GuildScenario.slug == key.removeprefix(GUILD_PREFIX)
                )
            )
        return None if row is None else _to_scenario(row, language)

    async def add(self, guild_id: int, manager_id: int, body: ScenarioBody, theme: str) -> Scenario:
        async with self._db.write() as session:
            exists = await session.scalar(
                select(func.count()).where(GuildScenario.guild_id == guild_id, GuildScenario.slug == body.id)
            )
            if exists:
                raise InvalidInput(N_("This server already has a scenario `{scenario}`."), scenario=body.id)
            row = GuildScenario(
                guild_id=guild_id,
                slug=body.id,
                created_by=manager_id,
                created_at=self._clock(),
                **_row_values(body, theme),
            )
            session.add(row)
        return _to_scenario(row)

    async def next_id(self, guild_id: int, theme: str) -> str:
        """A fresh id for a scenario written in the modal: `<theme>-<n>`."""
        async with self._db.read() as session:
            taken = {row.slug for row in await self._guild_rows(session, guild_id)}
        stem = theme[:34].strip("-")
        number = 1
        while f"{stem}-{number}" in taken:
            number += 1
        return f"{stem}-{number}"

    async def import_pack(self, guild_id: int, manager_id: int, text: str, filename: str) -> ImportResult:
        """Add or update every scenario of a pack, or nothing at all when any problem is found. A pack with a
        `locale` translates the server's own scenarios of its theme (imported before, in the base language)."""
        raw = read_toml(text, f"{filename}: (pack)")
        if declared_locale(raw):
            return await self._import_translation(guild_id, raw, filename)
        pack: Pack = parse_raw_pack(raw, filename)
        clashes = [
            f"{filename}: {body.id}: id: a shipped scenario already uses this id"
            for body in pack.scenarios
            if PACK_PREFIX + body.id in self.library.scenarios
        ]
        seen: set[str] = set()
        for body in pack.scenarios:
            if body.id in seen:
                clashes.append(f"{filename}: {body.id}: id: used twice in this file")
            seen.add(body.id)
        if clashes:
            raise ContentError(clashes)
        added, updated = [], []
        async with self._db.write() as session:
            existing = {row.slug: row for row in await self._guild_rows(session, guild_id)}
            for body in pack.scenarios:
                values = _row_values(body, pack.theme)
                row = existing.get(body.id)
                if row is None:
                    session.add(
                        GuildScenario(
                            guild_id=guild_id, slug=body.id, created_by=manager_id, created_at=self._clock(), **values
                        )
                    )
                    added.append(body.id)
                else:
                    for name, value in values.items():
                        setattr(row, name, value)
                    updated.append(body.id)
        from bot.coach.form_check import choice_points, form_check  # only an import measures form

        return ImportResult(added, updated, pack.theme, form_check(choice_points(pack.scenarios)))

    async def _import_translation(self, guild_id: int, raw: dict[str, Any], filename: str) -> ImportResult:
        """Keep a localized pack's scenarios beside the server's own of the same ids, checked against them."""
        theme = raw.get("theme")
        async with self._db.write() as session:
            found = await self._guild_rows(session, guild_id, locked=True)
            rows = {row.slug: row for row in found if row.theme == theme}
            if not rows:
                raise ContentError(
                    [
                        f"{filename}: (pack): theme: this server has no scenarios of `{theme}` to translate; import"
                        " them without a locale first"
                    ]
                )
            bodies = tuple(_to_scenario(row) for row in rows.values())
            bases = {str(theme): Pack(str(theme), theme_title(str(theme)), "", bodies)}
            pack = parse_raw_pack(raw, filename, bases=bases)
            language = str(pack.locale)
            for body in pack.scenarios:
                row = rows[body.id]
                row.translations = {**(row.translations or {}), language: translation_json(body, pack.title)}
        from bot.coach.form_check import choice_points, form_check  # only an import measures form

        translated_ids = [body.id for body in pack.scenarios]
        report = form_check(choice_points(pack.scenarios), language)
        return ImportResult([], translated_ids, pack.theme, report, language=language)

    async def typed(self, guild_id: int, typed: str) -> Scenario | None:
        """The scenario a manager means: a key from autocomplete (`guild:...`, `pack:...`), or an id as typed,
        the server's own scenario first, else the shipped one of that id."""
        text = typed.strip()
        if text.startswith((GUILD_PREFIX, PACK_PREFIX)):
            return await self.find(guild_id, text)
        slug = text.casefold()
        return await self.find(guild_id, GUILD_PREFIX + slug) or await self.find(guild_id, PACK_PREFIX + slug)

    async def set_enabled(self, guild_id: int, manager_id: int, typed: str, enabled: bool) -> Scenario:
        """Take a scenario out of the server's rotation or put it back; `typed` as `typed` reads it."""
        scenario = await self.typed(guild_id, typed)
        if scenario is None:
            raise NotFound(
                N_("No scenario `{scenario}` here. Pick one from the list."), scenario=typed.split(":", 1)[-1]
            )
        key = scenario.key
        async with self._db.write() as session:
            if enabled:
                await session.execute(
                    delete(DisabledScenario).where(
                        DisabledScenario.guild_id == guild_id, DisabledScenario.scenario_key == key
                    )
                )
            else:
                await session.run_sync(
                    insert_ignore,
                    DisabledScenario,
                    {
                        "guild_id": guild_id,
                        "scenario_key": key,
                        "disabled_by": manager_id,
                        "disabled_at": self._clock(),
                    },
                    ["guild_id", "scenario_key"],
                )
        return scenario

    async def suggest(self, guild_id: int, typed: str, *, enabled: bool) -> list[tuple[str, str]]:
        """Autocomplete: (key, label) of scenarios in the given state whose id or theme contains `typed`."""
        needle = typed.strip().casefold()
        matches = []
        for entry in await self.catalogue(guild_id):
            scenario = entry.scenario
            if entry.enabled != enabled or (needle and needle not in f"{scenario.id} {scenario.theme}"):
                continue
            origin = "yours" if entry.own else "pack"
            matches.append((scenario.key, f"{scenario.id} ({scenario.theme}, {origin})"[:100]))
        matches.sort(key=lambda match: (not match[0].startswith(GUILD_PREFIX), match[1]))
        return matches[:MAX_SUGGESTIONS]
