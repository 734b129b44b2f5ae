"""Settle the guaranteed-ride requests whose waiting time is over, here and now. The scheduler
(``manage.py run_scheduler``) queues the same check every minute (``guarantees_due_check``): a
harmless safety net where tasks are delayed, each request settled once whoever gets there
first."""

from django.core.management.base import BaseCommand

from spp.carpool.guarantee_tasks import guarantees_due_check


class Command(BaseCommand):
    help = "Call the line's fallback for guaranteed rides still without a driver when due."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200,
                            help="at most this many requests in this run")

    def handle(self, *args, limit, **options):
        outcomes = guarantees_due_check.call(limit=limit)
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(f"Trajets garantis traités : {sum(outcomes.values())}"
                          + (f" ({summary})." if summary else "."))
