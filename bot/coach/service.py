"""`Coach`: every domain service, built once over one database and one clock."""

from __future__ import annotations

import random
from functools import cached_property
from typing import TYPE_CHECKING

from bot.coach.assignments import Assignments
from bot.coach.clock import Clock, system_clock
from bot.coach.content import Library
from bot.coach.customers import CustomerBook
from bot.coach.leaderboard import Leaderboard
from bot.coach.members import Members, SettledMembers
from bot.coach.nudges import NudgeDesk
from bot.coach.onboarding import Onboarding
from bot.coach.outbox import Outbox
from bot.coach.planner import Planner
from bot.coach.promises import PromiseBook
from bot.coach.quiz import Quiz
from bot.coach.roleplay_upkeep import RolePlayUpkeep
from bot.coach.scenarios import ScenarioBook
from bot.coach.settings import SettingsBook
from bot.coach.team_quiz import TeamQuiz
from bot.coach.touches import TouchLog
from bot.db.engine import Database

if TYPE_CHECKING:
    from bot.coach.llm import LlmSettings
    from bot.coach.personas import Persona
    from bot.coach.privacy import Privacy
    from bot.coach.reports import Reports
    from bot.coach.roleplay import RolePlayDesk, RolePlays
    from bot.coach.trends import Trends


class Coach:
    """What cogs and the scheduler talk to. Tests build the same object with a fixed clock."""

    def __init__(
        self,
        db: Database,
        clock: Clock = system_clock,
        *,
        library: Library | None = None,
        personas: dict[str, Persona] | None = None,
        rng: random.Random | None = None,
        llm: LlmSettings | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        members = SettledMembers()  # shared: whoever changes what check_in reads forgets the member
        self.members = Members(db, members)
        self.settings = SettingsBook(db, clock, members)
        self.touches = TouchLog(db, clock)
        self.promises = PromiseBook(db, clock, self.touches)
        self.customers = CustomerBook(db, clock)
        self.scenarios = ScenarioBook(db, clock, library)
        self.quiz = Quiz(db, clock, self.scenarios, rng)
        self.team_quiz = TeamQuiz(db, clock, self.scenarios, rng)
        self.leaderboard = Leaderboard(db, clock)
        self.outbox = Outbox(db, clock, members)
        self.planner = Planner(db, clock, self.outbox, self.leaderboard, self.team_quiz)
        self.nudges = NudgeDesk(clock, self.outbox, self.settings)
        self._settled = members
        self.roleplay_upkeep = RolePlayUpkeep(db, clock)
        self.onboarding = Onboarding(clock, self.outbox, self.settings)
        self.assignments = Assignments(db, clock, self.outbox, self.settings, self.scenarios)
        self._personas, self._rng, self._llm = personas, rng, llm

    # Manager reports, trends and a member's export or erasure are rare, and no command a rep types every day
    # needs them: built (and imported, with their CSV writers) on first use, not at start (B5).
    @cached_property
    def reports(self) -> Reports:
        from bot.coach.reports import Reports

        return Reports(self.db, self.clock)

    @cached_property
    def trends(self) -> Trends:
        from bot.coach.trends import Trends

        return Trends(self.db, self.clock, self.scenarios.library.translated_themes)

    @cached_property
    def privacy(self) -> Privacy:
        from bot.coach.privacy import Privacy

        return Privacy(self.db, self.clock, self._settled)

    @cached_property
    def roleplay(self) -> RolePlays:
        """Built on first use (the tick's upkeep, or a rep's conversation); the personas and the scorer's
        patterns load only when a conversation needs them (B5)."""
        from bot.coach.llm import OpenAIChat, PersonaModel
        from bot.coach.roleplay import RolePlays

        model = None if self._llm is None else PersonaModel(OpenAIChat(self._llm), self.db, self.clock, self._llm)
        return RolePlays(self.db, self.clock, self._personas, self._rng, model)

    async def aclose(self) -> None:
        """Close what holds connections of its own (the language model's client), at shutdown."""
        if "roleplay" in self.__dict__:  # built: cached_property keeps it in the instance's dict
            await self.roleplay.aclose()

    @cached_property
    def roleplay_desk(self) -> RolePlayDesk:
        from bot.coach.roleplay import RolePlayDesk

        return RolePlayDesk(self.db, self.clock, self.roleplay, self.assignments)
