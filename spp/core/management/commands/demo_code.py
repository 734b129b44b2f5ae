"""``manage.py demo_code`` (``make demo-code``): the code an authenticator app holding the
demo's published key shows now, for signing in to the demo's staff accounts without one."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from spp.core.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo's staff accounts."

    def handle(self, *args, **options):
        step = mfa_settings.TOTP_PERIOD
        now = int(time.time())
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // step))
        self.stdout.write(f"Code de double authentification des comptes de démonstration : "
                          f"{code} (valable encore {step - now % step} s)")
