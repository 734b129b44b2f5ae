"""The frame of a kept page, rendered once per process with slots for what is personal.

A kept page serves its content from the cache (the notifications, "Mon engagement", the
audit journal, the agents' queue, the rosters' coverage, a service's back-office lists, a
consultation's results): read again, it costs no query. What it still spent most of its time
on was Django's template engine rendering the same frame around that content on every request
— ``base.html``, the page's blocks and title — about 0.4 ms of the 1.1–1.7 ms such a page
took in one process.

``render`` renders the page's template once per process, language, brand and ``key``, with
slots where the per-request parts go:

- ``header``: the navigation with the person's unread count, the language switch back to this
  path, the logout form's CSRF token (``page_chrome.header_html``, itself kept per process);
- ``messages``: the flash messages, if any (reading them marks them read, as the template did);
- ``charter_banner``: the charters the person must accept again;
- ``content``: the page's kept content.

Each request then costs a join of the frame's pieces with those four values.

What the frame may show: the frame is rendered without the request, so no context processor
runs and the template sees only ``brand``, the active language, and what the view passes in
``context``. ``key`` must hold every value of ``context`` the template shows (a service's name
in the title), since the frame is shared by every request with the same key. A form's CSRF
token belongs in the content, as ``page_cache.CSRF_SLOT``, which ``render`` fills with the
request's token: the frame has none. A theme's
``base.html`` must render the header, the messages and the charter banner with the
``{% site_header %}``, ``{% site_messages %}`` and ``{% charter_banner %}`` tags
(themes/dsfr/README.md). With ``DEBUG`` on, nothing is kept, so that template edits show at
once."""

import re

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from spp.core.context_processors import platform
from spp.core.page_cache import with_csrf_token
from spp.core.selectors import brand_for_request
from spp.core.templatetags import page_chrome

KEPT_LIMIT = 1024  # frames kept per process (templates × languages × keys); emptied when reached
_SLOT = re.compile("\x00spp-slot:(\\w+)\x00")

_kept: dict[tuple, list[str]] = {}


def _frame(template_name: str, context: dict, key: tuple) -> list[str]:
    """The template rendered with slots, split into [text, slot name, text, …, text]."""
    brand = brand_for_request()
    full_key = (template_name, get_language(), brand, key)
    pieces = None if settings.DEBUG else _kept.get(full_key)
    if pieces is None:
        html = render_to_string(template_name, {
            **context, "brand": brand, page_chrome.FRAME_SLOTS: True,
            "content": mark_safe(page_chrome.slot("content")),  # noqa: S308
        })
        pieces = _SLOT.split(html)
        if not settings.DEBUG:
            if len(_kept) >= KEPT_LIMIT:
                _kept.clear()
            _kept[full_key] = pieces
    return pieces


def _personal_parts(request, content: str, wanted: set[str]) -> dict[str, str]:
    """The value of each slot the frame holds, for this request."""
    chrome = platform(request)  # lazy: only what a slot reads is computed
    values = {"content": content}
    if "header" in wanted:
        values["header"] = page_chrome.header_html(request, chrome["navigation"])
    if "messages" in wanted:
        values["messages"] = page_chrome.messages_html(get_messages(request))
    if "charter_banner" in wanted:
        values["charter_banner"] = page_chrome.charter_banner_html(
            chrome["charters_to_reaccept"])
    return values


def render(request, template_name: str, content: str, *, context: dict | None = None,
           key: tuple = (), status: int = 200) -> HttpResponse:
    """The page ``template_name`` (which extends ``base.html`` and shows ``{{ content }}``) for
    this request, around ``content`` (safe HTML, its forms' tokens as ``CSRF_SLOT``).
    ``context``: what else the template shows, all of it held in ``key``."""
    pieces = _frame(template_name, context or {}, key)
    content = with_csrf_token(request, content)
    values = _personal_parts(request, content, set(pieces[1::2]))
    html = "".join(values[piece] if index % 2 else piece for index, piece in enumerate(pieces))
    return HttpResponse(html, status=status)
