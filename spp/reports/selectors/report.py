"""One report's page: the report, its history, and the choices its actions offer."""

from spp.reports.models import Category, Report, ReportEvent


def report_by_reference(reference: str) -> Report | None:
    return (Report.objects.select_related("category", "service", "duplicate_of")
            .prefetch_related("photos").filter(reference=reference).first())


def report_events_for(report, *, include_internal: bool):
    queryset = ReportEvent.objects.filter(report=report).select_related("actor")
    return queryset if include_internal else queryset.filter(public=True)


def assignee_choices(report) -> list[tuple[int, str]]:
    """(id, name) of the people a report may be assigned to: the members of its category's
    organisation and of its service's authority (permissions.can_be_assignee), by name."""
    from django.contrib.auth import get_user_model

    organisations = {report.category.organisation_id, report.service.authority_id}
    people = (get_user_model().objects.filter(memberships__organisation_id__in=organisations)
              .distinct().order_by("last_name", "first_name", "email")
              .only("id", "first_name", "last_name", "email"))
    return [(person.pk, person.get_full_name() or person.email) for person in people]


def category_choices_for_move(report) -> list[tuple[int, str]]:
    """(id, name) of the active categories of the report's service other than its own."""
    return list(Category.objects.filter(service_id=report.service_id, is_active=True)
                .exclude(pk=report.category_id).order_by("order", "name")
                .values_list("pk", "name"))
