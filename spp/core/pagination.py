"""One way to paginate list pages, so every list has the same controls and page size.

Counting is what makes a list page slow as its table grows: ``SELECT COUNT(*)`` over a million
audit entries reads a million index entries on every page view. So lists count only as far as
they need to: the first ``COUNT_LIMIT`` rows, or ten pages past the one asked for. Beyond that
the page says "plus de N résultats" and still offers the next page, so every row stays
reachable while the cost of a page no longer grows with the table."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

PAGE_SIZE = 25
COUNT_LIMIT = 1000
PAGES_COUNTED_AHEAD = 10


class CappedCountPaginator(Paginator):
    """A Paginator whose ``count`` stops at ``count_limit`` rows; ``is_capped`` says whether
    there are more (then ``count`` is a lower bound, and the template says so)."""

    def __init__(self, object_list, per_page, *, count_limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_limit = count_limit
        self.is_capped = False

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            # Any count_limit + 1 rows tell "more than the limit": no ordering needed.
            found = self.object_list.order_by()[: self.count_limit + 1].count()
        else:
            found = len(self.object_list)
        self.is_capped = found > self.count_limit
        return min(found, self.count_limit)


def requested_page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page (a bad or out-of-range number gives the nearest valid page) and the
    query string to keep the filters when paging."""
    pages_to_count = requested_page_number(request) + PAGES_COUNTED_AHEAD
    count_limit = max(COUNT_LIMIT, pages_to_count * per_page)
    paginator = CappedCountPaginator(queryset, per_page, count_limit=count_limit)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    querystring = params.urlencode()
    return page, (querystring + "&") if querystring else ""
