"""Filing and handling a report: creation (checked the same way on every channel), supports,
the workflow's transitions, events, target dates and citizens' confirmations."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.catalog.models import Participation
from spp.catalog.services import participation_record
from spp.core.services import audit_record
from spp.reports import attributes, notify, permissions, photos, selectors, workflow
from spp.reports.models import (
    Confirmation,
    Photo,
    Report,
    ReportEvent,
    Supporter,
)

# The model's TextField max_length sizes the form's field only: Django does not check it on
# full_clean(), so every channel (the form, Open311, the API) is held to it here.
DESCRIPTION_MAX_LENGTH = Report._meta.get_field("description").max_length


def _user_or_none(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _ledger(user, report, kind, key, description):
    """Signed-in people only: an email-only reporter has no ledger row (no identity)."""
    if user is not None:
        participation_record(user=user, service=report.service, kind=kind, quantity=1,
                             unit=Participation.Unit.COUNT, source_key=key,
                             description=description)


def report_create(*, actor, service, category, latitude: float, longitude: float,
                  description: str, email: str = "", address: str = "", uploads=(),
                  attribute_values: dict | None = None, source: str = Report.Source.WEB,
                  created_at=None, require_email: bool = True) -> Report:
    """File a report. Visitors give an email for follow-up; the point must lie in the
    service's territory; photos are re-encoded (photos.py). Returns the new report."""
    user = _user_or_none(actor)
    values, images = _checked(user=user, service=service, category=category,
                              latitude=latitude, longitude=longitude, description=description,
                              email=email, uploads=uploads, attribute_values=attribute_values,
                              require_email=require_email)
    now = created_at or timezone.now()
    report = Report(service=service, category=category, latitude=latitude, longitude=longitude,
                    description=description.strip(), address=address, attribute_values=values,
                    reporter=user, reporter_email="" if user else email.lower(), source=source,
                    created_at=now, updated_at=now,
                    target_date=now.date() + timedelta(days=category.target_days))
    # PostgreSQL enforces the model's check constraints at save; validating them here would
    # send one query each (Django's Q.check), a fifth of a report's cost. The one that input
    # can break, the coordinates, is checked above; at creation the other two hold (status
    # "new"; a web report without an account was refused above for its missing email).
    report.full_clean(exclude=["reference", "duplicate_of", "reporter", "service", "category"],
                      validate_constraints=False)
    with transaction.atomic():
        for attempt in range(5):
            try:
                with transaction.atomic():
                    report.save()
                break
            except IntegrityError:  # a reference already taken: draw another
                if attempt == 4:
                    raise
                report.pk = None
                report.reference = type(report)._meta.get_field("reference").default()
        for image in images:
            Photo.objects.create(report=report, image=image)
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CREATED,
                                   to_status=report.status, actor=user, created_at=now)
        audit_record(actor=user, action="report.create", target=report,
                     organisation=category.organisation, data={"source": source})
        _ledger(user, report, Participation.Kind.REPORT, f"reports.report:{report.pk}",
                _("Signalement %(ref)s") % {"ref": report.reference})
    return report


def _checked(*, user, service, category, latitude, longitude, description, email, uploads,
             attribute_values, require_email: bool = True):
    """What report_create checks before writing: (clean attribute values, re-encoded
    photos), or ValidationError naming each field."""
    errors = {}
    if not permissions.accepts_reports(service):
        raise PermissionDenied
    if category is None or category.service_id != service.pk or not category.is_active:
        errors["category"] = _("Choisissez une catégorie de ce service.")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        errors["latitude"] = _("Coordonnées impossibles : la latitude va de -90 à 90 et la "
                               "longitude de -180 à 180.")
    elif not selectors.service_territory_contains(service, latitude, longitude):
        errors["latitude"] = _("Ce point est hors du territoire du service (%(territory)s).") % {
            "territory": service.territory_label}
    if user is None and not email and require_email:
        errors["email"] = _("Indiquez votre adresse électronique pour suivre le signalement.")
    if not (description or "").strip():
        errors["description"] = _("Décrivez le problème en quelques mots.")
    elif len(description.strip()) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = _("La description ne peut dépasser %(max)d caractères "
                                  "(elle en compte %(count)d).") % {
            "max": DESCRIPTION_MAX_LENGTH, "count": len(description.strip())}
    values = {}
    if category is not None and "category" not in errors:
        try:
            values = attributes.clean_values(category, attribute_values or {})
        except ValidationError as error:
            errors["attributes"] = error.messages
    try:
        images = photos.clean_photos(uploads)
    except ValidationError as error:
        errors["photos"] = error.messages
    if errors:
        raise ValidationError(errors)
    return values, images


def report_support(*, actor, report: Report, email: str = "") -> tuple[Supporter, bool]:
    """Count a person in on an open report, once (the database's unique constraints decide).
    Returns (supporter, created)."""
    user = _user_or_none(actor)
    if not permissions.can_support(actor, report):
        raise ValidationError(_("Ce signalement ne peut plus être appuyé."))
    if user is None and not email:
        raise ValidationError({"email": _("Indiquez votre adresse électronique.")})
    lookup = {"user": user} if user else {"email": email.lower()}
    try:
        with transaction.atomic():
            supporter = Supporter.objects.create(report=report, **lookup)
            Report.objects.filter(pk=report.pk).update(support_count=F("support_count") + 1)
            ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.SUPPORT,
                                       public=False, actor=user)
            _ledger(user, report, Participation.Kind.REPORT_SUPPORT,
                    f"reports.support:{report.pk}",
                    _("Appui au signalement %(ref)s") % {"ref": report.reference})
    except IntegrityError:
        return Supporter.objects.get(report=report, **lookup), False
    report.refresh_from_db(fields=["support_count"])
    return supporter, True


def _apply(report: Report, action: str, *, actor, note: str = "", duplicate_of=None) -> Report:
    """Change the status through the workflow (caller holds the row lock), log, notify."""
    target = workflow.next_status(action, report.status)
    if target is None:
        raise ValidationError(_("Action impossible depuis l’état « %(status)s ».")
                              % {"status": report.get_status_display()})
    previous, now = report.status, timezone.now()
    report.status, report.updated_at, report.status_note = target, now, note
    report.duplicate_of = duplicate_of if target == Report.Status.DUPLICATE else None
    if target == Report.Status.RESOLVED:
        report.resolved_at, report.resolution_round = now, report.resolution_round + 1
    report.save(update_fields=["status", "updated_at", "duplicate_of", "resolved_at",
                               "resolution_round", "status_note"])
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.STATUS, from_status=previous,
                               to_status=target, body=note, actor=_user_or_none(actor))
    notify.status_changed(report, actor=actor, note=note)
    return report


def report_transition(*, actor, report: Report, action: str, note: str = "",
                      duplicate_of: Report | None = None) -> Report:
    """An agent moves a report along the workflow; the reporter and supporters are told."""
    if not permissions.handles_category(actor, report.category):
        raise PermissionDenied
    if action in workflow.NEEDS_REASON and not note.strip():
        raise ValidationError({"note": _("Expliquez ce choix : le déclarant le lira.")})
    if action == "mark_duplicate":
        if duplicate_of is None or duplicate_of.pk == report.pk or (
                duplicate_of.service_id != report.service_id):
            raise ValidationError({"duplicate_of": _("Indiquez la référence du signalement "
                                                     "d’origine, dans ce service.")})
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("category", "service").get(
            pk=report.pk)
        _apply(report, action, actor=actor, note=note.strip(), duplicate_of=duplicate_of)
        audit_record(actor=actor, action=f"report.{action}", target=report,
                     organisation=report.category.organisation, reason=note)
    return report


def report_add_event(*, actor, report: Report, body: str, public: bool) -> ReportEvent:
    """A public update (shown on the follow-up page) or an internal note (agents only)."""
    if not permissions.handles_category(actor, report.category):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("Le message est vide.")})
    kind = ReportEvent.Kind.UPDATE if public else ReportEvent.Kind.NOTE
    with transaction.atomic():
        event = ReportEvent.objects.create(report=report, kind=kind, body=body.strip(),
                                           public=public, actor=actor)
        Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    return event


def report_set_target_date(*, actor, report: Report, target_date: date) -> Report:
    if not permissions.handles_category(actor, report.category):
        raise PermissionDenied
    with transaction.atomic():
        report.target_date, report.updated_at = target_date, timezone.now()
        report.save(update_fields=["target_date", "updated_at"])
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.TARGET, actor=actor,
                                   body=target_date.isoformat())
    return report


def report_confirm(*, actor, report: Report, outcome: str, note: str = "") -> Confirmation:
    """After resolution, a citizen says "fixed" or "still there"; the latter reopens the
    report with their note. Once per person and resolution."""
    if not permissions.can_confirm(actor, report):
        raise ValidationError(_("Ce signalement n’attend pas de confirmation."))
    if outcome not in Confirmation.Outcome.values:
        raise ValidationError({"outcome": _("Choix inconnu.")})
    try:
        with transaction.atomic():
            report = Report.objects.select_for_update().select_related(
                "category", "service").get(pk=report.pk)
            confirmation = Confirmation.objects.create(
                report=report, user=actor, resolution_round=report.resolution_round,
                outcome=outcome)
            ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CONFIRMATION,
                                       body=Confirmation.Outcome(outcome).label, actor=actor)
            _ledger(actor, report, Participation.Kind.REPORT_CONFIRMATION,
                    f"reports.confirmation:{report.pk}:{report.resolution_round}",
                    _("Confirmation du signalement %(ref)s") % {"ref": report.reference})
            if outcome == Confirmation.Outcome.STILL_THERE:
                _apply(report, "reopen", actor=actor,
                       note=note.strip() or _("Un habitant signale que le problème persiste."))
    except IntegrityError:
        raise ValidationError(_("Vous avez déjà donné votre avis sur cette résolution.")) from None
    return confirmation
