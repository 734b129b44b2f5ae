"""Production serves with config/gunicorn.conf.py, and the benchmark measures that same
configuration: a change of worker class or count shows in both, or in neither."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import server

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[3]
CONFIG = ROOT / "config" / "gunicorn.conf.py"


def printed_config(**environment) -> dict[str, str]:
    """What gunicorn itself reads from the file (``--print-config``), as name → value."""
    inherited = {name: value for name, value in os.environ.items()
                 if name not in {"WEB_CONCURRENCY", "GUNICORN_CMD_ARGS"}}
    output = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "-c", str(CONFIG),
         "config.wsgi:application"],
        cwd=ROOT, env={**inherited, **environment}, check=True, capture_output=True,
        text=True).stdout
    return {name.strip(): value.strip() for name, _, value in
            (line.partition("=") for line in output.splitlines()) if value}


def test_production_serves_with_synchronous_workers_two_per_core_plus_one():
    config = printed_config()
    assert config["worker_class"] == "sync"
    assert config["workers"] == str(2 * os.cpu_count() + 1)
    # Streamed exports send for minutes: the sync worker's timeout leaves them room.
    assert int(config["timeout"]) >= 300


def test_web_concurrency_sets_the_number_of_workers():
    assert printed_config(WEB_CONCURRENCY="3")["workers"] == "3"


def test_the_benchmark_serves_with_the_production_configuration_file():
    gunicorn = server.Gunicorn({}, port=8140)
    assert gunicorn.command[gunicorn.command.index("--config") + 1] == str(CONFIG)
    assert gunicorn.workers == 2 * os.cpu_count() + 1
    assert server.Gunicorn({}, port=8140, workers=2).workers == 2


def test_make_prod_serves_with_the_production_configuration_file():
    assert "--config config/gunicorn.conf.py" in (ROOT / "scripts" / "prod.sh").read_text()


def test_production_serving_does_not_name_gunicorn_in_the_server_header(tmp_path):
    """The version of the server is a lead for an attacker: the configuration file replaces
    gunicorn's banner. Served for real, since gunicorn has no setting of its own for it."""
    import urllib.request

    environment = {name: value for name, value in os.environ.items()
                   if name not in {"WEB_CONCURRENCY", "GUNICORN_CMD_ARGS", "DATABASE_URL"}}
    environment.update(SPP_ENV="test", SPP_VAR_DIR=str(tmp_path), LOG_LEVEL="WARNING",
                       DATABASE_URL=f"sqlite:///{tmp_path / 'spp.sqlite3'}")
    with server.Gunicorn(environment, port=8297, workers=1):
        with urllib.request.urlopen("http://127.0.0.1:8297/healthz", timeout=5) as response:
            banner = response.headers.get("Server", "")
    assert banner == "SPP" and "gunicorn" not in banner.lower()
