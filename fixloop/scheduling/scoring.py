"""Rank engineers for one order and say why: skill, load, hours left, SLA slack, home point, continuity.

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


@dataclass(frozen=True)
class Suggestion:
    engineer_id: int
    name: str
    fits: bool
    score: float
    explanation: str
    queued: int


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
    return Suggestion(
        facts.engineer_id, facts.name, facts.fits, round(value, 1), explain(facts, slack_hours), facts.queued
    )


def rank(
    facts: list[Facts], slack_hours: float | None, policy: str = Policy.BEST_SCORE, last_engineer_id=None
) -> list[Suggestion]:
    """Fitting engineers first, ordered by the policy; the rest after them by score."""
    scored = [score(f, slack_hours) for f in facts]
    fitting = [s for s in scored if s.fits]
    others = sorted((s for s in scored if not s.fits), key=lambda s: (-s.score, s.engineer_id))
    if policy == Policy.LEAST_LOADED:
        fitting.sort(key=lambda s: (s.queued, -s.score, s.engineer_id))
    elif policy == Policy.ROUND_ROBIN:
        fitting.sort(key=lambda s: s.engineer_id)
        after = [s for s in fitting if last_engineer_id is not None and s.engineer_id > last_engineer_id]
        fitting = after + [s for s in fitting if s not in after]
    else:
        fitting.sort(key=lambda s: (-s.score, s.engineer_id))
    return fitting + others
