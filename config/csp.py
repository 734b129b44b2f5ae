"""The Content-Security-Policy every page is sent with (django-csp's middleware).

Strict on purpose: scripts, styles, fonts and frames come from our own origin only, and nothing
inline runs or applies (no ``<script>`` without ``src``, no ``style`` attribute, no ``on…``
handler), so an injected fragment of HTML can neither run code nor restyle a page to deceive.
What the pages legitimately reach elsewhere is named here, from the settings that configure it:
the map's tile server (images), and the identity providers a sign-in form sends the browser to
(``form-action`` also governs the redirect that follows a form's submission)."""

from urllib.parse import urlsplit

from csp.constants import NONE, SELF


def origin_of(url: str) -> str:
    """``https://tile.example.org/{z}/{x}/{y}.png`` → ``https://tile.example.org``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy(*, map_tile_url: str, form_action_urls: list[str]) -> dict:
    """django-csp's ``CONTENT_SECURITY_POLICY`` setting."""
    tiles = [origin for origin in [origin_of(map_tile_url)] if origin]
    providers = sorted({origin for origin in map(origin_of, form_action_urls) if origin})
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            # data: for the second factor's QR code, which allauth draws as an inline SVG image.
            "img-src": [SELF, "data:", *tiles],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF, *providers],
            "frame-ancestors": [NONE],
        },
    }
