"""Django's PostgreSQL backend, with a health check that costs no round trip when there is
nothing to suspect.

``CONN_HEALTH_CHECKS`` keeps connections across requests safe after PostgreSQL restarts: Django
then runs ``SELECT 1`` before the first query of every request — one more round trip than the
page asks for, on every page. A connection that PostgreSQL closed (a restart, a terminated
backend, a dropped link announced by the kernel) has something to read on its socket (the end
of the stream, or an error message), while a healthy idle connection has nothing. So the socket
is polled first, at no cost, and ``SELECT 1`` runs only when it has something to say.
A link that died silently (no FIN ever arrives) fails the request's first query, which answers
503 (spp/ops/views.py) and closes the connection; the next request opens a new one."""

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper


def _socket_has_news(connection) -> bool:
    try:
        descriptor = connection.pgconn.socket
    except Exception:  # noqa: BLE001 - closed or broken: let the full check decide
        return True
    try:
        readable, _, errored = select.select([descriptor], [], [descriptor], 0)
    except (OSError, ValueError):
        return True
    return bool(readable or errored)


class DatabaseWrapper(PostgresDatabaseWrapper):
    def close_if_health_check_failed(self):
        if (self.connection is not None and self.health_check_enabled
                and not self.health_check_done and not _socket_has_news(self.connection)):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
