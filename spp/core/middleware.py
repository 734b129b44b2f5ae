"""Request-wide behaviour of the platform."""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.utils import translation


class LoginRequiredUnlessPublicMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, with whole URL prefixes opted out (the API and
    Open311 answer 401/403 themselves; static files and health checks are public)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(settings.LOGIN_NOT_REQUIRED_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def set_language_cookie(response, language: str) -> None:
    """The cookie Django's LocaleMiddleware and the header's language switch read."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE)


class PreferredLanguageMiddleware:
    """A signed-in person whose browser has not chosen a language yet (a new device, a fresh
    login) sees the language of their profile, and the browser keeps it.

    Runs after authentication. A browser that carries the language cookie (the header's switch,
    an earlier visit) or no session at all costs nothing here: the person is not even read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = None
        if (settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
                and settings.SESSION_COOKIE_NAME in request.COOKIES
                and request.user.is_authenticated):
            preferred = request.user.preferred_language
            if preferred and preferred != translation.get_language():
                translation.activate(preferred)
                request.LANGUAGE_CODE = chosen = preferred
        response = self.get_response(request)
        if chosen:
            set_language_cookie(response, chosen)
        return response


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` (settings.PERMISSIONS_POLICY) on every response: the
    browser features a page of ours, or anything it might embed, may ask for. Django's
    SecurityMiddleware has no setting for this header, hence this one line of middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
