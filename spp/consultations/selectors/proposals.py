"""The reads of proposals: the lists in each order, searched and paged, a person's supports
and a proposal's comments, with the index each relies on.

"Newest" and "most supported" read the (consultation, status, …) indexes in order; "random"
walks the ``shuffle_key`` index from a per-visitor starting point and wraps around, so a
visitor's order is stable across pages and each page costs two index range scans, never a
sort of the whole table. Search uses PostgreSQL's French full-text search over the stored
``search_vector`` (kept by a trigger, GIN-indexed: migration 0003) and a plain ``icontains``
elsewhere."""

import secrets

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Left

from spp.consultations.models import Comment, ModeratedContent, Proposal, Support

Status = ModeratedContent.Status
SORTS = ("newest", "supported", "random")
PAGE_SIZE = 20
EXCERPT = 240
SEARCH_CONFIG = "french"


def proposal_search(queryset: QuerySet, query: str) -> QuerySet:
    """Full-text search in French on PostgreSQL; a case-insensitive substring elsewhere."""
    query = query.strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        return queryset.filter(search_vector=SearchQuery(query, config=SEARCH_CONFIG,
                                                         search_type="websearch"))
    return queryset.filter(Q(title__icontains=query) | Q(body__icontains=query))


CARD_FIELDS = ("id", "title", "created_at", "support_count", "comment_count", "author_id",
               "author__first_name")


def proposals_published(consultation) -> QuerySet:
    """Published proposals as the plain rows a list shows (``CARD_FIELDS`` and ``excerpt``, the
    body cut by the database): values rather than models, whose building cost more than the
    query on a page of 20. The author's first name comes in the same query (a deep page finds
    its rows by id first, ``_slice``, so the join is made for the page's rows only)."""
    return (Proposal.objects.filter(consultation=consultation, status=Status.PUBLISHED)
            .values(*CARD_FIELDS, excerpt=Left("body", EXCERPT)))


def proposal_list(consultation, *, sort: str, query: str = "") -> QuerySet[Proposal]:
    """The published proposals in the order of ``sort`` (newest or supported); random goes
    through ``RandomPage`` instead."""
    queryset = proposal_search(proposals_published(consultation), query)
    if sort == "supported":
        return queryset.order_by("-support_count", "-id")
    return queryset.order_by("-created_at", "-id")


SHUFFLE_SEED_LIMIT = 2**31
SHUFFLE_SEED_SESSION_KEY = "consultations_seed"


def proposal_shuffle_seed(request, requested: int | None = None) -> int:
    """Where the "random" order starts: ``requested`` (the seed the page's links or an API
    client carry back, so paging keeps the order without a session); else, for someone signed
    in, the one kept in their session, so the same order comes back; else a new one, and no
    session is written for a visitor (the links carry it)."""
    if requested is not None:
        return requested % SHUFFLE_SEED_LIMIT
    if not request.user.is_authenticated:
        return secrets.randbelow(SHUFFLE_SEED_LIMIT)
    seed = request.session.get(SHUFFLE_SEED_SESSION_KEY)
    if not isinstance(seed, int):
        seed = request.session[SHUFFLE_SEED_SESSION_KEY] = secrets.randbelow(SHUFFLE_SEED_LIMIT)
    return seed


DEEP = 100  # from this offset on, a page's rows are found by their ids first


def _slice(queryset: QuerySet, start: int, count: int) -> list:
    """``queryset[start:start + count]``, in one query. Deep in a list, the rows skipped are
    only counted through the sort's index (the subquery: an index-only scan of the ids), then
    the page's rows alone are read whole: the skipped rows never leave the index."""
    if start < DEEP:
        return list(queryset[start:start + count])
    page_ids = queryset.values_list("pk", flat=True)[start:start + count]
    return list(queryset.filter(pk__in=page_ids))


# No list reaches this offset; a page number past it (a typed or forged URL) is an empty page
# rather than an offset the database cannot hold (SQLite's integers stop at 2**63).
MAX_OFFSET = 10**9


class OffsetPage:
    """A page without a total count: it reads one row more than it shows to know whether a
    next page exists. Counting 200,000 proposals on every page view would cost more than
    reading the page itself, and grow with the table."""

    def __init__(self, queryset: QuerySet, *, number: int, per_page: int = PAGE_SIZE):
        self.number = max(1, number)
        start = (self.number - 1) * per_page
        rows = _slice(queryset, start, per_page + 1) if start < MAX_OFFSET else []
        self.object_list, self._more = rows[:per_page], len(rows) > per_page

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self._more

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


class RandomPage(OffsetPage):
    """A page of the "random" order: proposals by ``shuffle_key`` from the visitor's ``seed``
    up, then wrapping around to the start. Only a page that reaches the wrap counts rows."""

    def __init__(self, queryset: QuerySet, *, seed: int, number: int, per_page: int = PAGE_SIZE):
        self.number = max(1, number)
        start, wanted = (self.number - 1) * per_page, per_page + 1
        if start >= MAX_OFFSET:
            self.object_list, self._more = [], False
            return
        after = queryset.filter(shuffle_key__gte=seed).order_by("shuffle_key", "id")
        before = queryset.filter(shuffle_key__lt=seed).order_by("shuffle_key", "id")
        rows = _slice(after, start, wanted)
        if len(rows) < wanted:
            after_count = start + len(rows) if rows else after.count()
            skip = max(0, start - after_count)
            rows += _slice(before, skip, wanted - len(rows))
        self.object_list, self._more = rows[:per_page], len(rows) > per_page


def supported_ids(user, proposal_ids) -> set[int]:
    """Which of ``proposal_ids`` ``user`` supports (one query for the page)."""
    if not user.is_authenticated:
        return set()
    return set(Support.objects.filter(user=user, proposal__in=list(proposal_ids))
               .values_list("proposal_id", flat=True))


def comments_visible(user, proposal, *, can_moderate: bool) -> QuerySet[Comment]:
    """Published and hidden comments (hidden ones show their reason), plus the reader's own
    pending ones; moderators see everything (index: comment_proposal_idx). Of each author,
    the first name only (``public_name``)."""
    queryset = proposal.comments.select_related("author").only(
        *(field.name for field in Comment._meta.concrete_fields), "author__first_name")
    if can_moderate:
        return queryset
    visible = Q(status__in=[Status.PUBLISHED, Status.HIDDEN])
    if user.is_authenticated:
        visible |= Q(author=user)
    return queryset.filter(visible)


def proposal_page(consultation, *, sort: str, query: str, seed: int | None, number: int,
                  per_page: int = PAGE_SIZE) -> OffsetPage:
    """One page of the published proposals in the order of ``sort`` (newest, supported, or
    random from ``seed``), searched for ``query``: the HTML list's order and paging."""
    if sort == "random":
        queryset = proposal_search(proposals_published(consultation), query)
        return RandomPage(queryset, seed=seed, number=number, per_page=per_page)
    return OffsetPage(proposal_list(consultation, sort=sort, query=query), number=number,
                      per_page=per_page)
