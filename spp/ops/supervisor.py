"""Keep the task workers and the scheduler running (``scripts/worker.sh``):

    python -m spp.ops.supervisor "db_worker=python manage.py db_worker" "scheduler=…"

Each program (``name=command``, the command split as a shell would) is started, and restarted
whenever it exits, whatever the reason: a worker that a database or Redis outage crashed (the
database worker of django-tasks-db exits on the first ``OperationalError``), a memory kill.
The wait before a restart doubles while the program keeps failing quickly (1 s, 2 s, 4 s… up to
30 s), so an outage costs a few log lines a minute, and falls back to 1 s once it has run a
minute. SIGTERM or SIGINT stops them all: each gets SIGTERM (the workers finish the task in
hand), then SIGKILL after the grace period; the supervisor then exits 0.

Plain Python, no Django: it starts in a blink and has nothing to lose when the database goes.
Under systemd, one unit running ``scripts/worker.sh`` (``Restart=always``) is enough."""

import argparse
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass


def say(message: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} supervisor: {message}", file=sys.stderr,
          flush=True)


@dataclass
class Program:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started: float = 0.0
    backoff: float = 0.0
    restart_at: float = 0.0


class Supervisor:
    def __init__(self, programs: list[Program], *, backoff: float = 1.0,
                 max_backoff: float = 30.0, steady: float = 60.0, grace: float = 30.0):
        self.programs, self.grace = programs, grace
        self.min_backoff, self.max_backoff, self.steady = backoff, max_backoff, steady
        self.stopping = False

    def stop(self, signum, frame) -> None:
        if not self.stopping:
            say(f"{signal.Signals(signum).name} received: stopping every program")
        self.stopping = True

    def start(self, program: Program) -> None:
        # A process group of its own: Ctrl-C in a terminal reaches the supervisor only, which
        # then asks each program once to stop (a second signal makes workers abandon the
        # task in hand).
        program.process = subprocess.Popen(program.argv, process_group=0)
        program.started = time.monotonic()
        say(f"{program.name} started (pid {program.process.pid})")

    def reap(self, program: Program, now: float) -> None:
        status = program.process.poll()
        if status is None:
            return
        ran = now - program.started
        quick = ran < self.steady and program.backoff
        program.backoff = min(program.backoff * 2, self.max_backoff) if quick else self.min_backoff
        program.restart_at, program.process = now + program.backoff, None
        say(f"{program.name} exited with status {status} after {ran:.0f} s; "
            f"restarting in {program.backoff:g} s")

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        for program in self.programs:
            self.start(program)
        while not self.stopping:
            now = time.monotonic()
            for program in self.programs:
                if self.stopping:
                    break
                if program.process is not None:
                    self.reap(program, now)
                elif now >= program.restart_at:
                    self.start(program)
            time.sleep(0.2)
        self.shutdown()
        return 0

    def shutdown(self) -> None:
        live = [p.process for p in self.programs if p.process and p.process.poll() is None]
        for process in live:
            try:
                process.terminate()
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + self.grace
        for process in live:
            try:
                process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        say("every program stopped")


def parse(argv: list[str]) -> Supervisor:
    parser = argparse.ArgumentParser(prog="python -m spp.ops.supervisor",
                                     description="Run programs, restarting each when it exits.")
    parser.add_argument("programs", nargs="+", metavar="NAME=COMMAND")
    parser.add_argument("--backoff", type=float, default=1.0, help="first wait (s)")
    parser.add_argument("--max-backoff", type=float, default=30.0, help="longest wait (s)")
    parser.add_argument("--steady", type=float, default=60.0,
                        help="a program that ran this long (s) restarts after the first wait")
    parser.add_argument("--grace", type=float, default=30.0,
                        help="seconds a program has to stop before it is killed")
    options = parser.parse_args(argv)
    programs = []
    for spec in options.programs:
        name, _sep, command = spec.partition("=")
        if not name or not command.strip():
            parser.error(f"expected NAME=COMMAND, got {spec!r}")
        programs.append(Program(name, shlex.split(command)))
    return Supervisor(programs, backoff=options.backoff, max_backoff=options.max_backoff,
                      steady=options.steady, grace=options.grace)


if __name__ == "__main__":
    sys.exit(parse(sys.argv[1:]).run())
