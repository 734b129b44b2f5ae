import importlib

import pytest
from django.apps import apps as django_apps


@pytest.fixture
def tax_scale():
    """The tax mileage scale contributions are computed with: its seed migration's rows, which
    a transactional test run before may have flushed (the seed is idempotent). Transactional
    tests (browser, concurrency) ask for it."""
    seed = importlib.import_module("spp.expenses.migrations.0002_seed_rate_tables").seed
    seed(django_apps, None)
