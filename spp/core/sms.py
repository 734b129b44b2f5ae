"""The platform's one SMS gateway: the rosters' call-outs and the carpool lines send through it.

A backend is any class with ``send(phone, text)``; the setting ``SMS_BACKEND`` (a dotted path)
picks it, the console one by default, so that an operator plugs in their provider without
touching an app. ``ROSTERS_SMS_BACKEND``, its name before other apps sent SMS, is still read
when ``SMS_BACKEND`` is unset (docs/configuration.md).

Incoming messages reach an app's own webhook (the carpool's is ``/covoiturage/sms/<service>/
entrant/``); ``inbound_token_valid`` is the one check of the gateway's shared secret."""

import hmac
import logging
import re
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("spp.sms")

CONSOLE_BACKEND = "spp.core.sms.ConsoleSmsBackend"
# Where the console backend lived before it moved here: a setting may still name it.
FORMER_PATHS = {"spp.rosters.sms.ConsoleSmsBackend": CONSOLE_BACKEND}
INBOUND_TOKEN_HEADER = "X-SPP-SMS-Token"


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleSmsBackend:
    """Writes the message to the log (logger ``spp.sms``) instead of sending it: development,
    the demo and the tests, which read what was sent from the log records. It keeps nothing in
    memory, so that no process holds state another would need."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


def sms_backend() -> SmsBackend:
    path = (getattr(settings, "SMS_BACKEND", "")
            or getattr(settings, "ROSTERS_SMS_BACKEND", "") or CONSOLE_BACKEND)
    return import_string(FORMER_PATHS.get(path, path))()


def sms_send(phone: str, text: str) -> None:
    """Send one text through the configured gateway; nothing for an empty number."""
    if phone:
        sms_backend().send(phone, text)


def phone_normalise(phone: str) -> str:
    """A number as gateways write it (``+33612345678``), from the forms people type it in
    (``06 12 34 56 78``, ``0033 6…``, ``+33 (0)6…``): French national numbers get the +33
    prefix, other numbers keep their own; "" when there are no digits."""
    text = phone.strip().replace("(0)", "")
    digits = re.sub(r"\D", "", text)
    if not digits:
        return ""
    if text.startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if len(digits) == 10 and digits.startswith("0"):
        return "+33" + digits[1:]
    if len(digits) == 11 and digits.startswith("33"):
        return "+" + digits
    return digits


def phone_variants(phone: str) -> list[str]:
    """The spellings (without spaces, dots or dashes) under which a number may be stored in a
    person's profile, to find them from the number a gateway gives."""
    normalised = phone_normalise(phone)
    if not normalised:
        return []
    variants = {normalised, normalised.lstrip("+")}
    if normalised.startswith("+33"):
        national = normalised[3:]
        variants |= {"0" + national, "0033" + national, "+330" + national}
    return sorted(variants)


def inbound_token_valid(given: str) -> bool:
    """Whether a webhook call carries the gateway's shared secret (``SMS_INBOUND_TOKEN``),
    compared in constant time. No secret configured: every call is refused."""
    expected = getattr(settings, "SMS_INBOUND_TOKEN", "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
