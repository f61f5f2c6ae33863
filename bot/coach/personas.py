"""Role-play personas: the scripted customers under `prompts/personas/`, and the schema guilds import into.

A persona is a small state machine. Each state says a line (one of 2-3 phrasings) and names, for each move a
rep's reply can make (`bot.coach.listening.Move`), the state that move leads to; a terminal state ends the
conversation in `trust` (the customer offers the next step) or `cold`. The check proves what makes a persona
worth practising on: every state is reachable, an ending is reachable from every state, listening alone can
reach `trust` (in 2-4 replies), pressure never reaches it in one step, and every line fits Discord.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from bot.coach.content import CHANNELS, SLUG, ContentError, _Reader, default_prompts_dir, read_toml
from bot.coach.listening import Move

MAX_NAME = 60
MAX_ROLE = 80
MAX_SITUATION = 600
MAX_HIDDEN_NEED = 300
MAX_LINE = 400
MAX_HINT = 200
MIN_TURNS, MAX_TURNS = 4, 8
MIN_LINES, MAX_LINES = 2, 3
MAX_STATES = 20
LISTENING_MOVES = (Move.ASKED, Move.REFLECTED, Move.ADMITTED_LIMIT)
MIN_LISTENING_PATH, MAX_LISTENING_PATH = 2, 4


class Outcome(StrEnum):
    TRUST = "trust"  # the customer offered the next step
    COLD = "cold"  # the customer closed the door, or the turns ran out
    TIMEOUT = "timeout"  # 15 minutes without a reply
    LEFT = "left"  # the rep ended it


@dataclass(frozen=True)
class State:
    id: str
    lines: tuple[str, ...]
    hint: str | None = None
    next: tuple[tuple[Move, str], ...] = ()  # move -> state id, for a state that goes on
    outcome: Outcome | None = None  # for a terminal state

    def after(self, move: Move) -> str:
        return dict(self.next)[move]


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    role: str
    theme: str
    channel: str
    situation: str
    hidden_need: str
    max_turns: int
    start: str
    states: tuple[State, ...]
    out_of_turns: tuple[str, ...]
    source: str  # as shown: the essay's quote, or a guild's own words
    source_file: str | None = None
    source_quote: str | None = None

    def state(self, state_id: str) -> State:
        return next(state for state in self.states if state.id == state_id)

    def as_json(self) -> dict[str, Any]:
        """The TOML's shape as JSON, for a guild's own persona stored in the database."""
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "theme": self.theme,
            "channel": self.channel,
            "situation": self.situation,
            "hidden_need": self.hidden_need,
            "max_turns": self.max_turns,
            "source": self.source
            if self.source_quote is None
            else {"file": self.source_file, "quote": self.source_quote},
            "start": self.start,
            "states": {
                state.id: {
                    "lines": list(state.lines),
                    **({"hint": state.hint} if state.hint else {}),
                    **({"outcome": state.outcome.value} if state.outcome else {}),
                    **({"next": {move.value: target for move, target in state.next}} if state.next else {}),
                }
                for state in self.states
            },
            "out_of_turns": {"lines": list(self.out_of_turns)},
        }


class _PersonaReader(_Reader):
    def lines(self, raw: dict[str, Any], where: tuple[str | int, ...]) -> tuple[str, ...]:
        items = self.items(raw, "lines", where, MIN_LINES, MAX_LINES)
        return tuple(self.text_at(item, (*where, "lines", index), MAX_LINE) for index, item in enumerate(items))

    def state(self, state_id: str, raw: object, where: tuple[str | int, ...]) -> State:
        fields = self.table(raw, where, ("lines", "hint", "next", "outcome")) or {}
        if not SLUG.match(state_id):
            self.fail(where, "a state id should be 1-40 lowercase letters, digits or dashes")
        lines = self.lines(fields, where)
        outcome = fields.get("outcome")
        if outcome is not None:
            if outcome not in {Outcome.TRUST, Outcome.COLD}:
                self.fail((*where, "outcome"), "should be 'trust' or 'cold'")
                return State(state_id, lines)
            for extra in ("hint", "next"):
                if extra in fields:
                    self.fail((*where, extra), "a state with an outcome ends the conversation: it has no " + extra)
            return State(state_id, lines, outcome=Outcome(outcome))
        hint = self.optional_text(fields, "hint", where, MAX_HINT)
        if hint is None:
            self.fail((*where, "hint"), "is required in a state that goes on")
        targets = self.table(fields.get("next"), (*where, "next"), [move.value for move in Move]) or {}
        moves = []
        for move in Move:
            target = targets.get(move.value)
            if not isinstance(target, str):
                self.fail((*where, "next", move.value), "is required: the state this move leads to")
                continue
            moves.append((move, target))
        return State(state_id, lines, hint, tuple(moves))

    def persona(self, raw: object) -> Persona:
        names = (
            "id",
            "name",
            "role",
            "theme",
            "channel",
            "situation",
            "hidden_need",
            "max_turns",
            "source",
            "start",
            "states",
            "out_of_turns",
        )
        fields = self.table(raw, (), names) or {}
        shown, seed_file, quote = self.source(fields, ())
        states_raw = fields.get("states")
        if not isinstance(states_raw, dict) or not states_raw:
            self.fail(("states",), "should be a table of states")
            states_raw = {}
        elif len(states_raw) > MAX_STATES:
            self.fail(("states",), f"should have at most {MAX_STATES} states ({len(states_raw)} given)")
        out = self.table(fields.get("out_of_turns"), ("out_of_turns",), ("lines",)) or {}
        persona = Persona(
            id=self.slug(fields, "id", ()),
            name=self.text(fields, "name", (), MAX_NAME),
            role=self.text(fields, "role", (), MAX_ROLE),
            theme=self.slug(fields, "theme", ()),
            channel=self.choice(fields, "channel", (), CHANNELS) or "call",
            situation=self.text(fields, "situation", (), MAX_SITUATION),
            hidden_need=self.text(fields, "hidden_need", (), MAX_HIDDEN_NEED),
            max_turns=self.number(fields, "max_turns", (), MIN_TURNS, MAX_TURNS),
            start=str(fields.get("start") or ""),
            states=tuple(self.state(str(key), value, ("states", str(key))) for key, value in states_raw.items()),
            out_of_turns=self.lines(out, ("out_of_turns",)),
            source=shown,
            source_file=seed_file,
            source_quote=quote,
        )
        if fields.get("channel") is None:
            self.fail(("channel",), "is required")
        if not self.problems:
            self.graph(persona)
        return persona

    def graph(self, persona: Persona) -> None:
        states = {state.id: state for state in persona.states}
        if persona.start not in states:
            self.fail(("start",), f"`{persona.start}` is not one of the states")
            return
        for state in persona.states:
            for move, target in state.next:
                if target not in states:
                    self.fail(("states", state.id, "next", move.value), f"`{target}` is not one of the states")
        if self.problems:
            return
        if not any(state.outcome is Outcome.TRUST for state in persona.states):
            self.fail(("states",), "no state ends in `trust`")
        reachable = _reach(states, persona.start, tuple(Move))
        for unreached in sorted(set(states) - set(reachable)):
            self.fail(("states", unreached), "is never reached from the start")
        for state in persona.states:
            ends = _reach(states, state.id, tuple(Move))
            if not any(states[other].outcome for other in ends):
                self.fail(("states", state.id), "no ending can be reached from here")
            if state.next and states[state.after(Move.PRESSURED)].outcome is Outcome.TRUST:
                self.fail(("states", state.id, "next", "pressured"), "pressure never leads straight to `trust`")
        listening = _reach(states, persona.start, LISTENING_MOVES)
        trust = [depth for state_id, depth in listening.items() if states[state_id].outcome is Outcome.TRUST]
        if not trust:
            self.fail(("states",), "listening alone (asked, reflected, admitted_limit) never reaches `trust`")
        elif not MIN_LISTENING_PATH <= min(trust) <= MAX_LISTENING_PATH:
            self.fail(
                ("states",),
                f"the shortest listening path to `trust` should take {MIN_LISTENING_PATH}-{MAX_LISTENING_PATH} "
                f"replies ({min(trust)} does)",
            )


def _reach(states: dict[str, State], start: str, moves: tuple[Move, ...]) -> dict[str, int]:
    """Every state reachable from `start` by `moves`, with the fewest replies it takes."""
    depth = {start: 0}
    queue = deque([start])
    while queue:
        current = states[queue.popleft()]
        for move, target in current.next:
            if move in moves and target not in depth:
                depth[target] = depth[current.id] + 1
                queue.append(target)
    return depth


def parse_persona(text: str, source: str) -> Persona:
    """Parse and check one persona; raise `ContentError` listing every problem as `source: field: problem`."""
    return persona_from(read_toml(text, source), source)


def persona_from(raw: object, source: str) -> Persona:
    reader = _PersonaReader()
    persona = reader.persona(raw)
    if reader.problems:
        raise ContentError(
            [f"{source}: {'.'.join(map(str, where)) or 'persona'}: {message}" for where, message in reader.problems]
        )
    return persona


def load_personas(directory: Path | None = None) -> dict[str, Persona]:
    """Every persona under `directory/personas`, by id; raise `ContentError` listing every problem found."""
    root = (directory or default_prompts_dir()) / "personas"
    problems: list[str] = []
    personas: dict[str, Persona] = {}
    for path in sorted(root.glob("*.toml")):
        try:
            persona = parse_persona(path.read_text(encoding="utf-8"), str(path))
        except ContentError as error:
            problems.extend(error.problems)
            continue
        if persona.id in personas:
            problems.append(f"{path}: id: `{persona.id}` is used twice")
        personas[persona.id] = persona
    if problems:
        raise ContentError(problems)
    return personas
