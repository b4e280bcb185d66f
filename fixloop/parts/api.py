"""Spare parts API, mounted at /api/parts: parse, call a selector or service, present. No rules here."""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from fixloop.core.errors import NotFound
from fixloop.inventory.series import Frequency
from fixloop.parts import presenters as p
from fixloop.parts import selectors
from fixloop.parts.schemas import (
    AdjustIn,
    BalanceOut,
    CountIn,
    CountLinesIn,
    CountOut,
    DemandOut,
    IssueIn,
    LocationOut,
    MovementOut,
    OrderPartsOut,
    ReplenishmentSuggestionOut,
    ReturnOut,
    ReturnStepIn,
    ShortageOut,
    SourcedOut,
    SourceIn,
    StockChangeIn,
    TransferIn,
    TransferOut,
)
from fixloop.parts.services import counts, movements, reservations, returns
from fixloop.workorders.selectors import order_get_for

router = Router(tags=["parts"])


@router.get("/locations", response=list[LocationOut], summary="Stock locations")
def list_locations(request):
    return list(selectors.location_list(request.auth))


@router.get("/stock", response=list[BalanceOut], summary="On hand, reserved, available and value")
def list_stock(request, location: int | None = None, q: str = "", short: bool = False):
    rows = selectors.stock_list(request.auth, location_id=location, q=q, short_only=short)
    return [p.balance_dict(b) for b in rows[:500]]


@router.get("/movements", response=list[MovementOut], summary="The ledger, newest first")
def list_movements(request, location: int | None = None, part: int | None = None, limit: int = 100):
    rows = selectors.movement_list(
        request.auth, location_id=location, part_id=part, limit=max(1, min(limit, 500))
    )
    return [p.movement_dict(m) for m in rows]


@router.post("/receipts", response={201: MovementOut}, summary="Receive stock")
def receive(request, body: StockChangeIn):
    m = movements.receive_stock(actor=request.auth, **body.model_dump())
    return Status(201, p.movement_dict(m))


@router.post("/adjustments", response={201: MovementOut}, summary="Adjust on-hand with a reason")
def adjust(request, body: AdjustIn):
    return Status(201, p.movement_dict(movements.adjust_stock(actor=request.auth, **body.model_dump())))


@router.post("/scrap", response={201: MovementOut}, summary="Scrap free units")
def scrap(request, body: StockChangeIn):
    return Status(201, p.movement_dict(movements.scrap_stock(actor=request.auth, **body.model_dump())))


@router.get("/transfers", response=list[TransferOut], summary="Transfers in transit")
def list_transfers(request, location: int | None = None):
    return [p.transfer_dict(t) for t in selectors.transfers_to_receive(request.auth, location_id=location)]


@router.post("/transfers", response={201: TransferOut}, summary="Ship a transfer")
def ship(request, body: TransferIn):
    return Status(201, p.transfer_dict(movements.ship_transfer(actor=request.auth, **body.model_dump())))


@router.post("/transfers/{transfer_id}/receive", response=TransferOut, summary="Receive a transfer")
def receive_transfer(request, transfer_id: int):
    return p.transfer_dict(movements.receive_transfer(actor=request.auth, transfer_id=transfer_id))


@router.get("/shortages", response=list[ShortageOut], summary="Open shortages with the proposed source")
def list_shortages(request):
    return [p.shortage_dict(s) for s in selectors.shortage_list(request.auth)]


@router.post(
    "/shortages/{shortage_id}/source", response={201: SourcedOut}, summary="Ship or buy for a shortage"
)
def source_shortage(request, shortage_id: int, body: SourceIn):
    made = movements.act_on_shortage(actor=request.auth, shortage_id=shortage_id, source=body.source)
    return Status(201, p.sourced_dict(made))


@router.post("/purchases/{purchase_id}/receive", response=SourcedOut, summary="Receive a purchase")
def receive_purchase(request, purchase_id: int):
    return p.sourced_dict(movements.receive_purchase(actor=request.auth, purchase_id=purchase_id))


@router.get("/orders/{number}", response=OrderPartsOut, summary="An order's parts")
def order_parts(request, number: str):
    selectors.location_list(request.auth)  # staff only
    data = selectors.order_parts(order_get_for(request.auth, number))
    return {
        "reservations": [p.reservation_dict(r) for r in data["reservations"]],
        "issues": [p.movement_dict(m) for m in data["issues"]],
        "shortages": [p.shortage_dict(s) for s in data["shortages"]],
        "returns": [p.return_dict(r) for r in data["returns"]],
    }


@router.post("/orders/{number}/issue", response={201: list[ReturnOut]}, summary="Fit parts to the order")
def issue(request, number: str, body: IssueIn):
    made = reservations.issue_to_order(actor=request.auth, number=number, **body.model_dump())
    return Status(201, [p.return_dict(r) for r in made])


@router.get("/returns", response=list[ReturnOut], summary="Defective parts on their way back")
def list_returns(request, closed: bool = False):
    return [p.return_dict(r) for r in selectors.return_list(request.auth, open_only=not closed)]


@router.post("/returns/{return_id}/steps", response=ReturnOut, summary="Move a defective part one step")
def return_step(request, return_id: int, body: ReturnStepIn):
    item = returns.advance_return(
        actor=request.auth, return_id=return_id, step=body.step, expected_version=body.version,
        rma_number=body.rma_number, credit_amount=body.credit_amount, note=body.note,
    )  # fmt: skip
    return p.return_dict(item)


@router.post("/counts", response={201: CountOut}, summary="Start a cycle count")
def start_count(request, body: CountIn):
    return Status(201, p.count_dict(counts.start_count(actor=request.auth, **body.model_dump())))


def _count(request, count_id: int):
    found = selectors.count_get(request.auth, count_id)
    if found is None:
        raise NotFound("count_not_found", _("That stock count does not exist."))
    return found


@router.post("/counts/{count_id}/lines", response=CountOut, summary="Record counted quantities")
def record_count(request, count_id: int, body: CountLinesIn):
    counts.record_counts(actor=request.auth, count_id=count_id, counted=body.counted)
    return p.count_dict(_count(request, count_id))


@router.post("/counts/{count_id}/close", response=CountOut, summary="Close a count and book its variances")
def close_count(request, count_id: int):
    counts.close_count(actor=request.auth, count_id=count_id)
    return p.count_dict(_count(request, count_id))


@router.get(
    "/suggestions", response=list[ReplenishmentSuggestionOut], summary="Purchase and transfer suggestions"
)
def list_suggestions(
    request,
    location: int | None = None,
    kind: Literal["purchase", "transfer"] | None = None,
    urgent: bool = False,
):
    rows = selectors.suggestion_list(request.auth, location_id=location, kind=kind or "", urgent_only=urgent)
    return [p.suggestion_dict(s) for s in rows]


@router.post(
    "/suggestions/{suggestion_id}/act",
    response={201: SourcedOut},
    summary="Raise a suggested purchase or ship a transfer",
)
def act_on_suggestion(request, suggestion_id: int):
    return Status(
        201, p.sourced_dict(movements.act_on_suggestion(actor=request.auth, suggestion_id=suggestion_id))
    )


@router.get(
    "/demand/{part_id}/{location_id}",
    response=DemandOut,
    summary="Units issued per month or week at a location, with the planned levels",
)
def demand_history(
    request,
    part_id: int,
    location_id: int,
    freq: Frequency = "M",
    periods: int | None = Query(None, ge=1, le=selectors.DEMAND_PERIODS_MAX),
):
    history = selectors.demand_history(
        request.auth, part_id=part_id, location_id=location_id, freq=freq, periods=periods
    )
    return p.demand_dict(history)


@router.get("/valuation", response=list[dict], summary="Stock value at cost per location")
def stock_valuation(request):
    return [{**row, "value": str(row["value"])} for row in selectors.valuation(request.auth)]
