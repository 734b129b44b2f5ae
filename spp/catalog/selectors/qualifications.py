"""Reads of qualifications: what a person holds, and holds validly on a day."""

import calendar
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.catalog.models import (
    Qualification,
    Service,
)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def qualifications_of(user) -> QuerySet[Qualification]:
    return (
        Qualification.objects.filter(user=user)
        .select_related("qualification_type", "verified_by")
        .order_by("qualification_type__name", "-obtained_on")
    )


def qualification_table_rows_for_user(user) -> QuerySet[Qualification]:
    """The person's qualifications as their table (catalog/includes/qualification_table.html)
    shows them on "Mon engagement": ``qualifications_of`` reading only the columns it shows
    (no verifier's row joined), by type name then newest."""
    return (
        Qualification.objects.filter(user=user)
        .select_related("qualification_type")
        .only("qualification_type", "qualification_type__name", "obtained_on", "expires_on",
              "in_training", "verified_at")
        .order_by("qualification_type__name", "-obtained_on")
    )


def qualifications_valid_on(user, day: date) -> set[str]:
    """Codes of the qualification types the person holds, verified and valid on ``day``,
    including those their qualifications count as (``includes``). In-training ones excluded."""
    codes: set[str] = set()
    held = (
        Qualification.objects.filter(
            user=user, in_training=False, verified_at__isnull=False, obtained_on__lte=day
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        .select_related("qualification_type")
        .prefetch_related("qualification_type__includes")
    )
    for qualification in held:
        codes.add(qualification.qualification_type.code)
        codes.update(t.code for t in qualification.qualification_type.includes.all())
    return codes


def qualifications_missing_for(user, service: Service, day: date | None = None):
    """The service's required qualification types that the person does not hold validly."""
    day = day or timezone.localdate()
    valid = qualifications_valid_on(user, day)
    return [t for t in service.required_qualifications.all() if t.code not in valid]


# Where a person stands with a qualification a service requires, in words.
STANDING_LABELS = {
    "valid": _("vous la détenez (vérifiée)"),
    "unverified": _("enregistrée, en attente de vérification par un agent"),
    "expired": _("expirée : présentez un justificatif à jour"),
    "in_training": _("en formation : elle ne suffit pas encore"),
    "missing": _("vous ne l’avez pas encore enregistrée"),
}


def required_qualifications_for(service: Service, user=None, day: date | None = None) -> list:
    """The qualification types ``service`` requires, by name, as shown before enrolling: each
    with ``standing`` (a key of STANDING_LABELS) and ``standing_label`` for a signed-in
    ``user``, None for a visitor. One query for a visitor, three for a signed-in person."""
    types = list(service.required_qualifications.order_by("name"))
    if not types or user is None or not user.is_authenticated:
        for qualification_type in types:
            qualification_type.standing = qualification_type.standing_label = None
        return types
    day = day or timezone.localdate()
    valid = qualifications_valid_on(user, day)
    held: dict[int, list[Qualification]] = {}
    for qualification in Qualification.objects.filter(
        user=user, qualification_type__in=types
    ).only("qualification_type_id", "verified_at", "expires_on", "in_training", "obtained_on"):
        held.setdefault(qualification.qualification_type_id, []).append(qualification)
    for qualification_type in types:
        mine = held.get(qualification_type.pk, [])
        if qualification_type.code in valid:
            standing = "valid"
        elif any(q.verified_at is None for q in mine):
            standing = "unverified"
        elif any(q.expires_on is not None and q.expires_on < day for q in mine):
            standing = "expired"
        elif any(q.in_training for q in mine):
            standing = "in_training"
        else:
            standing = "missing"
        qualification_type.standing = standing
        qualification_type.standing_label = STANDING_LABELS[standing]
    return types
