"""The harness measures what users get: reads cold (a URL no cache has seen) and warm, each
against the floor measured around it, and reports the goals without failing on them."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench import client, report, run
from bench.cases import BenchCase


def test_every_cold_request_asks_for_a_url_of_its_own_and_keeps_the_case_query():
    with_query, plain = run.cold_path("/p/?sort=new"), run.cold_path("/p/")
    paths = {with_query(number) for number in range(50)}
    assert len(paths) == 50
    assert all(path.startswith("/p/?sort=new&_cold=") for path in paths)
    assert plain(0).startswith("/p/?_cold=")
    assert run.cold_path("/p/")(0) != plain(0)  # a new token per measure, never a kept URL


def test_the_client_sends_each_request_to_the_path_its_number_gives():
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            seen.append(self.path)
            self.send_response(200)
            self.send_header("X-SQL-Queries", "3")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sample = client.run(host="127.0.0.1", port=server.server_port, method="GET",
                            path=run.cold_path("/x/"), headers={}, data=None, total=20,
                            concurrency=4, expected_status=200)
    finally:
        server.shutdown()
        server.server_close()
    assert len(set(seen)) == 20 and sample.summary()["queries"] == 3
    assert sample.summary()["errors"] == 0


def test_a_read_is_measured_cold_then_warm_each_against_the_floors_around_it(monkeypatch):
    """Floors of 1, 2 and 4 ms around a cold measure of 30 ms and a warm one of 6 ms: the cold
    ratio divides by 1.5, the warm one by 3; a write is measured once."""
    calls, floors = [], iter([1.0, 2.0, 4.0, 4.0])  # between the measures, in turn

    def fake_measure(case, session_keys, *, total, cold=False, **kwargs):
        calls.append((case.name, cold))
        if case is run.FLOOR:
            between = total == run.FLOOR_BESIDE_REQUESTS
            median = next(floors) if between else 1.0  # else: warming up, or the floor's row
        else:
            median = 30.0 if cold else 6.0
        return {"name": case.name, "rows": 0, "median_ms": median, "p95_ms": 2 * median,
                "rps": 1.0, "queries": 5 if cold else 0, "errors": 0, "requests": total,
                "error_kinds": []}

    monkeypatch.setattr(run, "measure", fake_measure)
    read, write = BenchCase("a.page", "/a/"), BenchCase("a.post", "/a/", method="POST")
    results = run.measure_all([read, write], {}, port=8140, workers=1, total=10,
                              concurrency=1, seconds=None)
    measured = [call for call in calls[3:] if call[0] != "core.floor"]
    assert measured == [("a.page", True), ("a.page", False), ("a.post", False)]
    page, post = results[1], results[2]
    assert (page["cold_ratio_median"], page["cold_queries"]) == (20.0, 5)
    assert page["ratio_median"] == 2.0 and page["cold_goal_met"] is False
    assert "cold_median_ms" not in post and "cold_goal_met" not in post


def test_the_goals_allow_8_times_the_floor_at_the_median_and_15_at_p95_unless_stated():
    def judged(median, p95, **goals):
        case = BenchCase("a.page", "/a/", **goals)
        return report.with_goal({"cold_ratio_median": median, "cold_ratio_p95": p95},
                                case.goal_median, case.goal_p95)["cold_goal_met"]

    assert judged(8.0, 15.0) and not judged(8.01, 3.0) and not judged(2.0, 15.5)
    assert judged(9.5, 14.0, goal_median=10.0)


def test_the_table_shows_cold_before_warm_and_a_missed_goal_does_not_fail_the_run(
        capsys, tmp_path, monkeypatch):
    read = {"name": "a.page", "rows": 9, "median_ms": 2.0, "p95_ms": 3.0, "rps": 9.0,
            "queries": 0, "floor_median_ms": 1.0, "ratio_median": 2.0, "ratio_p95": 3.0,
            "errors": 0, "requests": 10, "cold_median_ms": 20.0, "cold_p95_ms": 30.0,
            "cold_rps": 5.0, "cold_queries": 4, "cold_floor_median_ms": 1.0,
            "cold_ratio_median": 20.0, "cold_ratio_p95": 30.0, "cold_errors": 0,
            "cold_requests": 10}
    write = {key: value for key, value in read.items() if not key.startswith("cold_")}
    report.print_table([report.with_goal(read, 8.0, 15.0), {**write, "name": "a.post"}])
    printed = capsys.readouterr().out
    assert printed.index("cold:") < printed.index("warm:")
    row = next(line for line in printed.splitlines() if line.startswith("a.page"))
    assert row.index("20.00") < row.index("2.00 ") and row.rstrip().endswith("FAIL")
    assert "FAIL a.page" in printed and "0 of 1 reads pass" in printed

    monkeypatch.setattr(report, "RESULTS", tmp_path)
    report.write([read, {**write, "name": "a.post"}], "small")
    saved = {r["name"]: r for r in json.loads((tmp_path / "latest.json").read_text())}
    assert {"cold_median_ms", "cold_p95_ms", "cold_ratio_median", "cold_ratio_p95",
            "cold_queries", "ratio_median", "queries"} <= saved["a.page"].keys()
    assert not any(key.startswith("cold_") for key in saved["a.post"])
