"""Every non-trivial read of the consultations app, with the index each relies on.

Proposal lists: "newest" and "most supported" read the (consultation, status, …) indexes in
order; "random" walks the ``shuffle_key`` index from a per-visitor starting point and wraps
around, so a visitor's order is stable across pages and each page costs two index range
scans, never a sort of the whole table. Search uses PostgreSQL's French full-text search over
the stored ``search_vector`` (kept by a trigger, GIN-indexed: migration 0003) and a plain
``icontains`` elsewhere."""

import secrets

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Left

from spp.consultations.models import (
    AbuseReport,
    Comment,
    Consultation,
    ModeratedContent,
    Proposal,
    Question,
    Response,
)

Status = ModeratedContent.Status
SORTS = ("newest", "supported", "random")
PAGE_SIZE = 20
EXCERPT = 240
SEARCH_CONFIG = "french"


def consultation_by_slug(slug: str) -> Consultation | None:
    """The consultation of ``slug`` with what every page of it reads, in one query: its
    service and authority (their names; permissions read only their ids) and whether it has
    questions (the menu's "Répondre" link)."""
    return (Consultation.objects.select_related("service", "authority")
            .annotate(has_questions=Exists(Question.objects.filter(
                consultation=OuterRef("pk"))))
            .filter(slug=slug).first())


def consultation_list_visible(user) -> QuerySet[Consultation]:
    """Published consultations (not evaluations), newest first (index: opens_at ordering)."""
    queryset = (Consultation.objects.filter(is_published=True,
                                            kind=Consultation.Kind.CONSULTATION)
                .select_related("service", "authority"))
    if not user.is_authenticated:
        queryset = queryset.filter(audience=Consultation.Audience.ANYONE)
    return queryset


def consultation_list_for_service(service, *, kind: str | None = None) -> QuerySet:
    queryset = Consultation.objects.filter(service=service, is_published=True)
    return queryset.filter(kind=kind) if kind else queryset


def questions_with_sections(consultation) -> list:
    """[(section, [questions])] in order, in two queries."""
    sections = list(consultation.sections.all())
    by_section: dict[int, list[Question]] = {section.pk: [] for section in sections}
    for question in consultation.questions.all():
        by_section.setdefault(question.section_id, []).append(question)
    return [(section, by_section[section.pk]) for section in sections]


def response_for(user, consultation) -> Response | None:
    if not user.is_authenticated:
        return None
    return Response.objects.filter(consultation=consultation, user=user).first()


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


def proposals_published(consultation) -> QuerySet[Proposal]:
    """Published proposals with what a list shows, in the page's one query: the body cut to an
    excerpt by the database, and the author's names (a deep page finds its rows by id first,
    ``_slice``, so the join is made for the page's rows only)."""
    return (Proposal.objects.filter(consultation=consultation, status=Status.PUBLISHED)
            .select_related("author")
            .only("id", "title", "status", "created_at", "support_count", "comment_count",
                  "shuffle_key", "consultation_id", "author_id", "author__id",
                  "author__first_name")
            .annotate(excerpt=Left("body", EXCERPT)))


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
    """``queryset[start:start + count]``. Deep in a list, the rows skipped are only counted
    through the sort's index (an index-only scan of the ids), then the page's rows alone are
    read whole: the skipped rows never leave the index."""
    if start < DEEP or queryset.query.values_select:
        return list(queryset[start:start + count])
    ids = list(queryset.values_list("pk", flat=True)[start:start + count])
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


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


def supported_ids(user, proposals) -> set[int]:
    """Which of ``proposals`` ``user`` supports (one query for the page)."""
    if not user.is_authenticated:
        return set()
    from spp.consultations.models import Support

    return set(Support.objects.filter(user=user, proposal__in=[p.pk for p in proposals])
               .values_list("proposal_id", flat=True))


def comments_visible(user, proposal, *, can_moderate: bool) -> QuerySet[Comment]:
    """Published and hidden comments (hidden ones show their reason), plus the reader's own
    pending ones; moderators see everything (index: comment_proposal_idx)."""
    queryset = proposal.comments.select_related("author")
    if can_moderate:
        return queryset
    visible = Q(status__in=[Status.PUBLISHED, Status.HIDDEN])
    if user.is_authenticated:
        visible |= Q(author=user)
    return queryset.filter(visible)


def moderation_queue(consultation) -> dict:
    """What waits for the moderators: pending content, and content with open abuse reports."""
    reported = (AbuseReport.objects.filter(resolved_at__isnull=True)
                .filter(Q(proposal__consultation=consultation)
                        | Q(comment__proposal__consultation=consultation))
                .select_related("proposal", "comment__proposal", "reporter")
                .order_by("created_at"))
    return {
        "pending_proposals": consultation.proposals.filter(status=Status.PENDING)
        .select_related("author").order_by("created_at")[:100],
        "pending_comments": Comment.objects.filter(proposal__consultation=consultation,
                                                   status=Status.PENDING)
        .select_related("author", "proposal").order_by("created_at")[:100],
        "reports": reported[:100],
        "decisions": consultation.moderation_decisions.select_related(
            "moderator", "proposal", "comment")[:30],
    }


def evaluation_summaries(service) -> list[dict]:
    """For a service's page: each published evaluation with its respondents and the mean of
    its first scale question (two small aggregate queries per evaluation)."""
    from django.db.models import Avg, Count

    summaries = []
    for consultation in consultation_list_for_service(service, kind=Consultation.Kind.EVALUATION):
        scale = consultation.questions.filter(kind=Question.Kind.SCALE).first()
        mean = None
        if scale is not None:
            mean = scale.answers.filter(response__status=Response.Status.SUBMITTED).aggregate(
                mean=Avg("number"))["mean"]
        respondents = consultation.responses.filter(status=Response.Status.SUBMITTED).aggregate(
            n=Count("id"))["n"]
        summaries.append({"consultation": consultation, "respondents": respondents,
                          "mean": mean, "scale_max": scale.scale_max if scale else None})
    return summaries


# ---------------------------------------------------------------------------------------------
# Reads of the API (spp/consultations/api.py). Kept together at the end of this module; they
# compose the selectors above and change none of them.
# ---------------------------------------------------------------------------------------------

def consultation_list_open(user) -> QuerySet[Consultation]:
    """The consultations ``user`` may read (``consultation_list_visible``) that take
    contributions now."""
    from django.utils import timezone

    now = timezone.now()
    return consultation_list_visible(user).filter(opens_at__lte=now, closes_at__gt=now)


def proposal_page(consultation, *, sort: str, query: str, seed: int | None, number: int,
                  per_page: int = PAGE_SIZE) -> OffsetPage:
    """One page of the published proposals in the order of ``sort`` (newest, supported, or
    random from ``seed``), searched for ``query``: the HTML list's order and paging."""
    if sort == "random":
        queryset = proposal_search(proposals_published(consultation), query)
        return RandomPage(queryset, seed=seed, number=number, per_page=per_page)
    return OffsetPage(proposal_list(consultation, sort=sort, query=query), number=number,
                      per_page=per_page)
