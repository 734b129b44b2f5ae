"""Benchmark cases, one module per app (``bench/cases/<app>.py``), each exposing
``cases(scale: str) -> list[BenchCase]``. The harness (issue 6) discovers and runs them."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BenchCase:
    """One endpoint to measure. ``name`` is ``app.endpoint`` (e.g. ``reports.map_viewport``);
    ``rows`` is how many rows of the main table the endpoint reads over (for the report);
    ``login_email`` signs the client in first; ``method``/``data``/``headers`` describe the call."""

    name: str
    path: str
    rows: int = 0
    method: str = "GET"
    login_email: str | None = None
    data: dict | None = None
    headers: dict = field(default_factory=dict)
    expected_status: int = 200
