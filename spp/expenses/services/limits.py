"""The ceilings, kept by the database. Approving a claim adds its amount (and, for volunteer
firefighters, its hours) to the person's ``LimitUsage`` rows with one UPDATE each; the rows'
check constraint ``used <= ceiling`` makes the database refuse the approval that would pass
a ceiling, even when two coordinators approve at the same moment (the second UPDATE waits for
the first and is then checked against the new sum)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from spp.expenses.models import LimitUsage


def _period_start(period: str, month: date) -> date:
    return month.replace(day=1) if period == LimitUsage.Period.MONTH else month.replace(
        month=1, day=1)


def _refusal(measure: str, period: str, ceiling: Decimal, used: Decimal) -> str:
    values = {"ceiling": number_format(ceiling, 2), "used": number_format(used, 2)}
    if measure == LimitUsage.Measure.HOURS:
        return _("Au-delà du plafond annuel de %(ceiling)s heures de vacation fixé par le SDIS "
                 "(déjà %(used)s heures validées cette année pour cette personne).") % values
    if period == LimitUsage.Period.MONTH:
        return _("Au-delà du plafond mensuel de %(ceiling)s € par personne (déjà %(used)s € "
                 "validés ce mois-ci pour cette personne).") % values
    return _("Au-delà du plafond annuel de %(ceiling)s € par personne (déjà %(used)s € validés "
             "cette année pour cette personne).") % values


def limit_consume(*, policy, user, measure: str, period: str, month: date, amount: Decimal,
                  ceiling: Decimal | None) -> None:
    """Add ``amount`` to what ``user`` used under ``ceiling`` this period, or raise
    ValidationError if the database refuses (the ceiling would be passed). Call it inside the
    approval's transaction: a refusal then undoes the whole approval."""
    if ceiling is None or not amount:
        return
    start = _period_start(period, month)
    usage, _created = LimitUsage.objects.get_or_create(
        policy=policy, user=user, measure=measure, period=period, period_start=start,
        defaults={"ceiling": ceiling})
    try:
        with transaction.atomic():
            LimitUsage.objects.filter(pk=usage.pk).update(
                used=F("used") + amount, ceiling=ceiling)
    except IntegrityError:
        used = LimitUsage.objects.values_list("used", flat=True).get(pk=usage.pk)
        raise ValidationError(_refusal(measure, period, ceiling, used),
                              code="ceiling") from None

