"""Trends: how a team's relationship work moved week by week, for a lead coaching over a quarter.

Weeks are calendar weeks (Monday to Sunday) of the server's calendar, the current one included, so the series
ends today. Each rep's touches, answers and conversations count on the rep's own local day (what they did on
their Monday is in their Monday's week, wherever they are). Every figure comes from rows the domain already
keeps (touches, promises, quiz answers, role-plays, assignments): nothing is stored for trends.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.clock import Clock
from bot.coach.dates import local_today
from bot.coach.kinds import TouchKind
from bot.coach.preferences import GuildConfig
from bot.coach.reports import text_cell
from bot.coach.reps import guild_settings
from bot.coach.zones import zone
from bot.db.engine import Database
from bot.db.models import Assignment, Promise, QuizPresentation, Rep, RolePlay, Touch
from bot.i18n import N_, Marked, MarkedCommand, MarkedName, N_plural, marked_join
from bot.i18n.days import marked_day

DEFAULT_WEEKS = 12
MAX_WEEKS = 52
RECENT_WEEKS = 4  # observations compare the last four weeks with the four before
TEAM = 0  # the key of the team's series
# A theme's accuracy is observed only with this many answers in the recent weeks: with fewer, one answer moves
# it by more than 20 points, and a lead would coach on noise.
MIN_THEME_ANSWERS = 5


@dataclass
class Score:
    """Quiz answers, and how many of them were listening."""

    answered: int = 0
    listening: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.answered + other.answered, self.listening + other.listening)

    @property
    def share(self) -> str | Marked:
        return _share(self.listening, self.answered)


@dataclass(frozen=True)
class Overdue:
    """An assignment still open after its due day (the rep's own today)."""

    title: str
    due: date


@dataclass
class Week:
    """One week of one rep (or of the team)."""

    start: date
    touches: Counter[str] = field(default_factory=Counter)  # by kind
    customers: int = 0
    reengaged: int = 0
    promises_due: int = 0
    promises_kept_on_time: int = 0
    quiz_answered: int = 0
    quiz_listening: int = 0
    roleplays: int = 0
    roleplays_trust: int = 0
    themes: dict[str, Score] = field(default_factory=dict)  # quiz answers by theme
    assignments_given: int = 0  # assigned on one of the rep's days this week
    assignments_done: int = 0  # completed this week, whenever given
    assignments_done_on_time: int = 0  # ... on or before their due day (or with none)

    @property
    def touch_count(self) -> int:
        return sum(self.touches.values())

    @property
    def accuracy(self) -> float | None:
        return None if not self.quiz_answered else self.quiz_listening / self.quiz_answered


@dataclass(frozen=True)
class TrendReport:
    weeks: tuple[date, ...]  # each week's Monday, oldest first
    series: dict[int, list[Week]]  # user id (TEAM: the team) -> one Week per week
    names: dict[int, str]  # user id -> display name as last seen
    observations: tuple[Marked, ...]  # in the reader's language where shown (`localized()`); `str()` is English
    subject: int  # TEAM, or the member the report is about
    overdue: dict[int, list[Overdue]] = field(default_factory=dict)  # user id -> open past due, as of now


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _share(part: int, whole: int) -> str | Marked:
    return f"{part / whole:.0%}" if whole else Marked(N_("n/a"))


# Translated packs' theme titles, by language then theme (`Library.translated_themes`).
ThemeTitles = Mapping[str, Mapping[str, str]]


def _weeks(count: int) -> Marked:
    return N_plural("{count} week", "{count} weeks", count)


class Trends:
    def __init__(self, db: Database, clock: Clock, theme_titles: ThemeTitles | None = None) -> None:
        self._db = db
        self._clock = clock
        self._theme_titles = theme_titles or {}

    async def weekly(self, guild_id: int, weeks: int = DEFAULT_WEEKS, user_id: int | None = None) -> TrendReport:
        """`weeks` calendar weeks ending with this one, for the team and each rep (or only `user_id`, beside
        the team)."""
        weeks = max(1, min(weeks, MAX_WEEKS))
        async with self._db.read() as session:
            config = GuildConfig.of(await guild_settings(session, guild_id))
            today = local_today(self._clock(), zone(config.timezone))
            mondays = tuple(week_of(today) - timedelta(weeks=weeks - 1 - n) for n in range(weeks))
            reps = {rep.id: rep for rep in await session.scalars(select(Rep).where(Rep.guild_id == guild_id))}
            tally = _Tally({rep_id: rep.user_id for rep_id, rep in reps.items()})
            first = mondays[0]
            await _touches(session, guild_id, first, config.cold_after_days, tally)
            await _promises(session, guild_id, first, tally)
            await _quiz(session, guild_id, first, tally)
            await _roleplays(session, guild_id, first, tally)
            overdue = await _assignments(session, first, self._clock(), config, reps, tally)
        names = {rep.user_id: rep.display_name or str(rep.user_id) for rep in reps.values()}
        keys = {TEAM, *tally.series} if user_id is None else {TEAM, user_id}
        filled = {key: [tally.series[key].get(monday, Week(monday)) for monday in mondays] for key in keys}
        subject = TEAM if user_id is None else user_id
        late = {key: overdue[key] for key in keys if overdue.get(key)}
        return TrendReport(
            mondays, filled, names, observe(filled, subject, names, late, self._theme_titles), subject, late
        )


class _Tally:
    """Weeks being filled: the team's and each rep's (by user id)."""

    def __init__(self, users: dict[int, int]) -> None:
        self.users = users  # rep id -> user id
        self.series: dict[int, dict[date, Week]] = defaultdict(dict)

    def weeks(self, rep_id: int, day: date) -> list[tuple[int, Week]]:
        monday = week_of(day)
        return [(key, self.series[key].setdefault(monday, Week(monday))) for key in (TEAM, self.users[rep_id])]


async def _touches(session: AsyncSession, guild_id: int, first: date, cold_after: int, tally: _Tally) -> None:
    """Touches by kind, and the customers touched and re-engaged (touched after `cold_after` days without);
    customers are each rep's own, so the team's are told apart by rep."""
    rows = await session.execute(
        select(Touch.rep_id, Touch.local_date, Touch.kind, Touch.customer_id, Touch.gap_days)
        .join(Rep, Rep.id == Touch.rep_id)
        .where(Rep.guild_id == guild_id, Touch.local_date >= first)
    )
    customers: dict[tuple[int, date], set[int]] = defaultdict(set)
    reengaged: dict[tuple[int, date], set[int]] = defaultdict(set)
    for rep_id, day, kind, customer_id, gap in rows:
        for key, item in tally.weeks(rep_id, day):
            item.touches[kind] += 1
            customers[(key, item.start)].add(customer_id)
            if gap is not None and gap >= cold_after:
                reengaged[(key, item.start)].add(customer_id)
    for (key, monday), seen in customers.items():
        tally.series[key][monday].customers = len(seen)
        tally.series[key][monday].reengaged = len(reengaged.get((key, monday), ()))


async def _promises(session: AsyncSession, guild_id: int, first: date, tally: _Tally) -> None:
    """Promises by the week they were due: how many, and how many were kept by then."""
    rows = await session.execute(
        select(Promise.rep_id, Promise.due_on, Promise.status)
        .join(Rep, Rep.id == Promise.rep_id)
        .where(Rep.guild_id == guild_id, Promise.due_on >= first, Promise.status != "dropped")
    )
    for rep_id, due_on, status in rows:
        for _key, item in tally.weeks(rep_id, due_on):
            item.promises_due += 1
            item.promises_kept_on_time += status == "kept"


async def _quiz(session: AsyncSession, guild_id: int, first: date, tally: _Tally) -> None:
    """Quiz answers and listening ones, in all and by theme."""
    listened = func.sum(case((QuizPresentation.correct.is_(True), 1), else_=0))
    rows = await session.execute(
        select(QuizPresentation.rep_id, QuizPresentation.answered_on, QuizPresentation.theme, func.count(), listened)
        .join(Rep, Rep.id == QuizPresentation.rep_id)
        .where(Rep.guild_id == guild_id, QuizPresentation.answered_on >= first)
        .group_by(QuizPresentation.rep_id, QuizPresentation.answered_on, QuizPresentation.theme)
    )
    for rep_id, day, theme, answered, listening in rows:
        score = Score(int(answered), int(listening or 0))
        for _key, item in tally.weeks(rep_id, day):
            item.quiz_answered += score.answered
            item.quiz_listening += score.listening
            item.themes[theme] = item.themes.get(theme, Score()) + score


async def _roleplays(session: AsyncSession, guild_id: int, first: date, tally: _Tally) -> None:
    rows = await session.execute(
        select(RolePlay.rep_id, RolePlay.ended_on, RolePlay.outcome).where(
            RolePlay.guild_id == guild_id, RolePlay.ended_on >= first, RolePlay.outcome.in_(["trust", "cold"])
        )
    )
    for rep_id, day, outcome in rows:
        for _key, item in tally.weeks(rep_id, day or first):  # ended conversations always have a day
            item.roleplays += 1
            item.roleplays_trust += outcome == "trust"


async def _assignments(
    session: AsyncSession, first: date, now: datetime, config: GuildConfig, reps: dict[int, Rep], tally: _Tally
) -> dict[int, list[Overdue]]:
    """Assignments given and completed (on time or not) by the rep's local day; and, by user id (TEAM: all), the
    ones still open after their due day, as of the rep's own today."""
    since = datetime.combine(first - timedelta(days=1), time(), UTC)  # a day's margin for any zone
    rows = await session.execute(
        select(
            Assignment.rep_id, Assignment.title, Assignment.assigned_at, Assignment.due, Assignment.completed_at
        ).where(
            Assignment.guild_id == config.guild_id,
            or_(Assignment.completed_at.is_(None), Assignment.completed_at >= since, Assignment.assigned_at >= since),
        )
    )
    overdue: dict[int, list[Overdue]] = defaultdict(list)
    for rep_id, title, assigned_at, due, completed_at in rows:
        rep_zone = zone(reps[rep_id].timezone or config.timezone)
        given_on = local_today(assigned_at, rep_zone)
        if given_on >= first:
            for _key, item in tally.weeks(rep_id, given_on):
                item.assignments_given += 1
        if completed_at is not None:
            done_on = local_today(completed_at, rep_zone)
            if done_on >= first:
                for _key, item in tally.weeks(rep_id, done_on):
                    item.assignments_done += 1
                    item.assignments_done_on_time += due is None or done_on <= due
        elif due is not None and due < local_today(now, rep_zone):
            for key in (TEAM, reps[rep_id].user_id):
                overdue[key].append(Overdue(title, due))
    for late in overdue.values():
        late.sort(key=lambda item: item.due)
    return overdue


def _sum(weeks: list[Week], attribute: str) -> int:
    return sum(getattr(item, attribute) for item in weeks)


def themes_over(weeks: list[Week]) -> dict[str, Score]:
    """Quiz answers by theme over these weeks."""
    total: dict[str, Score] = {}
    for item in weeks:
        for theme, score in item.themes.items():
            total[theme] = total.get(theme, Score()) + score
    return total


def _weakest_theme(recent: list[Week], team_recent: list[Week], subject: int, titles: ThemeTitles) -> Marked | None:
    """The subject's weakest quiz theme over the recent weeks (the lowest accuracy among themes with
    `MIN_THEME_ANSWERS` answers), against the team's accuracy on that theme; None when none has so many. The
    theme reads as its slug (`objections`), or as its translated pack's title in a language that has one."""
    scored = {theme: score for theme, score in themes_over(recent).items() if score.answered >= MIN_THEME_ANSWERS}
    if not scored:
        return None
    theme, score = min(
        scored.items(), key=lambda item: (item[1].listening / item[1].answered, -item[1].answered, item[0])
    )
    figures = {
        "label": Marked(N_("Weakest theme:") if len(scored) > 1 else N_("Theme:")),
        "theme": MarkedName(
            theme, {language: f"«{names[theme]}»" for language, names in titles.items() if theme in names}
        ),
        "share": score.share,
        "weeks": _weeks(len(recent)),
        "listening": score.listening,
        "answered": score.answered,
    }
    if subject == TEAM:
        return Marked(N_("{label} {theme} accuracy {share} over {weeks} ({listening} of {answered})."), figures)
    return Marked(
        N_("{label} {theme} accuracy {share} over {weeks} ({listening} of {answered}), team {team}."),
        {**figures, "team": themes_over(team_recent)[theme].share},
    )


def _practice(weeks: list[Week], late: list[Overdue], subject: int) -> Marked:
    """Promises, role-plays and assigned practice over the weeks; what is overdue now."""
    due, kept = _sum(weeks, "promises_due"), _sum(weeks, "promises_kept_on_time")
    played, trusted = _sum(weeks, "roleplays"), _sum(weeks, "roleplays_trust")
    promises = Marked(N_("Promises kept on time: {kept} of {due}"), {"kept": kept, "due": due}) if due else None
    roleplays = (
        Marked(N_("role-plays ending in trust: {trusted} of {played}"), {"trusted": trusted, "played": played})
        if played
        else Marked(N_("no role-play finished"))
    )
    text = Marked(
        N_("{promises}; {roleplays}."), {"promises": promises or Marked(N_("No promises due")), "roleplays": roleplays}
    )
    given, done = _sum(weeks, "assignments_given"), _sum(weeks, "assignments_done")
    assigned: list[Marked] = []
    if given or done:
        counts = {
            "given": N_plural("{count} given", "{count} given", given),
            "done": N_plural("{count} done", "{count} done", done),
            "on_time": _sum(weeks, "assignments_done_on_time"),
        }
        assigned.append(Marked(N_("{given}, {done} ({on_time} on time)"), counts))
    if late and subject == TEAM:
        assigned.append(N_plural("{count} overdue", "{count} overdue", len(late)))
    elif late:
        named: list[object] = [
            Marked(N_("{title} (due {day})"), {"title": item.title, "day": marked_day(item.due)}) for item in late[:3]
        ]
        more = N_plural(" and {count} more", " and {count} more", len(late) - 3) if len(late) > 3 else ""
        listed = Marked("{named}{more}", {"named": marked_join(", ", named), "more": more})
        assigned.append(N_plural("{count} overdue: {named}", "{count} overdue: {named}", len(late), named=listed))
    if not assigned:
        return text
    practice = Marked(N_("Assigned practice: {items}."), {"items": marked_join("; ", assigned)})
    return Marked("{text} {practice}", {"text": text, "practice": practice})


def observe(
    series: dict[int, list[Week]],
    subject: int,
    names: dict[int, str],
    overdue: dict[int, list[Overdue]] | None = None,
    theme_titles: ThemeTitles | None = None,
) -> tuple[Marked, ...]:
    """Three plain sentences from the figures: how touching moved lately; how the quiz went against the team,
    with the weakest theme; and how promises and practice went, with what is overdue. Each is marked for the
    catalogue and read in the reader's language where it is shown."""
    weeks = series.get(subject, [])
    team = series.get(TEAM, [])
    who = Marked(N_("The team")) if subject == TEAM else names.get(subject) or Marked(N_("They"))
    recent, before = weeks[-RECENT_WEEKS:], weeks[-2 * RECENT_WEEKS : -RECENT_WEEKS]
    now, then = sum(item.touch_count for item in recent), sum(item.touch_count for item in before)
    touches = N_plural("{count} touch", "{count} touches", now)
    if not before:
        touching = Marked(
            N_("{who} logged {touches} in {weeks}."), {"who": who, "touches": touches, "weeks": _weeks(len(recent))}
        )
    elif then == 0:
        touching = Marked(
            N_("{who} logged {touches} in the last {weeks}, none in the {before} before."),
            {"who": who, "touches": touches, "weeks": _weeks(len(recent)), "before": _weeks(len(before))},
        )
    else:
        change = (now - then) / then
        figures = {
            "change": f"{abs(change):.0%}",
            "weeks": _weeks(len(recent)),
            "now": now,
            "then": then,
            "before": _weeks(len(before)),
        }
        if change > 0.05:
            template = N_("Touches up {change} over the last {weeks}: {now}, against {then} in the {before} before.")
        elif change < -0.05:
            template = N_("Touches down {change} over the last {weeks}: {now}, against {then} in the {before} before.")
        else:
            template = N_("Touches steady over the last {weeks}: {now}, against {then} in the {before} before.")
        touching = Marked(template, figures)
    answered, listening = _sum(recent, "quiz_answered"), _sum(recent, "quiz_listening")
    team_recent = team[-RECENT_WEEKS:]
    team_answered, team_listening = _sum(team_recent, "quiz_answered"), _sum(team_recent, "quiz_listening")
    if not answered:
        quiz = Marked(
            N_("No quiz answers in the last {weeks}: {quiz} or {assign} a theme."),
            {
                "weeks": _weeks(len(recent)),
                "quiz": MarkedCommand("quiz start"),
                "assign": MarkedCommand("coach assign"),
            },
        )
    elif subject == TEAM:
        quiz = Marked(
            N_("Listening accuracy {share} over {weeks} ({answers})."),
            {
                "share": _share(listening, answered),
                "weeks": _weeks(len(recent)),
                "answers": N_plural("{count} answer", "{count} answers", answered),
            },
        )
    else:
        quiz = Marked(
            N_("Listening accuracy {share} over {weeks}, team {team}."),
            {
                "share": _share(listening, answered),
                "weeks": _weeks(len(recent)),
                "team": _share(team_listening, team_answered),
            },
        )
    theme = _weakest_theme(recent, team_recent, subject, theme_titles or {})
    if theme is not None:
        quiz = Marked("{quiz} {theme}", {"quiz": quiz, "theme": theme})
    return (touching, quiz, _practice(weeks, (overdue or {}).get(subject, []), subject))


def trends_csv(report: TrendReport) -> str:
    """One row per week and person (the team first, as `team`): the figures the chart and observations use."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    kinds = [kind.value for kind in TouchKind]
    writer.writerow(
        ["week_start", "display_name", "user_id", "touches", *kinds, "customers_touched", "customers_reengaged",
         "promises_due", "promises_kept_on_time", "quiz_answered", "quiz_listening", "roleplays", "roleplays_trust",
         "assignments_given", "assignments_done", "assignments_done_on_time"]
    )  # fmt: skip
    for key, name in _people(report):
        for item in report.series[key]:
            writer.writerow(
                [item.start.isoformat(), name, "" if key == TEAM else key, item.touch_count,
                 *(item.touches.get(kind, 0) for kind in kinds), item.customers, item.reengaged, item.promises_due,
                 item.promises_kept_on_time, item.quiz_answered, item.quiz_listening, item.roleplays,
                 item.roleplays_trust, item.assignments_given, item.assignments_done, item.assignments_done_on_time]
            )  # fmt: skip
    return buffer.getvalue()


def _people(report: TrendReport) -> list[tuple[int, str]]:
    """The report's keys with the name a CSV gives them: the team first, as `team`, then reps by name."""
    reps = sorted((key for key in report.series if key != TEAM), key=lambda key: report.names.get(key, ""))
    return [(TEAM, "team"), *((key, text_cell(report.names.get(key, str(key)))) for key in reps)]


def themes_csv(report: TrendReport) -> str:
    """Quiz accuracy by theme, one row per person and theme answered (the team first): over the last
    `RECENT_WEEKS` weeks, what the observation compares, and over all the report's weeks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    recent = f"last_{RECENT_WEEKS}_weeks"
    writer.writerow(
        ["display_name", "user_id", "theme", f"answered_{recent}", f"listening_{recent}", f"accuracy_{recent}",
         "answered_all_weeks", "listening_all_weeks", "accuracy_all_weeks"]
    )  # fmt: skip
    for key, name in _people(report):
        lately, overall = themes_over(report.series[key][-RECENT_WEEKS:]), themes_over(report.series[key])
        for theme, score in sorted(overall.items()):
            last = lately.get(theme, Score())
            writer.writerow(
                [name, "" if key == TEAM else key, theme, last.answered, last.listening, _ratio(last), score.answered,
                 score.listening, _ratio(score)]
            )  # fmt: skip
    return buffer.getvalue()


def _ratio(score: Score) -> str:
    return f"{score.listening / score.answered:.2f}" if score.answered else ""
