"""Settle the guaranteed-ride requests whose waiting time is over. Run it every minute or so
(cron, a scheduler) where the task backend cannot delay a task; elsewhere it is a harmless
safety net: each request is settled once, whoever gets there first."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from spp.carpool.selectors.demand import guarantees_due
from spp.carpool.services.guarantee import ride_guarantee_settle


class Command(BaseCommand):
    help = "Call the line's fallback for guaranteed rides still without a driver when due."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200,
                            help="at most this many requests in this run")

    def handle(self, *args, limit, **options):
        outcomes: dict[str, int] = {}
        for search_id in list(guarantees_due(now=timezone.now())[:limit]):
            outcome = ride_guarantee_settle(search_id=search_id)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(f"Trajets garantis traités : {sum(outcomes.values())}"
                          + (f" ({summary})." if summary else "."))
