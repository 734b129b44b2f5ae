"""Small counts on public pages and in open data: no one may be recognisable in a published
figure. A count of people below the threshold is published as "fewer than N" (``None`` with
``suppressed=True``); a total made by people (hours, km, acts) is withheld when the group
has fewer contributors than the threshold, since the total of one or two people tells what
each of them did. Figures about no one (shifts planned, a budget) are always published.

The threshold is ``settings.SPP_IMPACT_SMALL_COUNT_THRESHOLD`` (5 by default: the statistical
secret's usual rule of thumb, with room), the same for every authority so that their pages
compare."""

from decimal import Decimal
from typing import NamedTuple

from django.conf import settings

from spp.impact.catalogue import FIGURES


class Published(NamedTuple):  # a tuple: the open data builds thousands per file
    key: str
    value: Decimal | int | None
    suppressed: bool


DISCLOSURES = [(figure.key, figure.disclosure) for figure in FIGURES]


def small_count_threshold() -> int:
    return int(getattr(settings, "SPP_IMPACT_SMALL_COUNT_THRESHOLD", 5))


def published_values(values: dict, *, threshold: int | None = None) -> dict[str, Published]:
    """``values`` (``selectors.figures.figure_values``) as they may be published."""
    threshold = small_count_threshold() if threshold is None else threshold
    few_people = (values.get("contributors") or 0) < threshold
    published = {}
    for key, disclosure in DISCLOSURES:
        value = values.get(key)
        if disclosure == "count":
            hidden = value is not None and 0 < value < threshold
        elif disclosure == "person":
            hidden = few_people and bool(value)
        else:
            hidden = False
        published[key] = Published(key, None if hidden else value, hidden)
    return published
