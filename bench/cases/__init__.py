"""Benchmark cases, one module per app (``bench/cases/<app>.py``), each exposing
``cases(scale: str) -> list[BenchCase]``. The harness (bench/run.py) discovers and runs them."""

from dataclasses import dataclass, field

# Issue 13's goals for a read computed cold, as multiples of the floor's median.
GOAL_MEDIAN, GOAL_P95 = 8.0, 15.0


@dataclass(frozen=True)
class BenchCase:
    """One endpoint to measure. ``name`` is ``app.endpoint`` (e.g. ``reports.map_viewport``);
    ``rows`` is how many rows of the main table the endpoint reads over (for the report);
    ``login_email`` signs the client in first; ``method``/``data``/``headers`` describe the call.
    A read (GET) is measured cold and warm and its cold ratios are held to ``goal_median`` and
    ``goal_p95`` (a page with a stated exception, such as the rosters' coverage, raises them)."""

    name: str
    path: str
    rows: int = 0
    method: str = "GET"
    login_email: str | None = None
    data: dict | None = None
    headers: dict = field(default_factory=dict)
    expected_status: int = 200
    goal_median: float = GOAL_MEDIAN
    goal_p95: float = GOAL_P95

    @property
    def is_read(self) -> bool:
        return self.method == "GET"
