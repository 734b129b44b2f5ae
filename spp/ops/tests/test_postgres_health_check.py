"""The PostgreSQL backend's health check: no round trip for a healthy kept connection, and a
connection that the server closed is replaced before the request's first query."""

import time

import pytest
from django.db import connection, connections

pytestmark = [pytest.mark.processes, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _start_request():
    connection.health_check_enabled, connection.health_check_done = True, False


def test_a_healthy_kept_connection_is_not_asked_select_1(monkeypatch):
    connection.ensure_connection()
    asked = []
    monkeypatch.setattr(type(connections["default"]), "is_usable",
                        lambda self: asked.append(1) or True)
    _start_request()
    connection.close_if_health_check_failed()
    assert asked == [] and connection.connection is not None


def test_a_connection_the_server_terminated_is_replaced_before_the_next_query():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    time.sleep(0.2)  # the server's goodbye reaches the socket
    _start_request()
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
