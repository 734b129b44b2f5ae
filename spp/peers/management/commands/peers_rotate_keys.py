"""``manage.py peers_rotate_keys``: after prepending a new key to SPP_FIELD_ENCRYPTION_KEYS,
re-encrypt every request's personal fields with it; the old key may then be removed."""

from django.core.management.base import BaseCommand

from spp.peers.services import requests_reencrypt


class Command(BaseCommand):
    help = "Chiffre à nouveau les coordonnées des demandes avec la première clé de " \
           "SPP_FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        count = requests_reencrypt()
        self.stdout.write(f"{count} demande(s) chiffrée(s) avec la nouvelle clé.")
