"""Demo data of the consultations app, called by `manage.py seed_demo` (must be idempotent)."""


def seed(context) -> None:
    """Nothing yet: the consultations pattern's content comes with its own issue."""
