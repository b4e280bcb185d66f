"""Required skills (with certification level) of orders and the skills engineers hold, in bulk."""

from __future__ import annotations

from collections.abc import Iterable

from fixloop.scheduling.models import Level, RequiredLevel, SkillLevel

# skill id -> level
Levels = dict[int, int]


def requirements(orders: Iterable) -> dict[int, Levels]:
    """Per order id: the product model's skills and their required level (product_model__skills prefetched)."""
    orders = list(orders)
    model_ids = {o.product_model_id for o in orders if o.product_model_id}
    levels = {
        (r.product_model_id, r.skill_id): r.level
        for r in RequiredLevel.objects.filter(product_model_id__in=model_ids)
    }
    result = {}
    for order in orders:
        skills = order.product_model.skills.all() if order.product_model_id else []
        result[order.pk] = {s.pk: levels.get((order.product_model_id, s.pk), Level.BASIC) for s in skills}
    return result


def capabilities(engineers: Iterable) -> dict[int, Levels]:
    """Per engineer id: held skills and their level (`skills` prefetched; a held skill without a level is basic)."""
    engineers = list(engineers)
    levels = {
        (s.engineer_id, s.skill_id): s.level
        for s in SkillLevel.objects.filter(engineer_id__in=[e.pk for e in engineers])
    }
    return {e.pk: {s.pk: levels.get((e.pk, s.pk), Level.BASIC) for s in e.skills.all()} for e in engineers}


def fits(required: Levels, held: Levels) -> bool:
    return all(held.get(skill, 0) >= level for skill, level in required.items())


def token(required: Levels) -> str | None:
    """One dispatch-core skill code for a whole requirement (the core matches one code per job)."""
    if not required:
        return None
    return "+".join(f"{skill}:{level}" for skill, level in sorted(required.items()))
