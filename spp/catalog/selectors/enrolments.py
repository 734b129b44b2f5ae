"""Reads of enrolments: whether a person may act in a service now, the managers' lists, the
person's own rows, and the authority that answers for a person."""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from spp.catalog.models import (
    Charter,
    Enrolment,
    EnrolmentEvent,
    Qualification,
    Service,
)
from spp.catalog.selectors.services import charter_current
from spp.core.authentication import person_column


def enrolment_for(user, service: Service) -> Enrolment | None:
    """The person's enrolment in ``service``, with its accepted charter; it holds the caller's
    ``service`` object, so that the rules reading it (``enrolment_needs_reacceptance``) do
    not read the service again."""
    if not user.is_authenticated:
        return None
    enrolment = (
        Enrolment.objects.select_related("accepted_charter")
        .filter(user=user, service=service)
        .first()
    )
    if enrolment is not None:
        enrolment.service = service
    return enrolment


def enrolment_needs_reacceptance(enrolment: Enrolment) -> bool:
    current = charter_current(enrolment.service)
    return current is not None and enrolment.accepted_charter_id != current.pk


def enrolments_with_a_newer_charter() -> QuerySet[Enrolment]:
    """Active enrolments whose service has published a charter newer than the one accepted:
    the rule behind the charter banner. Written as an ``EXISTS`` over the service's charters
    rather than a join through the service: PostgreSQL plans it in a third of the time."""
    newer_charter = Charter.objects.filter(
        service_id=OuterRef("service_id"), version__gt=OuterRef("accepted_charter__version")
    )
    return Enrolment.objects.filter(status=Enrolment.Status.ACTIVE).filter(Exists(newer_charter))


def charter_changed_column() -> RawSQL:
    """The same rule, as a yes/no column of the signed-in person's row
    (``spp/catalog/authentication.py``): does any of their active enrolments have a newer
    charter to accept? Written in SQL, the same shape as ``enrolments_with_a_newer_charter``,
    because every signed-in page builds it (``spp/core/authentication.py`` says why); a test
    checks that both agree."""
    return person_column(
        f'EXISTS (SELECT 1 FROM "{Enrolment._meta.db_table}" enrolment '
        f'JOIN "{Charter._meta.db_table}" accepted ON accepted.id = enrolment.accepted_charter_id '
        "WHERE enrolment.user_id = {person} AND enrolment.status = %s "
        f'AND EXISTS (SELECT 1 FROM "{Charter._meta.db_table}" newer '
        "WHERE newer.service_id = enrolment.service_id AND newer.version > accepted.version))",
        (Enrolment.Status.ACTIVE.value,))


def enrolments_needing_reacceptance(user) -> list[dict]:
    """The services whose charter changed since the person accepted it, among their active
    enrolments, as {service_name, service_slug}: one query, plain values. Not even that when
    the person's row already says there is none (``charter_changed``, read with the person by
    the catalog's authentication backend)."""
    if not user.is_authenticated or getattr(user, "charter_changed", True) is False:
        return []
    newer = (
        enrolments_with_a_newer_charter()
        .filter(user=user)
        .order_by("service__name")
        .values_list("service__name", "service__slug")
    )  # one row per service: a person has one enrolment in each
    return [{"service_name": name, "service_slug": slug} for name, slug in newer]


def _not_enrolled(service: Service) -> ValidationError:
    return ValidationError(
        _("Vous devez être inscrit à « %(s)s » (inscription active) pour participer.")
        % {"s": service.name},
        code="not_enrolled",
    )


def enrolment_require_current(user, service: Service) -> Enrolment:
    """The person's enrolment, if it lets them act now: active, and with the current charter
    accepted. Otherwise a ValidationError that says what to do. One query: whether the service
    published a newer charter is a column of the enrolment's row (every participation write
    and several pages ask this first)."""
    if not user.is_authenticated:
        raise _not_enrolled(service)
    newer_charter = Charter.objects.filter(
        service_id=service.pk, version__gt=OuterRef("accepted_charter__version"))
    enrolment = (
        Enrolment.objects.select_related("accepted_charter")
        .annotate(newer_charter=Exists(newer_charter))
        .filter(user=user, service=service)
        .first()
    )
    if enrolment is not None:
        enrolment.service = service
    if enrolment is None or enrolment.status != Enrolment.Status.ACTIVE:
        raise _not_enrolled(service)
    if enrolment.newer_charter:
        raise ValidationError(
            _("La charte de « %(s)s » a changé : acceptez la nouvelle version avant de participer.")
            % {"s": service.name},
            code="charter_changed",
        )
    return enrolment


def enrolments_of_service(
    service: Service, *, status: str | None = None, query: str = ""
) -> QuerySet[Enrolment]:
    """A service's enrolments as its managers' list pages them, by status then newest first
    (index: enrolment_service_status_idx), filtered on the person's email or names when
    ``query`` is given. No column is joined here, so that counting them reads that index
    alone: the list shows ``ENROLMENT_LIST_FIELDS`` of a page (``paginate(counted=...)``)."""
    queryset = Enrolment.objects.filter(service=service)
    if status:
        queryset = queryset.filter(status=status)
    if query:
        queryset = queryset.filter(
            Q(user__email__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__first_name__icontains=query)
        )
    return queryset.order_by("status", "-created_at")


# The columns of the managers' lists: plain values, the person and the charter joined in the
# page's query, no model built per row.
ENROLMENT_LIST_FIELDS = (
    "pk", "status", "created_at", "user_id", "user__first_name", "user__last_name",
    "user__email", "accepted_charter__version",
)
CONTRIBUTOR_LIST_FIELDS = ("pk", "user_id", "user__first_name", "user__last_name", "user__email")


def contributors_of_service(service: Service) -> QuerySet[Enrolment]:
    """The service's active enrolments, newest first (index: enrolment_service_status_idx),
    paged as ``enrolments_of_service`` (the list shows ``CONTRIBUTOR_LIST_FIELDS``);
    ``qualification_badges_for`` gives a page of them their qualifications."""
    return (Enrolment.objects.filter(service=service, status=Enrolment.Status.ACTIVE)
            .order_by("status", "-created_at"))


def qualification_badges_for(user_ids, today) -> dict[int, list[tuple[str, str]]]:
    """Each person's qualifications as the contributors' list shows them, by type name then
    latest obtained: ``{user_id: [(type name, state)]}`` where state is "expired" (expired
    before ``today``), "unverified" or "valid". One query for a page of people, plain values."""
    held = (
        Qualification.objects.filter(user_id__in=user_ids)
        .order_by("qualification_type__name", "-obtained_on")
        .values_list("user_id", "qualification_type__name", "expires_on", "verified_at")
    )
    badges: dict[int, list[tuple[str, str]]] = {}
    for user_id, name, expires_on, verified_at in held:
        if expires_on and expires_on < today:
            state = "expired"
        elif not verified_at:
            state = "unverified"
        else:
            state = "valid"
        badges.setdefault(user_id, []).append((name, state))
    return badges


def enrolment_rows_for_user(user) -> list[dict]:
    """The person's enrolments as the API lists them (``EnrolmentOut``), by service name: plain
    values, no model built per row."""
    rows = (
        Enrolment.objects.filter(user=user)
        .order_by("service__name")
        .values_list("pk", "service__slug", "status", "accepted_charter__version",
                     "charter_accepted_at", "approved_at")
    )
    return [
        {"id": pk, "service": slug, "status": status, "charter_version": version,
         "charter_accepted_at": accepted_at, "approved_at": approved_at}
        for pk, slug, status, version, accepted_at, approved_at in rows
    ]


def enrolment_table_rows_for_user(user) -> list[dict]:
    """The person's enrolments as their "Mon engagement" table shows them (plain values, by
    service name)."""
    return list(Enrolment.objects.filter(user=user).order_by("service__name").values(
        "pk", "service__name", "status", "accepted_charter__version", "charter_accepted_at",
        "approved_at"))


def authority_answering_for(actor, person):
    """The authority in whose name ``actor`` acts on ``person``: the authority of a service the
    person is enrolled in and the actor manages (directly or as its operator). Its admins read
    the audit entry. None when the actor acts for themself."""
    from spp.core.permissions import roles_by_organisation

    org_ids = list(roles_by_organisation(actor))
    if not org_ids:
        return None
    enrolment = (
        Enrolment.objects.filter(user=person)
        .filter(Q(service__authority_id__in=org_ids) | Q(service__operator_id__in=org_ids))
        .select_related("service__authority")
        .order_by("pk")
        .first()
    )
    return enrolment.service.authority if enrolment else None


def _event_summary(event, owner_id: int) -> str:
    """One entry of an enrolment's history as a sentence, never as status codes."""
    by_owner = event.actor_id == owner_id
    status = Enrolment.Status
    sentences = {
        ("", status.PENDING): _("Demande d’inscription, charte acceptée"),
        ("", status.ACTIVE): _("Inscription, active dès l’acceptation de la charte"),
        (status.ENDED, status.PENDING): _("Nouvelle demande d’inscription, charte acceptée"),
        (status.ENDED, status.ACTIVE): _("Nouvelle inscription, active dès l’acceptation de la "
                                         "charte"),
        (status.PENDING, status.ACTIVE): _("Inscription validée"),
        (status.PENDING, status.ENDED): _("Demande retirée") if by_owner
        else _("Demande refusée"),
        (status.ACTIVE, status.SUSPENDED): _("Inscription suspendue"),
        (status.SUSPENDED, status.ACTIVE): _("Inscription rétablie"),
        (status.ACTIVE, status.ENDED): _("Retrait du service") if by_owner
        else _("Fin de l’inscription"),
        (status.SUSPENDED, status.ENDED): _("Retrait du service") if by_owner
        else _("Fin de l’inscription"),
    }
    summary = sentences.get((event.from_status, event.to_status))
    if summary is None:
        labels = dict(status.choices)
        summary = _("État : %(to)s") % {"to": labels.get(event.to_status, event.to_status)}
    return summary


def enrolment_history(enrolment: Enrolment) -> list[EnrolmentEvent]:
    """The enrolment's events, oldest first, with their actor, each carrying ``summary`` (what
    happened, in words) and ``status_label`` (the state it led to, in words)."""
    labels = dict(Enrolment.Status.choices)
    events = list(enrolment.events.select_related("actor"))
    for event in events:
        event.summary = _event_summary(event, enrolment.user_id)
        event.status_label = labels.get(event.to_status, event.to_status)
    return events
