"""Recompute the impact figures. Run it from cron (hourly suits most authorities: the pages
say when the figures were computed); ``--year`` recomputes chosen years, ``--enqueue`` hands
the work to the task workers."""

from django.core.management.base import BaseCommand

from spp.impact.tasks import figures_refresh_task


class Command(BaseCommand):
    help = "Recompute the impact figures of every authority (dashboards, public pages, open data)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", dest="years",
                            help="recompute this year (repeatable); by default the years "
                                 "that may have changed")
        parser.add_argument("--enqueue", action="store_true",
                            help="queue the task for the workers instead of running it here")

    def handle(self, *args, years, enqueue, **options):
        if enqueue:
            result = figures_refresh_task.enqueue(years=years)
            self.stdout.write(f"Tâche mise en file : {result.id}")
            return
        outcome = figures_refresh_task.call(years=years)
        self.stdout.write(f"Chiffres recalculés pour {outcome['years']} : "
                          f"{outcome['rows']} ligne(s).")
