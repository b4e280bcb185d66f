"""`fixloop seed --orders N`: bulk synthetic orders (with consistent histories) for load tests."""

from django.core.management.base import BaseCommand

from fixloop.demo import loader, synthetic
from fixloop.workorders.models import WorkOrder


class Command(BaseCommand):
    help = "Add N synthetic work orders (master data is loaded first if missing)."

    def add_arguments(self, parser):
        parser.add_argument("--orders", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--total", action="store_true", help="Add only what is missing to reach N orders in all."
        )

    def handle(self, *args, orders: int, seed: int, total: bool, **options):
        loader.load_master()
        if total:
            orders = max(0, orders - WorkOrder.objects.count())
        synthetic.seed_orders(
            orders, seed=seed, progress=lambda n: self.stdout.write(f"  {n} orders", ending="\r")
        )
        self.stdout.write(f"\n{orders} orders added.")
