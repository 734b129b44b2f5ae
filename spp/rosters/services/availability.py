"""Writes on a volunteer's availability: weekly windows (merged when they overlap or touch)
and one-off exceptions. No write reshapes or drops a window the person did not ask to
change: the week form adds and cuts out only the shapes ticked or unticked."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from spp.rosters.intervals import merge, week_change
from spp.rosters.models import (
    AvailabilityException,
    AvailabilityWindow,
    PatternPreference,
    ShiftPattern,
)
from spp.rosters.services.common import bad, require_participant


def _replace_day(user, service, weekday: int, spans: list[tuple[int, int]]) -> None:
    """Rewrite one weekday's windows as the merged ``spans`` (rows locked first so two tabs
    saving at once cannot interleave)."""
    rows = AvailabilityWindow.objects.select_for_update().filter(user=user, service=service,
                                                                 weekday=weekday)
    list(rows)
    rows.delete()
    AvailabilityWindow.objects.bulk_create([
        AvailabilityWindow(user=user, service=service, weekday=weekday, start_minute=s,
                           end_minute=e) for s, e in merge(spans)])


def _check(weekday: int, start: int, end: int) -> None:
    if weekday not in range(7):
        raise bad("weekday", _("Jour inconnu."))
    if not (0 <= start < end <= 1440):
        raise bad("end_minute", _("L’heure de fin doit être après l’heure de début."))


@transaction.atomic
def availability_window_add(*, actor, service, weekday: int, start_minute: int,
                            end_minute: int) -> list[AvailabilityWindow]:
    """Add a weekly window; overlapping or touching windows of that day are merged.
    ``end_minute`` before ``start_minute`` means a night: it continues the next day."""
    require_participant(actor, service)
    if end_minute <= start_minute and end_minute != 0 and start_minute < 1440:
        _check(weekday, start_minute, 1440)
        _check((weekday + 1) % 7, 0, end_minute)
        availability_window_add(actor=actor, service=service, weekday=weekday,
                                start_minute=start_minute, end_minute=1440)
        return availability_window_add(actor=actor, service=service,
                                       weekday=(weekday + 1) % 7, start_minute=0,
                                       end_minute=end_minute)
    end_minute = 1440 if end_minute == 0 else end_minute
    _check(weekday, start_minute, end_minute)
    spans = list(AvailabilityWindow.objects.filter(user=actor, service=service, weekday=weekday)
                 .values_list("start_minute", "end_minute"))
    _replace_day(actor, service, weekday, spans + [(start_minute, end_minute)])
    return list(AvailabilityWindow.objects.filter(user=actor, service=service, weekday=weekday))


@transaction.atomic
def availability_week_set(*, actor, service, slots: list[tuple[int, int, int]]) -> int:
    """Replace the whole week with ``slots`` [(weekday, start, end)], merged per day (the
    phone grid: one tap per day and time slot, one save)."""
    require_participant(actor, service)
    by_day: dict[int, list] = {d: [] for d in range(7)}
    for weekday, start, end in slots:
        _check(weekday, start, end)
        by_day[weekday].append((start, end))
    for weekday, spans in by_day.items():
        _replace_day(actor, service, weekday, spans)
    return AvailabilityWindow.objects.filter(user=actor, service=service).count()


@transaction.atomic
def availability_week_change(*, actor, service, add: list[tuple[int, int, int]],
                             remove: list[tuple[int, int, int]]) -> int:
    """Change the week by ``(weekday, start, end)`` windows: those of ``remove`` cut out,
    then those of ``add`` merged in (the shapes unticked and ticked on the week form). Every
    other minute of the person's windows is kept; only the days that change are rewritten
    (the person's row locked first, so two tabs saving at once cannot interleave, even on an
    empty week)."""
    require_participant(actor, service)
    for weekday, start, end in [*add, *remove]:
        _check(weekday, start, end)
    list(get_user_model().objects.select_for_update().filter(pk=actor.pk).values_list("pk"))
    rows = list(AvailabilityWindow.objects.select_for_update().filter(user=actor,
                                                                     service=service))
    week: dict[int, list] = {day: [] for day in range(7)}
    for row in rows:
        week[row.weekday].append((row.start_minute, row.end_minute))
    changed = week_change(week, add, remove)
    for weekday, spans in changed.items():
        if spans != merge(week[weekday]):
            _replace_day(actor, service, weekday, spans)
    return AvailabilityWindow.objects.filter(user=actor, service=service).count()


@transaction.atomic
def availability_window_remove(*, actor, window: AvailabilityWindow) -> None:
    if window.user_id != actor.pk:
        raise bad(None, _("Cette disponibilité n’est pas la vôtre."))
    window.delete()


@transaction.atomic
def availability_exception_add(*, actor, service, starts_at, ends_at, available: bool,
                               note: str = "") -> AvailabilityException:
    require_participant(actor, service)
    if ends_at <= starts_at:
        raise bad("ends_at", _("La fin doit être après le début."))
    exception = AvailabilityException(user=actor, service=service, starts_at=starts_at,
                                      ends_at=ends_at, available=available, note=note)
    exception.full_clean()
    exception.save()
    return exception


@transaction.atomic
def preferences_set(*, actor, service, pattern_ids: list[int]) -> int:
    """Replace the volunteer's preferred recurring shifts of ``service``."""
    require_participant(actor, service)
    patterns = list(ShiftPattern.objects.filter(service=service, pk__in=pattern_ids))
    PatternPreference.objects.filter(user=actor, pattern__service=service).delete()
    PatternPreference.objects.bulk_create([PatternPreference(user=actor, pattern=p)
                                           for p in patterns])
    return len(patterns)
