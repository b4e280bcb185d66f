"""`fixloop verify_stock`: check that every cached balance equals the sums of its ledger lines."""

from django.core.management.base import BaseCommand, CommandError

from fixloop.parts.services.ledger import ledger_mismatches


class Command(BaseCommand):
    help = "Compare stock balances with the movement ledger; exit non-zero on any difference."

    def handle(self, *args, **options):
        mismatches = ledger_mismatches()
        for m in mismatches:
            self.stdout.write(
                f"part {m['part_id']} at location {m['location_id']}: balance {m['balance']} ledger {m['ledger']}"
            )
        if mismatches:
            raise CommandError(f"{len(mismatches)} balance(s) differ from the ledger")
        self.stdout.write("stock balances match the ledger")
