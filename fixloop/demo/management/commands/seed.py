"""`fixloop seed --orders N`: bulk synthetic orders (with consistent histories) for load tests."""

from django.core.management.base import BaseCommand

from fixloop.demo import loader, synthetic


class Command(BaseCommand):
    help = "Add N synthetic work orders (master data is loaded first if missing)."

    def add_arguments(self, parser):
        parser.add_argument("--orders", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, orders: int, seed: int, **options):
        loader.load_master()
        synthetic.seed_orders(
            orders, seed=seed, progress=lambda n: self.stdout.write(f"  {n} orders", ending="\r")
        )
        self.stdout.write(f"\n{orders} orders added.")
