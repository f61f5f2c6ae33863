"""`Coach`: every domain service, built once over one database and one clock."""

from __future__ import annotations

import random

from bot.coach.clock import Clock, system_clock
from bot.coach.content import Library, load_library
from bot.coach.customers import CustomerBook
from bot.coach.leaderboard import Leaderboard
from bot.coach.members import Members, SettledMembers
from bot.coach.nudges import NudgeDesk
from bot.coach.outbox import Outbox
from bot.coach.personas import Persona
from bot.coach.planner import Planner
from bot.coach.privacy import Privacy
from bot.coach.promises import PromiseBook
from bot.coach.quiz import Quiz
from bot.coach.reports import Reports
from bot.coach.roleplay import RolePlayDesk, RolePlays
from bot.coach.scenarios import ScenarioBook
from bot.coach.settings import SettingsBook
from bot.coach.team_quiz import TeamQuiz
from bot.coach.touches import TouchLog
from bot.db.engine import Database


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
    ) -> None:
        self.db = db
        self.clock = clock
        members = SettledMembers()  # shared: whoever changes what check_in reads forgets the member
        self.members = Members(db, members)
        self.settings = SettingsBook(db, clock, members)
        self.touches = TouchLog(db, clock)
        self.promises = PromiseBook(db, clock, self.touches)
        self.customers = CustomerBook(db, clock)
        self.scenarios = ScenarioBook(db, clock, library or load_library())
        self.quiz = Quiz(db, clock, self.scenarios, rng)
        self.team_quiz = TeamQuiz(db, clock, self.scenarios, rng)
        self.leaderboard = Leaderboard(db, clock)
        self.outbox = Outbox(db, clock, members)
        self.planner = Planner(db, clock, self.outbox, self.leaderboard, self.team_quiz)
        self.nudges = NudgeDesk(clock, self.outbox, self.settings)
        self.reports = Reports(db, clock)
        self.privacy = Privacy(db, clock, members)
        self.roleplay = RolePlays(db, clock, personas, rng)
        self.roleplay_desk = RolePlayDesk(db, clock, self.roleplay)
