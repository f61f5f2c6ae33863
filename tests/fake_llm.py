"""A local OpenAI-compatible server for role-play's optional language model: `POST /v1/chat/completions`
answered from what the test queued, so the real `openai` client is exercised without the network.

Each answer is chosen by `answer(request_body) -> str | Fault`; the default voices a persona line for a line
request and gives a `listening` second opinion quoting the reply's first word for a review request.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.coach.llm import OPINION_BRIEF


@dataclass(frozen=True)
class Fault:
    status: int = 500
    delay: float = 0.0  # seconds before answering (a slow model)


def is_review(body: dict[str, Any]) -> bool:
    return body["messages"][0]["content"] == OPINION_BRIEF


def rep_reply(body: dict[str, Any]) -> str:
    """The reply under review (from a review request's user message)."""
    found = re.search(r"\nRep: (.*)\Z", body["messages"][-1]["content"], re.DOTALL)
    return found.group(1) if found else ""


def opinion(verdict: str, quotes: list[str], reason: str = "It asks them for nothing.") -> str:
    return json.dumps({"verdict": verdict, "quotes": quotes, "reason": reason})


def default_answer(body: dict[str, Any]) -> str | Fault:
    if is_review(body):
        return opinion("listening", [rep_reply(body).split()[0]])
    return "Honestly? The drivers are the ones who pay for it. Tell me what you'd want to know."


@dataclass
class FakeLlm:
    answer: Callable[[dict[str, Any]], str | Fault] = default_answer
    requests: list[dict[str, Any]] = field(default_factory=list)
    tokens_per_answer: int = 50
    before_answer: Callable[[dict[str, Any]], Awaitable[None]] | None = None  # e.g. a slow model
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def reviews(self) -> list[dict[str, Any]]:
        return [body for body in self.requests if is_review(body)]

    def lines(self) -> list[dict[str, Any]]:
        return [body for body in self.requests if not is_review(body)]

    async def _complete(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        if self.before_answer is not None:
            await self.before_answer(body)
        answer = self.answer(body)
        if isinstance(answer, Fault):
            await asyncio.sleep(answer.delay)
            return web.json_response({"error": {"message": "fault", "type": "server_error"}}, status=answer.status)
        return web.json_response(
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": answer},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": self.tokens_per_answer // 2,
                    "completion_tokens": self.tokens_per_answer - self.tokens_per_answer // 2,
                    "total_tokens": self.tokens_per_answer,
                },
            }
        )


@asynccontextmanager
async def fake_llm() -> AsyncIterator[FakeLlm]:
    server = FakeLlm()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", server._complete)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield server
    finally:
        await runner.cleanup()
