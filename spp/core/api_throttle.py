"""The API's rate limit (``SPP_RATE_LIMITS["api"]``, spp/core/ratelimits.py), as a
django-ninja throttle on the whole of ``/api/v1/`` (config/api.py). Each caller is counted
apart: an organisation's API token by the token, a signed-in person by their account, anyone
else by their client address (through the trusted proxies). A refused request runs nothing and
gets django-ninja's 429, which spp.core.api_errors answers as problem+json with
``Retry-After``."""

import math
import time

from ninja.throttling import BaseThrottle

from spp.core import ratelimits
from spp.core.api_auth import calling_token


class ApiThrottle(BaseThrottle):
    """One instance serves every request: it keeps nothing between calls (``wait`` is the
    time left in the current window, the same for every refused caller)."""

    action = "api"

    def allow_request(self, request) -> bool:
        token = calling_token(request)
        ident = f"token:{token.pk}" if token is not None else ratelimits.requester(request)
        return ratelimits.hit(self.action, ident) is None

    def wait(self) -> float | None:
        rate = ratelimits.rate_for(self.action)
        if rate is None:
            return None
        seconds = rate[1]
        return max(1, math.ceil(seconds - time.time() % seconds))
