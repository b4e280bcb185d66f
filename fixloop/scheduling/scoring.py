"""Rank engineers for one order and say why: skill, load, daily job limit, hours left, SLA slack, home
point, continuity.

Pure: takes plain facts, no ORM, so the board and the order page rank the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fixloop.scheduling.models import Policy

# Weights: a home-point engineer who knows the device beats a slightly emptier queue elsewhere.
HOME_BONUS = 20.0
CONTINUITY_BONUS = 15.0
PER_QUEUED_JOB = 8.0
PER_HOUR_LEFT = 2.0
OFF_DUTY_PENALTY = 20.0
SLA_MISS_PENALTY = 25.0
# An engineer whose open orders already reach the daily job limit is ranked after every fitting engineer
# with room (see `rank`); the penalty keeps the score itself honest too.
AT_LIMIT_PENALTY = 100.0


@dataclass(frozen=True)
class Facts:
    """What is known about one engineer with respect to one order."""

    engineer_id: int
    name: str
    fits: bool
    skills: tuple[str, ...]  # "手机主板维修 (Expert)" for each required skill held
    missing: tuple[str, ...]  # required skills not held at the level
    home: bool
    continuity: bool
    queued: int
    hours_left: float  # 0 when off duty today
    queue_hours: float
    job_limit: int | None = None  # the engineer's daily job limit; None: no limit known

    @property
    def at_limit(self) -> bool:
        return self.job_limit is not None and self.queued >= self.job_limit


@dataclass(frozen=True)
class Suggestion:
    engineer_id: int
    name: str
    fits: bool
    score: float
    explanation: str
    queued: int
    at_limit: bool = False


def _sla_text(slack: float) -> str:
    if slack < 0:
        return _("SLA overdue by {hours} h").format(hours=_hours(-slack))
    return _("SLA slack {hours} h").format(hours=_hours(slack))


def _hours(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def explain(facts: Facts, slack_hours: float | None) -> str:
    parts = []
    if facts.missing:
        parts.append(_("missing skill: {skills}").format(skills=", ".join(facts.missing)))
    elif facts.skills:
        parts.append(_("skill: {skills}").format(skills=", ".join(facts.skills)))
    else:
        parts.append(_("no special skill needed"))
    parts.append(ngettext("{n} job queued", "{n} jobs queued", facts.queued).format(n=facts.queued))
    if facts.at_limit:
        parts.append(
            _("daily job limit reached ({queued}/{limit})").format(queued=facts.queued, limit=facts.job_limit)
        )
    if facts.hours_left > 0:
        parts.append(_("{hours} h left today").format(hours=_hours(facts.hours_left)))
    else:
        parts.append(_("off duty today"))
    if slack_hours is not None:
        parts.append(_sla_text(slack_hours))
    if facts.home:
        parts.append(_("home service point"))
    if facts.continuity:
        parts.append(_("handled this device before"))
    return "; ".join(parts)


def score(facts: Facts, slack_hours: float | None) -> Suggestion:
    value = 0.0
    urgency = 1.0
    if slack_hours is not None:
        # A tight deadline makes every queued job ahead of this one weigh more.
        urgency += max(0.0, 8.0 - slack_hours) / 8.0
        if slack_hours - facts.queue_hours < 0:
            value -= SLA_MISS_PENALTY
    value -= PER_QUEUED_JOB * urgency * facts.queued
    value += PER_HOUR_LEFT * min(facts.hours_left, 8.0)
    if facts.hours_left <= 0:
        value -= OFF_DUTY_PENALTY
    value += HOME_BONUS * facts.home + CONTINUITY_BONUS * facts.continuity
    if facts.at_limit:
        value -= AT_LIMIT_PENALTY
    return Suggestion(
        facts.engineer_id,
        facts.name,
        facts.fits,
        round(value, 1),
        explain(facts, slack_hours),
        facts.queued,
        facts.at_limit,
    )


def rank(
    facts: list[Facts], slack_hours: float | None, policy: str = Policy.BEST_SCORE, last_engineer_id=None
) -> list[Suggestion]:
    """Fitting engineers with room under their daily job limit first, ordered by the policy; then fitting
    engineers at the limit, then the rest, each by score. No policy hands work to a full engineer while
    a fitting one has room."""
    scored = [score(f, slack_hours) for f in facts]
    fitting = [s for s in scored if s.fits and not s.at_limit]
    by_score = lambda s: (-s.score, s.engineer_id)  # noqa: E731
    full = sorted((s for s in scored if s.fits and s.at_limit), key=by_score)
    others = sorted((s for s in scored if not s.fits), key=by_score)
    if policy == Policy.LEAST_LOADED:
        fitting.sort(key=lambda s: (s.queued, -s.score, s.engineer_id))
    elif policy == Policy.ROUND_ROBIN:
        fitting.sort(key=lambda s: s.engineer_id)
        after = [s for s in fitting if last_engineer_id is not None and s.engineer_id > last_engineer_id]
        fitting = after + [s for s in fitting if s not in after]
    else:
        fitting.sort(key=by_score)
    return fitting + full + others
