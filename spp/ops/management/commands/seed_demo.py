"""``manage.py seed_demo``: idempotent demo data on a real territory (Voiron, Isère)."""

from django.core.management.base import BaseCommand

from spp.ops.demo import seed_demo


class Command(BaseCommand):
    help = "Create (or complete) the demo data: organisations, people, the six services."

    def handle(self, *args, **options):
        context = seed_demo(log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {len(context.services)} services, {len(context.citizens)} citizens."
            )
        )
