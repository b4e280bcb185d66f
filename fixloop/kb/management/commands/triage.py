"""`fixloop triage train|status`: train the triage assistant on closed orders, or show what it knows."""

from django.core.management.base import BaseCommand

from fixloop.kb.services import triage


class Command(BaseCommand):
    help = "Train the triage assistant on the company's closed orders (train) or show its models (status)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["train", "status"])

    def handle(self, *args, action, **options):
        if action == "train":
            for run in triage.train_all():
                if run.ok:
                    self.stdout.write(
                        f"{run.target}: model v{run.model_version} from {run.n_examples} orders"
                    )
                else:
                    self.stdout.write(
                        f"{run.target}: too little history, nothing will be suggested ({run.message})"
                    )
            return
        for target, figures in triage.accuracy().items():
            self.stdout.write(
                f"{target}: {figures['accepted']}/{figures['decided']} suggestions kept by agents"
            )
