"""``manage.py retention_purge [--dry-run]``: purge the personal data kept past its period
(settings.SPP_RETENTION_DAYS, docs/privacy.md), printing the count per kind. The scheduler runs
the same purge daily (``spp.core.tasks.retention_purge_task``)."""

from django.core.management.base import BaseCommand

from spp.core.retention import retention_purge


class Command(BaseCommand):
    help = "Purge personal data kept past its retention period (--dry-run: count only)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="count what would be purged, change nothing")

    def handle(self, *args, dry_run=False, **options):
        counts = retention_purge(dry_run=dry_run)
        verb = "would purge" if dry_run else "purged"
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {verb} {count}")
