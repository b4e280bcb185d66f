"""Test helpers: a small parts catalogue, a store per service point and a central warehouse."""

from dataclasses import dataclass
from decimal import Decimal

from fixloop.accounts.actor import Actor
from fixloop.parts.models import Part, Supplier
from fixloop.parts.services.movements import receive_stock
from fixloop.parts.stock_models import StockBalance, StockLocation


@dataclass
class Stock:
    board: Part
    battery: Part
    screen: Part
    warehouse: StockLocation
    xuhui: StockLocation
    haidian: StockLocation
    supplier: Supplier


def build_stock(world) -> Stock:
    supplier = Supplier.objects.create(code="hx-oem", name="华信原厂配件", lead_time_days=10)
    board = Part.objects.create(number="HX-P60-MB", name="P60 主板", unit_cost=Decimal("520.00"),
                                price=Decimal("899.00"), serial_tracked=True, supplier=supplier)  # fmt: skip
    battery = Part.objects.create(number="HX-P60-BAT", name="P60 电池", unit_cost=Decimal("60.00"),
                                  price=Decimal("149.00"), supplier=supplier)  # fmt: skip
    screen = Part.objects.create(number="HX-P60-LCD", name="P60 屏幕总成", unit_cost=Decimal("300.00"),
                                 price=Decimal("599.00"), supplier=supplier, lead_time_days=5)  # fmt: skip
    world.centre.latitude, world.centre.longitude = Decimal("31.188"), Decimal("121.437")
    world.centre.save(update_fields=["latitude", "longitude"])
    warehouse = StockLocation.objects.create(code="cdc", name="上海中心仓", kind="warehouse",
                                             latitude=Decimal("31.30"), longitude=Decimal("121.30"))  # fmt: skip
    xuhui = StockLocation.objects.create(code="sh-xuhui", name="徐汇门店库", kind="service_point",
                                         service_point=world.centre, latitude=world.centre.latitude,
                                         longitude=world.centre.longitude)  # fmt: skip
    haidian = StockLocation.objects.create(code="bj-haidian", name="海淀门店库", kind="service_point",
                                           service_point=world.other_centre, latitude=Decimal("39.98"),
                                           longitude=Decimal("116.31"))  # fmt: skip
    return Stock(board, battery, screen, warehouse, xuhui, haidian, supplier)


def put(world, location, part, quantity: int) -> None:
    actor = world.actor("warehouse")
    receive_stock(actor=actor, location_id=location.pk, part_id=part.pk, quantity=quantity, reason="opening")


def balance(location, part) -> tuple[int, int]:
    row = StockBalance.objects.filter(location=location, part=part).first()
    return (row.on_hand, row.reserved) if row else (0, 0)


def system() -> Actor:
    return Actor.system()
