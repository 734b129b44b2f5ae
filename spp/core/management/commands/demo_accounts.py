from django.core.management.base import BaseCommand

from spp.core.demo_data import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo accounts."

    def handle(self, *args, **options):
        self.stdout.write(f"\nComptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        for email, description in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<26} {description}")
        self.stdout.write("\nPlateforme : http://127.0.0.1:8000  (API : /api/v1/docs)\n")
