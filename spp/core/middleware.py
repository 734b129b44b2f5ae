"""Request-wide behaviour of the platform."""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware


class LoginRequiredUnlessPublicMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, with whole URL prefixes opted out (the API and
    Open311 answer 401/403 themselves; static files and health checks are public)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(settings.LOGIN_NOT_REQUIRED_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
