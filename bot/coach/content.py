"""Quiz content: the scenario packs under `prompts/scenarios/` and the schema managers import into.

A pack is one TOML file holding one theme. Every problem is reported as `path: scenario id: field: problem`,
by `rapport content check` and at start-up, which refuses to run on invalid content.

A scenario is one choice, or several: in a multi-step scenario each reply of a step names the `next` step,
where the customer answers that reply and the rep chooses again (2 or 3 steps on every path). Shipped packs
also say where each scenario happens (`channel`), who speaks (`customer_role`), in which `sector`, and which
essay it teaches (`source = { file, quote }`, the quote verbatim from that essay); a guild's own scenarios
may leave those out.

A pack may declare a `locale` (a language: `es`): it then translates the theme's base pack (the one with no
locale) scenario for scenario, under the same ids, so a rep's history, spacing and stats count one scenario
whichever language showed it. A translation keeps the base's replies in the base's order with the same
stances, and its steps in the base's shape; where, which sector, how hard and which essay come from the base.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from bot.coach.errors import CoachError
from bot.i18n import base_language

# Lengths chosen so a whole scenario, with every reply and its feedback, fits one Discord embed (6,000
# characters, 1,024 a field) and a button row.
MAX_CONTEXT = 600
MAX_CUSTOMER_SAYS = 400
MAX_REPLY = 300
MAX_FEEDBACK = 300
MAX_PRINCIPLE = 200
MAX_SOURCE = 200
MAX_TITLE = 80
MAX_DESCRIPTION = 300
MAX_ROLE = 80
MAX_STEP_CONTEXT = 300
MIN_QUOTE, MAX_QUOTE = 20, 200
MIN_REPLIES, MAX_REPLIES = 3, 4
MIN_DIFFICULTY, MAX_DIFFICULTY = 1, 3
MAX_STEPS_ON_A_PATH = 3
MAX_EXTRA_STEPS = 8
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
SEED_FILE = re.compile(r"^[\w.-]{1,80}\.txt$")
CHANNELS = ("call", "email", "chat", "in person")
SECTORS = (
    "agriculture",
    "automotive",
    "construction",
    "education",
    "energy",
    "finance",
    "food-and-hospitality",
    "healthcare",
    "insurance",
    "logistics",
    "manufacturing",
    "media",
    "nonprofit",
    "professional-services",
    "public-sector",
    "real-estate",
    "retail",
    "software",
    "telecom",
)
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
BASE_LANGUAGE = "en"  # the language of a pack that declares no locale
# What a translation takes from its base pack instead of saying again.
FROM_BASE = ("difficulty", "channel", "sector", "source")
START = "start"  # the id of a scenario's first step: its own `customer_says` and `replies`

Location = tuple[str | int, ...]


class Stance(StrEnum):
    LISTENING = "listening"
    PUSHING = "pushing"


@dataclass(frozen=True)
class Reply:
    text: str
    stance: Stance
    feedback: str
    next: str | None = None  # in a multi-step scenario, the step this reply leads to

    def as_json(self) -> dict[str, str]:
        data = {"text": self.text, "stance": self.stance.value, "feedback": self.feedback}
        if self.next is not None:
            data["next"] = self.next
        return data


@dataclass(frozen=True)
class Step:
    """One choice in a scenario: what the customer says (after `context`, when given) and the replies."""

    id: str
    customer_says: str
    replies: tuple[Reply, ...]
    context: str | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "customer_says": self.customer_says,
            "replies": [reply.as_json() for reply in self.replies],
        }
        if self.context is not None:
            data["context"] = self.context
        return data


@dataclass(frozen=True)
class ScenarioBody:
    """A scenario as written in a pack: the pack gives its theme."""

    id: str
    difficulty: int
    context: str
    customer_says: str
    replies: tuple[Reply, ...]
    principle: str
    source: str  # as shown to reps: the essay's quote, or a guild's own words
    channel: str | None = None
    customer_role: str | None = None
    sector: str | None = None
    source_file: str | None = None  # the seed essay the quote comes from (shipped packs)
    source_quote: str | None = None
    steps: tuple[Step, ...] = ()  # the steps after the first, in a multi-step scenario

    @property
    def multi_step(self) -> bool:
        return bool(self.steps)

    def step(self, step_id: str | None) -> Step:
        """The step called `step_id`; None or `start` is the scenario's own first choice."""
        if step_id in {None, START}:
            return Step(START, self.customer_says, self.replies)
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def choice_steps(self) -> list[Step]:
        """Every choice the scenario offers, the first one first."""
        return [self.step(START), *self.steps]


@dataclass(frozen=True)
class Pack:
    theme: str
    title: str
    description: str
    scenarios: tuple[ScenarioBody, ...]
    locale: str | None = None  # the language of a translation; None for a base pack


def pack_language(locale: str | None) -> str:
    """The language a Discord locale reads packs in: `es-ES` and `es-419` both read `es`."""
    return base_language(locale)


class InvalidScenario(Exception):
    """Every problem found in one piece of content, each at its place (`("replies", 0, "stance")`)."""

    def __init__(self, problems: list[tuple[Location, str]]) -> None:
        super().__init__("; ".join(message for _where, message in problems))
        self.problems = problems


class _Reader:
    """Reads fields out of parsed TOML (or stored JSON), noting every problem rather than stopping at one.

    Written out by hand, not with a validation library: for these three shapes, importing one cost more
    memory and start-up time than the rest of the content (README, Performance: B5, B6)."""

    def __init__(self) -> None:
        self.problems: list[tuple[Location, str]] = []

    def fail(self, where: Location, message: str) -> None:
        self.problems.append((where, message))

    def table(self, raw: object, where: Location, fields: Iterable[str]) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.fail(where, "should be a table of fields")
            return None
        for extra in sorted(set(raw) - set(fields)):
            self.fail((*where, extra), "is not a field here")
        return raw

    def text(self, raw: dict[str, Any], name: str, where: Location, maximum: int) -> str:
        return self.text_at(raw.get(name), (*where, name), maximum)

    def text_at(self, value: object, where: Location, maximum: int) -> str:
        """`value` as required, non-empty text of at most `maximum` characters, found at `where`."""
        if value is None:
            self.fail(where, "is required")
            return ""
        if not isinstance(value, str):
            self.fail(where, "should be text")
            return ""
        value = value.strip()
        if not value:
            self.fail(where, "should not be empty")
        elif len(value) > maximum:
            self.fail(where, f"should have at most {maximum} characters ({len(value)} given)")
        return value

    def slug(self, raw: dict[str, Any], name: str, where: Location) -> str:
        value = raw.get(name)
        if not isinstance(value, str) or not SLUG.match(value):
            self.fail((*where, name), "should be 1-40 lowercase letters, digits or dashes, starting with no dash")
            return value if isinstance(value, str) else ""
        return value

    def number(self, raw: dict[str, Any], name: str, where: Location, low: int, high: int) -> int:
        value = raw.get(name)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail((*where, name), "should be a whole number")
            return low
        if not low <= value <= high:
            self.fail((*where, name), f"should be between {low} and {high} ({value} given)")
        return value

    def items(self, raw: dict[str, Any], name: str, where: Location, low: int, high: int | None) -> list[Any]:
        value = raw.get(name)
        if not isinstance(value, list):
            self.fail((*where, name), "should be a list" if name in raw else "is required")
            return []
        if len(value) < low or (high is not None and len(value) > high):
            span = f"at least {low}" if high is None else f"{low} to {high}"
            self.fail((*where, name), f"should have {span} entries ({len(value)} given)")
        return value

    def optional_text(self, raw: dict[str, Any], name: str, where: Location, maximum: int) -> str | None:
        return None if raw.get(name) is None else self.text(raw, name, where, maximum)

    def choice(self, raw: dict[str, Any], name: str, where: Location, allowed: tuple[str, ...]) -> str | None:
        value = raw.get(name)
        if value is None:
            return None
        if value not in allowed:
            self.fail((*where, name), "should be one of " + ", ".join(f"'{option}'" for option in allowed))
            return None
        return str(value)

    def reply(self, raw: object, where: Location) -> Reply:
        fields = self.table(raw, where, ("text", "stance", "feedback", "next")) or {}
        stance = fields.get("stance")
        if stance not in {"listening", "pushing"}:
            self.fail((*where, "stance"), "should be 'listening' or 'pushing'")
            stance = "pushing"
        return Reply(
            text=self.text(fields, "text", where, MAX_REPLY),
            stance=Stance(stance),
            feedback=self.text(fields, "feedback", where, MAX_FEEDBACK),
            next=None if fields.get("next") is None else self.slug(fields, "next", where),
        )

    def replies(self, fields: dict[str, Any], where: Location) -> tuple[Reply, ...]:
        before = len(self.problems)
        replies = tuple(
            self.reply(item, (*where, "replies", index))
            for index, item in enumerate(self.items(fields, "replies", where, MIN_REPLIES, MAX_REPLIES))
        )
        if len(self.problems) == before:
            if {reply.stance for reply in replies} != {Stance.LISTENING, Stance.PUSHING}:
                self.fail(where, "needs at least one listening and one pushing reply")
            texts = [" ".join(reply.text.casefold().split()) for reply in replies]
            if len(set(texts)) != len(texts):
                self.fail(where, "two replies say the same thing")
        return replies

    def step(self, raw: object, where: Location) -> Step:
        fields = self.table(raw, where, ("id", "context", "customer_says", "replies")) or {}
        return Step(
            id=self.slug(fields, "id", where),
            customer_says=self.text(fields, "customer_says", where, MAX_CUSTOMER_SAYS),
            replies=self.replies(fields, where),
            context=self.optional_text(fields, "context", where, MAX_STEP_CONTEXT),
        )

    def source(self, raw: dict[str, Any], where: Location) -> tuple[str, str | None, str | None]:
        """(as shown, seed file, quote): a line of text, or `{ file, quote }` naming an essay and quoting it."""
        value = raw.get("source")
        if not isinstance(value, dict):
            return self.text(raw, "source", where, MAX_SOURCE), None, None
        fields = self.table(value, (*where, "source"), ("file", "quote")) or {}
        file = fields.get("file")
        if not isinstance(file, str) or not SEED_FILE.match(file):
            self.fail((*where, "source", "file"), "should be the file name of an essay, like `004_fd32e5b7.txt`")
            file = None
        quote = self.text(fields, "quote", (*where, "source"), MAX_QUOTE)
        if quote and len(quote) < MIN_QUOTE:
            self.fail((*where, "source", "quote"), f"should have at least {MIN_QUOTE} characters ({len(quote)} given)")
        return f"“{quote}”", file, quote

    def paths(self, body: ScenarioBody, where: Location) -> None:
        """Every step is reached, every `next` names a step, and every path has 2-3 steps."""
        steps = {step.id: step for step in body.steps}
        if len(steps) != len(body.steps) or START in steps:
            self.fail((*where, "steps"), f"step ids must be different from each other and from `{START}`")
            return
        if len(body.steps) > MAX_EXTRA_STEPS:
            self.fail((*where, "steps"), f"should have at most {MAX_EXTRA_STEPS} entries ({len(body.steps)} given)")
            return
        reached: set[str] = set()

        def walk(step: Step, depth: int, trail: tuple[str, ...]) -> None:
            for reply in step.replies:
                if reply.next is None:
                    if depth == 1 and body.steps:
                        self.fail(where, f"`{reply.text[:40]}` on the first step ends the scenario: give it a `next`")
                    continue
                if reply.next not in steps:
                    self.fail(where, f'`next = "{reply.next}"` names no step')
                elif reply.next in trail or depth >= MAX_STEPS_ON_A_PATH:
                    self.fail(where, f"a path through `{reply.next}` is longer than {MAX_STEPS_ON_A_PATH} steps")
                else:
                    reached.add(reply.next)
                    walk(steps[reply.next], depth + 1, (*trail, reply.next))

        walk(body.step(START), 1, (START,))
        for unreached in sorted(set(steps) - reached):
            self.fail((*where, "steps"), f"step `{unreached}` is never reached")

    def scenario(self, raw: object, where: Location) -> ScenarioBody:
        names = (
            "id",
            "difficulty",
            "channel",
            "customer_role",
            "sector",
            "context",
            "customer_says",
            "replies",
            "principle",
            "source",
            "steps",
        )
        fields = self.table(raw, where, names) or {}
        shown, seed_file, quote = self.source(fields, where)
        before = len(self.problems)
        steps = tuple(
            self.step(item, (*where, "steps", index))
            for index, item in enumerate(self.items(fields, "steps", where, 1, None) if "steps" in fields else [])
        )
        body = ScenarioBody(
            id=self.slug(fields, "id", where),
            difficulty=self.number(fields, "difficulty", where, MIN_DIFFICULTY, MAX_DIFFICULTY),
            context=self.text(fields, "context", where, MAX_CONTEXT),
            customer_says=self.text(fields, "customer_says", where, MAX_CUSTOMER_SAYS),
            replies=self.replies(fields, where),
            principle=self.text(fields, "principle", where, MAX_PRINCIPLE),
            source=shown,
            channel=self.choice(fields, "channel", where, CHANNELS),
            customer_role=self.optional_text(fields, "customer_role", where, MAX_ROLE),
            sector=self.choice(fields, "sector", where, SECTORS),
            source_file=seed_file,
            source_quote=quote,
            steps=steps,
        )
        if len(self.problems) == before:
            self.paths(body, where)
        return body

    def same_replies(self, base: Step, translated: tuple[Reply, ...], where: Location) -> None:
        """A translated step offers the base's replies in the base's order: same count, stances and `next`."""
        if len(translated) != len(base.replies):
            self.fail(
                (*where, "replies"),
                f"should have {len(base.replies)} entries, as the base pack has ({len(translated)} given)",
            )
            return
        for index, (original, reply) in enumerate(zip(base.replies, translated, strict=True)):
            if reply.stance is not original.stance:
                self.fail(
                    (*where, "replies", index, "stance"),
                    f"should be '{original.stance.value}' as in the base pack (replies keep the base's order)",
                )
            if reply.next != original.next:
                wanted = "no `next`" if original.next is None else f'`next = "{original.next}"`'
                self.fail((*where, "replies", index, "next"), f"should be {wanted} as in the base pack")

    def same_presence(self, base: object, translated: object, where: Location) -> None:
        if base is None and translated is not None:
            self.fail(where, "is not in the base pack: leave it out")
        elif base is not None and translated is None:
            self.fail(where, "is required: the base pack has it")

    def translation(self, raw: object, where: Location, base: dict[str, ScenarioBody]) -> ScenarioBody | None:
        """A scenario of a localized pack, checked against the base scenario of its id and completed from it."""
        if isinstance(raw, dict):
            for name in FROM_BASE:
                if name in raw:
                    self.fail((*where, name), "comes from the base pack: leave it out of a translation")
            raw = {name: value for name, value in raw.items() if name not in FROM_BASE}
        names = ("id", "customer_role", "context", "customer_says", "replies", "principle", "steps")
        fields = self.table(raw, where, names) or {}
        scenario_id = self.slug(fields, "id", where)
        original = base.get(scenario_id)
        if original is None:
            if scenario_id:
                self.fail((*where, "id"), "is not a scenario of the base pack")
            return None
        steps = tuple(
            self.step(item, (*where, "steps", index))
            for index, item in enumerate(self.items(fields, "steps", where, 1, None) if "steps" in fields else [])
        )
        body = ScenarioBody(
            id=scenario_id,
            difficulty=original.difficulty,
            context=self.text(fields, "context", where, MAX_CONTEXT),
            customer_says=self.text(fields, "customer_says", where, MAX_CUSTOMER_SAYS),
            replies=self.replies(fields, where),
            principle=self.text(fields, "principle", where, MAX_PRINCIPLE),
            source=original.source,
            channel=original.channel,
            customer_role=self.optional_text(fields, "customer_role", where, MAX_ROLE),
            sector=original.sector,
            source_file=original.source_file,
            source_quote=original.source_quote,
            steps=steps,
        )
        self.same_presence(original.customer_role, body.customer_role, (*where, "customer_role"))
        self.same_replies(original.step(START), body.replies, where)
        if len(steps) != len(original.steps):
            self.fail(
                (*where, "steps"),
                f"should have {len(original.steps)} entries, as the base pack has ({len(steps)} given)",
            )
            return body
        for index, (base_step, step) in enumerate(zip(original.steps, steps, strict=True)):
            at = (*where, "steps", index)
            if step.id != base_step.id:
                self.fail((*at, "id"), f"should be `{base_step.id}`, the base pack's step {index + 1}")
            self.same_presence(base_step.context, step.context, (*at, "context"))
            self.same_replies(base_step, step.replies, at)
        return body

    def shipped(self, body: ScenarioBody, where: Location) -> None:
        """What a shipped scenario must say that a guild's own may leave out."""
        for name in ("channel", "customer_role", "sector"):
            if getattr(body, name) is None:
                self.fail((*where, name), "is required in a shipped pack")
        if body.source_quote is None:
            self.fail((*where, "source"), "should be `{ file = ..., quote = ... }` in a shipped pack")

    def locale(self, fields: dict[str, Any]) -> str | None:
        value = fields.get("locale")
        if value is None:
            return None
        if not isinstance(value, str) or not LANGUAGE.match(value) or value == BASE_LANGUAGE:
            self.fail(
                ("locale",),
                "should be a language code like `es` (a rep's `es-ES` and `es-419` both read it), not `en`",
            )
            return None
        return value

    def pack(self, raw: object, *, shipped: bool = False, bases: dict[str, Pack] | None = None) -> Pack:
        """A pack; a localized one is read against its theme's base pack in `bases` (by theme)."""
        fields = self.table(raw, (), ("theme", "title", "description", "locale", "scenarios")) or {}
        theme = self.slug(fields, "theme", ())
        locale = self.locale(fields)
        base = None
        if "locale" in fields:
            base = (bases or {}).get(theme)
            if base is None and theme:
                self.fail(("theme",), f"has no base pack (`{theme}` with no locale) for this translation to follow")
        scenarios = []
        seen: set[str] = set()
        for index, item in enumerate(self.items(fields, "scenarios", (), 1, None)):
            where: Location = ("scenarios", index)
            if base is None and "locale" in fields:
                continue
            if base is not None:
                translated = self.translation(item, where, {body.id: body for body in base.scenarios})
                if translated is None:
                    continue
                if translated.id in seen:
                    self.fail((*where, "id"), "is translated twice in this pack")
                seen.add(translated.id)
                scenarios.append(translated)
                continue
            body = self.scenario(item, where)
            if shipped:
                self.shipped(body, where)
            scenarios.append(body)
        if base is not None:
            for body in base.scenarios:
                if body.id not in seen:
                    self.fail(("scenarios", body.id, "id"), "is in the base pack but not translated here")
        return Pack(
            theme=theme,
            title=self.text(fields, "title", (), MAX_TITLE),
            description=self.text(fields, "description", (), MAX_DESCRIPTION),
            scenarios=tuple(scenarios),
            locale=locale,
        )


def translation_json(body: ScenarioBody, title: str) -> dict[str, Any]:
    """What a guild keeps of a scenario a localized pack translated: the texts a translation gives, and the
    theme's title in that language."""
    data: dict[str, Any] = {
        "title": title,
        "context": body.context,
        "customer_says": body.customer_says,
        "replies": [reply.as_json() for reply in body.replies],
        "principle": body.principle,
    }
    if body.customer_role is not None:
        data["customer_role"] = body.customer_role
    if body.steps:
        data["steps"] = [step.as_json() for step in body.steps]
    return data


def translated(base: ScenarioBody, stored: dict[str, Any]) -> ScenarioBody | None:
    """`base` as a stored translation (`translation_json`) gives it; None when the translation no longer fits
    the base (re-imported since in another shape), so the rep reads the base rather than a mismatch."""
    reader = _Reader()
    body = reader.translation(
        {name: value for name, value in stored.items() if name != "title"} | {"id": base.id}, (), {base.id: base}
    )
    return None if reader.problems else body


def scenario_body(raw: object) -> ScenarioBody:
    """One scenario (a manager's form, a stored row); raise `InvalidScenario` listing every problem."""
    reader = _Reader()
    body = reader.scenario(raw, ())
    if reader.problems:
        raise InvalidScenario(reader.problems)
    return body


@dataclass(frozen=True, kw_only=True)
class Scenario(ScenarioBody):
    """A scenario ready to present: from a pack (`key` "pack:<id>") or a guild's own ("guild:<row id>")."""

    key: str
    theme: str

    @classmethod
    def from_body(cls, body: ScenarioBody, theme: str, key: str) -> Scenario:
        return cls(**{field.name: getattr(body, field.name) for field in fields(ScenarioBody)}, key=key, theme=theme)


class ContentError(CoachError):
    """Content that cannot be used; `problems` holds one `path: scenario id: field: problem` line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def field_path(parts: Iterable[int | str]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(scenario)"


def _problems(problems: list[tuple[Location, str]], raw: Any, source: str) -> list[str]:
    lines = []
    scenarios = raw.get("scenarios") if isinstance(raw, dict) else None
    for location, message in problems:
        if len(location) >= 2 and location[0] == "scenarios" and isinstance(location[1], int):
            index = location[1]
            entry = scenarios[index] if isinstance(scenarios, list) and index < len(scenarios) else None
            name = entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None
            lines.append(f"{source}: {name or f'scenario #{index + 1}'}: {field_path(location[2:])}: {message}")
        elif len(location) >= 2 and location[0] == "scenarios":  # a scenario the file lacks, named by its id
            lines.append(f"{source}: {location[1]}: {field_path(location[2:])}: {message}")
        else:
            lines.append(f"{source}: (pack): {field_path(location) if location else 'pack'}: {message}")
    return lines


def read_toml(text: str, where: str) -> dict[str, Any]:
    """A TOML document's table, or `ContentError` saying why it can't be read (`where` leads the line).

    A byte-order mark (some Windows editors save one) is not part of the document. Nesting deep enough to
    exhaust Python's stack (a 2 KB file of a thousand `[`) is refused like any other unreadable file."""
    import tomllib  # on first use: a process that reads no TOML never holds the parser

    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        raise ContentError([f"{where}: toml: {error}"]) from None
    except RecursionError:
        raise ContentError([f"{where}: toml: nested too deeply to read"]) from None


def declared_locale(raw: dict[str, Any]) -> bool:
    """Whether a parsed pack declares a locale: a translation, read after the base packs it follows."""
    return "locale" in raw


def parse_pack(text: str, source: str, *, shipped: bool = False, bases: dict[str, Pack] | None = None) -> Pack:
    """Parse and validate one pack (a `shipped` one says everything a guild's may leave out; a localized one
    is checked against its theme's pack in `bases`); raise `ContentError` listing every problem."""
    return parse_raw_pack(read_toml(text, f"{source}: (pack)"), source, shipped=shipped, bases=bases)


def parse_raw_pack(
    raw: dict[str, Any], source: str, *, shipped: bool = False, bases: dict[str, Pack] | None = None
) -> Pack:
    reader = _Reader()
    pack = reader.pack(raw, shipped=shipped, bases=bases)
    if reader.problems:
        raise ContentError(_problems(reader.problems, raw, source))
    return pack


@dataclass(frozen=True)
class Library:
    """Every pack scenario, by key, and every theme's title; and their translations, by language."""

    scenarios: dict[str, Scenario]
    themes: dict[str, str]
    translations: dict[str, dict[str, Scenario]] = field(default_factory=dict)  # language -> key -> scenario
    translated_themes: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> theme -> title

    def in_theme(self, theme: str | None) -> list[Scenario]:
        return [s for s in self.scenarios.values() if theme is None or s.theme == theme]

    def localized(self, scenario: Scenario, language: str | None) -> Scenario:
        """The scenario as a rep reading `language` sees it: its translation when there is one."""
        if language is None:
            return scenario
        return self.translations.get(language, {}).get(scenario.key, scenario)

    def theme_title(self, theme: str, language: str | None) -> str | None:
        if language is not None and (title := self.translated_themes.get(language, {}).get(theme)):
            return title
        return self.themes.get(theme)


def default_prompts_dir() -> Path:
    """`prompts/` beside the source tree, or the copy packaged inside `bot` by a wheel install."""
    checkout = Path(__file__).resolve().parents[2] / "prompts"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("bot") / "prompts"))


def load_library(directory: Path | None = None) -> Library:
    """Load every pack under `directory/scenarios`, the translations after the packs they follow; raise
    `ContentError` listing every problem found."""
    root = (directory or default_prompts_dir()) / "scenarios"
    problems: list[str] = []
    scenarios: dict[str, Scenario] = {}
    themes: dict[str, str] = {}
    bases: dict[str, Pack] = {}
    theme_files: dict[str, str] = {}
    files = sorted(root.glob("*.toml"))
    if not files:
        raise ContentError([f"{root}: (pack): files: no scenario packs found"])
    read: list[tuple[Path, dict[str, Any]]] = []
    for path in files:
        try:
            read.append((path, read_toml(path.read_text(encoding="utf-8"), f"{path}: (pack)")))
        except ContentError as error:
            problems.extend(error.problems)
    for path, raw in read:
        if declared_locale(raw):
            continue
        try:
            pack = parse_raw_pack(raw, str(path), shipped=True)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        if pack.theme in theme_files:
            problems.append(f"{path}: (pack): theme: `{pack.theme}` is already the theme of {theme_files[pack.theme]}")
        theme_files[pack.theme] = str(path)
        themes[pack.theme] = pack.title
        bases[pack.theme] = pack
        for body in pack.scenarios:
            key = f"pack:{body.id}"
            if key in scenarios:
                problems.append(f"{path}: {body.id}: id: used twice")
            scenarios[key] = Scenario.from_body(body, pack.theme, key)
    translations: dict[str, dict[str, Scenario]] = {}
    translated_themes: dict[str, dict[str, str]] = {}
    for path, raw in read:
        if not declared_locale(raw):
            continue
        try:
            pack = parse_raw_pack(raw, str(path), shipped=True, bases=bases)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        language = str(pack.locale)
        titles = translated_themes.setdefault(language, {})
        if pack.theme in titles:
            problems.append(f"{path}: (pack): locale: `{pack.theme}` already has a `{language}` translation")
        titles[pack.theme] = pack.title
        for body in pack.scenarios:
            key = f"pack:{body.id}"
            translations.setdefault(language, {})[key] = Scenario.from_body(body, pack.theme, key)
    if problems:
        raise ContentError(problems)
    return Library(scenarios, themes, translations, translated_themes)
