"""Public pages shared between anonymous visitors, with Django's own ``cache_page``.

A storm brings hundreds of people to the report map, a national consultation sends thousands to
its proposals: nearly all of them anonymous, all reading the same page. Sharing the page a
minute is what keeps those peaks cheap. Everyone signed in (or carrying a flash message) gets
the page computed for them, so they never see one older than their own last action.

Django's cache middleware already refuses what must not be shared: a response that sets a
cookie (a CSRF token, a session) for a visitor who sent none, one marked private, anything but
a 200 to a GET. Its key holds the full URL and the language. ``SPP_PUBLIC_PAGE_CACHE_SECONDS``
is how stale a public page may be after a change (0 turns sharing off, as in the tests)."""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_page
from django.views.decorators.vary import vary_on_cookie

PERSONAL_COOKIES = ("messages",)


def carries_personal_state(request) -> bool:
    """The visitor is signed in (a session) or has a message waiting for them."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or any(c in cookies for c in PERSONAL_COOKIES)


def _marked_private_if_personal(view):
    """The view, whose response is marked private (so Django's cache refuses it) when it used
    a CSRF token or the session. Needed because a decorator runs inside the CSRF and session
    middleware: the cookies they will add are not on the response yet when it is stored."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if getattr(response, "is_rendered", True) is False:
            response.render()
        session = getattr(request, "session", None)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or (session is not None
                                                            and session.modified):
            patch_cache_control(response, private=True)
        return response

    return marked


def public_page(view):
    """Decorate a view whose anonymous page is the same for every anonymous visitor."""
    personal_view = vary_on_cookie(_marked_private_if_personal(view))

    @wraps(view)
    def serve(request, *args, **kwargs):
        seconds = settings.SPP_PUBLIC_PAGE_CACHE_SECONDS
        if seconds and not carries_personal_state(request):
            shared_view = cache_page(seconds, key_prefix="public-page")(personal_view)
            response = shared_view(request, *args, **kwargs)
        else:
            response = personal_view(request, *args, **kwargs)
        # Shared caches and the browser must ask again: the next page may be signed in.
        patch_cache_control(response, private=True, no_cache=True)
        del response["Expires"]
        return response

    return serve
