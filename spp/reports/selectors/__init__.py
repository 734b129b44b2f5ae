"""Every non-trivial read of reports, one module per page family, with the index each relies on
(see models.Report.Meta)."""

from spp.reports.selectors.filing import (
    duplicate_radius_m,
    report_near_duplicates,
    service_territory_contains,
)
from spp.reports.selectors.map import (
    CLUSTER_BELOW_ZOOM,
    MAP_CAP,
    cluster_cell_degrees,
    report_map_clusters,
    report_map_viewport,
)
from spp.reports.selectors.organisation import (
    organisation_report_rows,
    report_rows_for_organisation,
)
from spp.reports.selectors.public import (
    PUBLIC_PAGE_SIZE,
    category_list_active,
    report_page_public,
    service_with_category_rows,
)
from spp.reports.selectors.queue import (
    QUEUE_MAX_PAGE,
    QUEUE_PAGE_SIZE,
    QUEUE_SERVICE_COLUMNS,
    category_choices_handled,
    is_overdue,
    queue_queryset,
    queue_service_with_categories,
    report_queue,
)
from spp.reports.selectors.report import (
    assignee_choices,
    category_choices_for_move,
    report_by_reference,
    report_events_for,
)

__all__ = [
    "CLUSTER_BELOW_ZOOM", "MAP_CAP", "PUBLIC_PAGE_SIZE", "QUEUE_MAX_PAGE", "QUEUE_PAGE_SIZE",
    "QUEUE_SERVICE_COLUMNS", "assignee_choices", "category_choices_for_move",
    "category_choices_handled", "category_list_active", "cluster_cell_degrees",
    "duplicate_radius_m", "is_overdue", "organisation_report_rows", "queue_queryset",
    "queue_service_with_categories", "report_by_reference", "report_events_for",
    "report_map_clusters", "report_map_viewport", "report_near_duplicates",
    "report_page_public", "report_queue", "report_rows_for_organisation",
    "service_territory_contains", "service_with_category_rows",
]
