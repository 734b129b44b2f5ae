"""Fixtures of the fault drills: a private PostgreSQL cluster for the whole session (its
template database migrated once), a fresh database per test cloned from the template, and a
private Redis per test. Skipped with the reason when the binaries are missing."""

import itertools
import shutil
import tempfile
from pathlib import Path

import pytest

from spp.ops.tests import infra

_names = itertools.count()


@pytest.fixture(scope="session")
def private_pg():
    if not infra.have_postgres():
        pytest.skip(f"PostgreSQL binaries not found in {infra.PG_BIN}")
    base = Path(tempfile.mkdtemp(prefix="spp-pg-"))  # owned by the server's user when root
    server = infra.PrivatePostgres(base)
    server.init()
    server.execute("CREATE DATABASE spp_fault_template")
    infra.manage(infra.django_env(server.url("spp_fault_template"), base), "migrate", "-v0",
                 timeout=180)
    yield server
    server.stop("immediate")
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def fresh_db(private_pg):
    """The URL of a new, migrated database on the private cluster."""
    name = f"spp_fault_{next(_names)}"
    private_pg.execute(f"CREATE DATABASE {name} TEMPLATE spp_fault_template")
    yield private_pg.url(name)
    try:
        private_pg.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    except Exception:  # the cluster may have been stopped by the test
        pass


@pytest.fixture
def private_redis(tmp_path):
    if not infra.have_redis():
        pytest.skip("redis-server not found")
    server = infra.PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
