"""The generation scopes (spp/core/generations.py) of the catalog's back-office lists, and the
receivers that advance them.

A service's enrolments page and its contributors page are kept in the cache
(spp/catalog/manage_pages.py) under ``people_scope(service_id)``; the contributors page also
under ``QUALIFICATION_TYPES_SCOPE`` (it names the types). What those pages show, and what
moves the scope when it changes:

- the service's enrolments (state, date, charter version): any save or delete of an
  ``Enrolment``, or a ``Charter`` of the service (its version is shown);
- the people enrolled (name, email; the search filters on them): a save of a ``User`` that may
  touch them advances every service they are enrolled in. Saves of other fields only
  (``last_login``, which every sign-in writes; the language, the phone) are skipped;
- their qualifications (contributors): a save or delete of a ``Qualification`` advances every
  service its holder is enrolled in; a ``QualificationType`` changed advances the shared
  ``QUALIFICATION_TYPES_SCOPE`` (a type is named on every service's page);
- the service itself (name, slug, patterns, authority and operator in the management menu, and
  the access check made on the cached copy): a save of the ``Service``, and of an
  ``Organisation`` (its name) for each of its services.

An enrolment moved to another service, or a qualification to another person (the admin
can), also advances where it was (``_on_move``). Enrolment events are not shown. Writes that
send no signal (``QuerySet.update``, ``bulk_create``, COPY) call ``people_changed``
themselves (spp/ops/scale_core.py, spp/ops/testing.py)."""

from django.db.models import Q

from spp.core import generations

QUALIFICATION_TYPES_SCOPE = "catalog:qualification-types"
# The fields of a person the lists show or search; a save naming none of them changes nothing.
PERSON_FIELDS = frozenset({"first_name", "last_name", "email"})


def people_scope(service_id: int) -> str:
    return f"catalog:service:{service_id}:people"


def people_changed(service_ids) -> None:
    """The people pages of these services are stale (inside the write's transaction)."""
    for service_id in set(service_ids):
        generations.advance(people_scope(service_id))


def _services_of_person(user_id) -> list[int]:
    from spp.catalog.models import Enrolment

    return list(Enrolment.objects.filter(user_id=user_id).values_list("service_id", flat=True))


def _enrolment_scopes(enrolment) -> list[str]:
    return [people_scope(enrolment.service_id)]


def _charter_scopes(charter) -> list[str]:
    return [people_scope(charter.service_id)]


def _qualification_scopes(qualification) -> list[str]:
    return [people_scope(service_id) for service_id in _services_of_person(qualification.user_id)]


def _service_scopes(service) -> list[str]:
    return [people_scope(service.pk)]


def _organisation_scopes(organisation) -> list[str]:
    from spp.catalog.models import Service

    ids = Service.objects.filter(
        Q(authority_id=organisation.pk) | Q(operator_id=organisation.pk)
    ).values_list("pk", flat=True)
    return [people_scope(service_id) for service_id in ids]


def _on_move(model, field: str, scopes_of_value, dispatch_uid: str) -> None:
    """Before a ``model`` row is saved with another ``field`` than it had (the admin can move
    an enrolment to another service, a qualification to another person), advance the scopes
    of the value it had: the pages that showed the row there. One query per update."""
    from django.db.models.signals import pre_save

    def before_save(sender, instance, raw=False, **kwargs):
        if raw or instance.pk is None:
            return
        former = model.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
        if former is not None and former != getattr(instance, field):
            for scope in scopes_of_value(former):
                generations.advance(scope)

    pre_save.connect(before_save, sender=model, weak=False, dispatch_uid=dispatch_uid)


def _person_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """A person saved or deleted: their services' pages, unless only fields the pages do not
    show were saved (a sign-in saves ``last_login`` alone). A deleted person's enrolments
    are deleted with them, and each of those advances its service."""
    if update_fields is not None and not PERSON_FIELDS.intersection(update_fields):
        return
    if kwargs.get("created"):
        return  # a new person is enrolled nowhere yet
    people_changed(_services_of_person(instance.pk))


def connect() -> None:
    """Called once from CatalogConfig.ready."""
    from django.contrib.auth import get_user_model

    from spp.catalog.models import (
        Charter,
        Enrolment,
        Qualification,
        QualificationType,
        Service,
    )
    from spp.core.models import Organisation
    from spp.core.signals import advance_on_change, on_save_or_delete

    advance_on_change(Enrolment, _enrolment_scopes, "catalog.people.enrolment")
    advance_on_change(Charter, _charter_scopes, "catalog.people.charter")
    advance_on_change(Qualification, _qualification_scopes, "catalog.people.qualification")
    advance_on_change(QualificationType, lambda _type: [QUALIFICATION_TYPES_SCOPE],
                      "catalog.people.qualification_type")
    advance_on_change(Service, _service_scopes, "catalog.people.service")
    advance_on_change(Organisation, _organisation_scopes, "catalog.people.organisation")
    on_save_or_delete(_person_saved, get_user_model(), "catalog.people.person")
    _on_move(Enrolment, "service_id", lambda service_id: [people_scope(service_id)],
             "catalog.people.enrolment.moved")
    _on_move(Qualification, "user_id",
             lambda user_id: [people_scope(pk) for pk in _services_of_person(user_id)],
             "catalog.people.qualification.moved")
