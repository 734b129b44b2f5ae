"""Writes to services, charters and enrolments (see the package docstring)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.catalog import permissions, selectors, workflow
from spp.catalog.models import (
    Charter,
    Enrolment,
    EnrolmentEvent,
    Service,
)
from spp.catalog.pattern_links import participation_closed_message, participation_offered
from spp.core.services import audit_record, notification_send


def service_create(
    *,
    actor,
    authority,
    name: str,
    summary: str,
    patterns: list[str],
    territory_label: str,
    slug: str = "",
    operator=None,
    communes=(),
    **extra,
) -> Service:
    """Create a service of ``authority`` (its admins and coordinators only). Without ``slug``,
    one is made from the name (``service_admin.service_slug_available``)."""
    from spp.catalog.services.service_admin import service_slug_available

    if actor is not None and not permissions.administers_services_of(actor, authority.pk):
        raise PermissionDenied
    service = Service(
        authority=authority,
        operator=operator,
        name=name,
        slug=slug or service_slug_available(name),
        summary=summary,
        patterns=patterns,
        territory_label=territory_label,
        **extra,
    )
    service.full_clean()
    with transaction.atomic():
        service.save()
        if communes:
            service.communes.set(communes)
        audit_record(
            actor=actor,
            action="service.create",
            target=service,
            organisation=authority,
            data={"operator": operator.name if operator else "", "patterns": list(patterns)},
        )
    return service


def charter_publish(*, actor, service: Service, title: str, body: str) -> Charter:
    """Publish a new charter version. Active contributors must accept it again before acting;
    each is told so."""
    if actor is not None and not permissions.coordinates_service(actor, service):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("La charte ne peut pas être vide.")})
    with transaction.atomic():
        Service.objects.select_for_update().get(pk=service.pk)  # serialises version numbers
        last = service.charters.order_by("-version").values_list("version", flat=True).first()
        charter = Charter(
            service=service, version=(last or 0) + 1, title=title, body=body, published_by=actor
        )
        charter.full_clean()
        charter.save()
        audit_record(
            actor=actor,
            action="charter.publish",
            target=charter,
            organisation=service.authority,
            data={"version": charter.version},
        )
        if last:
            for enrolment in service.enrolments.filter(
                status=Enrolment.Status.ACTIVE
            ).select_related("user"):
                notification_send(
                    recipient=enrolment.user,
                    title=_("Nouvelle charte pour « %(service)s »") % {"service": service.name},
                    body=_(
                        "La charte a changé (version %(v)s). Acceptez-la pour continuer à "
                        "participer."
                    )
                    % {"v": charter.version},
                    url=reverse("catalog:charter", args=[service.slug]),
                )
    return charter


# Each service keeps how many of its enrolments are in these states (``Service`` fields).
KEPT_COUNTS = {
    Enrolment.Status.ACTIVE: "active_participant_count",
    Enrolment.Status.PENDING: "pending_enrolment_count",
}


def _kept_counts_follow(service_id: int, from_status: str, to_status: str) -> None:
    """Move the service's kept counts in the enrolment's own transaction, with ``F()`` so that
    concurrent changes in one service add up instead of overwriting each other. The public
    pages and the back office read these numbers instead of counting enrolments."""
    changes = {}
    for status, field in KEPT_COUNTS.items():
        change = (to_status == status) - (from_status == status)
        if change:
            changes[field] = F(field) + change
    if changes:
        Service.objects.filter(pk=service_id).update(**changes)


def service_participant_counts_recount(*, service_ids=None) -> None:
    """Count the active and pending enrolments of each service again (all services, or
    ``service_ids``).

    For the writers that insert enrolments in bulk without the services above (the demo's and
    the benchmark's generators, test factories) and after a correction in Django's admin."""
    services = Service.objects.all() if service_ids is None else Service.objects.filter(
        pk__in=service_ids)
    services.update(**{
        field: Coalesce(
            Subquery(
                Enrolment.objects.filter(service=OuterRef("pk"), status=status)
                .order_by()
                .values("service")
                .annotate(count=Count("*"))
                .values("count")
            ),
            Value(0),
        )
        for status, field in KEPT_COUNTS.items()
    })


def _log_enrolment(enrolment: Enrolment, *, from_status: str, actor, reason: str, action: str):
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        from_status=from_status,
        to_status=enrolment.status,
        actor=actor,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=f"enrolment.{action}",
        target=enrolment,
        organisation=enrolment.service.authority,
        reason=reason,
        data={"from": from_status, "to": enrolment.status},
    )


def enrolment_create(
    *, actor, service: Service, charter_version: int | None, accept_charter: bool
) -> Enrolment:
    """Enrol ``actor`` in ``service`` by accepting its current charter.

    The charter version the person read is checked against the current one, so nobody accepts
    a text they did not see. Nobody enrols in a service none of whose participation patterns is
    built on this platform (``pattern_links.participation_offered``): there would be nothing to
    take part in; people already enrolled still accept a new charter. Enrolling again after an
    ended enrolment re-applies. Retrying returns the existing enrolment, even when the same
    person sends many requests at once: their own row is locked first, so their enrolments are
    written one after the other and the next finds the one before (the unique constraint would
    otherwise answer an IntegrityError).
    """
    if not permissions.can_enrol(actor, service):
        raise PermissionDenied
    charter = selectors.charter_current(service)
    if charter is None:
        raise ValidationError({"accept_charter": _("Ce service n’a pas encore de charte.")})
    if not accept_charter:
        raise ValidationError(
            {"accept_charter": _("Vous devez accepter la charte pour vous inscrire.")}
        )
    if charter_version is not None and charter_version != charter.version:
        raise ValidationError(
            {
                "charter_version": _(
                    "La charte a changé depuis que vous l’avez ouverte : relisez-la."
                )
            }
        )
    now = timezone.now()
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=actor.pk).values("pk").first()
        enrolment = (
            Enrolment.objects.select_for_update().filter(user=actor, service=service).first()
        )
        if enrolment is not None and enrolment.status != Enrolment.Status.ENDED:
            if enrolment.accepted_charter_id != charter.pk:
                enrolment.accepted_charter, enrolment.charter_accepted_at = charter, now
                enrolment.save(
                    update_fields=["accepted_charter", "charter_accepted_at", "updated_at"]
                )
                _audit_charter_accepted(actor, enrolment, charter)
            return enrolment
        if not participation_offered(service):
            raise ValidationError({"accept_charter": participation_closed_message(service)})
        from_status = enrolment.status if enrolment else ""
        if enrolment is None:
            enrolment = Enrolment(user=actor, service=service)
        enrolment.accepted_charter, enrolment.charter_accepted_at = charter, now
        enrolment.status_reason = ""
        enrolment.approved_by = None
        if service.requires_approval:
            enrolment.status, enrolment.approved_at = Enrolment.Status.PENDING, None
        else:
            # Accepting the help of anyone who accepts the charter is the authority's standing
            # decision; it is recorded as accepted at this instant, by the service's settings.
            enrolment.status, enrolment.approved_at = Enrolment.Status.ACTIVE, now
        enrolment.save()
        _kept_counts_follow(service.pk, from_status, enrolment.status)
        _log_enrolment(
            enrolment,
            from_status=from_status,
            actor=actor,
            reason="",
            action="create" if not from_status else "reapply",
        )
        _audit_charter_accepted(actor, enrolment, charter)
    return enrolment


def _audit_charter_accepted(actor, enrolment: Enrolment, charter: Charter) -> None:
    """Consent to a precise text is on record: who accepted which version, when."""
    audit_record(actor=actor, action="charter.accept", target=enrolment,
                 organisation=enrolment.service.authority, data={"version": charter.version})


def charter_accept(*, actor, service: Service, charter_version: int) -> Enrolment:
    """Accept the current charter again after a new version (active contributors)."""
    enrolment = selectors.enrolment_for(actor, service)
    if enrolment is None or enrolment.status == Enrolment.Status.ENDED:
        raise ValidationError({"accept_charter": _("Vous n’êtes pas inscrit à ce service.")})
    return enrolment_create(
        actor=actor, service=service, charter_version=charter_version, accept_charter=True
    )


def enrolment_transition(
    *, actor, enrolment: Enrolment, action: str, reason: str = ""
) -> Enrolment:
    """Move an enrolment along the workflow: approve, refuse, suspend, reinstate, end (agents);
    withdraw (the citizen). Approving records who accepted the help, and when."""
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("service__authority", "user")
            .get(pk=enrolment.pk)
        )
        if not permissions.enrolment_abilities(actor, enrolment).get(action):
            raise PermissionDenied
        target = workflow.next_status(workflow.ENROLMENT_TRANSITIONS, action, enrolment.status)
        if target is None:
            raise ValidationError(
                {
                    "action": _("Cette action n’est pas possible pour une inscription « %(s)s ».")
                    % {"s": enrolment.get_status_display()}
                }
            )
        if action in workflow.ENROLMENT_ACTIONS_NEEDING_REASON and not reason.strip():
            raise ValidationError({"reason": _("Indiquez un motif.")})
        if action == "approve":
            missing = selectors.qualifications_missing_for(enrolment.user, enrolment.service)
            if missing:
                raise ValidationError(
                    {
                        "action": _("Qualification requise absente ou expirée : %(names)s.")
                        % {"names": ", ".join(q.name for q in missing)}
                    }
                )
            enrolment.approved_by, enrolment.approved_at = actor, timezone.now()
        from_status = enrolment.status
        enrolment.status, enrolment.status_reason = target, reason.strip()
        enrolment.save(
            update_fields=["status", "status_reason", "approved_by", "approved_at", "updated_at"]
        )
        _kept_counts_follow(enrolment.service_id, from_status, enrolment.status)
        _log_enrolment(
            enrolment, from_status=from_status, actor=actor, reason=reason, action=action
        )
        if actor.pk != enrolment.user_id:
            notification_send(
                recipient=enrolment.user,
                title=_("Votre inscription à « %(service)s » : %(status)s")
                % {"service": enrolment.service.name, "status": enrolment.get_status_display()},
                body=reason,
                url=reverse("core:my_engagement"),
            )
    return enrolment


def enrolments_end_for_erasure(*, user) -> None:
    """As a person is erased (``spp.core.services.user_erase``): their enrolments end, with no
    reason kept, and the services' kept counts follow. No event, no notification: the person
    is gone, and the audit log records the erasure itself."""
    enrolments = Enrolment.objects.select_for_update().filter(user=user)
    for enrolment in enrolments.exclude(status=Enrolment.Status.ENDED):
        _kept_counts_follow(enrolment.service_id, enrolment.status, Enrolment.Status.ENDED)
    enrolments.update(status=Enrolment.Status.ENDED, status_reason="")
