"""Visitors confirm their report by email where the service asks it
(ServiceSettings.confirm_visitor_reports): until then it is kept aside, not a Report."""

from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.services import audit_record
from spp.reports import permissions, photos
from spp.reports.models import (
    PendingReport,
    Report,
    ServiceSettings,
)
from spp.reports.services.reports import _checked, _user_or_none, report_create

# Email confirmation of visitors' reports (ServiceSettings.confirm_visitor_reports).
CONFIRM_SALT = "spp.reports.confirm-visitor-report"
CONFIRM_MAX_AGE = photos.HELD_MAX_AGE  # the held photos live as long as the link


def needs_email_confirmation(actor, service) -> bool:
    """A visitor without an account, in a service whose coordinators asked for it."""
    if _user_or_none(actor) is not None:
        return False
    settings = ServiceSettings.objects.filter(service_id=service.pk).first()
    return bool(settings and settings.confirm_visitor_reports)


def report_submit_for_confirmation(*, service, category, latitude: float, longitude: float,
                                   description: str, email: str, address: str = "",
                                   uploads=(), attribute_values: dict | None = None,
                                   held: str = "") -> PendingReport:
    """A visitor's report, checked as report_create checks it, kept aside (not a Report:
    nothing public shows it) and a link sent to ``email``: opening it files the report
    (report_confirm_email). ``held``: photos.hold's token of photos already kept."""
    values, images = _checked(user=None, service=service, category=category,
                              latitude=latitude, longitude=longitude, description=description,
                              email=email, uploads=uploads, attribute_values=attribute_values)
    with transaction.atomic():
        # Their links have expired: nobody's email address is kept longer than needed.
        PendingReport.objects.filter(
            created_at__lt=timezone.now() - timedelta(seconds=2 * CONFIRM_MAX_AGE)).delete()
        pending = PendingReport.objects.create(
            service=service, category=category, latitude=latitude, longitude=longitude,
            address=address, description=description.strip(), attribute_values=values,
            email=email.lower(), held_photos=photos.hold(images, also=held))
        audit_record(actor=None, action="report.submit_for_confirmation", target=pending,
                     organisation=category.organisation)
        token = signing.dumps(pending.pk, salt=CONFIRM_SALT)
        url = reverse("reports:report_confirm_email", args=[token])
        title = _("Confirmez votre signalement « %(category)s »") % {"category": category.name}
        body = _("Ouvrez ce lien dans les 24 heures pour enregistrer votre signalement ; "
                 "sans confirmation, il ne sera ni publié ni transmis.")
        from spp.reports.tasks import send_report_email

        transaction.on_commit(lambda: send_report_email.enqueue([pending.email], title, body,
                                                                url))
    return pending


def report_confirm_email(*, token: str) -> Report:
    """The visitor opened the link: their report is filed (once: a second click, or a mail
    scanner's, finds the report already filed). ValidationError for a wrong or expired link."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(_("Ce lien de confirmation n’est pas valable ou a expiré "
                                "(24 heures) : déposez à nouveau le signalement.")) from None
    with transaction.atomic():
        pending = (PendingReport.objects.select_for_update(of=("self",))
                   .select_related("service", "category").filter(pk=pk).first())
        if pending is None:
            raise ValidationError(_("Ce signalement n’existe plus : déposez-le à nouveau."))
        if pending.report_id:
            return pending.report
        report = report_create(
            actor=None, service=pending.service, category=pending.category,
            latitude=pending.latitude, longitude=pending.longitude,
            description=pending.description, email=pending.email, address=pending.address,
            uploads=photos.held(pending.held_photos),
            attribute_values=pending.attribute_values)
        pending.report = report
        pending.save(update_fields=["report"])
        held = pending.held_photos
        transaction.on_commit(lambda: photos.release(held))
    return report


def service_settings_set(*, actor, service, confirm_visitor_reports: bool) -> ServiceSettings:
    """Coordinators choose whether visitors confirm their reports by email."""
    if not permissions.can_manage_categories(actor, service):
        raise PermissionDenied
    with transaction.atomic():
        settings, _created = ServiceSettings.objects.select_for_update().get_or_create(
            service=service)
        settings.confirm_visitor_reports = confirm_visitor_reports
        settings.save(update_fields=["confirm_visitor_reports"])
        audit_record(actor=actor, action="report_settings.set", target=service,
                     organisation=service.authority,
                     data={"confirm_visitor_reports": confirm_visitor_reports})
    return settings
