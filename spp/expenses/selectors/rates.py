"""Reads for pricing a cost: the rate table in force on a day, the kilometres a person has
already had indemnified in the year (bands and brackets depend on them), and the hourly rate a
volunteer firefighter's grade earns."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spp.catalog.models import Qualification
from spp.expenses.models import Claim, ClaimLine, HourlyRate, Policy, RateTable

PARIS = ZoneInfo("Europe/Paris")


def rate_table_in_force(kind: str, on_date: date) -> RateTable:
    """The table of ``kind`` valid on ``on_date`` (the latest start when two overlap), with the
    rows its kind holds loaded: hourly rates for the firefighters' allowances, distance
    brackets for the mileage scales (a query for the other relation would find nothing, on
    every carpool search and claim form). No table that day is an error the person can read:
    the cost cannot be priced until an admin enters the text in force."""
    rows = "hourly_rates" if kind == RateTable.Kind.SPV_HOURLY else "brackets"
    table = (
        RateTable.objects.filter(kind=kind, valid_from__lte=on_date)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on_date))
        .prefetch_related(rows)
        .order_by("-valid_from")
        .first()
    )
    if table is None:
        raise ValidationError(
            _(
                "Aucun barème « %(kind)s » n’est en vigueur le %(date)s : un administrateur doit "
                "saisir le texte applicable avant que ce frais puisse être calculé."
            )
            % {"kind": RateTable.Kind(kind).label, "date": date_format(on_date, "j F Y")},
            code="no_rate_table",
        )
    return table


def mileage_already_paid_km(user, kind_of_table: str, year: int) -> Decimal:
    """Kilometres of ``user``'s approved or paid mileage lines whose participation took place
    in ``year`` (Paris calendar year), priced with tables of ``kind_of_table``: both legal
    scales count the distance from 1 January to 31 December. Drafts, claims under review,
    rejected or withdrawn claims do not count."""
    start = datetime.combine(date(year, 1, 1), time.min, tzinfo=PARIS)
    end = datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=PARIS)
    lines = ClaimLine.objects.filter(
        unit=ClaimLine.Unit.KM,
        claim__claimant=user,
        claim__status__in=[Claim.Status.APPROVED, Claim.Status.PAID],
        claim__participation__occurred_at__gte=start,
        claim__participation__occurred_at__lt=end,
    )
    # Which scale a claim's kilometres were priced with follows from its policy's kind
    # (``Policy.mileage_table_kind``): a waivable policy uses the tax scale, the others the
    # public agents' rates.
    if kind_of_table == RateTable.Kind.TAX_MILEAGE:
        lines = lines.filter(claim__policy__kind=Policy.Kind.WAIVABLE)
    else:
        lines = lines.exclude(claim__policy__kind=Policy.Kind.WAIVABLE)
    return lines.aggregate(total=Sum("quantity"))["total"] or Decimal("0")


def held_qualification_codes(user, on_date: date) -> set[str]:
    """Codes of the qualification types ``user`` holds on ``on_date`` (verified, obtained,
    not expired, not in training), with the types each one also counts as."""
    held = (
        Qualification.objects.filter(
            user=user, verified_at__isnull=False, obtained_on__lte=on_date, in_training=False
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on_date))
        .select_related("qualification_type")
        .prefetch_related("qualification_type__includes")
    )
    codes = set()
    for qualification in held:
        codes.add(qualification.qualification_type.code)
        codes.update(included.code for included in qualification.qualification_type.includes.all())
    return codes


def spv_rate_for(user, table: RateTable, on_date: date) -> HourlyRate:
    """The hourly rate of ``table`` that ``user``'s grade earns on ``on_date``: among the
    table's grades whose qualification the person holds, the best paid (an officer who also
    holds the initial training is paid as an officer)."""
    codes = held_qualification_codes(user, on_date)
    rates = [rate for rate in table.hourly_rates.all() if rate.qualification_code in codes]
    if not rates:
        grades = ", ".join(rate.grade.lower() for rate in table.hourly_rates.all())
        raise ValidationError(
            _(
                "Aucun grade de sapeur-pompier volontaire valide le %(date)s n’est enregistré pour "
                "cette personne (grades du barème : %(grades)s). Demandez à un agent de vérifier "
                "votre grade dans vos qualifications."
            )
            % {"date": date_format(on_date, "j F Y"), "grades": grades or _("aucun")},
            code="no_spv_grade",
        )
    return max(rates, key=lambda rate: rate.rate)
