"""Check the REST requests the bot makes against Discord's published OpenAPI spec, plus the limits the spec
does not express (2,000-char content, 6,000 chars of embeds a message, 4,000 chars a command).

The spec is read from `../shared/discord-api-spec/openapi.json` (override: `RAPPORT_DISCORD_SPEC`); tests
that need it skip when the file is absent.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(
    os.environ.get(
        "RAPPORT_DISCORD_SPEC",
        Path(__file__).resolve().parents[2] / "shared" / "discord-api-spec" / "openapi.json",
    )
)
BASE_URI = "urn:discord-openapi"
MAX_CONTENT = 2000
MAX_EMBEDS_TOTAL = 6000
MAX_COMMAND_CHARS = 4000


def spec_available() -> bool:
    return SPEC_PATH.is_file()


@dataclass(frozen=True)
class Route:
    template: str
    pattern: re.Pattern[str]
    parameters: int


@cache
def _spec() -> dict[str, Any]:
    spec = json.loads(SPEC_PATH.read_text())
    spec = copy.deepcopy(spec)
    # Discord accepts integer ids where the spec says string (discord.py sends some as integers).
    snowflake = spec["components"]["schemas"]["SnowflakeType"]
    spec["components"]["schemas"]["SnowflakeType"] = {
        "anyOf": [snowflake, {"type": "integer", "minimum": 0}],
    }
    return spec


@cache
def _registry() -> Registry:  # type: ignore[type-arg]
    return Registry().with_resource(BASE_URI, Resource.from_contents(_spec(), default_specification=DRAFT202012))


@cache
def _routes() -> list[Route]:
    routes = []
    for template in _spec()["paths"]:
        regex = "".join(
            "[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]+\})", template)
        )
        routes.append(Route(template, re.compile(f"^{regex}$"), template.count("{")))
    return routes


def route_for(path: str) -> Route | None:
    """The spec route a concrete path belongs to; literal segments beat parameters."""
    path = path.split("?", 1)[0]
    matches = [route for route in _routes() if route.pattern.match(path)]
    return min(matches, key=lambda route: route.parameters) if matches else None


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def _embed_chars(embed: dict[str, Any]) -> int:
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "") + len((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        total += len(field.get("name") or "") + len(field.get("value") or "")
    return total


def _command_chars(command: dict[str, Any]) -> int:
    total = len(command.get("name") or "") + len(command.get("description") or "")
    for choice in command.get("choices") or []:
        total += len(str(choice.get("name") or "")) + len(str(choice.get("value") or ""))
    for option in command.get("options") or []:
        total += _command_chars(option)
    return total


def _message_problems(message: dict[str, Any]) -> list[str]:
    problems = []
    content = message.get("content")
    if isinstance(content, str) and len(content) > MAX_CONTENT:
        problems.append(f"content is {len(content)} chars (limit {MAX_CONTENT})")
    embeds = message.get("embeds") or []
    total = sum(_embed_chars(embed) for embed in embeds if isinstance(embed, dict))
    if total > MAX_EMBEDS_TOTAL:
        problems.append(f"embeds total {total} chars (limit {MAX_EMBEDS_TOTAL})")
    return problems


def limit_problems(method: str, template: str, body: Any) -> list[str]:
    problems: list[str] = []
    if template.endswith("/commands") and method == "PUT" and isinstance(body, list):
        for command in body:
            chars = _command_chars(command)
            if chars > MAX_COMMAND_CHARS:
                problems.append(f"command {command.get('name')} is {chars} chars (limit {MAX_COMMAND_CHARS})")
    if isinstance(body, dict):
        message = body.get("data") if template.endswith("/callback") else body
        if isinstance(message, dict):
            problems.extend(_message_problems(message))
    return problems


def _query_value(raw: str, schema: dict[str, Any]) -> Any:
    """A query string value as the type its schema asks for (a query carries only text). Booleans read as
    Discord documents them: `True`, `true` or `1`; `False`, `false` or `0`."""
    if schema.get("type") == "boolean":
        return {"True": True, "true": True, "1": True, "False": False, "false": False, "0": False}.get(raw, raw)
    if schema.get("type") == "integer":
        try:
            return int(raw)
        except ValueError:
            return raw
    return raw


def query_problems(method: str, template: str, operation: dict[str, Any], query: Mapping[str, str]) -> list[str]:
    """Query parameters the operation does not declare, or whose value its schema refuses."""
    declared = {
        parameter["name"]: parameter
        for parameter in operation.get("parameters") or []
        if parameter.get("in") == "query"
    }
    problems = []
    for name, raw in query.items():
        parameter = declared.get(name)
        if parameter is None:
            problems.append(f"{method} {template}: query parameter {name!r} is not in Discord's API")
            continue
        schema = parameter.get("schema") or {}
        resolved = _registry().resolver(BASE_URI).lookup(schema["$ref"]).contents if "$ref" in schema else schema
        wrapped = {
            "$ref": f"{BASE_URI}#/"
            + _pointer("paths", template, method.lower())
            + f"/parameters/{operation['parameters'].index(parameter)}/schema"
        }
        validator = Draft202012Validator(wrapped, registry=_registry())
        for error in validator.iter_errors(_query_value(raw, resolved)):
            problems.append(f"{method} {template}: query {name}={raw!r}: {error.message[:300]}")
    return problems


def problems_with(method: str, path: str, body: Any, query: Mapping[str, str] | None = None) -> list[str]:
    """Everything wrong with one request; an empty list means Discord would accept its shape."""
    route = route_for(path)
    if route is None:
        return [f"{method} {path}: no such route in Discord's API"]
    operation = _spec()["paths"][route.template].get(method.lower())
    if operation is None:
        return [f"{method} {path}: Discord's {route.template} has no {method}"]
    problems = [f"{method} {route.template}: {problem}" for problem in limit_problems(method, route.template, body)]
    problems.extend(query_problems(method, route.template, operation, query or {}))
    content = (operation.get("requestBody") or {}).get("content") or {}
    if body is None or "application/json" not in content:
        return problems
    schema = {
        "$ref": f"{BASE_URI}#/"
        + _pointer("paths", route.template, method.lower(), "requestBody")
        + "/content/application~1json/schema"
    }
    validator = Draft202012Validator(schema, registry=_registry())
    for error in validator.iter_errors(body):
        location = "/".join(str(part) for part in error.absolute_path) or "(body)"
        problems.append(f"{method} {route.template}: {location}: {error.message[:300]}")
    return problems
