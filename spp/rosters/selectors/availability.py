"""Reads of the availability page: the shapes a person ticks (the service's own recurring
shifts, weekday by weekday) and their weekly windows, day by day."""

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spp.rosters.intervals import day_covers, merge, shape_parts
from spp.rosters.models import AvailabilityWindow, ShiftPattern
from spp.rosters.models.availability import minutes_label

# The shapes offered when a service has no recurring shift yet: four blocks of a day.
GENERIC_BLOCKS = [
    ("matin", _("Matin (6 h – 12 h)"), 360, 720),
    ("apres-midi", _("Après-midi (12 h – 18 h)"), 720, 1080),
    ("soir", _("Soir (18 h – 24 h)"), 1080, 1440),
    ("nuit", _("Nuit (0 h – 6 h)"), 0, 360),
]


class Shape(NamedTuple):
    """A box to tick: available every ``weekday`` from ``start`` to ``end`` (minutes; an end
    before the start ends the next day), named after the service's shifts of that shape."""

    weekday: int
    start: int
    end: int
    label: str
    code: str = ""  # a generic block's name

    @property
    def key(self) -> str:
        if self.code:
            return f"d{self.weekday}_{self.code}"
        return f"s{self.weekday}_{self.start}_{self.end}"

    @property
    def parts(self) -> list[tuple[int, int, int]]:
        return shape_parts(self.weekday, self.start, self.end)

    def covered_by(self, week: dict[int, list[tuple[int, int]]]) -> bool:
        return all(day_covers(week.get(day, ()), s, e) for day, s, e in self.parts)


def _minutes(moment) -> int:
    return moment.hour * 60 + moment.minute


def availability_shapes(service, today: date) -> list[Shape]:
    """The shapes of the service's recurring shifts still in force on ``today`` or later
    (one per weekday and start–end, titles joined when several patterns share it), by day and
    start; the four blocks of a day when the service has none (one query)."""
    patterns = (
        ShiftPattern.objects.filter(service=service)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("start_time", "title")
        .values_list("title", "weekdays", "start_time", "end_time")
    )
    titles: dict[tuple[int, int, int], list[str]] = defaultdict(list)
    for title, weekdays, start_time, end_time in patterns:
        start, end = _minutes(start_time), _minutes(end_time)
        if start == end:
            continue
        for weekday in weekdays or ():
            if weekday in range(7) and title not in titles[(weekday, start, end)]:
                titles[(weekday, start, end)].append(title)
    if not titles:
        return [
            Shape(day, start, end, str(label), code)
            for day in range(7)
            for code, label, start, end in GENERIC_BLOCKS
        ]
    return [
        Shape(
            day,
            start,
            end,
            f"{minutes_label(start)}–{minutes_label(end or 1440)} · " + ", ".join(names),
        )
        for (day, start, end), names in sorted(titles.items())
    ]


def availability_week(user, service) -> dict[int, list[tuple[int, int]]]:
    """The person's weekly windows of ``service`` as ``{weekday: merged spans}`` (one query)."""
    week: dict[int, list[tuple[int, int]]] = {day: [] for day in range(7)}
    for weekday, start, end in AvailabilityWindow.objects.filter(
        user=user, service=service
    ).values_list("weekday", "start_minute", "end_minute"):
        week[weekday].append((start, end))
    return {day: merge(spans) for day, spans in week.items()}
