"""The periods the figures are computed for and the selector offers: a calendar year, a
quarter or a month, written ``2026``, ``2026-T2`` and ``2026-05`` in the address (``?periode=``).
Calendar periods only, so that every authority's figures cover the same days."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

PERIOD = re.compile(r"^(?P<year>\d{4})(?:-T(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")
# For the French documents (the attestation's PDF); pages name months in their own language.
MONTH_NAMES = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre"]


@dataclass(frozen=True)
class Period:
    kind: str  # PeriodFigures.Period: "year", "quarter" or "month"
    starts_on: date
    ends_on: date

    @property
    def year(self) -> int:
        return self.starts_on.year

    @property
    def param(self) -> str:
        """The period as written in the address."""
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "quarter":
            return f"{self.year}-T{(self.starts_on.month - 1) // 3 + 1}"
        return f"{self.starts_on:%Y-%m}"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("Année %(year)s") % {"year": self.year}
        if self.kind == "quarter":
            quarter = (self.starts_on.month - 1) // 3 + 1
            if quarter == 1:
                return _("1er trimestre %(year)s") % {"year": self.year}
            return _("%(quarter)se trimestre %(year)s") % {"quarter": quarter, "year": self.year}
        # The page's language ("mai 2026", "May 2026"), as date_format(starts_on, "F Y") writes
        # it, from Django's own month names: a page's period selector writes 36 of them.
        return f"{MONTHS[self.starts_on.month]} {self.year}"

    @property
    def months(self) -> int:
        return {"year": 12, "quarter": 3, "month": 1}[self.kind]


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def year_period(year: int) -> Period:
    return Period("year", date(year, 1, 1), date(year, 12, 31))


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period("quarter", date(year, first, 1), _month_end(year, first + 2))


def month_period(year: int, month: int) -> Period:
    return Period("month", date(year, month, 1), _month_end(year, month))


def periods_of_year(year: int) -> list[Period]:
    """The year, its four quarters and its twelve months: the rows a refresh computes."""
    return ([year_period(year)] + [quarter_period(year, q) for q in range(1, 5)]
            + [month_period(year, m) for m in range(1, 13)])


def parse_period(text: str | None, *, default_year: int) -> Period | None:
    """The period an address names; the default year's when it names none; None when what it
    names is not a period (the page then says so)."""
    if not text:
        return year_period(default_year)
    match = PERIOD.match(text.strip())
    if not match:
        return None
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        return None
    if match["quarter"]:
        return quarter_period(year, int(match["quarter"]))
    if match["month"]:
        return month_period(year, int(match["month"]))
    return year_period(year)
