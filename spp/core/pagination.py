"""One way to paginate list pages, so every list has the same controls and page size.

Counting is what makes a list page slow as its table grows: ``SELECT COUNT(*)`` over a million
audit entries reads a million index entries on every page view. So lists count only as far as
they need to: the first ``COUNT_LIMIT`` rows, or ten pages past the one asked for. Beyond that
the page says "plus de N résultats" and still offers the next page, so every row stays
reachable while the cost of a page no longer grows with the table.

The page's rows and that capped count come back in one query: the count is a subquery the
database computes once, attached to each row. Only a page past the end (an old link) costs a
second query, to find the last page."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

COUNT_COLUMN = "_spp_capped_count"

PAGE_SIZE = 25
COUNT_LIMIT = 1000
PAGES_COUNTED_AHEAD = 10


class CappedCountPaginator(Paginator):
    """A Paginator whose ``count`` stops at ``count_limit`` rows; ``is_capped`` says whether
    there are more (then ``count`` is a lower bound, and the template says so). ``counted``:
    the rows to count when not ``object_list`` itself (see ``paginate``)."""

    def __init__(self, object_list, per_page, *, count_limit: int, counted=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_limit = count_limit
        self.counted = object_list if counted is None else counted
        self.is_capped = False

    @cached_property
    def count(self) -> int:
        if isinstance(self.counted, QuerySet):
            # Any count_limit + 1 rows tell "more than the limit": no ordering needed.
            found = self.counted.order_by()[: self.count_limit + 1].count()
        else:
            found = len(self.object_list)
        self.is_capped = found > self.count_limit
        return min(found, self.count_limit)


# A page number past this is treated as this one: the list then shows its last page. Without a
# bound, ``?page=99999999999999999999`` would overflow the database's OFFSET.
MAX_PAGE_NUMBER = 100_000


def requested_page_number(request) -> int:
    """The page asked for in ``?page=``; 1 when it is missing or not a plain number
    (``?page=²`` included), at most ``MAX_PAGE_NUMBER``."""
    value = request.GET.get("page", "")
    if not (value.isascii() and value.isdigit()):
        return 1
    if len(value) > len(str(MAX_PAGE_NUMBER)):  # also spares int() a 5,000-digit string
        return MAX_PAGE_NUMBER
    return min(max(1, int(value)), MAX_PAGE_NUMBER)


def _page_with_its_count(paginator: CappedCountPaginator, number: int):
    """The page ``number`` of a QuerySet and the capped count, in one query; None when the
    page holds no row (past the end, or an empty list: the caller counts, then clamps)."""
    queryset = paginator.object_list
    try:
        inner, params = (paginator.counted.order_by().values("pk")[: paginator.count_limit + 1]
                         .query.sql_with_params())
    except EmptyResultSet:  # a filter that can match nothing (``pk__in=[]``): an empty list
        return None
    counted = queryset.annotate(**{COUNT_COLUMN: RawSQL(
        f"SELECT COUNT(*) FROM ({inner}) AS capped", params)})
    bottom = (number - 1) * paginator.per_page
    rows = list(counted[bottom:bottom + paginator.per_page])
    if not rows:
        return None
    first = rows[0]
    found = first[COUNT_COLUMN] if isinstance(first, dict) else getattr(first, COUNT_COLUMN)
    for row in rows:
        if isinstance(row, dict):
            del row[COUNT_COLUMN]
    paginator.is_capped = found > paginator.count_limit
    paginator.__dict__["count"] = min(found, paginator.count_limit)  # the cached_property
    return paginator._get_page(rows, number, paginator)  # Django's documented hook


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, counted: QuerySet | None = None):
    """The requested page (a bad or out-of-range number gives the nearest valid page) and the
    query string to keep the filters when paging.

    ``counted``: the same rows as ``queryset`` without the tables it joins only to show their
    columns. A count keeps a ``values()`` list's inner joins (the database cannot drop them:
    they could remove rows), so counting the list of a service's enrolments with each person's
    name would join thousands of people; counting ``counted`` reads one index."""
    number = requested_page_number(request)
    count_limit = max(COUNT_LIMIT, (number + PAGES_COUNTED_AHEAD) * per_page)
    paginator = CappedCountPaginator(queryset, per_page, count_limit=count_limit, counted=counted)
    page = _page_with_its_count(paginator, number) if isinstance(queryset, QuerySet) else None
    if page is None:
        page = paginator.get_page(number)
    # The links to show (numbers, and the paginator's ELLIPSIS), for components/pagination.html.
    page.elided_page_range = list(paginator.get_elided_page_range(page.number))
    params = request.GET.copy()
    params.pop("page", None)
    querystring = params.urlencode()
    return page, (querystring + "&") if querystring else ""
