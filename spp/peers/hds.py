"""The health-data gate: the peers pages serve only on a host declared certified for health
data (``SPP_HEALTH_DATA_HOST_CERTIFIED``). config/settings.py leaves the app out of a
production that does not declare it; this decorator covers a configuration that forces the app
in anyway (503 with the reason, nothing read)."""

from functools import wraps

from django.conf import settings
from django.shortcuts import render


def host_certified() -> bool:
    return bool(getattr(settings, "SPP_HEALTH_DATA_HOST_CERTIFIED", False))


def health_data_host_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not host_certified():
            return render(request, "peers/unavailable.html", status=503)
        return view(request, *args, **kwargs)

    return wrapper
