"""What a reviewer should look at twice: signs that a claim is pay in disguise, or describes
something that cannot have happened. A flag never refuses a claim by itself (the reviewer
decides, and a flagged claim is left out of bulk approval); each says why in plain French.

The journey rules are those of the carpool proof registry's anti-fraud checks: more than four
trips a day for one person, or two trips starting less than thirty minutes apart."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from spp.catalog.models import Participation
from spp.expenses.models import Claim, CostCategory

# Costs whose amount is computed from a rate table: a round sum there is no sign of anything.
COMPUTED_CATEGORIES = {CostCategory.MILEAGE, CostCategory.HOURLY_ALLOWANCE}
ROUND_EUROS = Decimal("10")
SAME_SUM_MONTHS = 3
MAX_JOURNEYS_A_DAY = 4
MIN_MINUTES_BETWEEN_JOURNEYS = 30
LATE_AFTER_DAYS = 45


def _flag(code: str, reason: str) -> dict:
    return {"code": code, "reason": reason}


def claim_flags(claim, lines, now) -> list[dict]:
    """The flags of ``claim`` (its ``lines`` given) as sent at ``now``."""
    flags = []
    participation = claim.participation
    flat = [line for line in lines if line.category not in COMPUTED_CATEGORIES
            and not line.receipt and line.amount % ROUND_EUROS == 0]
    if flat:
        flags.append(_flag("flat_amount", _(
            "Montant rond sans justificatif (%(amount)s €) : un forfait ressemble à une "
            "rémunération.") % {"amount": number_format(flat[0].amount, 2)}))
    if _same_round_sum_every_month(claim):
        flags.append(_flag("same_sum_monthly", _(
            "La même somme ronde (%(amount)s €) est demandée chaque mois depuis %(months)s "
            "mois.") % {"amount": number_format(claim.total, 2), "months": SAME_SUM_MONTHS}))
    overlapping = _overlapping_participation(participation)
    if overlapping is not None:
        flags.append(_flag("two_places", _(
            "Au même moment, cette personne est aussi inscrite au registre pour « %(other)s » "
            "(%(service)s).") % {"other": overlapping.description
                                 or overlapping.get_kind_display(),
                                 "service": overlapping.service.name}))
    if participation.kind == Participation.Kind.JOURNEY:
        flags.extend(_journey_flags(participation))
    late = (now - participation.occurred_at).days
    if late > LATE_AFTER_DAYS:
        flags.append(_flag("late", _("Demande envoyée %(days)s jours après la participation.")
                           % {"days": late}))
    return flags


def _same_round_sum_every_month(claim) -> bool:
    """The same round total in each of the months before this one (approved or paid)."""
    if claim.total == 0 or claim.total % ROUND_EUROS:
        return False
    months = set()
    month = claim.period_month
    for _step in range(SAME_SUM_MONTHS - 1):
        month = (month - timedelta(days=1)).replace(day=1)
        months.add(month)
    found = set(Claim.objects.filter(
        claimant_id=claim.claimant_id, period_month__in=months, total=claim.total,
        status__in=[Claim.Status.SUBMITTED, Claim.Status.APPROVED, Claim.Status.PAID],
    ).values_list("period_month", flat=True))
    return found == months


def _overlapping_participation(participation):
    """Another timed act of the same person whose hours cross this one's."""
    if participation.unit != Participation.Unit.HOURS:
        return None
    start = participation.occurred_at
    end = start + timedelta(hours=float(participation.quantity))
    candidates = (Participation.objects.filter(
        user_id=participation.user_id, unit=Participation.Unit.HOURS, quantity__gt=0,
        occurred_at__lt=end, occurred_at__gte=start - timedelta(hours=24))
        .exclude(pk=participation.pk).select_related("service"))
    for other in candidates:
        if other.occurred_at + timedelta(hours=float(other.quantity)) > start:
            return other
    return None


def _journey_flags(participation) -> list[dict]:
    local_day = timezone.localtime(participation.occurred_at).date()
    day_start = timezone.make_aware(datetime.combine(local_day, time.min))
    times = list(Participation.objects.filter(
        user_id=participation.user_id, kind=Participation.Kind.JOURNEY, quantity__gt=0,
        occurred_at__gte=day_start, occurred_at__lt=day_start + timedelta(days=1),
    ).order_by("occurred_at").values_list("occurred_at", flat=True))
    flags = []
    if len(times) > MAX_JOURNEYS_A_DAY:
        flags.append(_flag("too_many_journeys", _(
            "%(count)s trajets le même jour : le registre de preuve de covoiturage n’en admet "
            "pas plus de %(max)s.") % {"count": len(times), "max": MAX_JOURNEYS_A_DAY}))
    gap = timedelta(minutes=MIN_MINUTES_BETWEEN_JOURNEYS)
    if any(later - earlier < gap for earlier, later in zip(times, times[1:], strict=False)):
        flags.append(_flag("journeys_too_close", _(
            "Deux trajets partent à moins de %(minutes)s minutes d’écart le même jour.")
            % {"minutes": MIN_MINUTES_BETWEEN_JOURNEYS}))
    return flags
