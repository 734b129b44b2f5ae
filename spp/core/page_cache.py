"""Public pages served from the cache to anonymous visitors.

A storm brings hundreds of people to the report map, a national consultation sends thousands to
its proposals: nearly all of them anonymous, all reading the same page. Rendering it once a
minute and sharing the result is what keeps those pages fast; everyone signed in (or carrying
a message, or a session) still gets the page rendered for them.

A page is shared only when nothing in it belongs to the visitor: no session or message cookie
came in, the page used no CSRF token (a form would embed one), and the view left the session
untouched. The key holds the language and the full path with its query string; the brand is
the same for every visitor. ``SPP_PUBLIC_PAGE_CACHE_SECONDS`` sets the delay (0 turns it off,
as in the tests) — it is also how stale a public page may be after a change."""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

PERSONAL_COOKIES = ("messages",)
# Where a form of kept content (served to several people: spp/core/generations.py) takes the
# request's CSRF token. It starts with "<", which ``escape`` never lets through from a value, so
# nothing typed by someone can take its place; it is written into the HTML unescaped.
CSRF_SLOT = "<spp-csrf-token>"


def carries_personal_state(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or any(c in cookies for c in PERSONAL_COOKIES)


def _page_key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"spp:page:{get_language()}:{path}"


def shareable(request, response) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
    )


def private_response(response):
    """Browsers may keep it, shared caches may not (a signed-in visitor sees another page)."""
    patch_vary_headers(response, ("Cookie",))
    patch_cache_control(response, private=True)
    return response


def may_share(request) -> bool:
    """Sharing is on and this request may read (and give) a shared page."""
    return (bool(settings.SPP_PUBLIC_PAGE_CACHE_SECONDS) and request.method in ("GET", "HEAD")
            and not carries_personal_state(request))


def rendered(response):
    """The response with its content (a TemplateResponse is rendered)."""
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return response


def public_page(view):
    """Decorate a view whose anonymous page is the same for every anonymous visitor."""

    @wraps(view)
    def serve(request, *args, **kwargs):
        if not may_share(request):
            return view(request, *args, **kwargs)
        seconds = settings.SPP_PUBLIC_PAGE_CACHE_SECONDS
        key = _page_key(request)
        cached = cache.get(key)
        if cached is not None:
            content_type, content = cached
            return private_response(HttpResponse(content, content_type=content_type))
        response = rendered(view(request, *args, **kwargs))
        if shareable(request, response):
            cache.set(key, (response["Content-Type"], response.content), seconds)
        return private_response(response)

    return serve


def page_csrf_token(request) -> str:
    """The CSRF token of every form of this response. Django masks the secret anew at each
    ``get_token`` (so that a compressed response never repeats it from one response to the
    next); one mask per response is all that needs, and masking is costly enough to show on a
    kept page that holds forms in its header and its content. A secret rotated meanwhile
    (signing in) gets a token of its own."""
    held = getattr(request, "_spp_csrf_token", None)
    if held is None or held[0] != request.META.get("CSRF_COOKIE"):
        token = get_token(request)
        held = request._spp_csrf_token = (request.META.get("CSRF_COOKIE"), token)
    return held[1]


def with_csrf_token(request, content: str) -> SafeString:
    """Kept ``content`` (safe HTML) with this request's CSRF token in each ``CSRF_SLOT`` (the
    token is letters and digits; escaped all the same)."""
    if CSRF_SLOT in content:
        content = content.replace(CSRF_SLOT, escape(page_csrf_token(request)))
    return mark_safe(content)
