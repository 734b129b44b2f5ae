"""Who may do what with reports. Reports are public (the follow-up page and the map show them
to everyone, never the reporter's identity); handling them belongs to the organisation the
category routes to, plus the staff of the service's authority, which stays in control."""

from django.http import Http404

from spp.catalog.models import Pattern
from spp.catalog.permissions import coordinates_service
from spp.core import permissions as core_permissions


def accepts_reports(service) -> bool:
    """A published service with the reports pattern takes reports from anyone, even visitors
    (who then give an email address for follow-up)."""
    return service.is_published and Pattern.REPORTS in (service.patterns or [])


def handles_category(user, category) -> bool:
    """Members of the organisation the category routes to, and of the service's authority."""
    return core_permissions.is_member_of(user, category.organisation_id) or (
        core_permissions.is_member_of(user, category.service.authority_id))


def can_manage_categories(user, service) -> bool:
    """Coordinators and admins of the service's authority or operator (target dates, routing)."""
    return coordinates_service(user, service)


def is_reporter(user, report) -> bool:
    """The signed-in person who filed the report."""
    return user.is_authenticated and report.reporter_id == user.pk


def can_confirm(user, report) -> bool:
    """Any signed-in person, once the report is resolved (once per resolution)."""
    return user.is_authenticated and report.status == "resolved"


def can_support(user, report) -> bool:
    """Anyone but the reporter, while the report is open."""
    return report.is_open and not is_reporter(user, report)


def can_be_assignee(user, report) -> bool:
    """Whom a report may be assigned to: the people who handle its category."""
    return user is not None and handles_category(user, report.category)


def abilities(user, report) -> dict[str, bool]:
    """What ``user`` may do with ``report``: read by views, API and templates alike."""
    handles = handles_category(user, report.category)
    return {
        "view": True,
        "support": can_support(user, report),
        "confirm": can_confirm(user, report),
        "handle": handles,
        "change_status": handles,
        "add_update": handles,
        "add_note": handles,
        "read_notes": handles,
        "set_target_date": handles,
        "recategorise": handles,
        "reassign": handles,
        "manage_categories": can_manage_categories(user, report.service),
    }


def access_report_for_handler(user, reference: str):
    """The report for an agent who handles it; 404 for anyone else."""
    from spp.reports.models import Report

    report = (Report.objects.select_related("category__service__authority",
                                            "category__organisation", "service", "reporter",
                                            "assignee", "duplicate_of")
              .filter(reference=reference).first())
    if report is None or not handles_category(user, report.category):
        raise Http404
    return report
