"""Demo data of the rosters app, called by `manage.py seed_demo` (must be idempotent)."""


def seed(context) -> None:
    """Nothing yet: the rosters pattern's content comes with its own issue."""
