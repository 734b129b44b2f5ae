"""Text messages for call-outs. A backend is any class with ``send(phone, text)``; the
setting ``ROSTERS_SMS_BACKEND`` (dotted path) picks it, the console one by default, so that an
operator plugs in their provider without touching the app."""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("spp.rosters.sms")


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleSmsBackend:
    """Writes the message to the log instead of sending it (development, tests, demo)."""

    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)
        ConsoleSmsBackend.sent.append((phone, text))
        del ConsoleSmsBackend.sent[:-100]  # a bounded trace for tests, not a queue


def sms_backend() -> SmsBackend:
    path = getattr(settings, "ROSTERS_SMS_BACKEND", "spp.rosters.sms.ConsoleSmsBackend")
    return import_string(path)()
