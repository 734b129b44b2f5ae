"""Writes to incidents: declared by a contributor, followed up by the service's managers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.catalog import permissions, selectors, workflow
from spp.catalog.models import (
    Incident,
    IncidentUpdate,
    Service,
)
from spp.core.services import audit_record, notification_send


def incident_declare(
    *, actor, service: Service, kind: str, occurred_at, place: str, description: str
) -> Incident:
    """A contributor declares an accident or damage that happened while taking part. The
    service's managers are told at once."""
    enrolment = selectors.enrolment_for(actor, service)
    if enrolment is None:
        raise ValidationError({"service": _("Vous n’êtes pas inscrit à ce service.")})
    incident = Incident(
        service=service,
        declared_by=actor,
        kind=kind,
        occurred_at=occurred_at,
        place=place,
        description=description,
    )
    incident.full_clean()
    if occurred_at > timezone.now():
        raise ValidationError({"occurred_at": _("La date ne peut pas être dans le futur.")})
    with transaction.atomic():
        incident.save()
        IncidentUpdate.objects.create(
            incident=incident, author=actor, to_status=incident.status, note=_("Incident déclaré.")
        )
        audit_record(
            actor=actor, action="incident.declare", target=incident, organisation=service.authority
        )
        for manager in selectors.service_managers(service):
            notification_send(
                recipient=manager,
                title=_("Incident déclaré : %(s)s") % {"s": service.name},
                url=incident.get_absolute_url(),
            )
    return incident


def incident_transition(*, actor, incident: Incident, action: str, note: str) -> Incident:
    """Follow an incident up: acknowledge, follow up, close (with a conclusion), or add a note."""
    with transaction.atomic():
        incident = (
            Incident.objects.select_for_update()
            .select_related("service__authority", "declared_by")
            .get(pk=incident.pk)
        )
        abilities = permissions.incident_abilities(actor, incident)
        allowed = abilities["add_note"] if action == "note" else abilities["handle"]
        if not allowed:
            raise PermissionDenied
        target = workflow.next_status(workflow.INCIDENT_TRANSITIONS, action, incident.status)
        if target is None:
            raise ValidationError({"action": _("Cet incident est clos.")})
        if not note.strip():
            raise ValidationError({"note": _("Écrivez une note.")})
        from_status = incident.status
        incident.status = target
        fields = ["status"]
        if action != "note":
            incident.handled_by = actor
            fields.append("handled_by")
        if action == "close":
            incident.closing_summary = note.strip()
            fields.append("closing_summary")
        incident.save(update_fields=fields)
        IncidentUpdate.objects.create(
            incident=incident,
            author=actor,
            from_status=from_status,
            to_status=target,
            note=note.strip(),
        )
        audit_record(
            actor=actor,
            action=f"incident.{action}",
            target=incident,
            organisation=incident.service.authority,
            reason=note,
        )
        if actor.pk != incident.declared_by_id:
            notification_send(
                recipient=incident.declared_by,
                title=_("Suivi de votre déclaration d’incident"),
                body=note,
                url=incident.get_absolute_url(),
            )
    return incident
