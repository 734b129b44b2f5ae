"""Writes on shifts, their needs, recurring patterns and a service's roster rules."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.catalog.models import QualificationType
from spp.core.holidays import french_public_holidays
from spp.core.services import audit_record
from spp.rosters import selectors
from spp.rosters.models import (
    ProfessionalFallback,
    RosterPolicy,
    Shift,
    ShiftNeed,
    ShiftPattern,
    ShiftPatternException,
)
from spp.rosters.services.common import bad, require_manager


def needs_parse(specs: list[dict]) -> list[tuple]:
    """[(QualificationType | None, min, max)] from [{code, min, max}], with French errors."""
    if not specs:
        raise bad("needs", _("Indiquez au moins un besoin."))
    codes = {s.get("code") or "" for s in specs} - {""}
    types = {t.code: t for t in QualificationType.objects.filter(code__in=codes)}
    parsed, seen = [], set()
    for spec in specs:
        code = spec.get("code") or ""
        if code and code not in types:
            raise bad("needs", _("Qualification inconnue : %(c)s.") % {"c": code})
        low, high = int(spec.get("min", 1)), int(spec.get("max", spec.get("min", 1)))
        if low < 0 or high < max(low, 1):
            raise bad("needs", _("Le maximum doit être au moins égal au minimum (et à 1)."))
        if code in seen:
            raise bad("needs", _("Une seule ligne de besoin par qualification."))
        seen.add(code)
        parsed.append((types.get(code), low, high))
    return parsed


def unmet_needs(service, shift: Shift) -> list[str]:
    """Needs no enrolled person could fill on the shift's day (said when the shift is made)."""
    people = selectors.participant_ids(service)
    quals = selectors.qualifications_by_user(people)
    day = timezone.localtime(shift.starts_at).date()
    warnings = []
    for need in shift.needs.select_related("qualification_type"):
        holders = sum(1 for uid in people if not need.code or any(
            q.code == need.code and q.valid_on(day) and not q.in_training
            for q in quals.get(uid, [])))
        if holders < need.min_count:
            warnings.append(_("%(need)s : %(n)s inscrit(s) qualifié(s) pour %(m)s place(s) "
                              "minimum.") % {"need": need, "n": holders, "m": need.min_count})
    return warnings


@transaction.atomic
def shift_create(*, actor, service, title: str, place: str, starts_at: datetime,
                 ends_at: datetime, needs: list[dict], pattern=None) -> Shift:
    """Create a shift and its needs; ``shift.warnings`` lists needs nobody enrolled can meet."""
    require_manager(actor, service)
    parsed = needs_parse(needs)
    shift = Shift(service=service, title=title, place=place, starts_at=starts_at,
                  ends_at=ends_at, pattern=pattern,
                  missing_count=sum(low for _qtype, low, _high in parsed))  # no place yet
    if ends_at <= starts_at:
        raise bad("ends_at", _("La fin doit être après le début."))
    shift.full_clean(exclude=["pattern"])
    shift.save()
    ShiftNeed.objects.bulk_create([ShiftNeed(shift=shift, qualification_type=qtype,
                                             min_count=low, max_count=high)
                                   for qtype, low, high in parsed])
    if pattern is None:
        audit_record(actor=actor, action="rosters.shift.create", target=shift,
                     organisation=service.authority)
    shift.warnings = unmet_needs(service, shift) if pattern is None else []
    return shift


@transaction.atomic
def shift_cancel(*, actor, shift: Shift, reason: str = "") -> Shift:
    require_manager(actor, shift.service)
    shift.status = Shift.Status.CANCELLED
    shift.save(update_fields=["status"])
    audit_record(actor=actor, action="rosters.shift.cancel", target=shift,
                 organisation=shift.service.authority, reason=reason)
    return shift


@transaction.atomic
def pattern_create(*, actor, service, title: str, place: str, weekdays: list[int],
                   start_time, end_time, needs: list[dict], valid_from: date,
                   valid_until: date | None = None, skip_public_holidays: bool = True
                   ) -> ShiftPattern:
    require_manager(actor, service)
    needs_parse(needs)
    if not weekdays or any(d not in range(7) for d in weekdays):
        raise bad("weekdays", _("Choisissez au moins un jour de la semaine."))
    if start_time == end_time:
        raise bad("end_time", _("La fin doit différer du début."))
    pattern = ShiftPattern(service=service, title=title, place=place,
                           weekdays=sorted(set(weekdays)), start_time=start_time,
                           end_time=end_time, needs=needs, valid_from=valid_from,
                           valid_until=valid_until, skip_public_holidays=skip_public_holidays,
                           created_by=actor)
    pattern.full_clean()
    pattern.save()
    audit_record(actor=actor, action="rosters.pattern.create", target=pattern,
                 organisation=service.authority)
    return pattern


@transaction.atomic
def pattern_exception_add(*, actor, pattern: ShiftPattern, day: date, reason: str = ""):
    require_manager(actor, pattern.service)
    exception, _created = ShiftPatternException.objects.get_or_create(
        pattern=pattern, day=day, defaults={"reason": reason})
    return exception


@transaction.atomic
def pattern_generate(*, actor, pattern: ShiftPattern, first: date, last: date) -> int:
    """Create the pattern's shifts from ``first`` to ``last``, skipping French public
    holidays (if asked) and the pattern's exceptions. Idempotent: existing ones are kept."""
    require_manager(actor, pattern.service)
    tz = timezone.get_current_timezone()
    skipped = set(pattern.exceptions.values_list("day", flat=True))
    existing = set(pattern.shifts.values_list("starts_at", flat=True))
    first = max(first, pattern.valid_from)
    last = min(last, pattern.valid_until) if pattern.valid_until else last
    created, day = 0, first
    while day <= last:
        holiday = day in french_public_holidays(day.year)
        if (day.weekday() in pattern.weekdays and day not in skipped
                and not (holiday and pattern.skip_public_holidays)):
            starts_at = datetime.combine(day, pattern.start_time, tzinfo=tz)
            end_day = day + timedelta(days=1) if pattern.end_time <= pattern.start_time else day
            if starts_at not in existing:
                shift_create(actor=actor, service=pattern.service, title=pattern.title,
                             place=pattern.place, starts_at=starts_at,
                             ends_at=datetime.combine(end_day, pattern.end_time, tzinfo=tz),
                             needs=pattern.needs, pattern=pattern)
                created += 1
        day += timedelta(days=1)
    if created:  # a run that adds nothing is not an act worth auditing
        audit_record(actor=actor, action="rosters.pattern.generate", target=pattern,
                     organisation=pattern.service.authority,
                     data={"first": str(first), "last": str(last), "created": created})
    return created


@transaction.atomic
def policy_set(*, actor, service, fallback_name: str = "", fallback_contact=None,
               **rules) -> RosterPolicy:
    """Set the service's roster rules and, if named, its professional fallback."""
    require_manager(actor, service)
    policy, _created = RosterPolicy.objects.get_or_create(service=service)
    for name, value in rules.items():
        setattr(policy, name, value)
    if fallback_name:
        policy.fallback, _created = ProfessionalFallback.objects.update_or_create(
            service=service, name=fallback_name, defaults={"contact": fallback_contact})
    policy.full_clean()
    policy.save()
    audit_record(actor=actor, action="rosters.policy.set", target=service,
                 organisation=service.authority, data={k: str(v) for k, v in rules.items()})
    return policy
