"""Quiz content: the scenario packs under `prompts/scenarios/` and the schema managers import into.

A pack is one TOML file holding one theme. Every problem is reported as `path: scenario id: field: problem`,
by `rapport content check` and at start-up, which refuses to run on invalid content.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from bot.coach.errors import CoachError

# Lengths chosen so a whole scenario, with every reply and its feedback, fits one Discord embed (6,000
# characters, 1,024 a field) and a button row.
MAX_CONTEXT = 600
MAX_CUSTOMER_SAYS = 400
MAX_REPLY = 300
MAX_FEEDBACK = 300
MAX_PRINCIPLE = 200
MAX_SOURCE = 200
MIN_REPLIES, MAX_REPLIES = 3, 4

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


def _text(maximum: int) -> Any:
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=maximum)]


class Stance(StrEnum):
    LISTENING = "listening"
    PUSHING = "pushing"


class Reply(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: _text(MAX_REPLY)  # type: ignore[valid-type]
    stance: Stance
    feedback: _text(MAX_FEEDBACK)  # type: ignore[valid-type]


class ScenarioBody(BaseModel):
    """A scenario as written in a pack: the pack gives its theme."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    difficulty: int = Field(ge=1, le=3)
    context: _text(MAX_CONTEXT)  # type: ignore[valid-type]
    customer_says: _text(MAX_CUSTOMER_SAYS)  # type: ignore[valid-type]
    replies: list[Reply] = Field(min_length=MIN_REPLIES, max_length=MAX_REPLIES)
    principle: _text(MAX_PRINCIPLE)  # type: ignore[valid-type]
    source: _text(MAX_SOURCE)  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _has_both_stances(self) -> ScenarioBody:
        stances = {reply.stance for reply in self.replies}
        if stances != {Stance.LISTENING, Stance.PUSHING}:
            raise ValueError("needs at least one listening and one pushing reply")
        texts = [" ".join(reply.text.casefold().split()) for reply in self.replies]
        if len(set(texts)) != len(texts):
            raise ValueError("two replies say the same thing")
        return self


class Pack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: Slug
    title: _text(80)  # type: ignore[valid-type]
    description: _text(300)  # type: ignore[valid-type]
    scenarios: list[ScenarioBody] = Field(min_length=1)


@dataclass(frozen=True)
class Scenario:
    """A scenario ready to present: from a pack (`key` "pack:<id>") or a guild's own ("guild:<row id>")."""

    key: str
    id: str
    theme: str
    difficulty: int
    context: str
    customer_says: str
    replies: tuple[Reply, ...]
    principle: str
    source: str

    @classmethod
    def from_body(cls, body: ScenarioBody, theme: str, key: str) -> Scenario:
        return cls(
            key=key,
            id=body.id,
            theme=theme,
            difficulty=body.difficulty,
            context=body.context,
            customer_says=body.customer_says,
            replies=tuple(body.replies),
            principle=body.principle,
            source=body.source,
        )


class ContentError(CoachError):
    """Content that cannot be used; `problems` holds one `path: scenario id: field: problem` line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _field_path(parts: Iterable[int | str]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(scenario)"


def _problems(error: ValidationError, raw: Any, source: str) -> list[str]:
    lines = []
    scenarios = raw.get("scenarios") if isinstance(raw, dict) else None
    for detail in error.errors():
        location = list(detail["loc"])
        message = detail["msg"].removeprefix("Value error, ")
        if len(location) >= 2 and location[0] == "scenarios" and isinstance(location[1], int):
            index = location[1]
            entry = scenarios[index] if isinstance(scenarios, list) and index < len(scenarios) else None
            name = entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None
            lines.append(f"{source}: {name or f'scenario #{index + 1}'}: {_field_path(location[2:])}: {message}")
        else:
            lines.append(f"{source}: (pack): {_field_path(location)}: {message}")
    return lines


def parse_pack(text: str, source: str) -> Pack:
    """Parse and validate one pack; raise `ContentError` listing every problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ContentError([f"{source}: (pack): toml: {error}"]) from None
    try:
        return Pack.model_validate(raw)
    except ValidationError as error:
        raise ContentError(_problems(error, raw, source)) from None


@dataclass(frozen=True)
class Library:
    """Every pack scenario, by key, and every theme's title."""

    scenarios: dict[str, Scenario]
    themes: dict[str, str]

    def in_theme(self, theme: str | None) -> list[Scenario]:
        return [s for s in self.scenarios.values() if theme is None or s.theme == theme]


def default_prompts_dir() -> Path:
    """`prompts/` beside the source tree, or the copy packaged inside `bot` by a wheel install."""
    checkout = Path(__file__).resolve().parents[2] / "prompts"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("bot") / "prompts"))


def load_library(directory: Path | None = None) -> Library:
    """Load every pack under `directory/scenarios`; raise `ContentError` listing every problem found."""
    root = (directory or default_prompts_dir()) / "scenarios"
    problems: list[str] = []
    scenarios: dict[str, Scenario] = {}
    themes: dict[str, str] = {}
    theme_files: dict[str, str] = {}
    files = sorted(root.glob("*.toml"))
    if not files:
        raise ContentError([f"{root}: (pack): files: no scenario packs found"])
    for path in files:
        try:
            pack = parse_pack(path.read_text(encoding="utf-8"), str(path))
        except ContentError as error:
            problems.extend(error.problems)
            continue
        if pack.theme in theme_files:
            problems.append(f"{path}: (pack): theme: `{pack.theme}` is already the theme of {theme_files[pack.theme]}")
        theme_files[pack.theme] = str(path)
        themes[pack.theme] = pack.title
        for body in pack.scenarios:
            key = f"pack:{body.id}"
            if key in scenarios:
                problems.append(f"{path}: {body.id}: id: used twice")
            scenarios[key] = Scenario.from_body(body, pack.theme, key)
    if problems:
        raise ContentError(problems)
    return Library(scenarios, themes)
