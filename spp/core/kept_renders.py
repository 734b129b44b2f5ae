"""Template renderings kept per process, under a key made of everything they show.

Parts of a page that are the same for everyone who sees the same inputs (the header for a
given navigation, the footer of a brand, an unfiltered filter form, a service's management
menu) cost as much template work as the rest of a simple page. They are rendered once per
process and language and kept here; the caller's ``key`` must hold every input the
rendering shows — the surest way is to render from a context built only from the key's
values, as spp/core/templatetags/page_chrome.py does. With ``DEBUG`` on, nothing is kept, so
that template edits show at once."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

KEPT_LIMIT = 4096  # distinct renderings kept per process (paths vary); emptied when reached

_kept: dict[tuple, str] = {}


def kept_render(template_name: str, key: tuple, context) -> str:
    """``template_name`` rendered with ``context()`` (a dict, built only on a miss), kept under
    the template, the active language and ``key``."""
    if settings.DEBUG:
        return render_to_string(template_name, context())
    full_key = (template_name, get_language(), *key)
    html = _kept.get(full_key)
    if html is None:
        html = render_to_string(template_name, context())
        if len(_kept) >= KEPT_LIMIT:
            _kept.clear()
        _kept[full_key] = html
    return html


def form_fields(form) -> str:
    """A filter form's fields (components/form_fields.html). Unbound (the list as it opens),
    they are the same for everyone who reads a language: kept per form class. A bound form
    renders its own, with the values typed and any error."""
    template = "components/form_fields.html"
    if form.is_bound:
        return render_to_string(template, {"form": form})
    return kept_render(template, (type(form).__module__, type(form).__qualname__),
                       lambda: {"form": form})
