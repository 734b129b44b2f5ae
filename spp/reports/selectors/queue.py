"""The agents' queue: the categories each agent handles and a page of their reports."""

from django.utils import timezone

from spp.core.formatting import choice_labels
from spp.core.permissions import is_member_of, roles_by_organisation
from spp.reports.models import OPEN_STATUSES, Category, Report

QUEUE_PAGE_SIZE = 25
# Past this page the queue is empty: an offset is read row by row, and a page number of any
# size must not reach the database (whose OFFSET is a 64-bit integer).
QUEUE_MAX_PAGE = 10_000
# What a queue row shows: no description, no JSON to decode.
QUEUE_COLUMNS = ("reference", "status", "created_at", "target_date", "support_count",
                 "category_id")


def category_choices_handled(user, service) -> list[tuple[int, str]]:
    """(id, name) of the service's categories that ``user`` handles, in display order: all of
    them for members of the service's authority, those routed to the user's organisations
    otherwise (the rule of permissions.handles_category), on the roles the request already
    read."""
    rows = (Category.objects.filter(service_id=service.pk).order_by("order", "name")
            .values_list("pk", "name", "organisation_id"))
    return _handled(user, service.authority_id, rows)


def _handled(user, authority_id: int, rows) -> list[tuple[int, str]]:
    """(id, name) of the (id, name, organisation id) ``rows`` that ``user`` handles."""
    organisations = roles_by_organisation(user)
    every = authority_id in organisations
    return [(pk, name) for pk, name, organisation in rows
            if every or organisation in organisations]


# What the queue reads of its service (the organisations' ids: the rule of manages_service).
QUEUE_SERVICE_COLUMNS = ("id", "slug", "name", "authority_id", "operator_id")


def queue_service_with_categories(user, slug: str):
    """The service ``slug`` with QUEUE_SERVICE_COLUMNS (any other field is read when first
    used) and the categories ``user`` handles (as category_choices_handled), in one query:
    the service's row left-joined to its categories, as service_with_category_rows — the
    queue is every agent's start page. (None, []) when no service has the slug; whether the
    user manages the service is the caller's to check."""
    from spp.catalog.models import Service

    names = [field.attname for field in Service._meta.concrete_fields
             if field.attname in QUEUE_SERVICE_COLUMNS]
    rows = list(Service.objects.filter(slug=slug)
                .order_by("report_categories__order", "report_categories__name")
                .values_list(*names, "report_categories__id", "report_categories__name",
                             "report_categories__organisation_id"))
    if not rows:
        return None, []
    service = Service.from_db(Service.objects.db, names, rows[0][:len(names)])
    return service, _handled(user, service.authority_id,
                             [row[len(names):] for row in rows if row[len(names)] is not None])


def report_queue(*, user, service, categories: list[tuple[int, str]] | None = None,
                 status: str = "open", category_id: int | None = None, sort: str = "oldest",
                 bbox=None, page: int = 1):
    """One page of the agents' queue, restricted to the categories ``user`` handles
    (``categories``: category_choices_handled, when the caller already has them), as plain
    dicts (reference, status, status_label, created_at, target_date, support_count,
    category_name, overdue), and whether a next page exists.

    No COUNT(*): the page reads ``QUEUE_PAGE_SIZE + 1`` rows to know whether a next page exists,
    so the first page costs the same at 10,000 or 1,000,000 reports. No join either: category
    names come from ``categories``. Index: the partial report_open_queue_idx (service,
    created_at) for open reports, report_queue_idx for one status, report_service_recent_idx
    for all."""
    if categories is None:
        categories = category_choices_handled(user, service)
    names = dict(categories)
    queryset = queue_queryset(user=user, service=service, categories=categories, status=status,
                              category_id=category_id, sort=sort, bbox=bbox)
    start = (min(max(1, page), QUEUE_MAX_PAGE) - 1) * QUEUE_PAGE_SIZE
    rows = list(queryset.values(*QUEUE_COLUMNS)[start: start + QUEUE_PAGE_SIZE + 1])
    labels, today = choice_labels(Report.Status), timezone.localdate()
    for row in rows:
        row["category_name"] = names.get(row["category_id"], "")
        row["status_label"] = labels[row["status"]]
        row["overdue"] = is_overdue(row["status"], row["target_date"], today)
    return rows[:QUEUE_PAGE_SIZE], len(rows) > QUEUE_PAGE_SIZE


def is_overdue(status: str, target_date, today) -> bool:
    """Open, with a target date already past (the target day itself is not late)."""
    return status in OPEN_STATUSES and target_date is not None and target_date < today


def queue_queryset(*, user, service, categories: list[tuple[int, str]], status: str = "open",
                   category_id: int | None = None, sort: str = "oldest", bbox=None):
    """The queue's reports, filtered and ordered, for its pages and its exports. ``status``:
    "open" (or empty), "all", "overdue" (open and past their target date) or one status."""
    queryset = Report.objects.filter(service_id=service.pk)
    if not is_member_of(user, service.authority_id):
        queryset = queryset.filter(category_id__in=[pk for pk, _name in categories])
    if status == "open" or not status:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status == "overdue":
        queryset = queryset.filter(status__in=OPEN_STATUSES,
                                   target_date__lt=timezone.localdate())
    elif status != "all":
        queryset = queryset.filter(status=status)
    if category_id:
        queryset = queryset.filter(category_id=category_id)
    if bbox:
        queryset = queryset.filter(latitude__gte=bbox[0], latitude__lte=bbox[2],
                                   longitude__gte=bbox[1], longitude__lte=bbox[3])
    order = ["created_at", "id"] if sort == "oldest" else ["-created_at", "-id"]
    return queryset.order_by(*order)
