"""Rate limits on what anyone can send many times: reports (web form and Open311), consultation
answers and the API (sign-up, password reset and sign-in are allauth's, ACCOUNT_RATE_LIMITS).

A limit is a rate written as allauth writes its own, ``"<count>/<period>"`` with the period
``s``, ``m``, ``h`` or ``d``, optionally prefixed by a number (``"20/h"``, ``"5/15m"``), read
from ``settings.SPP_RATE_LIMITS[action]`` on each request (so a setting change applies at
once, and tests can override it). Each person is counted apart: a signed-in person by their
account, anyone else by their client address, read as allauth reads it for sign-in throttling
(the adapter's ``get_client_ip``: TRUSTED_PROXY_COUNT, TRUSTED_CLIENT_IP_HEADER), so that one
person's burst never blocks another.

The counters live in Django's cache, shared by every process (settings.CACHES): one counter
per person and fixed window, created with ``add`` and raised with ``incr``, both atomic on
Redis and in memory. At the edge of two windows a person may send up to twice the count in a
short time; that is the price of needing no lock. With DummyCache (``SPP_DUMMY_CACHE=1``)
nothing is counted and nothing is limited: the cache is never the source of truth.

Who is refused is told when to come back (``Retry-After``, in seconds, the end of the window)
and loses nothing: forms come back with what was typed (``too_many_message``), the API answers
problem+json (spp.core.api_errors), Open311 its list of errors."""

import math
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"20/h"`` → (20, 3600); ``"5/15m"`` → (5, 900). A third part (allauth's ``/ip``,
    ``/key``) is ignored. ValueError on anything else."""
    parts = rate.strip().split("/")
    if len(parts) not in (2, 3) or not parts[1] or parts[1][-1] not in PERIODS:
        raise ValueError(f"Invalid rate: {rate!r}")
    count, period = int(parts[0]), parts[1]
    multiple = int(period[:-1]) if period[:-1] else 1
    if count < 1 or multiple < 1:
        raise ValueError(f"Invalid rate: {rate!r}")
    return count, multiple * PERIODS[period[-1]]


def rate_for(action: str) -> tuple[int, int] | None:
    """The (count, seconds) of ``action``'s limit; None when it is switched off (empty)."""
    rate = settings.SPP_RATE_LIMITS.get(action)
    return parse_rate(rate) if rate else None


def client_address(request) -> str:
    """The client's address through our trusted proxies, as sign-in throttling reads it."""
    return get_adapter(request).get_client_ip(request)


def requester(request) -> str:
    """Whom a request is counted for: the signed-in account, else the client's address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_address(request)}"


def hit(action: str, ident: str, *, now: float | None = None) -> int | None:
    """Count one request of ``ident`` for ``action``. None when it is allowed; otherwise the
    seconds until the window ends (at least 1), and the request must do nothing."""
    rate = rate_for(action)
    if rate is None:
        return None
    count, seconds = rate
    now = time.time() if now is None else now
    window = int(now // seconds)
    key = f"spp:rl:{action}:{seconds}:{ident}:{window}"
    # The window's counter expires with it (plus a little, for clocks a bit apart).
    if cache.add(key, 1, timeout=seconds + 5):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # gone meanwhile, or DummyCache that keeps nothing: not counted
            return None
    if used <= count:
        return None
    return max(1, math.ceil((window + 1) * seconds - now))


def check(request, action: str) -> int | None:
    """``hit`` for the person making ``request``."""
    return hit(action, requester(request))


def too_many_message(retry_after: int) -> str:
    """What a person refused is told, in French, with when to come back."""
    minutes = math.ceil(retry_after / 60)
    if retry_after < 60:
        delay = ngettext("%(n)d seconde", "%(n)d secondes", retry_after) % {"n": retry_after}
    else:
        delay = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return _("Vous avez fait beaucoup d’envois en peu de temps. Pour protéger le service, "
             "nous ne pouvons pas en accepter d’autres pour l’instant : réessayez dans "
             "%(delay)s. Rien n’est perdu : ce que vous avez saisi est conservé ci-dessous.") % {
        "delay": delay}


def with_retry_after(response, retry_after: int):
    """``response`` as a 429 telling when to come back."""
    response.status_code = 429
    response["Retry-After"] = str(retry_after)
    return response
