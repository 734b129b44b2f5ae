"""The service's public list of reports and the categories it filters by."""

from spp.core.formatting import choice_labels
from spp.reports.models import Category, Report
from spp.reports.selectors.map import with_status


def category_list_active(service):
    return Category.objects.filter(service=service, is_active=True).select_related("organisation")


# What the public page reads of its service (accepts_reports included).
PUBLIC_SERVICE_FIELDS = ("id", "slug", "name", "summary", "is_published", "patterns")
_CATEGORY_ROW = ("report_categories__id", "report_categories__code", "report_categories__name",
                 "report_categories__is_active")


def service_with_category_rows(slug: str):
    """The service ``slug`` with PUBLIC_SERVICE_FIELDS (any other field is read when first
    used) and the (id, code, name, is_active) of each of its categories in display order —
    the public page's filter (the active ones) and the names of its rows (any of them) —, in
    one query: the service's row joined to its categories (a left join: a service without
    any comes back too). (None, []) when no service has the slug."""
    from spp.catalog.models import Service

    # from_db takes the values in the model's field order.
    names = [field.attname for field in Service._meta.concrete_fields
             if field.attname in PUBLIC_SERVICE_FIELDS]
    rows = list(Service.objects.filter(slug=slug)
                .order_by("report_categories__order", "report_categories__name")
                .values_list(*names, *_CATEGORY_ROW))
    if not rows:
        return None, []
    service = Service.from_db(Service.objects.db, names, rows[0][:len(names)])
    return service, [row[len(names):] for row in rows if row[len(names)] is not None]


# What a row of the public list shows (its category named from service_with_category_rows).
PUBLIC_COLUMNS = ("reference", "status", "created_at", "support_count", "description",
                  "category_id")
PUBLIC_PAGE_SIZE = 20


def report_page_public(*, service, categories: list[tuple[int, str, str, bool]],
                       status: str = "", category_code: str = "", page: int = 1):
    """One page of the public list, newest first, as plain dicts (PUBLIC_COLUMNS plus
    category_name and status_label), and whether a next page exists. ``categories``: the
    rows of service_with_category_rows, which also turn ``category_code`` into an id (an
    unknown code: no row).

    As the queue: no COUNT, no join, ``PUBLIC_PAGE_SIZE + 1`` rows read. Index:
    report_service_recent_idx (service, created_at, id) for every status or one category,
    report_queue_idx (service, status, created_at) for one status."""
    names = {pk: name for pk, _code, name, _active in categories}
    queryset = with_status(Report.objects.filter(service_id=service.pk), status)
    if category_code:
        pks = [pk for pk, code, _name, _active in categories if code == category_code]
        if not pks:
            return [], False
        queryset = queryset.filter(category_id=pks[0])
    start = (max(1, page) - 1) * PUBLIC_PAGE_SIZE
    rows = list(queryset.order_by("-created_at", "-id").values(*PUBLIC_COLUMNS)
                [start: start + PUBLIC_PAGE_SIZE + 1])
    labels = choice_labels(Report.Status)
    for row in rows:
        row["category_name"] = names.get(row["category_id"], "")
        row["status_label"] = labels[row["status"]]
    return rows[:PUBLIC_PAGE_SIZE], len(rows) > PUBLIC_PAGE_SIZE
