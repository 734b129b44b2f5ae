"""A small closed-loop HTTP client for the benchmark: ``concurrency`` threads, each with its
own keep-alive connection, share ``total`` requests to one endpoint of a loopback server and
record each latency and the ``X-SQL-Queries`` header. Loopback only: the harness never aims
it anywhere else."""

import http.client
import json
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class Sample:
    latencies_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0

    def summary(self) -> dict:
        ordered = sorted(self.latencies_ms) or [0.0]
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        return {"median_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2),
                "rps": round(len(self.latencies_ms) / self.wall_s, 1) if self.wall_s else 0.0,
                "queries": int(statistics.median(self.queries)) if self.queries else None,
                "errors": len(self.errors)}


def _request(connection, method, path, body, headers):
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    return response


def run(*, host: str, port: int, method: str, path: str, headers: dict, data, total: int,
        concurrency: int, expected_status: int) -> Sample:
    assert host in {"127.0.0.1", "localhost", "::1"}, "the benchmark targets loopback only"
    headers = {"Host": host, **headers}
    body = None
    if data is not None:
        # JSON by default; form-encoded when the case says so (Open311 takes forms).
        headers.setdefault("Content-Type", "application/json")
        if headers["Content-Type"] == "application/x-www-form-urlencoded":
            body = urlencode(data).encode()
        else:
            body = json.dumps(data).encode()
    sample, lock = Sample(), threading.Lock()
    counter = iter(range(total))

    def worker():
        connection = http.client.HTTPConnection(host, port, timeout=30)
        while True:
            with lock:
                if next(counter, None) is None:
                    break
            started = time.perf_counter()
            try:
                response = _request(connection, method, path, body, headers)
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
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sample.wall_s = time.perf_counter() - started
    return sample
