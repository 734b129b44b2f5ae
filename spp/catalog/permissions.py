"""Who may do what with services, enrolments, qualifications and incidents.

The rule of délégation: an operator's members act only on the services delegated to their
operator; an authority's members act on all of the authority's services, delegated or not,
because the authority stays in control."""

from spp.core import permissions as core_permissions


def manages_service(user, service) -> bool:
    """Members (any role) of the service's authority or of its operator."""
    return core_permissions.is_member_of(user, service.authority_id) or (
        service.operator_id is not None and core_permissions.is_member_of(user, service.operator_id)
    )


def manages_any_service(user) -> bool:
    """A member (any role) of at least one organisation: the back-office's lists across
    services are theirs to open, even when empty."""
    return bool(core_permissions.roles_by_organisation(user))


def coordinates_service(user, service) -> bool:
    """Admins and coordinators of the service's authority or of its operator."""
    return core_permissions.is_coordinator_or_admin_of(user, service.authority_id) or (
        service.operator_id is not None
        and core_permissions.is_coordinator_or_admin_of(user, service.operator_id)
    )


def administers_service_authority(user, service) -> bool:
    """Only the admins of the authority the service belongs to."""
    return core_permissions.is_admin_of(user, service.authority_id)


def administers_services_of(user, authority_id: int) -> bool:
    """The authority's admins and coordinators: they create its services and set them up
    (mode and operator, territory, patterns, publication). An operator's members never do:
    the authority stays in control of what it delegates."""
    return core_permissions.is_coordinator_or_admin_of(user, authority_id)


def can_view_service(user, service) -> bool:
    """Everyone sees a published service; its managers also see an unpublished one."""
    return service.is_published or manages_service(user, service)


def can_enrol(user, service) -> bool:
    """Any signed-in person may ask to enrol in a published service."""
    return user.is_authenticated and service.is_published


def is_enrolment_owner(user, enrolment) -> bool:
    """The citizen whose enrolment it is."""
    return user.is_authenticated and enrolment.user_id == user.pk


def abilities(user, service) -> dict[str, bool]:
    """What ``user`` may do with ``service``."""
    manages = manages_service(user, service)
    coordinates = coordinates_service(user, service)
    return {
        "view": can_view_service(user, service),
        "enrol": can_enrol(user, service),
        "manage_enrolments": manages,
        "verify_qualifications": manages,
        "handle_incidents": manages,
        "publish_charter": coordinates,
        "edit_service": administers_services_of(user, service.authority_id),
        "read_audit_log": administers_service_authority(user, service),
    }


def authority_abilities(user, authority) -> dict[str, bool]:
    """What ``user`` may do with the services of ``authority`` as a whole."""
    return {"create_service": administers_services_of(user, authority.pk)}


def authorities_administered(user):
    """The authorities whose services ``user`` may create and set up."""
    from spp.core.models import Organisation

    return Organisation.objects.filter(
        kind=Organisation.Kind.AUTHORITY,
        pk__in=[
            org_id
            for org_id, role in core_permissions.roles_by_organisation(user).items()
            if role in {"admin", "coordinator"}
        ],
    ).order_by("name")


def enrolment_abilities(user, enrolment) -> dict[str, bool]:
    manages = manages_service(user, enrolment.service)
    owner = is_enrolment_owner(user, enrolment)
    return {
        "view": manages or owner,
        "approve": manages,
        "refuse": manages,
        "suspend": manages,
        "reinstate": manages,
        "end": manages,
        "withdraw": owner,
        "reapply": owner,
    }


def incident_abilities(user, incident) -> dict[str, bool]:
    manages = manages_service(user, incident.service)
    owner = user.is_authenticated and incident.declared_by_id == user.pk
    return {"view": manages or owner, "handle": manages, "add_note": manages or owner}


def can_verify_qualifications_of(user, person) -> bool:
    """Members of an organisation managing a service the person is enrolled in."""
    from spp.catalog.selectors import authority_answering_for

    return authority_answering_for(user, person) is not None


# Fetch-and-authorize helpers (after Zulip's access_* functions): they answer 404 to anyone
# not allowed, so that an outsider cannot learn what exists.


# What the catalog's back-office lists read of their service (and its management nav): the
# organisations' rows have a few dozen columns, building them cost more than the query.
MANAGED_LIST_FIELDS = (
    "id", "name", "slug", "patterns", "is_published",
    "authority", "operator", "authority__name", "operator__name",
)


def access_service_for_manager(user, slug: str, *, fields: tuple[str, ...] = ()):
    """The service with its authority and operator, for their members; 404 for anyone else.
    ``fields``: only those columns (any other is read when first used, one query each)."""
    from django.http import Http404

    from spp.catalog.models import Service

    queryset = Service.objects.select_related("authority", "operator").filter(slug=slug)
    if fields:
        queryset = queryset.only(*fields)
    service = queryset.order_by()[:1]
    service = service[0] if service else None
    if service is None or not manages_service(user, service):
        raise Http404
    return service


def access_service_for_setup(user, slug: str):
    """The service, for those who set it up (``edit_service``); 404 for anyone else."""
    from django.http import Http404

    from spp.catalog.models import Service

    service = Service.objects.select_related("authority", "operator").filter(slug=slug).first()
    if service is None or not administers_services_of(user, service.authority_id):
        raise Http404
    return service


def access_enrolment(user, pk: int):
    from django.http import Http404

    from spp.catalog.models import Enrolment

    enrolment = (
        Enrolment.objects.select_related(
            "service__authority", "service__operator", "user", "accepted_charter", "approved_by"
        )
        .filter(pk=pk)
        .first()
    )
    if enrolment is None or not enrolment_abilities(user, enrolment)["view"]:
        raise Http404
    return enrolment


def access_incident(user, pk: int):
    from django.http import Http404

    from spp.catalog.models import Incident

    incident = (
        Incident.objects.select_related("service__authority", "declared_by", "handled_by")
        .filter(pk=pk)
        .first()
    )
    if incident is None or not incident_abilities(user, incident)["view"]:
        raise Http404
    return incident


def access_qualification_to_verify(user, pk: int):
    """A qualification of a person ``user`` reaches (a service the person is enrolled in is
    theirs to manage); 404 for any other. Whether its type is theirs to verify is the
    service's check (``can_verify_qualification``): 403 (the page shows no button for it)."""
    from django.http import Http404

    from spp.catalog.models import Qualification

    qualification = Qualification.objects.select_related("user").filter(pk=pk).first()
    if qualification is None or not can_verify_qualifications_of(user, qualification.user):
        raise Http404
    return qualification


# Qualification types belong to the organisation that defines them (issue #15): its admins
# manage them, its members and those of the organisations it names verify them.


def can_manage_qualification_types_of(user, organisation_id: int | None) -> bool:
    """The admins of the organisation that owns the types (an authority or an operator alike),
    and the superusers (support staff)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or core_permissions.is_admin_of(user, organisation_id)


def can_manage_qualification_types(user) -> bool:
    """Opens the back office's list of qualification types: the superusers and the admins of
    any organisation (each sees and manages only their own organisations' types)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(core_permissions.administered_organisation_ids(user))


def verifying_organisation_ids(qualification_type) -> set[int]:
    """The organisations whose members verify a qualification of this type: its owner and the
    organisations it names. Empty for a type without an owner (older than owners)."""
    if qualification_type.owner_id is None:
        return set()
    return {qualification_type.owner_id, *(o.pk for o in qualification_type.verifiers.all())}


def can_verify_qualification_type(user, qualification_type) -> bool:
    """Members (any role) of the type's owner or of an organisation it names as also
    verifying. Nobody else, however many services they manage: other services rely on it."""
    member_of = core_permissions.roles_by_organisation(user)
    return any(org_id in member_of for org_id in verifying_organisation_ids(qualification_type))


def can_verify_qualification(user, person, qualification_type) -> bool:
    """May ``user`` record a verified qualification of this type for ``person``: they reach the
    person (a service the person is enrolled in is theirs to manage), their organisation
    answers for the type, and the person is someone else (nobody verifies their own)."""
    return (
        user.is_authenticated
        and user.pk != person.pk
        and can_verify_qualification_type(user, qualification_type)
        and can_verify_qualifications_of(user, person)
    )


def qualification_types_verifiable_by(user, *, active_only: bool = True):
    """The types ``user``'s organisations own or are named for, by name: the choices of the
    form recording a qualification (active ones), and which pending ones the person may verify
    (``active_only=False``: an existing qualification of a deactivated type still counts)."""
    from django.db.models import Q

    from spp.catalog.models import QualificationType

    org_ids = list(core_permissions.roles_by_organisation(user))
    queryset = QualificationType.objects.filter(
        Q(owner_id__in=org_ids) | Q(pk__in=QualificationType.verifiers.through.objects.filter(
            organisation_id__in=org_ids).values("qualificationtype_id"))
    )
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.select_related("owner").order_by("name", "pk")


def qualification_type_ids_verifiable_by(user, person) -> set[int]:
    """The ids of every type (active or not) ``user`` may verify for ``person`` (whom the page
    has already let them reach): the pages show a "Vérifier" button for those only."""
    if not user.is_authenticated or user.pk == person.pk:
        return set()
    return set(qualification_types_verifiable_by(user, active_only=False).values_list(
        "pk", flat=True))


def qualification_type_abilities(user, qualification_type) -> dict[str, bool]:
    """What ``user`` may do with one qualification type (docs/permissions.md)."""
    return {
        "verify": can_verify_qualification_type(user, qualification_type),
        "manage": can_manage_qualification_types_of(user, qualification_type.owner_id),
    }


def require_qualification_type_manager(user) -> None:
    """404 for anyone who may not open the list of qualification types."""
    from django.http import Http404

    if not can_manage_qualification_types(user):
        raise Http404


def access_qualification_type_to_manage(user, pk: int):
    """A type whose owner ``user`` administers (any type, for a superuser); 404 for any
    other, so an outsider learns nothing of another organisation's types."""
    from django.http import Http404

    from spp.catalog.models import QualificationType

    qualification_type = QualificationType.objects.select_related("owner").filter(pk=pk).first()
    if qualification_type is None or not can_manage_qualification_types_of(
        user, qualification_type.owner_id
    ):
        raise Http404
    return qualification_type
