"""Private servers for the fault drills: a PostgreSQL cluster (initdb in a temp dir, ports
55432–55439) and a Redis (ports 56379–56389) that the tests start, stop and break themselves,
never touching the machine's shared ones; a TCP relay that a drill cuts (ports 55440–55449);
and SPP itself under gunicorn (ports 8151–8159)."""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psycopg

from bench.server import gunicorn_command

ROOT = Path(__file__).resolve().parents[3]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def have_postgres() -> bool:
    return all((PG_BIN / name).exists() for name in ("initdb", "pg_ctl", "postgres"))


def have_redis() -> bool:
    return Path(REDIS_SERVER).exists()


def free_port(low: int, high: int) -> int:
    """A port of the range that nothing holds: tried by binding it, since a port may also be
    taken by the local end of some connection (these ranges lie among the ephemeral ports)."""
    for port in range(low, high + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}–{high}")


def _as_server_user(command: list) -> list:
    """PostgreSQL refuses to run as root: as root, run it as the ``postgres`` system user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *map(str, command)]
    return command


class PrivatePostgres:
    def __init__(self, base: Path):
        self.base, self.data = base, base / "pgdata"
        self.port = free_port(55432, 55439)

    def _ctl(self, *args):
        subprocess.run(_as_server_user([PG_BIN / "pg_ctl", "-D", self.data, "-l",
                                        self.base / "pg.log", "-w", "-t", "30", *args]),
                       check=True, stdout=subprocess.DEVNULL)

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres")
            self.base.chmod(0o700)
        subprocess.run(_as_server_user([PG_BIN / "initdb", "-D", self.data, "-U", "postgres",
                                        "-A", "trust", "-E", "UTF8", "--no-sync",
                                        "--locale=C"]), check=True, stdout=subprocess.DEVNULL)
        self.start()

    def start(self):
        self._ctl("-o", f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
                        "-c fsync=off -c max_connections=200", "start")

    def stop(self, mode: str = "fast"):
        self._ctl("-m", mode, "stop")

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def execute(self, sql: str, name: str = "postgres", params=None):
        with psycopg.connect(self.url(name), autocommit=True) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else None


class PrivateRedis:
    """A Redis with an append-only file synced on every write, as the task queue needs."""

    def __init__(self, base: Path):
        self.base, self.port, self.process = base, free_port(56379, 56389), None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.base,
             "--save", "", "--appendonly", "yes", "--appendfsync", "always"],
            stdout=subprocess.DEVNULL)
        wait_for(self._answers)

    def _answers(self) -> bool:
        """PING answered "+PONG": Redis accepts connections while it still reads its
        append-only file, and until then answers every command, a write of the test's
        included, "-LOADING"."""
        with socket.create_connection(("127.0.0.1", self.port), 1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(64).startswith(b"+PONG")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


class TcpProxy:
    """A TCP relay from a free port of 55440–55449 to ``host:port``, which a drill cuts (every
    relayed connection closed, new ones closed as soon as accepted) and restores: a network
    outage between a process and its database, the database itself untouched."""

    def __init__(self, host: str, port: int):
        self.target, self.port = (host, port), free_port(55440, 55449)
        self.cut_off, self.lock, self.sockets = threading.Event(), threading.Lock(), set()
        self.listener = None

    def __enter__(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.listener.close()
        self.cut()

    def _accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:  # the listener was closed
                return
            try:
                if self.cut_off.is_set():
                    raise OSError("cut")
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                self._close(end)

    def _close(self, end):
        with self.lock:
            self.sockets.discard(end)
        try:
            end.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        end.close()

    def cut(self):
        self.cut_off.set()
        with self.lock:
            ends = list(self.sockets)
        for end in ends:
            self._close(end)

    def restore(self):
        self.cut_off.clear()


def wait_for(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if result := predicate():
                return result
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.1)


def django_env(database_url: str, tmp: Path, **extra) -> dict:
    """SPP's environment for a child process: DEBUG off, loopback, the given database."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"REDIS_URL", "DATABASE_URL", "SPP_ENV", "PYTEST_CURRENT_TEST"}}
    return {**env, "SPP_ENV": "dev", "DEBUG": "0", "DATABASE_URL": database_url,
            "SECRET_KEY": "drill-key-" + "x" * 40, "SPP_VAR_DIR": str(tmp),
            "EMAIL_URL": "console://", "LOG_LEVEL": "WARNING", "TASKS_IMMEDIATE": "1",
            "DATABASE_CONNECT_TIMEOUT": "2", "CONN_MAX_AGE": "60", **extra}


def manage(env: dict, *args: str, timeout: float = 240) -> str:
    """``manage.py`` in a process of its own; the timeout is generous because a shared,
    loaded machine can take a minute to start Django and drain a queue."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, text=True,
                            capture_output=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "--no-imports", "-c", code)


class Gunicorn:
    """SPP served with production's configuration (config/gunicorn.conf.py: synchronous
    workers), ``workers`` processes, on a free port of 8151–8159."""

    def __init__(self, env: dict, *, workers: int = 4):
        self.port = free_port(8151, 8159)
        self.env, self.workers, self.process = env, workers, None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        """Started and answering /healthz. Each worker imports Django before it answers: on
        two busy cores eight of them took more than 30 s, so the wait is 90 s, and a server that
        never answers is stopped before the error (not left running into the next test)."""
        self.process = subprocess.Popen(gunicorn_command(self.port, self.workers), cwd=ROOT,
                                        env=self.env, start_new_session=True)
        try:
            wait_for(lambda: urllib.request.urlopen(self.url + "/healthz",
                                                    timeout=2).status == 200, timeout=90)
        except TimeoutError:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()


DRILL_SETUP = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from spp.catalog.models import Charter, Service
from spp.core.demo import siret_from
from spp.core.models import Organisation, User
org = Organisation.objects.create(kind="authority", name="Commune d’exercice",
                                  slug="commune-exercice", siret=siret_from("213805630001"))
user = User.objects.create_user("exercice@exemple.fr", email_notifications=False)
for i in range({services}):
    service = Service.objects.create(authority=org, name=f"Service {{i}}", slug=f"drill-{{i}}",
                                     summary="Exercice", patterns=["reports"],
                                     territory_label="Voiron", requires_approval=False)
    Charter.objects.create(service=service, version=1, title="Charte", body="Texte")
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(user.pk, service.pk, store.session_key)
"""


def drill_setup(env: dict, services: int = 1) -> tuple[int, int, str]:
    """A signed-in citizen and ``services`` open services (slugs drill-0…); returns
    (user id, last service id, session key)."""
    user_id, service_id, session = shell(env, DRILL_SETUP.format(services=services)).split()
    return int(user_id), int(service_id), session


def http(method: str, url: str, *, session: str = "", body: dict | None = None,
         key: str = "") -> tuple[int, dict, float]:
    """One request; returns (status, JSON body or {}, seconds taken). Never raises on 4xx/5xx."""
    import json
    import urllib.error

    headers = {"Content-Type": "application/json"}
    if session:
        headers.update(Cookie=f"sessionid={session}; csrftoken={'c' * 32}",
                       **{"X-CSRFToken": "c" * 32})
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(url, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body else None)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        data = json.loads(raw)
    except ValueError:
        data = {}
    return status, data, time.monotonic() - started
