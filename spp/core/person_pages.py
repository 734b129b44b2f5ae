"""The signed-in person's own pages — "Mon engagement", the notifications, and the API's
``/me/enrolments`` and ``/me/participations`` — kept in the cache under generation numbers
(``spp/core/generations.py``), so that reading one again costs the frame plus one round trip
and no query.

Each page is read under these scopes:

- ``person:<id>:inbox`` — the person's notifications. Advanced by every ORM save or delete of a
  ``Notification`` of theirs (``notification_send`` creates them) and by
  ``services.notification_mark_read``, which writes with ``QuerySet.update()``.
- ``person:<id>:engagement`` — their ledger rows (``Participation``), enrolments,
  qualifications and declared incidents. Advanced by every ORM save or delete of such a row
  (services, admin, factories) and by ``services.user_erase``, which detaches the ledger rows
  with ``QuerySet.update()``.
- ``NAMES_SCOPE`` — what those rows show that others own: a service's name and slug, a
  qualification type's name, a charter's version number. Advanced by every ORM save or delete
  of a ``Service``, ``QualificationType`` or ``Charter``: rare writes (a service created or
  renamed, a charter published), and each of them may change any person's rows, so one
  scope shared by every person is exact at the cost of every page being read again once.

Not advanced, because these pages do not show them: ``IncidentUpdate`` (the incident's own
status is on ``Incident``), ``EnrolmentEvent``, a notification's ``emailed_at`` (written with
``update()`` by the email task). Bulk inserts by the seeding commands (``spp/ops``,
``demo_bulk``) send no signal: they fill a fresh database, before any page was kept."""

import hashlib

from django.utils import timezone
from django.utils.translation import get_language

from spp.core import generations

NAMES_SCOPE = "person-pages:names"
PAGE_SECONDS = 600


def inbox_scope(user_id: int) -> str:
    return f"person:{user_id}:inbox"


def engagement_scope(user_id: int) -> str:
    return f"person:{user_id}:engagement"


def inbox_scopes(user_id: int) -> list[str]:
    """The scopes of the notifications page."""
    return [inbox_scope(user_id)]


def engagement_scopes(user_id: int) -> list[str]:
    """The scopes of "Mon engagement" and of the API's ``/me`` lists."""
    return [engagement_scope(user_id), NAMES_SCOPE]


def display_variant(request, page_number: int) -> tuple:
    """What an HTML page's content depends on beyond the person and their rows: the page asked
    for and the other query parameters (kept by the paging links), the language, the time zone
    (dates are shown in it) and today's date there (a qualification shows "expirée" from the
    day after it expires)."""
    params = request.GET.copy()
    params.pop("page", None)
    return (page_number, params.urlencode(), get_language(), timezone.get_current_timezone_name(),
            timezone.localdate().isoformat())


def _entry_key(page: str, user_id: int, variant: tuple) -> str:
    digest = hashlib.sha256(repr(variant).encode()).hexdigest()[:32]
    return f"spp:person-page:{page}:{user_id}:{digest}"


def cached(page: str, user_id: int, scopes: list[str], variant: tuple, compute):
    """The value of ``page`` for the person and ``variant``: from the cache when it was stored
    at the scopes' present generations (one round trip), else ``compute()``, which answers
    ``(value, keep)``; the value is stored only when ``keep`` (the notifications page does not
    keep a page it is about to mark read). The generations are read before ``compute`` reads
    the database: a write committed meanwhile leaves a copy that is never used."""
    key = _entry_key(page, user_id, variant)
    found, numbers = generations.read(key, scopes)
    if found is not None:
        return found
    value, keep = compute()
    if keep:
        generations.store(key, numbers, value, PAGE_SECONDS)
    return value


def connect_signals() -> None:
    """Advance the scopes above on every ORM save or delete of the rows the pages show
    (called from ``CoreConfig.ready``)."""
    from spp.catalog.models import (
        Charter,
        Enrolment,
        Incident,
        Qualification,
        QualificationType,
        Service,
    )
    from spp.core.models import Notification, Participation
    from spp.core.signals import advance_on_change

    def owner(field: str):
        def scopes_of(instance):
            user_id = getattr(instance, field)
            return [engagement_scope(user_id)] if user_id is not None else []
        return scopes_of

    advance_on_change(Notification, lambda n: [inbox_scope(n.recipient_id)],
                      "person_pages.notification")
    advance_on_change(Participation, owner("user_id"), "person_pages.participation")
    advance_on_change(Enrolment, owner("user_id"), "person_pages.enrolment")
    advance_on_change(Qualification, owner("user_id"), "person_pages.qualification")
    advance_on_change(Incident, owner("declared_by_id"), "person_pages.incident")
    for model in (Service, QualificationType, Charter):
        advance_on_change(model, lambda instance: [NAMES_SCOPE],
                          f"person_pages.names.{model.__name__}")
