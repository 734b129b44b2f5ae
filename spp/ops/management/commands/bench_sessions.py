"""``manage.py bench_sessions EMAIL…``: print a JSON object mapping each email to a fresh
session key, so the benchmark client is signed in without going through the login form
(whose password hashing would dominate what is measured). For bench/run.py only."""

import json
import time
from importlib import import_module

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY as AUTHENTICATION_METHODS_USER_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandError

from spp.core.demo import demo_authenticator_app
from spp.core.models import User
from spp.core.permissions import must_use_second_factor


class Command(BaseCommand):
    help = "Create signed-in sessions for the benchmark client (prints JSON)."

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="*")

    def handle(self, *args, **options):
        store_class = import_module(settings.SESSION_ENGINE).SessionStore
        keys = {}
        for email in options["emails"]:
            user = User.objects.filter(email=email).first()
            if user is None:
                raise CommandError(f"No user {email}: seed the demo data first.")
            store = store_class()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            if must_use_second_factor(user):
                # Staff have passed the second factor, as at a real sign-in (spp/core/
                # second_factor.py): the demo's authenticator app, recorded as allauth does.
                app = demo_authenticator_app(user)
                store[AUTHENTICATION_METHODS_SESSION_KEY] = [
                    {"method": "mfa", "at": time.time(), "id": app.pk, "type": app.type}]
                store[AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
            store.create()
            keys[email] = store.session_key
        self.stdout.write(json.dumps(keys))
