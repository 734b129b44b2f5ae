"""The reports app's part of a person's own data (``spp.core.personal_data``): the reports
they filed (text, position, address, category, status, the public history, photos as files),
the reports they supported and their confirmations after a resolution. Called through
``ReportsConfig.personal_data_export``; a bounded number of queries whatever the count.

A report or a support given without an account, with the address the person signs in with
(verified: ``ACCOUNT_EMAIL_VERIFICATION`` is mandatory), is theirs too.

Internal notes (``ReportEvent.public`` false) are the agents' working notes about the
anomaly, not about the person: they stay out, as on the follow-up page."""

from django.db.models import Prefetch, Q

from spp.core.personal_data import export_file
from spp.reports.models import Confirmation, Photo, Report, ReportEvent, Supporter


def _status(code: str) -> str:
    return Report.Status(code).label if code in Report.Status.values else code


def personal_data_sections(user) -> dict:
    reports = (
        Report.objects.filter(
            Q(reporter=user) | Q(reporter__isnull=True, reporter_email__iexact=user.email)
        )
        .select_related("service", "category", "duplicate_of")
        .prefetch_related(
            Prefetch("photos", queryset=Photo.objects.order_by("id")),
            Prefetch(
                "events",
                queryset=ReportEvent.objects.filter(public=True).order_by("created_at", "id"),
            ),
        )
        .order_by("created_at", "id")
    )
    return {
        "signalements": [
            {
                "reference": report.reference,
                "service": report.service.name,
                "categorie": report.category.name,
                "description": report.description,
                "adresse": report.address,
                "latitude": report.latitude,
                "longitude": report.longitude,
                "informations_complementaires": report.attribute_values,
                "etat": report.get_status_display(),
                "etat_code": report.status,
                "message_de_l_etat": report.status_note,
                "doublon_de": report.duplicate_of.reference if report.duplicate_of else None,
                "courriel_du_declarant": report.reporter_email,
                "origine": report.get_source_display(),
                "appuis": report.support_count,
                "depose_le": report.created_at,
                "mis_a_jour_le": report.updated_at,
                "resolu_le": report.resolved_at,
                "photos": [
                    export_file("reports", f"{report.reference}/photo-{number}.jpg", photo.image)
                    for number, photo in enumerate(report.photos.all(), start=1)
                ],
                "historique": [
                    {
                        "nature": event.get_kind_display(),
                        "nouvel_etat": _status(event.to_status) if event.to_status else "",
                        "message": event.body,
                        "le": event.created_at,
                    }
                    for event in report.events.all()
                ],
            }
            for report in reports
        ],
        "signalements_appuyes": [
            {
                "reference": support.report.reference,
                "categorie": support.report.category.name,
                "adresse": support.report.address,
                "appuye_le": support.created_at,
            }
            for support in Supporter.objects.filter(
                Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
            )
            .select_related("report__category")
            .order_by("created_at", "id")
        ],
        "signalements_confirmations": [
            {
                "reference": c.report.reference,
                "reponse": c.get_outcome_display(),
                "reponse_code": c.outcome,
                "le": c.created_at,
            }
            for c in Confirmation.objects.filter(user=user)
            .select_related("report")
            .order_by("created_at", "id")
        ],
    }
