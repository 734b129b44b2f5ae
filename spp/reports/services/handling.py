"""Agents hand a report on: to another category of its service, or to one person of the team
(or back to the whole team)."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.services import audit_record
from spp.reports import permissions
from spp.reports.models import (
    Report,
    ReportEvent,
)


def report_recategorise(*, actor, report: Report, category) -> Report:
    """An agent moves a report to another active category of the same service: it is then
    routed to that category's organisation and team. The citizen reads the change in words;
    an assignee who does not handle the new category is released."""
    if not permissions.handles_category(actor, report.category):
        raise PermissionDenied
    if (category is None or category.service_id != report.service_id
            or not category.is_active):
        raise ValidationError({"category": _("Choisissez une catégorie active de ce service.")})
    with transaction.atomic():
        report = Report.objects.select_for_update(of=("self",)).select_related(
            "category", "service", "assignee").get(pk=report.pk)
        previous = report.category
        if previous.pk == category.pk:
            raise ValidationError({"category": _("Le signalement est déjà dans cette catégorie.")})
        report.category, report.updated_at = category, timezone.now()
        fields = ["category", "updated_at"]
        if report.assignee_id and not permissions.can_be_assignee(report.assignee, report):
            report.assignee = None
            fields.append("assignee")
        report.save(update_fields=fields)
        ReportEvent.objects.create(
            report=report, kind=ReportEvent.Kind.CATEGORY, actor=actor,
            body=_("Catégorie modifiée : « %(old)s » devient « %(new)s ».")
            % {"old": previous.name, "new": category.name})
        audit_record(actor=actor, action="report.recategorise", target=report,
                     organisation=category.organisation,
                     data={"from": previous.code, "to": category.code})
    return report


def report_assign(*, actor, report: Report, assignee=None) -> Report:
    """An agent gives a report to one person who handles its category, or (``assignee``
    None) back to the whole team. The citizen reads that it was handed over, not to whom."""
    if not permissions.handles_category(actor, report.category):
        raise PermissionDenied
    with transaction.atomic():
        report = Report.objects.select_for_update(of=("self",)).select_related(
            "category__organisation", "service").get(pk=report.pk)
        if assignee is not None and not permissions.can_be_assignee(assignee, report):
            raise ValidationError({"assignee": _(
                "Cette personne ne traite pas les signalements de cette catégorie.")})
        if report.assignee_id == (assignee.pk if assignee else None):
            raise ValidationError({"assignee": _("Le signalement est déjà attribué ainsi.")})
        report.assignee, report.updated_at = assignee, timezone.now()
        report.save(update_fields=["assignee", "updated_at"])
        team = report.category.team or report.category.organisation.name
        body = (_("Confié à un agent de l’équipe « %(team)s ».") if assignee else
                _("Remis à l’ensemble de l’équipe « %(team)s ».")) % {"team": team}
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.ASSIGNMENT, actor=actor,
                                   body=body)
        audit_record(actor=actor, action="report.assign", target=report,
                     organisation=report.category.organisation,
                     data={"assignee": assignee.pk if assignee else None})
    return report
