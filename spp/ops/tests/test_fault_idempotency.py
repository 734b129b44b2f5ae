"""Drill: a client retries one POST 100 times at once with the same Idempotency-Key, against
a live gunicorn on PostgreSQL. Exactly one enrolment exists afterwards and every answer that
is not "still in progress" (409) is the same 201."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from spp.ops.tests import infra

pytestmark = pytest.mark.processes


def test_100_concurrent_retries_with_one_idempotency_key_create_exactly_one_record(
        private_pg, fresh_db, tmp_path):
    env = infra.django_env(fresh_db, tmp_path)
    name = fresh_db.rsplit("/", 1)[1]
    _, _, session = infra.drill_setup(env)
    url_path = "/api/v1/catalog/services/drill-0/enrolments"
    with infra.Gunicorn(env, workers=8) as server:
        def post(_):
            return infra.http("POST", server.url + url_path, session=session,
                              key="one-key-for-all", body={"charter_version": 1,
                                                           "accept_charter": True})
        with ThreadPoolExecutor(50) as pool:
            answers = list(pool.map(post, range(100)))

    statuses = [status for status, _, _ in answers]
    assert set(statuses) <= {201, 409}, statuses
    created = {body["id"] for status, body, _ in answers if status == 201}
    assert len(created) == 1
    count = "SELECT count(*) FROM {} WHERE {}"
    assert private_pg.execute(count.format("catalog_enrolment", "true"), name) == [(1,)]
    assert private_pg.execute(count.format("core_idempotencyrecord", "key = 'one-key-for-all'"),
                              name) == [(1,)]
