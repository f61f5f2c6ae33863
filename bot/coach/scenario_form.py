"""Turn the text a manager typed into the "add scenario" form into a validated scenario.

Replies are one per line: `+ reply text // why it works` for a listening reply, `- reply text // why it
backfires` for a pushing one.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.coach.content import InvalidScenario, ScenarioBody, Stance, field_path, scenario_body
from bot.coach.errors import InvalidInput
from bot.i18n import N_, Marked

REPLY_FORMAT = N_(
    "one reply per line: `+ reply // why it works` (listening) or `- reply // why it backfires` (pushing)"
)
DEFAULT_DIFFICULTY = 2


@dataclass(frozen=True)
class ScenarioDraft:
    """What the manager typed, kept so a refused form can be reopened with their text in it."""

    theme: str
    context: str
    customer_says: str
    replies: str
    principle: str


def parse_replies(text: str) -> list[dict[str, str]]:
    replies = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        marker, body = line[0], line[1:].strip()
        if marker not in "+-" or "//" not in body:
            raise InvalidInput(
                N_("Reply line {number} isn't in the expected form: {form}."), number=number, form=Marked(REPLY_FORMAT)
            )
        reply_text, feedback = (part.strip() for part in body.split("//", 1))
        stance = Stance.LISTENING if marker == "+" else Stance.PUSHING
        replies.append({"text": reply_text, "stance": stance.value, "feedback": feedback})
    return replies


def scenario_from_draft(draft: ScenarioDraft, scenario_id: str, author: str) -> ScenarioBody:
    """Validate the draft; every problem is listed in one `InvalidInput` message."""
    data = {
        "id": scenario_id,
        "difficulty": DEFAULT_DIFFICULTY,
        "context": draft.context,
        "customer_says": draft.customer_says,
        "replies": parse_replies(draft.replies),
        "principle": draft.principle,
        "source": f"Written for this server by {author}"[:200],
    }
    try:
        return scenario_body(data)
    except InvalidScenario as error:
        problems = [f"- {field_path(where)}: {message}" for where, message in error.problems]
        raise InvalidInput(N_("The scenario wasn't saved:\n{problems}"), problems="\n".join(problems)) from None
