"""Reads of the participation ledger: a person's rows, for the API and for "Mon engagement"."""

from django.db.models import OuterRef, QuerySet, Subquery

from spp.catalog.models import (
    Participation,
    Service,
)


def participation_rows_for_user(user, *, offset: int, limit: int) -> list[dict]:
    """A page of the person's own ledger as the API lists it (``ParticipationOut``), newest
    first (index: participation_user_order_idx): plain values, no model built per row."""
    rows = (
        Participation.objects.filter(user=user)
        .order_by("-occurred_at", "-id")
        .values_list("service__slug", "kind", "quantity", "unit", "occurred_at")
    )[offset : offset + limit]
    return [
        {"service": slug, "kind": kind, "quantity": float(quantity), "unit": unit,
         "occurred_at": occurred_at}
        for slug, kind, quantity, unit, occurred_at in rows
    ]


LEDGER_ROW_FIELDS = ("id", "occurred_at", "service_name", "kind", "description", "quantity",
                     "unit")


def participation_table_rows_for_user(user) -> QuerySet:
    """The person's ledger rows as the "Mon engagement" table shows them (plain values, newest
    first; index: participation_user_order_idx); ``participation_labels`` formats a page of them.
    The service's name is a subquery on its primary key, not a join: the paginator's capped
    count of these rows then reads the person's index alone (an index-only scan)."""
    service_name = Service.objects.filter(pk=OuterRef("service_id")).order_by().values("name")
    return (
        Participation.objects.filter(user=user)
        .annotate(service_name=Subquery(service_name))
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
            # A count is its number alone ("1", never "1 nombre").
            "quantity_label": quantity_label(row["quantity"]) if row["unit"] == "count"
            else f"{quantity_label(row['quantity'])} {units.get(row['unit'], '')}",
        }
        for row in rows
    ]
