"""Exact caching of the coverage pages (``views_manage.coverage``), with generation numbers
(``spp/core/generations.py``).

Counting who is qualified and available for every shift of a month reads every enrolment,
qualification and availability window of the service: about 0.4 s with 100,000 volunteers,
for a page that the coordination reloads many times between two changes. Its content (the
part inside the page's frame) is kept in the cache, keyed by the service, the query string,
today's date, the reader's roles (whether the "Alerter" buttons show), the language and the
time zone, under two generations:

- ``rosters:service:<id>:coverage``: anything of the service that the counts, the rows or the
  access check read: the service's row, its charters and enrolments (who takes part), its
  members' qualifications, availability windows and exceptions, shifts, needs, live places
  (assignments), call-outs and escalations. Advanced by the signal receivers below (``connect``,
  from ``apps.py``) on every ORM save or delete of those rows, whoever makes it (a service of
  this app or of the catalog, the admin, a factory), and by the rosters services themselves
  where they write with ``bulk_create`` or ``QuerySet.update()``, which send no signal
  (``coverage_changed``).
- ``rosters:qualification-types``: the qualification types' names, codes and ``includes``,
  which every service's coverage reads.

What depends on the clock: the "Alerter" button is offered on future shifts only, so a copy
is kept no later than the start of the next shift it shows (``page_seconds``); the month shown
by default is today's, and today's date is in the key.

The content is never personal: the "Alerter" forms hold ``page_cache.CSRF_SLOT``, which the
view fills with the request's CSRF token; messages are outside it; and the access check runs
on every request, on the service's columns stored with the copy (exact under the same
generation)."""

import hashlib
from datetime import datetime

from django.utils import timezone

from spp.core import generations

QUALIFICATION_TYPES_SCOPE = "rosters:qualification-types"
# A copy is exact while its generations hold; this only bounds the memory of unread ones.
PAGE_SECONDS = 6 * 3600
# The service's columns that the coverage page and its access check read.
SERVICE_FIELDS = ("id", "slug", "name", "patterns", "is_published", "authority_id",
                  "operator_id")


def coverage_scope(service_id: int) -> str:
    return f"rosters:service:{service_id}:coverage"


def coverage_changed(*service_ids: int) -> None:
    """What the coverage of ``service_ids`` shows changed: every cached page of it is stale.
    Called inside the write's transaction."""
    for service_id in dict.fromkeys(service_ids):
        if service_id is not None:
            generations.advance(coverage_scope(service_id))


def _page_key(service_id: int, slug: str, variant: tuple) -> str:
    digest = hashlib.sha256(repr((slug, variant)).encode()).hexdigest()
    return f"spp:rosters:coverage:{service_id}:{digest}"


def page_read(slug: str, variant: tuple):
    """(service, content, None) when a copy of the page of ``slug`` for ``variant`` is stored
    under the present generations, with the service built from its stored columns (the caller
    still checks access on it); else (None, None, ticket) for ``page_store``, with the
    generations read before anything else; (None, None, None) when no service has this slug.
    No query once this process has seen the slug."""
    from spp.catalog.models import Service
    from spp.catalog.selectors import service_id_for_slug

    service_id = service_id_for_slug(slug)
    if service_id is None:
        return None, None, None
    key = _page_key(service_id, slug, variant)
    found, numbers = generations.read(key, [coverage_scope(service_id),
                                            QUALIFICATION_TYPES_SCOPE])
    if found is not None:
        values, content = found
        return Service(**values), content, None
    return None, None, (service_id, key, numbers)


def page_store(ticket, service, content: str, seconds: int) -> None:
    """Keep ``content`` for ``page_read`` under the generations of ``ticket``, read before the
    service and the counts were; nothing is kept if the slug now names another service
    (the next read looks for that one) or if ``seconds`` is not positive."""
    if ticket is None:
        return
    service_id, key, numbers = ticket
    if service.pk != service_id:
        from spp.catalog.selectors import service_id_seen

        service_id_seen(service.slug, service.pk)
        return
    if seconds > 0:
        values = {field: getattr(service, field) for field in SERVICE_FIELDS}
        generations.store(key, numbers, (values, content), seconds)


def page_seconds(starts: list[datetime]) -> int:
    """How long a page showing shifts starting at ``starts`` stays true on its own: until the
    next of them begins (a future shift's "Alerter" button then goes), at most PAGE_SECONDS."""
    now = timezone.now()
    upcoming = [start for start in starts if start > now]
    if not upcoming:
        return PAGE_SECONDS
    return min(PAGE_SECONDS, int((min(upcoming) - now).total_seconds()))


# Signal receivers ------------------------------------------------------------------------

def _service_of_shift(instance, field: str = "shift") -> int | None:
    """The service of the shift ``instance`` belongs to: from the shift already loaded with
    it (services load it), else one query."""
    from spp.rosters.models import Shift

    shift = instance._state.fields_cache.get(field)
    if shift is not None:
        return shift.service_id
    return (Shift.objects.filter(pk=getattr(instance, f"{field}_id"))
            .values_list("service_id", flat=True).first())


def _scopes_of_service(instance) -> list[str]:
    return [coverage_scope(instance.pk)]


def _scopes_of_service_row(instance) -> list[str]:
    return [coverage_scope(instance.service_id)]


def _scopes_of_shift_row(instance) -> list[str]:
    service_id = _service_of_shift(instance)
    return [coverage_scope(service_id)] if service_id else []


def _scopes_of_escalation(instance) -> list[str]:
    from spp.rosters.models import ShiftNeed

    service_id = (ShiftNeed.objects.filter(pk=instance.need_id)
                  .values_list("shift__service_id", flat=True).first())
    return [coverage_scope(service_id)] if service_id else []


def _scopes_of_qualification(instance) -> list[str]:
    """A person's qualification counts in every service where they are enrolled."""
    from spp.catalog.models import Enrolment

    return [coverage_scope(service_id) for service_id in Enrolment.objects.filter(
        user_id=instance.user_id).values_list("service_id", flat=True).distinct()]


def _qualification_types_changed(sender, **kwargs):
    if kwargs.get("action", "").startswith("post_"):
        generations.advance(QUALIFICATION_TYPES_SCOPE)


def connect() -> None:
    """Advance the coverage's scopes on every ORM save or delete of what it shows (called
    once, from ``RostersConfig.ready``)."""
    from django.db.models.signals import m2m_changed

    from spp.catalog.models import Charter, Enrolment, Qualification, QualificationType, Service
    from spp.core.signals import advance_on_change
    from spp.rosters.models import (
        Assignment,
        AvailabilityException,
        AvailabilityWindow,
        CallOut,
        Escalation,
        Shift,
        ShiftNeed,
    )

    advance_on_change(Service, _scopes_of_service, "rosters.coverage.service")
    for model in (Charter, Enrolment, AvailabilityWindow, AvailabilityException, Shift):
        advance_on_change(model, _scopes_of_service_row, f"rosters.coverage.{model.__name__}")
    for model in (ShiftNeed, Assignment, CallOut):
        advance_on_change(model, _scopes_of_shift_row, f"rosters.coverage.{model.__name__}")
    advance_on_change(Escalation, _scopes_of_escalation, "rosters.coverage.escalation")
    advance_on_change(Qualification, _scopes_of_qualification,
                      "rosters.coverage.qualification")
    advance_on_change(QualificationType, lambda instance: [QUALIFICATION_TYPES_SCOPE],
                      "rosters.coverage.qualification_type")
    m2m_changed.connect(_qualification_types_changed, sender=QualificationType.includes.through,
                        dispatch_uid="rosters.coverage.qualification_type_includes")
