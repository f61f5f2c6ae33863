"""A guild's scenario catalogue: the shipped packs plus the guild's own, minus what its managers disabled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.clock import Clock
from bot.coach.content import (
    ContentError,
    Library,
    Pack,
    Scenario,
    ScenarioBody,
    pack_language,
    parse_pack,
    scenario_body,
)
from bot.coach.errors import InvalidInput, NotFound
from bot.db.engine import Database

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
        raise InvalidInput("A theme needs a name with at least one letter or digit.")
    return slug


def theme_title(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def _to_scenario(row: GuildScenario) -> Scenario:
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
    updated: list[str]
    theme: str
    form: FormReport  # how well the imported scenarios can be guessed by form: a warning, never a refusal


class ScenarioBook:
    def __init__(self, db: Database, clock: Clock, library: Library) -> None:
        self._db = db
        self._clock = clock
        self.library = library

    async def _guild_rows(self, session: AsyncSession, guild_id: int) -> list[GuildScenario]:
        rows = await session.scalars(
            select(GuildScenario).where(GuildScenario.guild_id == guild_id).order_by(GuildScenario.slug)
        )
        return list(rows)

    async def _disabled(self, session: AsyncSession, guild_id: int) -> set[str]:
        keys = await session.scalars(select(DisabledScenario.scenario_key).where(DisabledScenario.guild_id == guild_id))
        return set(keys)

    async def catalogue(self, guild_id: int) -> list[CatalogueEntry]:
        """Every scenario this guild can see, enabled or not: its own first, then the packs."""
        async with self._db.read() as session:
            rows = await self._guild_rows(session, guild_id)
            disabled = await self._disabled(session, guild_id)
        own = [_to_scenario(row) for row in rows]
        entries = [CatalogueEntry(s, s.key not in disabled, True) for s in own]
        entries += [CatalogueEntry(s, s.key not in disabled, False) for s in self.library.scenarios.values()]
        return entries

    async def active(self, guild_id: int, theme: str | None = None, *, locale: str | None = None) -> list[Scenario]:
        """The enabled scenarios (of `theme`), each in the language of `locale` when translated into it."""
        language = pack_language(locale)
        return [
            self.library.localized(entry.scenario, language)
            for entry in await self.catalogue(guild_id)
            if entry.enabled and (theme is None or entry.scenario.theme == theme)
        ]

    async def themes(self, guild_id: int, *, locale: str | None = None) -> dict[str, str]:
        """Themes with at least one enabled scenario in this guild, with their titles (in the language of
        `locale` when a pack of the theme is translated into it)."""
        language = pack_language(locale)
        themes = {}
        for scenario in await self.active(guild_id):
            themes[scenario.theme] = self.library.theme_title(scenario.theme, language) or theme_title(scenario.theme)
        return dict(sorted(themes.items(), key=lambda item: item[1]))

    async def find(self, guild_id: int, key: str, *, locale: str | None = None) -> Scenario | None:
        """A scenario by key, enabled or not (an answer to a since-disabled scenario still grades), in the
        language of `locale` when translated into it: one key, whichever language shows it."""
        if key.startswith(PACK_PREFIX):
            scenario = self.library.scenarios.get(key)
            return None if scenario is None else self.library.localized(scenario, pack_language(locale))
        async with self._db.read() as session:
            row = await session.scalar(
                select(GuildScenario).where(
                    GuildScenario.guild_id == guild_id, GuildScenario.slug == key.removeprefix(GUILD_PREFIX)
                )
            )
        return None if row is None else _to_scenario(row)

    async def add(self, guild_id: int, manager_id: int, body: ScenarioBody, theme: str) -> Scenario:
        async with self._db.write() as session:
            exists = await session.scalar(
                select(func.count()).where(GuildScenario.guild_id == guild_id, GuildScenario.slug == body.id)
            )
            if exists:
                raise InvalidInput(f"This server already has a scenario `{body.id}`.")
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
        """Add or update every scenario of a pack, or nothing at all when any problem is found."""
        pack: Pack = parse_pack(text, filename)
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
            raise NotFound(f"No scenario `{typed.split(':', 1)[-1]}` here. Pick one from the list.")
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
