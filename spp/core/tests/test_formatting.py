"""Rows formatted in Python read exactly as Django's filters would show them."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import dateformat, translation

from spp.core.formatting import formatter_for, quantity_label


@pytest.mark.parametrize("django_format", ["d/m/Y H:i", "m/d/Y P", "j \\d\\e F Y", "d/m/Y"])
def test_dates_read_as_django_formats_them(django_format):
    for value in (datetime(2026, 3, 5, 16, 7), datetime(2026, 11, 27, 0, 0)):
        assert formatter_for(django_format)(value) == dateformat.format(value, django_format)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("value", ["3", "2.50", "0.75", "12.00"])
def test_quantities_read_as_floatformat_minus_2_shows_them(language, value):
    with translation.override(language):
        assert quantity_label(Decimal(value)) == floatformat(Decimal(value), "-2")
