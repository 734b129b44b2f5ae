"""Drill: PostgreSQL stops abruptly under write load, then comes back. Requests answer 503 at
once, /healthz says why, no write is half-done, and the same server recovers by itself.
A private cluster (spp/ops/tests/conftest.py), never the machine's shared one."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from spp.ops.tests import infra

pytestmark = pytest.mark.processes

SERVICES = 24
INVARIANTS = {
    # each enrolment was written with its event log and its audit entry, or not at all
    "enrolment without event": "SELECT count(*) FROM catalog_enrolment e WHERE NOT EXISTS "
    "(SELECT 1 FROM catalog_enrolmentevent v WHERE v.enrolment_id = e.id)",
    "enrolment without audit": "SELECT count(*) FROM catalog_enrolment e WHERE NOT EXISTS "
    "(SELECT 1 FROM core_auditlogentry a WHERE a.target_type = 'catalog.enrolment' "
    "AND a.target_id = e.id::text)",
    "idempotency record without answer": "SELECT count(*) FROM core_idempotencyrecord "
    "WHERE status_code IS NULL",
}


def enrol(server, session, index):
    return infra.http("POST", f"{server.url}/api/v1/catalog/services/drill-{index}/enrolments",
                      session=session, key=f"drill-key-{index}",
                      body={"charter_version": 1, "accept_charter": True})


def test_postgres_outage_fails_fast_with_503_leaves_no_half_write_and_recovers(
        private_pg, fresh_db, tmp_path):
    env = infra.django_env(fresh_db, tmp_path)
    name = fresh_db.rsplit("/", 1)[1]
    _, _, session = infra.drill_setup(env, services=SERVICES)
    with infra.Gunicorn(env, workers=4) as server:
        with ThreadPoolExecutor(6) as pool:  # writes in flight when the database dies
            futures = [pool.submit(enrol, server, session, i) for i in range(SERVICES)]
            infra.wait_for(lambda: any(f.done() for f in futures))
            private_pg.stop("immediate")
            during = [f.result()[0] for f in futures]
        assert set(during) <= {201, 503}

        status, health, seconds = infra.http("GET", server.url + "/healthz")
        assert (status, health["status"]) == (503, "unavailable")
        assert health["reason"].startswith("database")
        assert seconds < 5  # refused connections are not waited on
        status, problem, seconds = infra.http("GET", server.url + "/api/v1/catalog/services")
        assert (status, problem["status"]) == (503, 503) and seconds < 5
        assert infra.http("GET", server.url + "/")[0] == 503

        private_pg.start()  # the same gunicorn processes, not restarted
        infra.wait_for(lambda: infra.http("GET", server.url + "/healthz")[0] == 200)
        for index, status in enumerate(during):  # the client retries what failed
            retried = enrol(server, session, index)
            assert retried[0] == 201, retried
            if status == 201:
                assert retried[1]["service"] == f"drill-{index}"

    for label, sql in INVARIANTS.items():
        assert private_pg.execute(sql, name) == [(0,)], label
    assert private_pg.execute("SELECT count(*) FROM catalog_enrolment", name) == [(SERVICES,)]
