"""Named data volumes shared by ``seed_scale`` and the benchmark harness.

``small`` seeds in about a minute and is what ``make bench`` uses by default; ``full`` is the
issue's target volume (``make bench SCALE=full``); ``hundredth`` is 1/100th of it, the base
of ``make bench-growth``. Per-app counts are keyed by app label and
handed to ``spp/<app>/scale.py``'s ``generate(count=…)``; an app not listed gets ``default_app``."""

SCALES = {
    "tiny": {"users": 200, "participations": 1_000, "citizen_history": 50, "audit": 200,
             "notifications": 50, "default_app": 200,
             "apps": {"reports": 500, "consultations": 500, "rosters": 100, "expenses": 100}},
    "small": {"users": 20_000, "participations": 100_000, "citizen_history": 2_000,
              "audit": 20_000, "notifications": 2_000, "default_app": 10_000,
              "apps": {"reports": 20_000, "consultations": 40_000, "rosters": 2_000,
                       "expenses": 10_000}},
    # Exactly 1/100th of ``full`` in every count: what issue 6's growth goal compares with
    # (``make bench-growth`` measures from it).
    "hundredth": {"users": 2_000, "participations": 20_000, "citizen_history": 200,
                  "audit": 10_000, "notifications": 200, "default_app": 2_000,
                  "apps": {"reports": 10_000, "consultations": 20_000, "rosters": 100,
                           "expenses": 1_000}},
    "full": {"users": 200_000, "participations": 2_000_000, "citizen_history": 20_000,
             "audit": 1_000_000, "notifications": 20_000, "default_app": 200_000,
             "apps": {"reports": 1_000_000, "consultations": 2_000_000, "rosters": 10_000,
                      "expenses": 100_000}},
}

# The command-line names of the per-app counts, as the issue words them.
APP_OPTIONS = {"reports": "reports", "answers": "consultations", "volunteers": "rosters",
               "contributors": "expenses"}


def scale(name: str) -> dict:
    if name not in SCALES:
        raise ValueError(f"Unknown scale {name!r}: choose among {', '.join(SCALES)}.")
    return SCALES[name]


def app_count(name: str, label: str) -> int:
    preset = scale(name)
    return preset["apps"].get(label, preset["default_app"])
