"""Helpers for the query-count guards (spp/*/tests/test_query_counts.py): build many rows
fast, and count the SQL statements one page or API call runs.

A guard asserts that a list costs the same number of queries with 10 items as with 1,000:
any N+1 (a query per row) makes the two counts differ."""

import threading

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spp.catalog.models import Charter, Enrolment, Service
from spp.catalog.services import service_participant_counts_recount
from spp.core.models import User


def queries_for(client, url: str) -> int:
    """The number of SQL statements ``GET url`` runs, computed (the cache emptied first)."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context)


FRAME_ONLY_PAGE = "/mentions-legales/"


def page_own_queries(client, url: str, params=None) -> list[dict]:
    """The queries ``GET url`` runs beyond the page's frame (the person, the charter banner…:
    core's to count, ``spp/core/tests/test_page_frame.py``), told apart as those a frame-only
    page opened by the same client just before also ran; both read twice, so that what the
    first read puts in the cache (the session, the brand) counts as production serves it.
    Under ``make test``'s DummyCache pass a page's first read can match the frame page's own
    and be subtracted with it: a guard with an exact count runs with a local cache
    (``settings.CACHES``)."""
    client.get(FRAME_ONLY_PAGE)
    with CaptureQueriesContext(connection) as frame:
        client.get(FRAME_ONLY_PAGE)
    client.get(url, params)
    with CaptureQueriesContext(connection) as page:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    frame_sql = {query["sql"] for query in frame.captured_queries}
    return [query for query in page.captured_queries if query["sql"] not in frame_sql]


def assert_queries_do_not_grow(client, url: str, add_rows) -> None:
    """``GET url`` runs as many queries after ``add_rows(990)`` as after ``add_rows(10)``."""
    add_rows(10)
    client.get(url)  # warm the per-process caches (content types, brand)
    few = queries_for(client, url)
    add_rows(990)
    assert queries_for(client, url) == few


def users(count: int, prefix: str = "guard") -> list[User]:
    start = User.objects.filter(email__startswith=prefix).count()
    User.objects.bulk_create([User(email=f"{prefix}{start + i}@exemple.fr", password="!",
                                   first_name="Alex", last_name=f"Nom{i}")
                              for i in range(count)])
    return list(User.objects.filter(email__startswith=prefix).order_by("-pk")[:count])


def services(count: int, authority, prefix: str = "svc") -> list[Service]:
    """Published services of ``authority``, each with a charter v1."""
    start = Service.objects.filter(slug__startswith=prefix).count()
    created = Service.objects.bulk_create([
        Service(authority=authority, name=f"Service {prefix} {start + i}",
                slug=f"{prefix}-{start + i}", summary="Un service.", patterns=["reports"],
                territory_label="Voiron") for i in range(count)])
    created = list(Service.objects.filter(slug__in=[s.slug for s in created]))
    Charter.objects.bulk_create([Charter(service=s, version=1, title="Charte", body="Texte")
                                 for s in created])
    return created


def enrol(people, service_list, status: str = "active") -> None:
    """Enrol every person in every service (one row per pair)."""
    now = timezone.now()
    charters = {c.service_id: c for c in Charter.objects.filter(service__in=service_list)}
    Enrolment.objects.bulk_create([
        Enrolment(user=person, service=service, status=status,
                  accepted_charter=charters[service.pk], charter_accepted_at=now,
                  approved_at=now if status == "active" else None)
        for person in people for service in service_list])
    service_participant_counts_recount(service_ids=[service.pk for service in service_list])


def at_once(calls) -> list:
    """Run each of ``calls`` in its own thread, all released at the same instant (for races
    against real PostgreSQL row locks); their results, in the order they finished."""
    barrier = threading.Barrier(len(calls))
    results = []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
