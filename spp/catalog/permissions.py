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
    """A qualification ``user`` may verify; 404 for any other."""
    from django.http import Http404

    from spp.catalog.models import Qualification

    qualification = Qualification.objects.select_related("user").filter(pk=pk).first()
    if qualification is None or not can_verify_qualifications_of(user, qualification.user):
        raise Http404
    return qualification


# Qualification types are shared by the whole platform (no organisation owns one yet): the
# superusers and the admins of any public authority manage them.


def can_manage_qualification_types(user, organisations=None) -> bool:
    """Superusers and the admins of a public authority. ``organisations``: the person's
    organisations when the caller has them already (no query then)."""
    from spp.core.models import Organisation

    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    admin_of = core_permissions.administered_organisation_ids(user)
    if not admin_of:
        return False
    if organisations is not None:
        return any(
            org.pk in admin_of and org.kind == Organisation.Kind.AUTHORITY for org in organisations
        )
    return Organisation.objects.filter(pk__in=admin_of, kind=Organisation.Kind.AUTHORITY).exists()


def qualification_type_abilities(user) -> dict[str, bool]:
    """What ``user`` may do with qualification types (docs/permissions.md)."""
    return {"manage_qualification_types": can_manage_qualification_types(user)}


def require_qualification_type_manager(user) -> None:
    """404 for anyone who may not manage qualification types."""
    from django.http import Http404

    if not can_manage_qualification_types(user):
        raise Http404
