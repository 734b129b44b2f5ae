"""List pages count only as far as they show: exact totals for short lists, "plus de N" for
long ones, and every page still reachable."""

import pytest
from django.test import RequestFactory
from django.utils import timezone

from spp.core import pagination
from spp.core.models import Notification
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(monkeypatch):
    """Ten rows counted at least, two pages ahead, five rows a page: small enough to test."""
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 10)
    monkeypatch.setattr(pagination, "PAGES_COUNTED_AHEAD", 2)


def _inbox(size: int):
    user = UserFactory()
    Notification.objects.bulk_create(
        [Notification(recipient=user, title=f"Message {i}", url="/") for i in range(size)])
    return Notification.objects.filter(recipient=user).order_by("id")


def _page(queryset, number=None):
    request = RequestFactory().get("/", {"page": number} if number else {})
    page, _querystring = pagination.paginate(request, queryset, per_page=5)
    return page


def test_a_list_shorter_than_the_limit_gets_its_exact_total(small_limits):
    page = _page(_inbox(8))
    assert page.paginator.count == 8
    assert page.paginator.is_capped is False
    assert page.paginator.num_pages == 2


def test_a_longer_list_says_there_are_more_without_counting_them_all(small_limits):
    page = _page(_inbox(40))
    assert page.paginator.is_capped is True
    assert page.paginator.count == 15  # (page 1 + 2 pages ahead) × 5 rows
    assert page.has_next()


def test_the_pages_beyond_the_first_count_stay_reachable_to_the_end(small_limits):
    inbox = _inbox(40)
    number, seen = 1, []
    while True:
        page = _page(inbox, number)
        seen.extend(n.title for n in page.object_list)
        if not page.has_next():
            break
        number = page.next_page_number()
    assert seen == [f"Message {i}" for i in range(40)]
    assert page.paginator.is_capped is False and page.paginator.count == 40


def test_the_page_says_more_than_when_the_count_is_capped(client, small_limits):
    user = UserFactory()
    Notification.objects.bulk_create([Notification(recipient=user, title=f"Message {i}", url="/",
                                                    read_at=timezone.now()) for i in range(80)])
    client.force_login(user)
    html = client.get("/notifications/").content.decode()
    assert "Plus de 75 résultats" in html  # (page 1 + 2 ahead) × 25 a page, of 80


def test_a_page_and_its_capped_count_come_in_one_query(small_limits):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    inbox = _inbox(40)
    with CaptureQueriesContext(connection) as captured:
        page = _page(inbox, 2)
        titles = [n.title for n in page.object_list]
    assert len(captured) == 1
    assert titles == [f"Message {i}" for i in range(5, 10)]
    assert page.paginator.is_capped and page.paginator.count == 20  # (2 + 2 ahead) × 5


def test_plain_value_rows_come_without_the_count_column(small_limits):
    page = _page(_inbox(8).values("title"))
    assert list(page.object_list) == [{"title": f"Message {i}"} for i in range(5)]
    assert page.paginator.count == 8


def test_a_page_past_the_end_gives_the_last_page(small_limits):
    page = _page(_inbox(12), 9)
    assert page.number == 3
    assert [n.title for n in page.object_list] == ["Message 10", "Message 11"]


def test_an_empty_list_gives_an_empty_first_page(small_limits):
    page = _page(_inbox(0))
    assert page.number == 1 and list(page.object_list) == [] and page.paginator.count == 0


def test_counted_rows_give_the_count_of_a_list_that_joins_other_tables(small_limits):
    """``counted``: a ``values()`` list joined to the person counts its rows without the join,
    and pages and counts (past the end too) as the list itself."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    inbox = _inbox(12)
    shown = inbox.values("title", "recipient__email")
    request = RequestFactory().get("/", {"page": 2})
    with CaptureQueriesContext(connection) as captured:
        page, _querystring = pagination.paginate(request, shown, per_page=5, counted=inbox)
    count_sql = captured[0]["sql"].split("COUNT(*)", 1)[1]
    assert "core_user" not in count_sql.split("AS capped")[0]
    assert [row["title"] for row in page.object_list] == [f"Message {i}" for i in range(5, 10)]
    assert page.paginator.count == 12
    past_the_end = RequestFactory().get("/", {"page": 9})
    page, _querystring = pagination.paginate(past_the_end, shown, per_page=5, counted=inbox)
    assert page.number == 3 and page.paginator.count == 12
