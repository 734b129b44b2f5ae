"""Count ahead who is qualified and available, for the coverage day view. Run it every few
minutes (cron, or a scheduler enqueuing ``spp.rosters.tasks.availability_count_task``); a
count older than ``ROSTERS_AVAILABILITY_MAX_AGE`` is ignored by the page, which then counts on
each request."""

from django.core.management.base import BaseCommand

from spp.rosters.services import availability_count_ahead


class Command(BaseCommand):
    help = "Count who is qualified and available on the coming days of every rosters service."

    def handle(self, *args, **options):
        counted = availability_count_ahead()
        if options["verbosity"] < 1:
            return
        for slug, days in counted.items():
            self.stdout.write(f"{slug}: {days} jour(s) comptés.")
        self.stdout.write(f"{len(counted)} service(s).")
