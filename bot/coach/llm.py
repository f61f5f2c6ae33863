"""An optional language model for role-play: it may voice the persona and give a second opinion on a reply.

Off unless the operator points Rapport at an OpenAI-compatible endpoint (`ROLEPLAY_LLM_BASE_URL`,
`ROLEPLAY_LLM_MODEL`) and a guild's manager opts in (`/coach setup roleplay_llm`). The offline scripts and
scorer stay the authority: the persona moves on the scorer's verdict, the model only rewrites the line of
the state the script reached (from the persona's own brief and that state's scripted lines), and its verdict
is shown as a *second opinion*, only when it disagrees and only when every word it quotes really is in
the reply. Any failure (no answer within the timeout, an error, a line over 400 characters, quotes that are
not in the reply, the guild's daily tokens spent) falls back to the scripted line and the offline verdict,
silently for the rep.

The client library (`openai`, the `llm` extra) is imported on first use, in a thread, so a bot without a
model never loads it and a bot with one doesn't stall its event loop for the import.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select

from bot.coach.clock import Clock
from bot.coach.listening import Verdict
from bot.db.engine import Database
from bot.db.models import LlmUsage
from bot.db.upsert import insert_or_add

if TYPE_CHECKING:
    from bot.coach.personas import Persona, State

log = logging.getLogger(__name__)

MAX_LINE = 400  # characters a voiced line may have; a longer one falls back to the script
MAX_REASON = 200
VOICE_TOKENS = 160  # completion tokens asked for a line
OPINION_TOKENS = 200


class LlmUnavailable(Exception):
    """The endpoint failed, timed out or answered something unusable; the caller falls back."""


@dataclass(frozen=True)
class LlmSettings:
    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 8.0  # seconds for one call, the client's own retries off
    daily_tokens: int = 50_000  # per guild, prompt and completion together


@dataclass(frozen=True)
class Completion:
    text: str
    tokens: int  # prompt and completion together, as the endpoint counted them


class ChatModel(Protocol):
    """One chat completion. The OpenAI client is the production one; tests use a local fake server."""

    async def complete(self, messages: Sequence[dict[str, str]], max_tokens: int) -> Completion: ...

    async def aclose(self) -> None: ...


class OpenAIChat:
    """An OpenAI-compatible endpoint through the `openai` library (the `llm` extra)."""

    def __init__(self, settings: LlmSettings) -> None:
        self._settings = settings
        self._client: Any = None
        self._creating = asyncio.Lock()

    async def _ready(self) -> Any:
        async with self._creating:
            if self._client is None:
                try:
                    openai = await asyncio.to_thread(importlib.import_module, "openai")
                except ImportError as error:
                    raise LlmUnavailable(
                        "the `openai` package is not installed (pip install 'rapport[llm]')"
                    ) from error
                self._client = openai.AsyncOpenAI(
                    base_url=self._settings.base_url,
                    api_key=self._settings.api_key or "unused",  # local servers often want none
                    timeout=self._settings.timeout,
                    max_retries=0,  # the caller falls back at once; a retry would only make the rep wait
                )
            return self._client

    async def aclose(self) -> None:
        """Close the client's connection pool (left to the garbage collector, it closes on a dead loop)."""
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def complete(self, messages: Sequence[dict[str, str]], max_tokens: int) -> Completion:
        client = await self._ready()
        try:
            async with asyncio.timeout(self._settings.timeout):
                answer = await client.chat.completions.create(
                    model=self._settings.model, messages=list(messages), max_tokens=max_tokens, temperature=0.7
                )
        except TimeoutError as error:
            raise LlmUnavailable(f"no answer within {self._settings.timeout:g} s") from error
        except Exception as error:  # the library's errors, whatever the endpoint did
            raise LlmUnavailable(f"{type(error).__name__}: {error}") from error
        choices = getattr(answer, "choices", None) or []
        text = (choices[0].message.content or "") if choices else ""
        usage = getattr(answer, "usage", None)
        tokens = int(getattr(usage, "total_tokens", 0) or 0) or max_tokens  # unreported usage counts in full
        return Completion(text, tokens)


@dataclass(frozen=True)
class SecondOpinion:
    verdict: Verdict
    reason: str
    quotes: tuple[str, ...]  # each verbatim in the reply

    @property
    def summary(self) -> str:
        """One line, as the rep's report and a manager's review show it."""
        quoted = "; ".join(f"“{quote[:80]}”" for quote in self.quotes)
        return f"Second opinion (language model): {self.verdict.value}, {quoted}: {self.reason}"

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict.value, "reason": self.reason, "quotes": list(self.quotes)}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> SecondOpinion | None:
        if not data:
            return None
        return cls(Verdict(data["verdict"]), str(data["reason"]), tuple(data.get("quotes") or ()))


OPINION_BRIEF = """You review one reply a sales rep wrote to a customer, for a coaching tool that teaches \
relationship selling. LISTENING: asks about the customer's situation, reflects what they said, clarifies, or is \
honest about a limit (an honest "we're not the right fit" is listening). PUSHING: pitches the product before \
knowing the need, pressures, offers a discount, sets a deadline, asks for the close, guarantees or \
over-promises; a push wrapped in a question or in empathy is still pushing. Answer with JSON only: \
{"verdict": "listening" or "pushing", "quotes": [the exact words of the reply behind your verdict, copied \
verbatim], "reason": "one sentence the rep can learn from"}"""


def _collapse(text: str) -> str:
    return " ".join(text.split())


def read_opinion(text: str, reply: str) -> SecondOpinion | None:
    """The model's answer as a second opinion, or None when it is not one the rep could check: not JSON, an
    unknown verdict, no reason, or a quote that is not in the reply word for word."""
    found = re.search(r"\{.*\}", text, re.DOTALL)
    if found is None:
        return None
    try:
        data = json.loads(found.group(0))
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    verdict, reason, quotes = data.get("verdict"), data.get("reason"), data.get("quotes")
    if verdict not in {item.value for item in Verdict} or not isinstance(reason, str) or not reason.strip():
        return None
    if not isinstance(quotes, list) or not quotes or not all(isinstance(quote, str) and quote for quote in quotes):
        return None
    said = _collapse(reply)
    if not all(_collapse(quote) in said for quote in quotes):
        return None
    return SecondOpinion(Verdict(verdict), _collapse(reason)[:MAX_REASON], tuple(_collapse(q) for q in quotes[:3]))


def voice_brief(persona: Persona, state: State) -> str:
    """The persona's TOML brief, turned into the model's instructions for the line of `state`."""
    ending = {
        "trust": "The rep has earned your trust: offer the next step yourself.",
        "cold": "The rep has lost you: close the conversation politely and firmly.",
    }.get(state.outcome.value if state.outcome else "", "Stay guarded until the rep earns more.")
    scripted = " | ".join(state.lines)
    return (
        f"You are {persona.name}, {persona.role}, a customer in a sales conversation ({persona.channel}). "
        f"Situation: {persona.situation} What you really need, which you reveal only to a rep who listens: "
        f"{persona.hidden_need} {ending} Say what these scripted lines say, in your own words and in answer to "
        f"the rep's last message: {scripted}. One reply, at most 300 characters, no quotation marks, no "
        "stage directions, never mention that you are an AI."
    )


def read_line(text: str) -> str | None:
    line = _collapse(text).strip("\"'“”")
    return line if 0 < len(line) <= MAX_LINE else None


class PersonaModel:
    """The model as role-play uses it, within each guild's daily token budget."""

    def __init__(self, chat: ChatModel, db: Database, clock: Clock, settings: LlmSettings) -> None:
        self._chat, self._db, self._clock, self._settings = chat, db, clock, settings

    async def voice(
        self,
        guild_id: int,
        persona: Persona,
        state: State,
        history: Sequence[tuple[str, str]],
        customer_says: str,
        reply: str,
    ) -> str | None:
        """The persona's answer to `reply`, which answered `customer_says` after `history` (pairs of what the
        customer said and what the rep answered), or None to use the script."""
        messages = [{"role": "system", "content": voice_brief(persona, state)}]
        for customer, rep in [*history, (customer_says, reply)]:
            messages += [{"role": "assistant", "content": customer}, {"role": "user", "content": rep}]
        text = await self._ask(guild_id, messages, VOICE_TOKENS)
        return None if text is None else read_line(text)

    async def second_opinion(self, guild_id: int, customer_says: str, reply: str) -> SecondOpinion | None:
        messages = [
            {"role": "system", "content": OPINION_BRIEF},
            {"role": "user", "content": f"Customer: {customer_says}\nRep: {reply}"},
        ]
        text = await self._ask(guild_id, messages, OPINION_TOKENS)
        return None if text is None else read_opinion(text, reply)

    async def aclose(self) -> None:
        await self._chat.aclose()

    async def spent(self, guild_id: int, day: date | None = None) -> int:
        async with self._db.read() as session:
            used = await session.scalar(
                select(LlmUsage.tokens).where(
                    LlmUsage.guild_id == guild_id, LlmUsage.day == (day or self._clock().date())
                )
            )
        return int(used or 0)

    async def _ask(self, guild_id: int, messages: list[dict[str, str]], max_tokens: int) -> str | None:
        if await self.spent(guild_id) + max_tokens > self._settings.daily_tokens:
            log.info("guild %s has spent its language-model tokens for today; using the script", guild_id)
            return None
        try:
            completion = await self._chat.complete(messages, max_tokens)
        except LlmUnavailable as error:
            log.warning("language model unavailable, using the script: %s", error)
            return None
        async with self._db.write() as session:
            await session.run_sync(
                insert_or_add,
                LlmUsage,
                {"guild_id": guild_id, "day": self._clock().date(), "tokens": completion.tokens},
                ["guild_id", "day"],
                {"tokens": completion.tokens},
            )
        return completion.text
