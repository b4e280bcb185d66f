"""Purchase and rebalancing-transfer suggestions from stock positions and order-up-to levels, with reasons."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from fixloop.inventory.policy import StockPlan


@dataclass(frozen=True)
class StockPosition:
    """What one location has of one part: on the shelf, ordered and not yet received, owed to repairs."""

    part: str
    location: str
    on_hand: float
    on_order: float = 0.0
    backordered: float = 0.0

    @property
    def inventory_position(self) -> float:
        """Stock the location can count on: on hand plus on order minus what repairs are already owed."""
        return self.on_hand + self.on_order - self.backordered


@dataclass(frozen=True)
class StockTarget:
    """The levels planned for one part at one location and the reasoning behind them."""

    part: str
    location: str
    reorder_point: int
    order_up_to: int
    mean_per_period: float
    method: str
    why: str


@dataclass(frozen=True)
class Suggestion:
    """One proposed purchase or transfer; `reasoning` keeps the numbers a warehouse clerk checks."""

    kind: Literal["purchase", "transfer"]
    part: str
    to_location: str
    quantity: int
    urgent: bool
    from_location: str | None = None
    reasoning: Mapping[str, object] = field(default_factory=dict)

    def explain(self) -> str:
        """One English sentence from `reasoning`; the UI builds its own translated text from the same data."""
        r = self.reasoning
        head = (
            f"Buy {self.quantity} of {self.part} for {self.to_location}"
            if self.kind == "purchase"
            else f"Move {self.quantity} of {self.part} from {self.from_location} to {self.to_location}"
        )
        return (
            f"{head}{' (urgent)' if self.urgent else ''}: position {r['inventory_position']:g} against "
            f"reorder point {r['reorder_point']} and order-up-to {r['order_up_to']} "
            f"(forecast {r['mean_per_period']:.2f}/period by {r['method']}; {r['why']})."
        )


def targets_from_plan(plan: StockPlan, *, parts: Sequence[str], location: str) -> dict[str, StockTarget]:
    """One target per part of a plan made for `location` (rows of the plan in the order of `parts`)."""
    return {
        part: StockTarget(
            part=part,
            location=location,
            reorder_point=int(plan.reorder_point[i]),
            order_up_to=int(plan.order_up_to[i]),
            mean_per_period=float(plan.mean_per_period[i]),
            method=plan.method,
            why=plan.why,
        )
        for i, part in enumerate(parts)
    }


def _reasoning(position: StockPosition, target: StockTarget, **extra: object) -> dict[str, object]:
    return {
        "on_hand": position.on_hand,
        "on_order": position.on_order,
        "backordered": position.backordered,
        "inventory_position": position.inventory_position,
        "reorder_point": target.reorder_point,
        "order_up_to": target.order_up_to,
        "mean_per_period": target.mean_per_period,
        "method": target.method,
        "why": target.why,
        **extra,
    }


def suggest_purchase(position: StockPosition, target: StockTarget) -> Suggestion | None:
    """Order up to the target at a review; urgent when the position is at or below the reorder point."""
    shortfall = math.ceil(target.order_up_to - position.inventory_position - 1e-9)
    if shortfall <= 0:
        return None
    return Suggestion(
        kind="purchase",
        part=position.part,
        to_location=position.location,
        quantity=shortfall,
        urgent=position.inventory_position <= target.reorder_point,
        reasoning=_reasoning(position, target),
    )


def suggest_transfers(
    positions: Iterable[StockPosition], targets: Mapping[str, StockTarget]
) -> list[Suggestion]:
    """Move one part's on-hand surplus (above a location's order-up-to level) to locations short of theirs.

    Needier locations (furthest below their reorder point) are served first, so the stock moves
    where a stock-out is nearest. Donors keep their own order-up-to level: a transfer must not
    create the shortage it cures elsewhere.
    """
    by_location = {p.location: p for p in positions}
    surplus = {
        loc: math.floor(p.on_hand - max(targets[loc].order_up_to, 0) + 1e-9)
        for loc, p in by_location.items()
        if loc in targets
    }
    needy = sorted(
        (
            loc
            for loc, p in by_location.items()
            if loc in targets and p.inventory_position < targets[loc].order_up_to
        ),
        key=lambda loc: by_location[loc].inventory_position - targets[loc].reorder_point,
    )
    moves: list[Suggestion] = []
    for loc in needy:
        position, target = by_location[loc], targets[loc]
        need = math.ceil(target.order_up_to - position.inventory_position - 1e-9)
        for donor in sorted(surplus, key=lambda d: -surplus[d]):
            quantity = min(need, surplus[donor])
            if quantity <= 0 or donor == loc:
                continue
            surplus[donor] -= quantity
            need -= quantity
            moves.append(
                Suggestion(
                    kind="transfer",
                    part=position.part,
                    to_location=loc,
                    from_location=donor,
                    quantity=quantity,
                    urgent=position.inventory_position <= target.reorder_point,
                    reasoning=_reasoning(
                        position,
                        target,
                        donor_on_hand=by_location[donor].on_hand,
                        donor_order_up_to=targets[donor].order_up_to,
                    ),
                )
            )
    return moves


def suggest_replenishment(
    positions: Iterable[StockPosition], targets: Mapping[str, StockTarget]
) -> list[Suggestion]:
    """Transfers first (stock already owned), then purchases for what is still short, for one part."""
    positions = list(positions)
    transfers = suggest_transfers(positions, targets)
    moved: dict[str, float] = {}
    for t in transfers:
        moved[t.to_location] = moved.get(t.to_location, 0) + t.quantity
        moved[t.from_location or ""] = moved.get(t.from_location or "", 0) - t.quantity
    purchases = []
    for p in positions:
        if p.location not in targets:
            continue
        after = replace(p, on_hand=p.on_hand + moved.get(p.location, 0))
        suggestion = suggest_purchase(after, targets[p.location])
        if suggestion:
            purchases.append(suggestion)
    return transfers + purchases
