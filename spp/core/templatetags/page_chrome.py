"""The header, footer and charter banner of every page, and the pagination links of every list,
rendered from explicit inputs and kept per process.

Rendered through ``{% include %}`` with the whole page context, these three components took
more Python work than the rest of a simple signed-in page, on every request, to produce the
same few kilobytes. Each is now rendered from a small dict of exactly what it shows (the
brand, the language, the navigation with its counts, whether someone is signed in, the path
to come back to), and the result is kept in this process under a key made of that dict: what
a component cannot see, it cannot leak into another person's page. The templates stay
``components/header.html`` and friends, so a theme still overrides them (the inputs each
receives are listed below and in themes/dsfr/README.md).

The logout form's CSRF token is the one per-request part: the header is rendered with a
placeholder, replaced by the request's token on the way out. With ``DEBUG`` on, nothing is
kept, so that template edits show at once.

A kept page's frame (spp/core/page_frame.py) is rendered with ``FRAME_SLOTS`` set: the header,
the messages and the charter banner then leave a slot, filled on every request by
``header_html``, ``messages_html`` and ``charter_banner_html``."""

from typing import NamedTuple

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from spp.core.kept_renders import kept_render
from spp.core.page_cache import page_csrf_token
from spp.core.selectors import brand_for_request

register = template.Library()

CSRF_PLACEHOLDER = "spp-csrf-token-placeholder"
# Set in the context when a kept page's frame is rendered (spp/core/page_frame.py).
FRAME_SLOTS = "spp_frame_slots"


def _render(template_name: str, inputs: dict) -> str:
    """The component rendered from ``inputs`` alone, so that the key holds all it shows."""
    return kept_render(template_name, tuple(sorted(inputs.items())), lambda: {
        **inputs, "LANGUAGE_CODE": get_language(), "csrf_token": CSRF_PLACEHOLDER})


class NavItem(NamedTuple):
    label: str
    url: str
    current: bool
    count: int


class CharterToAccept(NamedTuple):
    service_name: str
    service_slug: str


def slot(name: str) -> str:
    """Where a kept page's frame (spp/core/page_frame.py) puts the per-request part ``name``."""
    return f"\x00spp-slot:{name}\x00"


def _in_frame(context) -> bool:
    """The template is being rendered as a kept page's frame: per-request parts become slots."""
    return bool(context.get(FRAME_SLOTS))


def header_html(request, navigation) -> str:
    """``components/header.html`` for this request: kept per process under its inputs, with
    the request's CSRF token put in for the logout form."""
    user = getattr(request, "user", None)
    html = _render("components/header.html", {
        "brand": brand_for_request(),
        "authenticated": bool(user is not None and user.is_authenticated),
        "next_path": request.get_full_path() if request is not None else "/",
        "navigation": tuple(NavItem(i["label"], i["url"], i["current"], i.get("count") or 0)
                            for i in navigation),
    })
    if CSRF_PLACEHOLDER in html and request is not None:
        html = html.replace(CSRF_PLACEHOLDER, page_csrf_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by our own template, autoescaped


def messages_html(messages) -> str:
    """``components/messages.html`` for the request's messages (iterating marks them read)."""
    return render_to_string("components/messages.html", {"messages": messages}) if messages else ""


def charter_banner_html(charters_to_reaccept) -> str:
    charters = tuple(CharterToAccept(c["service_name"], c["service_slug"])
                     for c in charters_to_reaccept)
    if not charters:
        return ""
    return mark_safe(_render("components/charter_banner.html",  # noqa: S308
                             {"charters_to_reaccept": charters}))


@register.simple_tag(takes_context=True)
def site_header(context):
    """``components/header.html`` receives: ``brand``, ``LANGUAGE_CODE``, ``authenticated``,
    ``next_path`` (where the language switch comes back to), ``navigation`` (items with
    ``label``, ``url``, ``current`` and ``count``) and ``csrf_token`` for the logout form."""
    if _in_frame(context):
        return mark_safe(slot("header"))  # noqa: S308
    return header_html(context.get("request"), context.get("navigation", ()))


@register.simple_tag(takes_context=True)
def site_messages(context):
    """``components/messages.html`` receives ``messages``."""
    if _in_frame(context):
        return mark_safe(slot("messages"))  # noqa: S308
    return mark_safe(messages_html(context.get("messages", ())))  # noqa: S308


@register.simple_tag(takes_context=True)
def site_footer(context):
    """``components/footer.html`` receives ``brand`` and ``LANGUAGE_CODE``."""
    return mark_safe(_render("components/footer.html", {"brand": brand_for_request()}))  # noqa: S308


@register.simple_tag(takes_context=True)
def charter_banner(context):
    """``components/charter_banner.html`` receives ``charters_to_reaccept`` (items with
    ``service_name`` and ``service_slug``); nothing is rendered when there is none."""
    if _in_frame(context):
        return mark_safe(slot("charter_banner"))  # noqa: S308
    return charter_banner_html(context.get("charters_to_reaccept", ()))


@register.simple_tag
def pagination_links(page, querystring=""):
    """``components/pagination_links.html`` receives ``number``, ``previous`` and ``next`` (page
    numbers, or None), ``pages`` (numbers, None for an ellipsis), ``count``, ``capped`` (the
    count is a lower bound, spp/core/pagination.py) and ``querystring``."""
    paginator = page.paginator
    pages = tuple(None if n == paginator.ELLIPSIS else n
                  for n in paginator.get_elided_page_range(page.number))
    return mark_safe(_render("components/pagination_links.html", {  # noqa: S308
        "number": page.number,
        "previous": page.previous_page_number() if page.has_previous() else None,
        "next": page.next_page_number() if page.has_next() else None,
        "pages": pages, "count": paginator.count,
        "capped": bool(getattr(paginator, "is_capped", False)),
        "querystring": querystring or "",
    }))
