"""Issue an Open311 api_key to a client application and print it (only its hash is stored)."""

from django.core.management.base import BaseCommand

from spp.open311.services import api_client_create


class Command(BaseCommand):
    help = "Issue an Open311 api_key for the client application NAME and print it."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--email", default="")

    def handle(self, *args, name, email, **options):
        _client, raw = api_client_create(actor=None, name=name, contact_email=email)
        self.stdout.write(raw)
