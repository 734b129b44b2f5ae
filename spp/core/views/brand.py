"""The authority's colours as a stylesheet.

The Content-Security-Policy refuses inline styles, so the colours an admin picks cannot sit in a
``style`` attribute of the page. The stylesheet's address holds the colours themselves: it never
changes for a given pair, so browsers keep it for a year, and a new choice is a new address."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

A_YEAR_IN_SECONDS = 365 * 24 * 3600


@login_not_required
@require_safe
def brand_stylesheet(request, primary: str, accent: str):
    """``primary`` and ``accent`` are six hex digits each, as the URL pattern admits."""
    response = render(
        request, "core/brand.css", {"primary": primary.lower(), "accent": accent.lower()},
        content_type="text/css; charset=utf-8",
    )
    response["Cache-Control"] = f"public, max-age={A_YEAR_IN_SECONDS}, immutable"
    return response
