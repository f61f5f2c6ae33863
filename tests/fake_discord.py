"""A small fake Discord for full-process tests: aiohttp REST + a websocket gateway on 127.0.0.1.

It speaks just enough of Discord for `rapport run` to log in, register commands, receive slash commands and
answer them: `GET /users/@me`, `GET /oauth2/applications/@me`, `PUT /applications/{id}/commands`, the
interaction callback and the original-response webhook; gateway HELLO, IDENTIFY, READY, GUILD_CREATE,
heartbeats and INTERACTION_CREATE. Every request body is checked against Discord's OpenAPI spec when the
spec is present; problems are collected in `spec_problems`. JSON replies carry exactly
`application/json` (aiohttp's default adds a charset, which discord.py's login refuses).
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import json
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

from tests import discord_spec

API_PREFIX = "/api/v10"
BOT_TOKEN = "fake-bot-token"
DISCORD_EPOCH_MS = 1_420_070_400_000
_last_id = 0


def snowflake() -> str:
    """An id that carries its creation time as Discord's do (milliseconds since 2015 above bit 22), so a
    client's `after=<a time>` over a channel's messages means what it means in Discord; unique and rising."""
    global _last_id
    _last_id = max(_last_id + 1, (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22)
    return str(_last_id)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def route_name(method: str, path: str, *, use_spec: bool = True) -> str:
    """`METHOD /template` as the spec names the route; without the spec (absent, or benchmarking: matching
    a path against every route costs milliseconds) ids are generalised to `{id}`."""
    route = discord_spec.route_for(path) if use_spec and discord_spec.spec_available() else None
    return f"{method} {route.template if route else re.sub(r'/[0-9]+', '/{id}', path.split('?', 1)[0])}"


def json_response(body: Any, status: int = 200) -> web.Response:
    return web.Response(body=json.dumps(body).encode(), status=status, headers={"Content-Type": "application/json"})


@dataclass
class Request:
    method: str
    path: str
    body: Any


@dataclass
class FakeDiscord:
    application_id: str = field(default_factory=snowflake)
    bot_user_id: str = field(default_factory=snowflake)
    guild_id: str = field(default_factory=snowflake)
    channel_id: str = field(default_factory=snowflake)
    requests: list[Request] = field(default_factory=list)
    spec_problems: list[str] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)
    identifies: int = 0
    heartbeats: int = 0
    heartbeat_interval_ms: int = 1000
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Discord's global limit (requests a second, all routes but interaction replies); None: unlimited.
    rate_limit: int | None = None
    closed_dm_users: set[str] = field(default_factory=set)
    # Hold the response to the Nth created message forever (after storing it), to crash a bot mid-send.
    hold_message_number: int | None = None
    # How long a repeated nonce (with enforce_nonce) returns the message already created; Discord says "a few
    # minutes". None: forever.
    nonce_window: float | None = 300.0
    # The gateway refuses connections (HTTP 503 on the websocket upgrade), counted in gateway_refusals.
    gateway_down: bool = False
    gateway_refusals: int = 0
    # Awaited before answering each `POST /users/@me/channels` (a test's fault to inject at that moment).
    on_dm_open: Callable[[str], Awaitable[None]] | None = None
    statuses: Counter[int] = field(default_factory=Counter)
    route_statuses: Counter[str] = field(default_factory=Counter)
    # Check every request against Discord's published spec (tests). Benchmarks turn it off: it costs the fake
    # a few ms a request, which would pad every figure, the bare bot's floor most of all.
    validate: bool = True  # "POST /channels/{channel_id}/messages 200"
    created: list[dict[str, Any]] = field(default_factory=list)
    nonce_replays: int = 0
    callbacks: dict[str, dict[str, Any]] = field(default_factory=dict)
    # interaction id -> {"sent": t, "ack": t, "done": t} (time.perf_counter), for benchmarks
    timings: dict[str, dict[str, float]] = field(default_factory=dict)
    request_times: list[float] = field(default_factory=list)
    # Benchmarks: more guilds in READY, each with this many text channels.
    extra_guilds: int = 0
    channels_per_guild: int = 1
    guilds_sent: int = 0
    # Sharding, as Discord does it: `GET /gateway/bot` recommends `recommended_shards`; each connection
    # identifies with [shard_id, shard_count] and receives only the guilds, and the guilds' events, of that
    # shard, `(guild_id >> 22) % shard_count` (DMs go to shard 0).
    recommended_shards: int = 1
    # More guilds, each with a channel of its own, sent in READY to the shard that has them (tests of sharding).
    more_guilds: dict[str, str] = field(default_factory=dict)  # guild id -> its channel id
    identified_shards: list[tuple[int, int]] = field(default_factory=list)
    callback_counts: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_shard: dict[int, tuple[int, int]] = {}  # id(socket) -> (shard_id, shard_count)
        self._sequence = itertools.count(1)
        self._changed = asyncio.Condition()
        self.port = 0
        self._limited_times: list[float] = []
        self._by_nonce: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
        self._dm_channels: dict[str, str] = {}
        self._dm_owner: dict[str, str] = {}
        self._hold = asyncio.Event()

    # ------------------------------------------------------------------ lifecycle
    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/_control/state", self._control_state)
        app.router.add_post("/_control/measure", self._control_measure)
        app.router.add_post("/_control/config", self._control_config)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        self._hold.set()
        for socket in self._sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def env(self) -> dict[str, str]:
        return {
            "DISCORD_TOKEN": BOT_TOKEN,
            "DISCORD_API_BASE_URL": self.api_base,
            "DISCORD_GATEWAY_URL": self.gateway_url,
        }

    # ---------------------------------------------- control (benchmarks drive a fake running in its own process)
    async def _control_state(self, _request: web.Request) -> web.Response:
        return json_response(
            {
                "identifies": self.identifies,
                "guilds_sent": self.guilds_sent,
                "connected": self.connected,
                "commands": [command["name"] for command in self.commands],
                "statuses": {str(status): count for status, count in self.statuses.items()},
                "routes": dict(self.route_statuses),
                "created": len(self.created),
                "nonce_duplicates": sum(1 for n in self.messages_per_nonce().values() if n > 1),
                "max_requests_in_a_second": self.max_requests_in_a_second(),
                "requests": len(self.request_times),
                "request_span_s": (self.request_times[-1] - self.request_times[0]) if self.request_times else 0.0,
                # Interactions by how many initial responses each had ({"1": n}: each answered once).
                "callbacks": {str(times): n for times, n in Counter(self.callback_counts.values()).items()},
                "nonce_replays": self.nonce_replays,
                "dms_per_user": dict(Counter(self._dm_owner[m["channel_id"]] for m in self.dms())),
            }
        )

    async def _control_config(self, request: web.Request) -> web.Response:
        body = await request.json()
        if "rate_limit" in body:
            self.rate_limit = body["rate_limit"]
        if "closed_dm_users" in body:
            self.closed_dm_users = {str(user) for user in body["closed_dm_users"]}
        if "validate" in body:
            self.validate = bool(body["validate"])
        if "nonce_window" in body:
            self.nonce_window = body["nonce_window"]
        if "extra_guilds" in body:
            self.extra_guilds = int(body["extra_guilds"])
            self.channels_per_guild = int(body.get("channels_per_guild", 1))
        added = self.add_guilds(int(body["more_guilds"])) if "more_guilds" in body else []
        if body.get("reset_counters"):
            self.statuses.clear()
            self.route_statuses.clear()
            self.request_times.clear()
        return json_response({"ok": True, "guild_ids": added})

    async def _control_measure(self, request: web.Request) -> web.Response:
        body = await request.json()
        users = [str(user) for user in body.get("user_ids") or ["4242"]]
        guilds = [str(guild) for guild in body.get("guild_ids") or [self.guild_id]]  # taken in turn, like users
        options = body.get("options") or {}

        async def send(index: int) -> str:
            user = users[index % len(users)]
            if body.get("kind") == "autocomplete":
                return await self.send_autocomplete(body["name"], body["sub"], user, body["focused"], **options)
            guild = guilds[index % len(guilds)]
            return await self.send_slash(body["name"], body["sub"], user, guild_id=guild, **options)

        result = await self.measure(send, int(body["count"]), int(body["concurrency"]), float(body.get("timeout", 60)))
        return json_response(result)

    # ------------------------------------------------------------------ waiting
    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Any, timeout: float = 20.0) -> Any:  # noqa: ASYNC109
        """Wait until `predicate()` is truthy; return its value."""

        async def loop() -> Any:
            async with self._changed:
                while not (value := predicate()):
                    await self._changed.wait()
                return value

        return await asyncio.wait_for(loop(), timeout)

    def count(self, method: str, suffix: str) -> int:
        return sum(1 for r in self.requests if r.method == method and r.path.endswith(suffix))

    # ------------------------------------------------------------------ REST
    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        route = route_name(request.method, path, use_spec=self.validate)
        token_in_path = path.startswith(("/interactions/", "/webhooks/"))  # authorised by the token in the path
        if not token_in_path and request.headers.get("Authorization") != f"Bot {BOT_TOKEN}":
            return self._counted(json_response({"message": "401: Unauthorized", "code": 0}, 401), route)
        now = time.monotonic()
        if not token_in_path:  # interaction replies are outside the global limit and these counts
            self.request_times.append(now)
        if not token_in_path and self.rate_limit is not None:
            limited = self._rate_limited(now)
            if limited is not None:
                return self._counted(limited, route)
        body = await self._body(request)
        self.requests.append(Request(request.method, path, body))
        if self.validate and discord_spec.spec_available():
            self.spec_problems.extend(discord_spec.problems_with(request.method, path, body, request.query))
        response = await self._answer(request.method, path, body, request.query)
        await self._notify()
        return self._counted(response, route)

    def history_reads(self) -> int:
        """Answered reads of a channel's messages, whether routes are named by the spec (`{channel_id}`) or,
        without it (a clone with no `../shared`), generalised (`{id}`)."""
        return sum(
            count
            for route, count in self.route_statuses.items()
            if re.fullmatch(r"GET /channels/\{\w+\}/messages 200", route)
        )

    def _counted(self, response: web.StreamResponse, route: str) -> web.StreamResponse:
        self.statuses[response.status] += 1
        self.route_statuses[f"{route} {response.status}"] += 1
        return response

    async def _body(self, request: web.Request) -> Any:
        if not request.can_read_body:
            return None
        if request.content_type == "application/json":
            return await request.json()
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            payload = form.get("payload_json")
            return json.loads(payload) if isinstance(payload, str) else None
        return None

    def _rate_limited(self, now: float) -> web.Response | None:
        """Discord's global limit over a sliding second; a 429 carries `Via` as Discord's do."""
        assert self.rate_limit is not None
        self._limited_times = [moment for moment in self._limited_times if now - moment < 1.0]
        if len(self._limited_times) < self.rate_limit:
            self._limited_times.append(now)
            return None
        retry_after = round(1.0 - (now - self._limited_times[0]), 3)
        return web.Response(
            body=json.dumps(
                {"message": "You are being rate limited.", "retry_after": retry_after, "global": True}
            ).encode(),
            status=429,
            headers={
                "Content-Type": "application/json",
                "Via": "1.1 google",
                "Retry-After": str(retry_after),
                "X-RateLimit-Global": "true",
                "X-RateLimit-Scope": "global",
            },
        )

    def max_requests_in_a_second(self) -> int:
        times = sorted(self.request_times)
        best, start = 0, 0
        for end, moment in enumerate(times):
            while moment - times[start] >= 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best

    def dms(self) -> list[dict[str, Any]]:
        """The messages created in DM channels."""
        return [message for message in self.created if message["channel_id"] in self._dm_owner]

    def messages_per_nonce(self) -> Counter[str]:
        return Counter(message["nonce"] for message in self.created if message.get("nonce"))

    async def _answer(self, method: str, path: str, body: Any, query: Mapping[str, str]) -> web.StreamResponse:
        parts = path.strip("/").split("/")
        if (method, path) == ("POST", "/users/@me/channels"):
            if self.on_dm_open is not None:
                await self.on_dm_open(str(body["recipient_id"]))
            return json_response(self.dm_channel(str(body["recipient_id"])))
        if method == "POST" and parts[0] == "channels" and parts[-1] == "messages":
            return await self._create_message(parts[1], body or {})
        if method == "GET" and parts[0] == "channels" and parts[-1] == "messages" and len(parts) == 3:
            return self._list_messages(parts[1], query)
        if (method, path) == ("GET", "/users/@me"):
            return json_response(self.bot_user())
        if (method, path) == ("GET", "/gateway/bot"):
            return json_response(
                {
                    "url": self.gateway_url,
                    "shards": self.recommended_shards,
                    "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
                }
            )
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return json_response(self.application())
        if method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            self.commands = [{**command, "id": snowflake(), "application_id": self.application_id} for command in body]
            return json_response(self.commands)
        if method == "GET" and parts[0] == "applications" and parts[-1] == "commands":
            return json_response(self.commands)
        if method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            return self._callback(parts[1], body)
        if parts[0] == "webhooks" and method in {"PATCH", "POST"}:
            token = parts[2]
            timing = self.timings.get(token.removeprefix("token-"))
            if timing is not None and "done" not in timing:
                timing["done"] = time.perf_counter()
            message = self.message(token, body or {})
            return json_response(message)
        return json_response({"message": f"fake Discord has no {method} {path}", "code": 0}, 404)

    def dm_channel(self, user_id: str) -> dict[str, Any]:
        channel_id = self._dm_channels.setdefault(user_id, snowflake())
        self._dm_owner[channel_id] = user_id
        recipient = {"id": user_id, "username": f"user{user_id[-4:]}", "discriminator": "0", "avatar": None}
        return {"id": channel_id, "type": 1, "recipients": [recipient], "last_message_id": None}

    async def _create_message(self, channel_id: str, body: dict[str, Any]) -> web.StreamResponse:
        owner = self._dm_owner.get(channel_id)
        if owner is not None and owner in self.closed_dm_users:
            return json_response({"message": "Cannot send messages to this user", "code": 50007}, 403)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            created_at, existing = self._by_nonce.get((channel_id, str(nonce)), (0.0, None))
            if existing is not None and (
                self.nonce_window is None or time.monotonic() - created_at < self.nonce_window
            ):
                self.nonce_replays += 1
                return json_response(existing)
        message = self.message(f"channel:{channel_id}:{snowflake()}", body)
        message["channel_id"] = channel_id
        message["nonce"] = nonce
        self.created.append(message)
        if nonce is not None:
            self._by_nonce[(channel_id, str(nonce))] = (time.monotonic(), message)
        await self._notify()
        if self.hold_message_number is not None and len(self.created) == self.hold_message_number:
            await self._hold.wait()  # Discord accepted it; the bot never hears back
        return json_response(message)

    def _list_messages(self, channel_id: str, query: Mapping[str, str]) -> web.Response:
        """`GET /channels/{id}/messages` as Discord answers it: newest first; `after` gives the `limit`
        messages nearest after that id, `before` those nearest before it. Discord keeps no nonce: a message
        read back never carries one."""
        try:
            limit = int(query.get("limit", "50"))
            after, before = int(query.get("after", "0")), int(query.get("before", str(1 << 63)))
        except ValueError:
            return json_response({"message": "Invalid Form Body", "code": 50035}, 400)
        if not 1 <= limit <= 100 or "around" in query:  # the fake needs no `around`; say so rather than guess
            return json_response({"message": "Invalid Form Body", "code": 50035}, 400)
        in_channel = sorted(
            (m for m in self.created if m["channel_id"] == channel_id and after < int(m["id"]) < before),
            key=lambda m: int(m["id"]),
        )
        page = in_channel[:limit] if "after" in query else in_channel[-limit:]
        return json_response([{k: v for k, v in m.items() if k != "nonce"} for m in reversed(page)])

    def extra_guild(self) -> dict[str, Any]:
        channels = [
            {"id": snowflake(), "type": 0, "name": f"channel-{n}", "position": n, "permission_overwrites": []}
            for n in range(self.channels_per_guild)
        ]
        return self.guild(snowflake(), channels)

    def add_guilds(self, count: int) -> list[str]:
        """`count` more guilds, each with a channel; returns their ids (spread over the shards by their ids)."""
        global _last_id
        start = int(snowflake())
        # A millisecond apart, so that consecutive ids do not all fall on one shard.
        added = [str(start + (number << 22)) for number in range(count)]
        _last_id = max(_last_id, int(added[-1]))
        self.more_guilds.update({guild_id: snowflake() for guild_id in added})
        return added

    def _callback(self, interaction_id: str, body: dict[str, Any]) -> web.StreamResponse:
        self.callbacks[interaction_id] = body
        self.callback_counts[interaction_id] += 1
        timing = self.timings.get(interaction_id)
        if timing is not None:
            timing["ack"] = time.perf_counter()
            if body.get("type") in (4, 7, 8, 9):  # answered in the callback itself
                timing["done"] = timing["ack"]
        data = body.get("data") or {}
        flags = int(data.get("flags") or 0)
        kind = body["type"]
        message = None
        if kind in (4, 5):
            message = self.message(f"original:{interaction_id}", data)
        return json_response(
            {
                "interaction": {
                    "id": interaction_id,
                    "type": 2,
                    "response_message_id": message["id"] if message else None,
                    "response_message_loading": kind == 5,
                    "response_message_ephemeral": bool(flags & 64),
                },
                "resource": {"type": kind, **({"message": message} if message else {})},
            }
        )

    def message(self, key: str, body: dict[str, Any]) -> dict[str, Any]:
        message = {
            "id": snowflake(),
            "channel_id": self.channel_id,
            "author": self.bot_user(),
            "content": body.get("content") or "",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [{"type": "rich", **embed} for embed in body.get("embeds") or []],  # as Discord fills them in
            "components": body.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags") or 0),
        }
        self.messages[key] = message
        return message

    # ------------------------------------------------------------------ payloads
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_user_id,
            "username": "Rapport",
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": True,
            "flags": 0,
        }

    def application(self) -> dict[str, Any]:
        return {
            "id": self.application_id,
            "name": "Rapport",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": {"id": snowflake(), "username": "owner", "discriminator": "0", "avatar": None},
            "flags": 0,
        }

    @staticmethod
    def _channels(channel_id: str) -> list[dict[str, Any]]:
        return [{"id": channel_id, "type": 0, "name": "sales", "position": 0, "permission_overwrites": []}]

    def guild(self, guild_id: str | None = None, channels: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The test guild's GUILD_CREATE payload; with `guild_id`, one of the extra guilds (benchmarks)."""
        guild_id = guild_id or self.guild_id
        if channels is None:
            channels = [{"id": self.channel_id, "type": 0, "name": "sales", "position": 0, "permission_overwrites": []}]
        return {
            "id": guild_id,
            "name": "Sales floor",
            "icon": None,
            "owner_id": snowflake(),
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "nsfw_level": 0,
            "preferred_locale": "en-US",
            "features": [],
            "roles": [
                {
                    "id": guild_id,
                    "name": "@everyone",
                    "permissions": "2248473465835073",
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "emojis": [],
            "stickers": [],
            "channels": channels,
            "threads": [],
            "members": [],
            "voice_states": [],
            "presences": [],
            "member_count": 2,
            "joined_at": now_iso(),
            "large": False,
            "unavailable": False,
        }

    def slash_payload(
        self, name: str, subcommand: str, options: dict[str, Any], user_id: str, guild_id: str | None = None
    ) -> dict[str, Any]:
        guild_id = guild_id or self.guild_id
        channel_id = self.more_guilds.get(guild_id, self.channel_id)
        command = next(c for c in self.commands if c["name"] == name)
        interaction_id = snowflake()
        option_values = [{"name": key, "type": 3, "value": value} for key, value in options.items()]
        return {
            "id": interaction_id,
            "application_id": self.application_id,
            "type": 2,
            "token": f"token-{interaction_id}",
            "version": 1,
            "guild_id": guild_id,
            "channel_id": channel_id,
            "channel": {"id": channel_id, "type": 0, "guild_id": guild_id, "name": "sales"},
            "member": {
                "user": {"id": user_id, "username": "alice", "discriminator": "0", "avatar": None},
                "roles": [],
                "permissions": "2248473465835073",
                "joined_at": now_iso(),
                "deaf": False,
                "mute": False,
                "flags": 0,
            },
            "data": {
                "id": command["id"],
                "name": name,
                "type": 1,
                "options": [{"name": subcommand, "type": 1, "options": option_values}],
            },
            "app_permissions": "2248473465835073",
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": guild_id},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }

    def _dm_interaction(
        self, kind: int, user_id: str, data: dict[str, Any], message: dict[str, Any] | None
    ) -> dict[str, Any]:
        interaction_id = snowflake()
        channel = self.dm_channel(user_id)
        payload = {
            "id": interaction_id,
            "application_id": self.application_id,
            "type": kind,
            "token": f"token-{interaction_id}",
            "version": 1,
            "channel_id": channel["id"],
            "channel": channel,
            "user": {"id": user_id, "username": "alice", "discriminator": "0", "avatar": None},
            "data": data,
            "app_permissions": "0",
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": self.guild_id},
            "context": 1,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        return payload

    async def click_in_dm(self, message: dict[str, Any], custom_id: str, user_id: str) -> str:
        """A button click on a message in a user's DMs; returns the interaction id."""
        payload = self._dm_interaction(3, user_id, {"custom_id": custom_id, "component_type": 2}, message)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload["id"]

    async def submit_modal_in_dm(self, modal: dict[str, Any], values: dict[str, Any], user_id: str) -> str:
        """Fill the modal the bot answered with (a callback of type 9) and submit it from the DMs."""
        components = []
        for row in modal["components"]:
            inner = row.get("component") or (row.get("components") or [None])[0]
            if inner is None or inner.get("custom_id") not in values:
                continue
            value = values[inner["custom_id"]]
            filled = {"type": inner["type"], "custom_id": inner["custom_id"]}
            filled.update({"values": value} if isinstance(value, list) else {"value": value})
            components.append(
                {"type": row["type"], "component": filled} if row["type"] == 18 else {"type": 1, "components": [filled]}
            )
        payload = self._dm_interaction(5, user_id, {"custom_id": modal["custom_id"], "components": components}, None)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload["id"]

    # ------------------------------------------------------------------ gateway
    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event to the connections of its shard (a guild's, by its id; shard 0 for DMs)."""
        guild_id = int(data.get("guild_id") or 0)
        for socket in list(self._sockets):
            shard_id, shard_count = self._socket_shard.get(id(socket), (0, 1))
            if not socket.closed and (guild_id >> 22) % shard_count == shard_id:
                await socket.send_str(json.dumps({"op": 0, "t": event, "s": next(self._sequence), "d": data}))

    async def send_slash(
        self, name: str, subcommand: str, user_id: str, *, guild_id: str | None = None, **options: Any
    ) -> str:
        """Send INTERACTION_CREATE for `/name subcommand` (in `guild_id`, else the test guild); returns the
        interaction id."""
        payload = self.slash_payload(name, subcommand, options, user_id, guild_id)
        self.timings[payload["id"]] = {"sent": time.perf_counter()}
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload["id"]

    async def send_autocomplete(self, name: str, subcommand: str, user_id: str, focused: str, **options: Any) -> str:
        """Send an autocomplete interaction with `focused` the option being typed; returns its id."""
        payload = self.slash_payload(name, subcommand, options, user_id)
        payload["type"] = 4
        for option in payload["data"]["options"][0]["options"]:
            if option["name"] == focused:
                option["focused"] = True
        self.timings[payload["id"]] = {"sent": time.perf_counter()}
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload["id"]

    async def measure(self, send: Any, count: int, concurrency: int, timeout: float = 30.0) -> dict[str, list[float]]:  # noqa: ASYNC109
        """Send `count` interactions, `concurrency` at a time; milliseconds from dispatch to ack and to answer."""
        acks: list[float] = []
        answers: list[float] = []
        for wave in range(0, count, concurrency):
            ids = [await send(index) for index in range(wave, min(count, wave + concurrency))]
            await self.wait_for(lambda ids=ids: all("done" in self.timings[i] for i in ids), timeout)
            for interaction_id in ids:
                timing = self.timings.pop(interaction_id)
                acks.append((timing["ack"] - timing["sent"]) * 1000)
                answers.append((timing["done"] - timing["sent"]) * 1000)
        return {"ack_ms": acks, "answer_ms": answers}

    @property
    def connected(self) -> bool:
        return any(not socket.closed for socket in self._sockets)

    async def drop_gateway(self) -> None:
        """The gateway goes away: open connections close (4000, which a client answers by reconnecting) and
        new ones are refused until `gateway_down` is cleared."""
        self.gateway_down = True
        for socket in list(self._sockets):
            await socket.close(code=4000, message=b"gateway unavailable")

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if self.gateway_down:
            self.gateway_refusals += 1
            await self._notify()
            return web.Response(status=503, text="gateway unavailable")
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}))
        async for message in socket:
            if message.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(message.data)
            if frame["op"] == 1:
                self.heartbeats += 1
                await socket.send_str(json.dumps({"op": 11}))
                await self._notify()
            elif frame["op"] == 2:
                self.identifies += 1
                shard_id, shard_count = frame["d"].get("shard") or (0, 1)
                self._socket_shard[id(socket)] = (shard_id, shard_count)
                self.identified_shards.append((shard_id, shard_count))
                await self._ready(socket)
        self._sockets.remove(socket)
        self._socket_shard.pop(id(socket), None)
        await self._notify()
        return socket

    async def _ready(self, socket: web.WebSocketResponse) -> None:
        shard_id, shard_count = self._socket_shard.get(id(socket), (0, 1))
        guilds = [self.guild()] + [self.extra_guild() for _ in range(self.extra_guilds)]
        guilds += [
            self.guild(guild_id, self._channels(channel_id)) for guild_id, channel_id in self.more_guilds.items()
        ]
        guilds = [guild for guild in guilds if (int(guild["id"]) >> 22) % shard_count == shard_id]
        ready = {
            "v": 10,
            "user": self.bot_user(),
            "guilds": [{"id": guild["id"], "unavailable": True} for guild in guilds],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": self.application_id, "flags": 0},
            "shard": [shard_id, shard_count],
        }
        await socket.send_str(json.dumps({"op": 0, "t": "READY", "s": next(self._sequence), "d": ready}))
        for guild in guilds:
            await socket.send_str(json.dumps({"op": 0, "t": "GUILD_CREATE", "s": next(self._sequence), "d": guild}))
        self.guilds_sent += len(guilds)
        await self._notify()


async def _serve(port: int) -> None:
    server = FakeDiscord()
    server.port = port
    await server.start(port)
    # Run alone (for benchmarks), the fake must not add its own pauses to what it measures: the parsed API
    # spec is a large, permanent heap, and each full collection walked it (~25 ms every ~200 requests).
    if discord_spec.spec_available():
        discord_spec.problems_with("GET", "/gateway", None)  # parse and index the spec now
    gc.collect()
    gc.freeze()
    print(f"fake-discord {server.port} {server.application_id} {server.guild_id} {server.channel_id}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


if __name__ == "__main__":
    import sys

    asyncio.run(_serve(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
