"""``manage.py peers_purge``: blank the personal fields of requests closed longer ago than
their service keeps them (run it daily, like the other housekeeping commands)."""

from django.core.management.base import BaseCommand

from spp.peers.services import requests_purge


class Command(BaseCommand):
    help = "Efface les coordonnées des demandes d’accompagnement clôturées au-delà de la durée " \
           "de conservation du service."

    def handle(self, *args, **options):
        count = requests_purge()
        self.stdout.write(f"{count} demande(s) purgée(s).")
