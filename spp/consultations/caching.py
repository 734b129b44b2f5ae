"""Exact caching of the consultations' shared reads, with generation numbers
(``spp/core/generations.py``).

Four scopes, advanced by the services (and, for what other apps or the admin change, by the
signal receivers in ``apps.py``):

- ``consultation:<slug>``: the consultation itself (its settings, publication, questions, the
  names of its service and authority). Every page of the consultation depends on it.
- ``consultation:<slug>:proposals``: which proposals the lists show (filed, moderated).
- ``proposal:<pk>``: one proposal's page (its status, supports, comments).
- ``consultation:<slug>:results``: the results' counters, drafts and free-text samples (moved
  by each response started or submitted: while a consultation takes answers its results are
  recomputed about as often as its few managers read them; once it is closed, and the public
  reads them, they stay cached).

The counts of supports and comments on the *lists* are the one thing shared with a delay
(``LIST_COUNTS_SECONDS``, and the "most supported" order with them): during a national
consultation they change many times a second, and a list that every support made stale would
be rendered again for nearly every visitor. A proposal's own page, the results and everything
a signed-in person sees are exact.

Keyed by slug rather than id because the slug is what a request carries: a page's validity is
then checked in a single cache round trip, before anything is read from the database. A
change of slug advances both the old and the new one.

What is cached here is never personal: the consultation (permissions are still evaluated per
request, on it) and the pages of anonymous visitors. The pages' only delay is that of an
author's display name (a profile change is not followed): they are kept at most
``SPP_PUBLIC_PAGE_CACHE_SECONDS``; everything else is exact."""

import hashlib
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from spp.core import generations

# The consultation read by slug, kept this long at most (it is exact until then).
CONSULTATION_SECONDS = 3600
# How late a shared list may show the counts of supports and comments (see above).
LIST_COUNTS_SECONDS = 10


def consultation_scope(slug: str) -> str:
    return f"consultation:{slug}"


def proposals_scope(slug: str) -> str:
    return f"consultation:{slug}:proposals"


def proposal_scope(pk: int) -> str:
    return f"proposal:{pk}"


def results_scope(slug: str) -> str:
    return f"consultation:{slug}:results"


def advance_consultation(*slugs: str) -> None:
    """The consultation changed (settings, publication, questions…): all its cached pages and
    its cached copy are stale. Pass the old slug too when it changes."""
    for slug in dict.fromkeys(slugs):
        if slug:
            generations.advance(consultation_scope(slug))


def advance_proposals(consultation, *proposal_ids: int) -> None:
    """Which proposals the lists show changed (one filed, one moderated), and the pages of
    ``proposal_ids``."""
    generations.advance(proposals_scope(consultation.slug))
    advance_proposal(*proposal_ids)


def advance_proposal(*proposal_ids: int) -> None:
    """The pages of ``proposal_ids`` changed (a support, a comment); the lists show the new
    counts within LIST_COUNTS_SECONDS."""
    for pk in proposal_ids:
        generations.advance(proposal_scope(pk))


def advance_results(consultation) -> None:
    """A response was started or submitted (or the counters rebuilt): the results changed."""
    generations.advance(results_scope(consultation.slug))


def cached_consultation(slug: str, load):
    """The consultation of ``slug`` as ``load(slug)`` reads it (None if there is none, which is
    not kept: creating a consultation then needs no advance), from the cache while it has not
    changed."""
    return generations.cached_value(f"spp:consultations:by-slug:{slug}",
                                    [consultation_scope(slug)], lambda: load(slug),
                                    CONSULTATION_SECONDS)


def next_change(consultation) -> datetime | None:
    """When the consultation's abilities change by the clock alone (it opens, it closes): a
    shared page is not served past it."""
    now = timezone.now()
    upcoming = [at for at in (consultation.opens_at, consultation.closes_at) if at > now]
    return min(upcoming) if upcoming else None


def share_until(response, consultation):
    """Mark a page as shareable with anonymous visitors until the consultation's next change
    by the clock (read by ``shared_page``)."""
    response.shared_until = next_change(consultation)
    return response


def _page_key(request, extra: str) -> str:
    path = hashlib.sha256(f"{request.get_full_path()}|{extra}".encode()).hexdigest()
    return f"spp:consultations:page:{get_language()}:{path}"


def shared_page(scopes, *, variant=None, max_seconds: int | None = None):
    """Serve an anonymous visitor's page from the cache while the ``scopes(request, **kwargs)``
    have not moved. The rules of what may be shared are those of ``spp.core.page_cache``: no
    session or message cookie came in, the page set no cookie, used no CSRF token, left the
    session untouched; and the view marked the response with ``share_until``. ``variant``
    (request → str) adds to the key what the view reads besides the URL (the random order's
    seed drawn for a visitor who has none); ``max_seconds`` bounds how long a copy is served
    (what the scopes do not follow: the lists' counts)."""
    from spp.core.page_cache import may_share, private_response, rendered, shareable

    def decorate(view):
        @wraps(view)
        def serve(request, *args, **kwargs):
            if not may_share(request):
                return view(request, *args, **kwargs)
            seconds = settings.SPP_PUBLIC_PAGE_CACHE_SECONDS
            key = _page_key(request, variant(request) if variant else "")
            found, numbers = generations.read(key, scopes(request, **kwargs))
            now = timezone.now()
            if found is not None and (found[0] is None or now < found[0]):
                _until, content_type, content = found
                return private_response(HttpResponse(content, content_type=content_type))
            response = rendered(view(request, *args, **kwargs))
            if hasattr(response, "shared_until") and shareable(request, response):
                until = response.shared_until
                if max_seconds is not None:
                    bound = now + timedelta(seconds=max_seconds)
                    until = bound if until is None else min(until, bound)
                keep = seconds if until is None else min(
                    seconds, int((until - now).total_seconds()))
                if keep > 0:
                    generations.store(key, numbers, (
                        until, response["Content-Type"], response.content), keep)
            return private_response(response)

        return serve

    return decorate
