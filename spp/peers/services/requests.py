"""Requests for accompaniment: made by the person or referred by a professional, with the
requester's consent or not at all; read (every read of the personal fields audited); closed;
their personal fields blanked by the retention purge and on erasure."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spp.core.services import audit_record
from spp.peers import permissions
from spp.peers.models import (
    DEFAULT_RETENTION_DAYS,
    PERSONAL_FIELDS,
    ExpertProfile,
    Mode,
    PeerRequest,
    PeerSettings,
    RequestEvent,
)
from spp.peers.workflow import request_transition

CONSENT_MESSAGE = gettext_lazy(
    "Sans le consentement de la personne au partage de sa demande avec le pair choisi, la "
    "demande ne peut pas être transmise : rien n’a été enregistré.")


def request_create(*, actor, service, domain, preferred_language: str, preferred_mode: str,
                   commune=None, first_name: str = "", phone: str = "", email: str = "",
                   availability: str = "", consent: bool, referred: bool = False,
                   now=None) -> PeerRequest:
    """A request by ``actor`` for themself, or (``referred``) by a professional of the service
    for someone who may have no account. Consent first: without it, nothing is stored."""
    if not consent:
        raise ValidationError({"consent": CONSENT_MESSAGE})
    abilities = permissions.service_abilities(actor, service)
    if not abilities["refer" if referred else "ask"]:
        raise PermissionDenied
    errors = {}
    if domain.service_id != service.pk or not domain.is_active:
        errors["domain"] = _("Choisissez un des domaines de ce service.")
    if preferred_mode == Mode.IN_PERSON and commune is None:
        errors["commune"] = _("Pour une rencontre en personne, indiquez la commune.")
    if not (phone.strip() or email.strip() or (not referred and actor.email)):
        errors["phone"] = _("Indiquez un téléphone ou un courriel pour que le pair puisse "
                            "prendre contact.")
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    request = PeerRequest(
        service=service, requester=None if referred else actor,
        referred_by=actor if referred else None, domain=domain,
        preferred_language=preferred_language, preferred_mode=preferred_mode, commune=commune,
        first_name=first_name.strip(), phone=phone.strip(), email=email.strip(),
        availability=availability.strip(), consent_given_at=now)
    request.full_clean(exclude=["requester", "referred_by", "expert"])
    with transaction.atomic():
        request.save()
        RequestEvent.objects.create(request=request, actor=actor, to_status=request.status,
                                    note=_("Orientée par un professionnel") if referred else "")
        audit_record(actor=actor, action="peers.request.create", target=request,
                     organisation=service.authority, data={"referred": referred})
    return request


def request_personal_read(*, actor, request: PeerRequest) -> None:
    """Record that ``actor`` read the request's personal fields (the detail page calls it
    before showing them). The requester reading their own request is not recorded."""
    if not permissions.request_abilities(actor, request)["read_personal"]:
        raise PermissionDenied
    audit_record(actor=actor, action="peers.request.read_personal", target=request,
                 organisation=request.service.authority)


def request_close(*, actor, request: PeerRequest, note: str = "", now=None) -> PeerRequest:
    """A coordinator closes the request (accompaniment over, or no longer wished). The
    matched expert's load goes down in the same transaction; a waiting proposal lapses."""
    if not permissions.coordinates(actor, request.service):
        raise PermissionDenied
    with transaction.atomic():
        request = PeerRequest.objects.select_for_update().get(pk=request.pk)
        was_matched = request.status == PeerRequest.Status.MATCHED
        request.closed_at = now or timezone.now()
        request_transition(request, PeerRequest.Status.CLOSED, actor=actor, note=note,
                           extra_fields=("closed_at",))
        request.proposals.filter(status="proposed").update(status="declined",
                                                           decided_at=request.closed_at)
        if was_matched:
            ExpertProfile.objects.filter(pk=request.expert_id, load__gt=0).update(
                load=F("load") - 1)
        audit_record(actor=actor, action="peers.request.close", target=request,
                     organisation=request.service.authority, reason=note)
    return request


def _blank(queryset, now) -> int:
    return queryset.update(personal_purged_at=now, **{name: "" for name in PERSONAL_FIELDS})


def requests_purge(*, now=None) -> int:
    """Blank the personal fields of requests closed longer ago than their service keeps them
    (``PeerSettings.retention_days``, DEFAULT_RETENTION_DAYS without settings). One UPDATE per
    service that has such requests; the rest of the request (domain, dates, sessions) stays for
    the service's figures. Returns how many requests were purged."""
    now = now or timezone.now()
    closed = PeerRequest.objects.filter(status=PeerRequest.Status.CLOSED,
                                        personal_purged_at__isnull=True)
    service_ids = set(closed.values_list("service_id", flat=True).distinct())
    retention = dict(PeerSettings.objects.filter(service_id__in=service_ids)
                     .values_list("service_id", "retention_days"))
    purged = 0
    with transaction.atomic():
        for service_id in service_ids:
            days = retention.get(service_id, DEFAULT_RETENTION_DAYS)
            purged += _blank(closed.filter(
                service_id=service_id, closed_at__lt=now - timedelta(days=days)), now)
        if purged:
            audit_record(actor=None, action="peers.requests.purge", data={"count": purged})
    return purged


def requests_reencrypt(*, batch_size: int = 500) -> int:
    """Re-encrypt every request's personal fields with the first key of
    SPP_FIELD_ENCRYPTION_KEYS (after a new key was prepended): reading decrypts with any key,
    saving encrypts with the first. Batches, each in its own transaction."""
    count, last = 0, 0
    while True:
        with transaction.atomic():
            batch = list(PeerRequest.objects.select_for_update().filter(
                pk__gt=last, personal_purged_at__isnull=True).order_by("pk")[:batch_size])
            for request in batch:
                request.save(update_fields=list(PERSONAL_FIELDS))
        if not batch:
            return count
        count += len(batch)
        last = batch[-1].pk
