"""One way to paginate list pages, so every list has the same controls and page size."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page (a bad or out-of-range number gives the nearest valid page) and the
    query string to keep the filters when paging."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    querystring = params.urlencode()
    return page, (querystring + "&") if querystring else ""
