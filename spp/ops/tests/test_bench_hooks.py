import pytest
from django.db import OperationalError
from django.test import RequestFactory

from bench.cases import BenchCase
from bench.run import discover, headers_for, with_ratios
from spp.ops import views
from spp.ops.middleware import QueryCountMiddleware


@pytest.mark.django_db
def test_the_query_counter_reports_each_requests_sql_statements_in_a_header():
    from spp.core.models import User

    def view(request):
        list(User.objects.all())
        list(User.objects.all())
        return views.floor(request)

    response = QueryCountMiddleware(view)(RequestFactory().get("/bench/floor"))
    assert response["X-SQL-Queries"] == "2"
    assert QueryCountMiddleware(views.floor)(RequestFactory().get("/"))["X-SQL-Queries"] == "0"


def test_a_database_outage_is_answered_503_with_retry_after_and_problem_json_on_the_api():
    request = RequestFactory().get("/api/v1/catalog/services")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = views.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/problem+json"
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        page = views.server_error(RequestFactory().get("/mon-engagement/"))
    assert page.status_code == 503 and "indisponible" in page.content.decode()


def test_other_errors_keep_the_ordinary_500_page():
    try:
        raise ValueError("bug")
    except ValueError:
        assert views.server_error(RequestFactory().get("/")).status_code == 500


@pytest.mark.django_db  # some apps' cases look up the scale data to build their paths
def test_cases_are_discovered_per_app_and_filtered_by_only():
    names = [case.name for case in discover("small", set())]
    assert "core.home" in names and "catalog.api_services" in names
    assert {c.name.split(".")[0] for c in discover("small", {"catalog"})} == {"catalog"}


def test_ratios_divide_by_the_floor_median_and_writes_carry_a_csrf_pair():
    result = with_ratios({"median_ms": 6.0, "p95_ms": 12.0}, 2.0)
    assert (result["ratio_median"], result["ratio_p95"]) == (3.0, 6.0)
    headers = headers_for(BenchCase("x.post", "/api/", method="POST", login_email="a@b.fr"),
                          {"a@b.fr": "key"})
    assert "sessionid=key" in headers["Cookie"] and headers["X-CSRFToken"] in headers["Cookie"]


def test_signed_in_reads_carry_the_csrf_cookie_a_browser_keeps_and_anonymous_ones_nothing():
    signed_in = headers_for(BenchCase("x.page", "/p/", login_email="a@b.fr"), {"a@b.fr": "key"})
    assert "sessionid=key" in signed_in["Cookie"] and "csrftoken=" in signed_in["Cookie"]
    assert "Cookie" not in headers_for(BenchCase("x.public", "/"), {})
