"""Demo data of the reports app, called by `manage.py seed_demo` (must be idempotent)."""


def seed(context) -> None:
    """Nothing yet: the reports pattern's content comes with its own issue."""
