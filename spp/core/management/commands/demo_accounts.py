import os

from django.core.management.base import BaseCommand

from spp.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the demo accounts."

    def handle(self, *args, **options):
        self.stdout.write(f"\nComptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        for email, description in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<26} {description}")
        self.stdout.write(
            "\nLes comptes de gestion (tous sauf citoyen@) ont une double authentification : "
            f"ajoutez la clé {DEMO_TOTP_SECRET} à une application d’authentification, ou "
            "demandez le code du moment avec `make demo-code`.")
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"\nPlateforme : http://127.0.0.1:{port}  (API : /api/v1/docs)\n")
