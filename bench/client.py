"""A small closed-loop HTTP client for the benchmark: ``concurrency`` threads, each with its
own keep-alive connection, share ``total`` requests to one endpoint of a loopback server and
record each latency and the ``X-SQL-Queries`` header. The path may change with each request
(the harness's cold reads: bench/run.py). Loopback only: the harness never aims
it anywhere else."""

import http.client
import itertools
import json
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class Sample:
    latencies_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    finished_at_s: list[float] = field(default_factory=list)  # since the start, per success

    def rate_per_window(self, window_s: float = 10.0) -> list[float]:
        """Successful requests per second in each full window of the run (sustained rate)."""
        windows = [0] * int(self.wall_s // window_s)
        for at in self.finished_at_s:
            if int(at // window_s) < len(windows):
                windows[int(at // window_s)] += 1
        return [count / window_s for count in windows]

    def summary(self) -> dict:
        ordered = sorted(self.latencies_ms) or [0.0]
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        return {"median_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2),
                "rps": round(len(self.latencies_ms) / self.wall_s, 1) if self.wall_s else 0.0,
                "queries": int(statistics.median(self.queries)) if self.queries else None,
                "errors": len(self.errors), "requests": len(self.latencies_ms)}


def _request(connection, method, path, body, headers):
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    return response


def _encode(data, headers) -> bytes | None:
    """JSON by default; form-encoded when the case says so (Open311 takes forms)."""
    if data is None:
        return None
    if headers["Content-Type"] == "application/x-www-form-urlencoded":
        return urlencode(data).encode()
    return json.dumps(data).encode()


def run(*, host: str, port: int, method: str, path: str | Callable[[int], str], headers: dict,
        data, total: int | None, concurrency: int, expected_status: int,
        duration_s: float | None = None) -> Sample:
    """``total`` requests, or as many as fit in ``duration_s``. ``path`` and ``data`` may be
    functions of the request's number: reads that no cache may answer, writes that must differ
    from one another."""
    assert host in {"127.0.0.1", "localhost", "::1"}, "the benchmark targets loopback only"
    headers = {"Host": host, **headers}
    if data is not None:
        headers.setdefault("Content-Type", "application/json")
    fixed_body = None if callable(data) else _encode(data, headers)
    sample, lock = Sample(), threading.Lock()
    counter = iter(range(total)) if total is not None else itertools.count()
    numbers = itertools.count()
    run_started = time.perf_counter()
    deadline = run_started + duration_s if duration_s else float("inf")

    def worker():
        connection = http.client.HTTPConnection(host, port, timeout=30)
        while True:
            with lock:
                if next(counter, None) is None or time.perf_counter() >= deadline:
                    break
                number = next(numbers)
            body = _encode(data(number), headers) if callable(data) else fixed_body
            target = path(number) if callable(path) else path
            started = time.perf_counter()
            try:
                response = _request(connection, method, target, body, headers)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
                with lock:
                    sample.errors.append(error.__class__.__name__)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                sample.latencies_ms.append(elapsed)
                if (count := response.getheader("X-SQL-Queries")) is not None:
                    sample.queries.append(int(count))
                if response.status != expected_status:
                    sample.errors.append(f"HTTP {response.status}")
                else:
                    sample.finished_at_s.append(time.perf_counter() - run_started)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sample.wall_s = time.perf_counter() - run_started
    return sample
