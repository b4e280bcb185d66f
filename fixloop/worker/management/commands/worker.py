"""`fixloop worker`: deliver the outbox and run periodic jobs until stopped (SIGTERM/SIGINT)."""

import datetime as dt
import signal

from django.core.management.base import BaseCommand, CommandError

from fixloop.worker import periodic
from fixloop.worker.runner import Worker


class Command(BaseCommand):
    help = "Deliver outbox messages and run periodic jobs. Any number may run at once (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Deliver everything due, run due jobs, exit.")
        parser.add_argument("--concurrency", type=int, default=1, help="Delivery threads (default 1).")
        parser.add_argument("--batch", type=int, default=50, help="Messages claimed at a time (default 50).")
        parser.add_argument("--lease", type=float, default=60.0, help="Seconds a claim lasts (default 60).")
        parser.add_argument("--max-attempts", type=int, default=10, help="Tries before the dead letter.")
        parser.add_argument(
            "--idle", type=float, default=1.0, help="Seconds to wait when the queue is empty."
        )
        parser.add_argument("--no-periodic", action="store_true", help="Deliver only; leave periodic jobs.")
        parser.add_argument("--worker-id", default="", help="Name in the heartbeat table (default host:pid).")

    def handle(self, *args, **options):
        if options["concurrency"] < 1 or options["batch"] < 1 or options["lease"] <= 0:
            raise CommandError("--concurrency and --batch must be at least 1, --lease positive")
        worker = Worker(
            batch=options["batch"],
            concurrency=options["concurrency"],
            lease=dt.timedelta(seconds=options["lease"]),
            max_attempts=options["max_attempts"],
            idle_sleep=options["idle"],
            run_periodic=not options["no_periodic"],
        )
        if options["worker_id"]:
            worker.worker_id = options["worker_id"]

        def stop(signum, frame):
            # Finish the message in hand, leave the rest leased (reclaimed later), record the stop.
            worker.stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        if options["once"]:
            worker.beat()
            delivered = worker.drain_threads()
            jobs = periodic.run_due(worker.worker_id) if worker.run_periodic else {}
            worker.beat(stopped=True)
            self.stdout.write(f"claimed {delivered} message(s); ran {len(jobs)} periodic job(s)")
            return
        self.stdout.write(f"worker {worker.worker_id} started (concurrency {worker.concurrency})")
        worker.run_forever()
        self.stdout.write(f"worker {worker.worker_id} stopped")
