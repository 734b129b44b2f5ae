"""Non-trivial reads of the core tables."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from spp.core.models import AuditLogEntry, Notification, Organisation, Participation


@dataclass(frozen=True)
class Brand:
    name: str
    primary_colour: str
    accent_colour: str
    logo_url: str


DEFAULT_BRAND = Brand("Services Publics Partagés", "#1f4e8c", "#b3261e", "")


BRAND_CACHE_KEY = "spp:brand"
BRAND_CACHE_SECONDS = 60


# (expiry on the monotonic clock, brand): this process's copy, see SPP_BRAND_PROCESS_SECONDS.
_process_brand: tuple[float, Brand] | None = None


def brand_for_request() -> Brand:
    """The brand every page shows: it is read on every page and changes rarely, so each
    process keeps it a few seconds (``SPP_BRAND_PROCESS_SECONDS``) over the shared cache,
    which keeps it a minute. ``organisation_update_branding`` clears both; other edits (the
    admin) show within a minute."""
    global _process_brand
    now, keep = time.monotonic(), settings.SPP_BRAND_PROCESS_SECONDS
    held = _process_brand
    if keep and held is not None and held[0] > now:
        return held[1]
    brand = cache.get(BRAND_CACHE_KEY)
    if brand is None:
        brand = brand_from_database()
        cache.set(BRAND_CACHE_KEY, brand, BRAND_CACHE_SECONDS)
    if keep:
        _process_brand = (now + keep, brand)
    return brand


def brand_forget() -> None:
    """The brand changed: forget this process's copy and the shared one."""
    global _process_brand
    _process_brand = None
    cache.delete(BRAND_CACHE_KEY)


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


def notification_unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


LEDGER_ROW_FIELDS = ("id", "occurred_at", "service__name", "kind", "description", "quantity",
                     "unit")


def participation_rows_for_user(user) -> QuerySet:
    """The person's ledger rows as the "Mon engagement" table shows them (plain values, newest
    first; index: participation_user_idx); ``participation_labels`` formats a page of them."""
    return (
        Participation.objects.filter(user=user)
        .order_by("-occurred_at", "-id")
        .values(*LEDGER_ROW_FIELDS)
    )


def participation_labels(rows) -> list[dict]:
    """Each row with its cells formatted once, in the active language and time zone."""
    from django.utils.timezone import get_current_timezone

    from spp.core.formatting import choice_labels, date_formatter, quantity_label

    kinds, units = choice_labels(Participation.Kind), choice_labels(Participation.Unit)
    when, tz = date_formatter("SHORT_DATETIME_FORMAT"), get_current_timezone()
    return [
        {
            **row,
            "when": when(row["occurred_at"].astimezone(tz)),
            "kind_label": kinds.get(row["kind"], row["kind"]),
            "quantity_label": f"{quantity_label(row['quantity'])} {units.get(row['unit'], '')}",
        }
        for row in rows
    ]


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
    """Each journal row with its date formatted once, in the active language and time zone."""
    from django.utils.timezone import get_current_timezone

    from spp.core.formatting import date_formatter

    when, tz = date_formatter("SHORT_DATETIME_FORMAT"), get_current_timezone()
    return [{**row, "when": when(row["created_at"].astimezone(tz))} for row in rows]


AUDIT_ACTIONS_CACHE_SECONDS = 600


def audit_actions_for(organisation_ids: list[int]) -> list[str]:
    """The action names found in these organisations' log, as a hint beside the filter.

    A DISTINCT over the whole log reads every entry (a million at scale) for a list that only
    changes when the code gains a new action: it is cached for ten minutes."""
    key = "spp:audit-actions:" + ",".join(str(pk) for pk in sorted(organisation_ids))
    return cache.get_or_set(
        key,
        lambda: list(
            AuditLogEntry.objects.filter(organisation_id__in=organisation_ids)
            .order_by("action")
            .values_list("action", flat=True)
            .distinct()
        ),
        AUDIT_ACTIONS_CACHE_SECONDS,
    )
