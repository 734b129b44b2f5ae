"""Issuing and revoking a citizen's attestation of volunteer activity.

An attestation says what the person gave to one authority's services over a period: their own
ledger rows there, the acts of volunteering only (``indemnity_paid`` rows record money, which
an attestation of unpaid participation never counts), each correction netted against the kind
of the row it corrects. The lines are copied into the row when issued (see the model), and the
code printed on it is what anyone types on the platform to check it."""

import secrets
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spp.catalog.models import Participation
from spp.core.services import audit_record
from spp.impact.models import Attestation
from spp.impact.permissions import owns_attestation

PARIS = ZoneInfo("Europe/Paris")
MAX_YEARS = 5
# No 0/O nor 1/I: a code read aloud or copied from paper cannot be mistaken.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_GROUPS, CODE_GROUP_LENGTH = 3, 4
CODE_ATTEMPTS = 5
# Rows that record money, not a contribution of time or acts.
NOT_VOLUNTEERING = {Participation.Kind.INDEMNITY_PAID}
HOURS = Participation.Unit.HOURS
# The document is French (CEC, VAE, a French CV): its labels are stored in French.
DOCUMENT_LANGUAGE = "fr"


def attestation_code_new() -> str:
    """Twelve characters drawn by ``secrets`` (about 60 bits), grouped "K7QM-3XPA-9TZD"."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
              for _ in range(CODE_GROUPS))
    return "-".join(groups)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def attestation_period_errors(starts_on, ends_on, *, today: date) -> dict:
    """The reasons a period cannot be attested, by field (empty when it can)."""
    errors = {}
    if starts_on is None:
        errors["starts_on"] = _("Indiquez le premier jour de la période.")
    if ends_on is None:
        errors["ends_on"] = _("Indiquez le dernier jour de la période.")
    if errors:
        return errors
    if ends_on < starts_on:
        errors["ends_on"] = _("La fin de la période précède son début.")
    elif ends_on >= _years_later(starts_on, MAX_YEARS):
        errors["ends_on"] = _("Une attestation couvre au plus %(years)s ans.") % {
            "years": MAX_YEARS}
    elif ends_on > today:
        errors["ends_on"] = _(
            "La période ne peut pas finir après aujourd’hui : une attestation ne porte que sur "
            "une activité déjà accomplie.")
    return errors


def _local_bounds(starts_on: date, ends_on: date) -> tuple[datetime, datetime]:
    """From the first day's midnight to the midnight after the last day, in Paris."""
    return (datetime.combine(starts_on, time.min, tzinfo=PARIS),
            datetime.combine(ends_on + timedelta(days=1), time.min, tzinfo=PARIS))


def _roots(rows: list[dict]) -> tuple[dict[int, int], dict[int, str]]:
    """For each row, the act it finally corrects (itself if not a correction), following
    ``corrects`` through rows outside the period if need be; and the kind of every row met."""
    parent = {row["id"]: row["corrects_id"] for row in rows}
    kind = {row["id"]: row["kind"] for row in rows}
    missing = {p for p in parent.values() if p is not None and p not in kind}
    while missing:
        found = list(Participation.objects.filter(pk__in=missing)
                     .values("id", "kind", "corrects_id"))
        for row in found:
            parent[row["id"]], kind[row["id"]] = row["corrects_id"], row["kind"]
        missing = {p for p in parent.values() if p is not None and p not in kind}

    def root(pk):
        seen = set()
        while kind[pk] == Participation.Kind.CORRECTION and parent.get(pk) and pk not in seen:
            seen.add(pk)
            pk = parent[pk]
        return pk

    return {row["id"]: root(row["id"]) for row in rows}, kind


def attestation_lines(*, user, authority, starts_on: date, ends_on: date) -> list[dict]:
    """The person's volunteering for the authority's services in the period, one line per
    service, kind and unit: the net quantity and the number of acts still standing once
    corrected (an act fully offset by its correction no longer counts)."""
    start, end = _local_bounds(starts_on, ends_on)
    rows = list(
        Participation.objects.filter(user=user, service__authority=authority,
                                     occurred_at__gte=start, occurred_at__lt=end)
        .values("id", "kind", "unit", "quantity", "corrects_id", "service__name")
    )
    roots, kinds = _roots(rows)
    sums = defaultdict(Decimal)
    act_net = defaultdict(Decimal)  # root act -> its quantity net of its corrections
    act_group = {}
    for row in rows:
        root = roots[row["id"]]
        root_kind = kinds[root]
        if (root_kind in NOT_VOLUNTEERING or root_kind == Participation.Kind.CORRECTION
                or row["unit"] == Participation.Unit.EUROS):
            continue
        group = (row["service__name"], root_kind, row["unit"])
        sums[group] += row["quantity"]
        act_net[root] += row["quantity"]
        if row["kind"] != Participation.Kind.CORRECTION:
            act_group[root] = group
    acts = defaultdict(int)
    for root, group in act_group.items():
        if act_net[root] > 0:
            acts[group] += 1
    with translation.override(DOCUMENT_LANGUAGE):
        kind_labels = {value: str(label) for value, label in Participation.Kind.choices}
        unit_labels = {value: str(label) for value, label in Participation.Unit.choices}
    lines = []
    for group in sorted(sums):
        service, kind, unit = group
        if sums[group] <= 0:
            continue
        lines.append({"service": service, "kind": kind_labels.get(kind, kind),
                      "quantity": f"{sums[group]:.2f}", "unit": unit_labels.get(unit, unit),
                      "acts": acts[group], "kind_code": kind, "unit_code": unit})
    return lines


def attestation_issue(*, actor, authority, starts_on, ends_on, today: date | None = None
                      ) -> Attestation:
    """Issue the actor an attestation of their volunteering for ``authority`` between the two
    days (inclusive, Paris days). Refused with a French ``ValidationError`` for a period that is
    missing, reversed, longer than five years or not yet over, and when nothing was given."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    today = today or timezone.localdate(timezone=PARIS)
    errors = attestation_period_errors(starts_on, ends_on, today=today)
    if errors:
        raise ValidationError(errors)
    holder_name = actor.get_full_name()
    if not holder_name:
        raise ValidationError(_(
            "Votre compte ne porte pas encore vos prénom et nom : indiquez-les dans votre "
            "profil, l’attestation est établie à ce nom."))
    lines = attestation_lines(user=actor, authority=authority, starts_on=starts_on,
                              ends_on=ends_on)
    if not lines:
        raise ValidationError(_(
            "Aucune activité bénévole n’est enregistrée à votre nom pour les services de "
            "%(authority)s entre le %(start)s et le %(end)s.") % {
                "authority": authority.name, "start": starts_on.strftime("%d/%m/%Y"),
                "end": ends_on.strftime("%d/%m/%Y")})
    total_hours = sum((Decimal(line["quantity"]) for line in lines
                       if line["unit_code"] == HOURS), Decimal("0"))
    with transaction.atomic():
        for attempt in range(CODE_ATTEMPTS):
            attestation = Attestation(
                code=attestation_code_new(), user=actor, holder_name=holder_name[:300],
                authority=authority, starts_on=starts_on, ends_on=ends_on, lines=lines,
                total_hours=total_hours, issued_at=timezone.now())
            try:
                with transaction.atomic():  # a savepoint: a clash on the code is retried
                    attestation.save()
                break
            except IntegrityError:
                if attempt == CODE_ATTEMPTS - 1:
                    raise
        audit_record(actor=actor, action="attestation.issue", target=attestation,
                     organisation=authority,
                     data={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(),
                           "total_hours": str(total_hours), "lines": len(lines)})
    return attestation


def attestation_revoke(*, actor, attestation: Attestation) -> Attestation:
    """The holder withdraws their attestation: its verification page then says it is revoked.
    Revoking twice changes nothing."""
    if not owns_attestation(actor, attestation):
        raise PermissionDenied
    if attestation.revoked_at is not None:
        return attestation
    with transaction.atomic():
        attestation.revoked_at = timezone.now()
        attestation.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="attestation.revoke", target=attestation,
                     organisation=attestation.authority)
    return attestation
