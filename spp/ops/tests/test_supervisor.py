"""The supervisor of the workers and the scheduler (spp/ops/supervisor.py, run by
scripts/worker.sh): a program that exits is started again, and SIGTERM stops every program,
killing one that will not stop within the grace period."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from spp.ops.tests import infra

pytestmark = pytest.mark.processes


def _supervise(*programs: str, grace: float = 30) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "spp.ops.supervisor", "--backoff", "0.05", "--grace", str(grace),
         *programs], cwd=infra.ROOT, stderr=subprocess.PIPE, text=True)


def _program(name: str, code: str) -> str:
    return f"{name}={sys.executable} -c {code!r}"


def _stop(supervisor: subprocess.Popen) -> tuple[int, str]:
    supervisor.send_signal(signal.SIGTERM)
    _out, err = supervisor.communicate(timeout=60)
    return supervisor.returncode, err


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A child not yet reaped by its parent (the supervisor, gone) is a zombie: gone as well.
    return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"


def _pids(folder: Path, *names: str) -> list[int] | None:
    texts = [(folder / name).read_text() for name in names]
    return [int(text) for text in texts] if all(texts) else None


def test_a_program_that_exits_is_started_again(tmp_path):
    runs = tmp_path / "runs"
    supervisor = _supervise(_program("crashing", f"open('{runs}', 'a').write('x'); exit(3)"))
    try:
        infra.wait_for(lambda: runs.exists() and len(runs.read_text()) >= 3, timeout=60)
    finally:
        status, err = _stop(supervisor)
    assert status == 0
    assert "crashing exited with status 3" in err and "restarting in" in err


def test_sigterm_stops_every_program_and_kills_one_that_lingers(tmp_path):
    calm = f"import os, time; open('{tmp_path}/calm', 'w').write(str(os.getpid())); time.sleep(600)"
    stubborn = ("import os, signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                f"open('{tmp_path}/stubborn', 'w').write(str(os.getpid())); time.sleep(600)")
    supervisor = _supervise(_program("calm", calm), _program("stubborn", stubborn), grace=1)
    try:
        pids = infra.wait_for(lambda: _pids(tmp_path, "calm", "stubborn"), timeout=60)
    except TimeoutError:
        supervisor.kill()
        raise
    status, err = _stop(supervisor)
    assert status == 0 and "every program stopped" in err
    assert all(_gone(pid) for pid in pids)
    assert "restarting" not in err
