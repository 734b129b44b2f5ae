"""Non-trivial reads of the core tables."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from spp.core.models import (
    ApiToken,
    AuditLogEntry,
    CacheVersion,
    Invitation,
    Membership,
    Notification,
    Organisation,
)


@dataclass(frozen=True)
class Brand:
    name: str
    primary_colour: str
    accent_colour: str
    logo_url: str

    @property
    def stylesheet_colours(self) -> dict[str, str]:
        """The colours as the brand stylesheet's URL takes them (hex digits, no "#"): the
        colours travel in a stylesheet, since the Content-Security-Policy refuses inline
        styles."""
        return {"primary": self.primary_colour[1:], "accent": self.accent_colour[1:]}


DEFAULT_BRAND = Brand("Services Publics Partagés", "#1f4e8c", "#b3261e", "")


# The brand is read by every page and changes a few times a year: it is kept in the shared
# cache, and dropped whenever an organisation is saved or deleted (``brand_forget``, connected
# in ``CoreConfig.ready``), at once and again when the write commits. The lifetime only bounds
# what a drop lost while Redis was away could leave behind.
BRAND_CACHE_KEY = "spp.brand"
BRAND_CACHE_SECONDS = 120


def brand_for_request() -> Brand:
    """The brand every page shows, read lazily by the base template: from the shared cache,
    else one indexed query."""
    return cache.get_or_set(BRAND_CACHE_KEY, brand_from_database, BRAND_CACHE_SECONDS)


def brand_from_database() -> Brand:
    """The platform speaks for one authority: ``SPP_BRAND_ORGANISATION`` (a slug) or, when
    unset, the first authority created. Its admins set the name, logo and colours."""
    slug = getattr(settings, "SPP_BRAND_ORGANISATION", "")
    queryset = Organisation.objects.filter(kind=Organisation.Kind.AUTHORITY)
    organisation = queryset.filter(slug=slug).first() if slug else queryset.order_by("pk").first()
    if organisation is None:
        return DEFAULT_BRAND
    return Brand(
        organisation.name,
        organisation.primary_colour,
        organisation.accent_colour,
        organisation.logo.url if organisation.logo else "",
    )


def organisation_list_for_member(user) -> QuerySet[Organisation]:
    """The organisations the person has a role in (from the roles already read this request)."""
    from spp.core.permissions import roles_by_organisation

    return Organisation.objects.filter(pk__in=list(roles_by_organisation(user))).order_by("name")


UNREAD_COUNT_CAP = 99


def notification_unread_label(user) -> str:
    """The unread count the menu shows ("99+" beyond 99; "" for none): the counter kept on the
    person's row by the notification services, so a page pays no query for it."""
    count = user.unread_notification_count
    if count > UNREAD_COUNT_CAP:
        return f"{UNREAD_COUNT_CAP}+"
    return str(count) if count else ""


def notification_list(user) -> QuerySet[Notification]:
    """The person's notifications, newest first (index: notification_recent_idx), as the
    columns the page shows (plain values: model rows cost more than the query)."""
    return (Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
            .values("id", "title", "body", "url", "created_at", "read_at"))


def notification_labels(rows) -> list[dict]:
    """Each notification row with its date formatted once, in the active language and time
    zone."""
    from django.utils.timezone import get_current_timezone

    from spp.core.formatting import date_formatter

    when, tz = date_formatter("SHORT_DATETIME_FORMAT"), get_current_timezone()
    return [{**row, "when": when(row["created_at"].astimezone(tz))} for row in rows]


def audit_log_for(
    organisation_ids: list[int],
    *,
    action: str = "",
    actor_query: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet[AuditLogEntry]:
    """Audit entries of the given organisations, filtered (index: audit_org_recent_idx), as the
    columns the journal shows (plain values: a page of 25 model rows cost more than the query)."""
    queryset = AuditLogEntry.objects.filter(organisation_id__in=organisation_ids)
    if action:
        queryset = queryset.filter(action__startswith=action)
    if actor_query:
        queryset = queryset.filter(actor__email__icontains=actor_query)
    if date_from:
        queryset = queryset.filter(created_at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(created_at__date__lte=date_to)
    return queryset.order_by("-created_at", "-id").values(
        "id", "created_at", "actor__email", "action", "target_repr", "reason")


def audit_labels(rows) -> list[dict]:
    """Each journal row with its date formatted once, in the active language and time zone,
    and its action as people read it (``spp.core.labels``)."""
    from django.utils.timezone import get_current_timezone

    from spp.core.formatting import date_formatter
    from spp.core.labels import action_label

    when, tz = date_formatter("SHORT_DATETIME_FORMAT"), get_current_timezone()
    return [{**row, "when": when(row["created_at"].astimezone(tz)),
             "action_label": action_label(row["action"])} for row in rows]


RECENT_AUDIT_ENTRIES = 1000


def audit_actions_for(organisation_ids: list[int]) -> list[str]:
    """The action codes of these organisations' latest entries, as a hint beside the filter.
    A DISTINCT over the whole log would read every entry (a million at scale); the latest
    thousand, read through the journal's own index, show what people look for. They are
    deduplicated here: a ``pk IN (latest)`` filter let the planner read the whole table."""
    latest = (AuditLogEntry.objects.filter(organisation_id__in=organisation_ids)
              .order_by("-created_at", "-id").values_list("action", flat=True)
              [:RECENT_AUDIT_ENTRIES])
    return sorted(set(latest))


def cache_version(name: str) -> int:
    """The current version of the cached fragments called ``name``, for their cache key
    (``{% cache seconds fragment_name object.pk version %}``); 0 before any bump."""
    return (CacheVersion.objects.filter(name=name).values_list("number", flat=True).first()
            or 0)


def member_list(organisation, query: str = "") -> QuerySet[Membership]:
    """The organisation's members, by name, with their person; ``query`` matches a part of the
    first name, last name or email address."""
    from django.db.models import Q

    members = Membership.objects.filter(organisation=organisation).select_related("user")
    for word in query.split():
        members = members.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
        )
    return members.order_by("user__last_name", "user__first_name", "user__email", "pk")


def invitation_pending_list(organisation) -> QuerySet[Invitation]:
    """The organisation's invitations not yet taken up nor cancelled (expired ones included, to
    be sent again or cancelled), newest first."""
    return Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, cancelled_at__isnull=True
    ).order_by("-created_at", "-pk")


def api_token_list_for_organisation(organisation) -> list[ApiToken]:
    """The organisation's API tokens, the usable ones first, newest first, with who issued
    them (one query)."""
    tokens = list(ApiToken.objects.filter(organisation=organisation)
                  .select_related("created_by", "revoked_by").order_by("-created_at", "-id"))
    return sorted(tokens, key=lambda token: not token.is_active())
