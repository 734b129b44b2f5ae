"""The platform, started the way production runs it, for the benchmark and the load test:
gunicorn with production's configuration file, ``SPP_ENV=prod`` with a generated secret, DEBUG
off, PostgreSQL, static files collected and served by WhiteNoise. ``SPP_BENCH=1`` adds the
floor view and the SQL counter. Loopback only: ALLOWED_HOSTS is 127.0.0.1 and HTTPS
redirection is off for it."""

import base64
import hashlib
import json
import os
import runpy
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / "var" / "bench"
GUNICORN_CONFIG = ROOT / "config" / "gunicorn.conf.py"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/spp_bench"


def database_url_for(scale: str) -> str:
    """One database per scale, so that each is seeded once: spp_bench holds the small one."""
    suffix = "" if scale == "small" else f"_{scale}"
    return DEFAULT_DATABASE_URL + suffix


def secret_key() -> str:
    """A generated key, kept between runs so the seeded sessions and pseudonyms stay valid."""
    STATE.mkdir(parents=True, exist_ok=True)
    path = STATE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def redis_url(url: str = "") -> str:
    """Production keeps its cache and sessions in Redis: so does the benchmark, when this
    machine's Redis answers (database 3, apart from the other uses, emptied first; ``url`` for
    another database)."""
    url = url or os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()  # nothing of a past run
    except Exception:  # noqa: BLE001 - no Redis: the in-process cache, as the settings fall back
        print(f"Redis does not answer at {url}: measuring without it (in-process cache).")
        return ""
    return url


def prod_env(database_url: str, **extra) -> dict:
    return {**os.environ, "SPP_ENV": "prod", "DEBUG": "0", "SECRET_KEY": secret_key(),
            "REDIS_URL": redis_url(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0", "DATABASE_URL": database_url,
            "STATIC_ROOT": str(STATE / "static"), "SPP_VAR_DIR": str(STATE),
            "LOG_LEVEL": "WARNING", "SPP_BENCH": "1",
            # One client address sends thousands of requests a minute: the rate limits
            # (config/settings.py, SPP_RATE_LIMITS) would answer 429 to the measure itself.
            "SPP_RATE_LIMIT_API": "", "SPP_RATE_LIMIT_OPEN311": "", "SPP_RATE_LIMIT_REPORTS": "",
            "SPP_RATE_LIMIT_ANSWERS": "",
            # The peers app is measured too: declared on a certified host, with a key of its
            # own derived from the kept secret (so seeded requests stay readable between runs).
            "SPP_HEALTH_DATA_HOST_CERTIFIED": "1", "SPP_FIELD_ENCRYPTION_KEYS": field_key(),
            # Production's scheduler counts the rosters' availability every few minutes, so the
            # coverage day always finds a count younger than its 30-minute limit; ``prepare``
            # counts once, and a run lasts longer than that: the count stays valid for 6 hours.
            "ROSTERS_AVAILABILITY_MAX_AGE": "21600",
            **extra}


def field_key() -> str:
    digest = hashlib.sha256(f"{secret_key()}:peers-field-key".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                            text=True, stdout=subprocess.PIPE if capture else None)
    return result.stdout or ""


def ensure_database(database_url: str, *, reseed: bool) -> None:
    """Create the PostgreSQL database if missing (drop it first with ``reseed``)."""
    import psycopg

    url = urlparse(database_url)
    name = url.path.lstrip("/")
    assert name.startswith("spp_"), "benchmark databases are named spp_*"
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if reseed:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(env: dict, *, scale: str, reseed: bool, log=print) -> None:
    """Migrate, seed (once per database and scale), count the rosters' availability ahead (as
    production does every few minutes), collect static files."""
    database_url = env["DATABASE_URL"]
    if database_url.startswith("postgres"):
        ensure_database(database_url, reseed=reseed)
    marker = STATE / f"seeded-{urlparse(database_url).path.strip('/')}-{scale}"
    if reseed:
        marker.unlink(missing_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")  # the shared cache when REDIS_URL is unset
    if not marker.exists():
        log(f"Seeding the {scale} scale (once per database)…")
        manage(env, "seed_demo")
        manage(env, "seed_scale", "--scale", scale)
        marker.touch()
    # What production's every-few-minutes job keeps: the coverage day's counted availability.
    manage(env, "rosters_count_availability", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")


def sessions(env: dict, emails: list[str]) -> dict[str, str]:
    if not emails:
        return {}
    return json.loads(manage(env, "bench_sessions", *emails, capture=True).strip().splitlines()[-1])


def gunicorn_command(port: int, workers: int) -> list[str]:
    """gunicorn with production's configuration file, ``workers`` processes, on loopback
    (also how the fault drills serve SPP: spp/ops/tests/infra.py)."""
    return [sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--config", str(GUNICORN_CONFIG), "--workers", str(workers),
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]


class Gunicorn:
    """gunicorn with production's configuration (config/gunicorn.conf.py: synchronous
    workers, 2 × cores + 1 of them) in a subprocess of its own process group; stopped on exit.
    ``workers`` overrides the number, for runs that share the cores between two servers."""

    def __init__(self, env: dict, *, port: int, workers: int | None = None):
        assert 8140 <= port <= 8299, "the harness uses ports 8140–8299"
        self.port, self.env = port, env
        self.workers = workers or runpy.run_path(str(GUNICORN_CONFIG))["workers"]
        self.command = gunicorn_command(port, self.workers)
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env,
                                        start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn exited during start-up") from None
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 30 s")

    def __exit__(self, *exc):
        """Stop the whole process group: a worker busy with a long request outlives its
        master otherwise, and keeps the port (and the CPU) from the next run."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            return
        time.sleep(1)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
