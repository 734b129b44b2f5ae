import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from spp.core.colours import validate_brand_colour
from spp.core.tests.factories import valid_siret
from spp.core.validators import validate_siret


def test_a_siret_with_a_valid_luhn_key_is_accepted():
    validate_siret("73282932000074")  # a well-known valid SIRET


@pytest.mark.parametrize("value", ["73282932000075", "1234567890123", "7328293200007A", ""])
def test_a_siret_with_a_wrong_key_or_shape_is_refused(value):
    with pytest.raises(ValidationError):
        validate_siret(value)


def test_la_poste_establishments_use_their_own_checksum():
    validate_siret("35600000000001")  # La Poste (356 000 000): digit sum multiple of 5
    with pytest.raises(ValidationError):
        validate_siret("35600000000002")


@given(st.integers(min_value=0, max_value=10**8 - 1))
def test_every_generated_siret_passes_validation(sequence):
    validate_siret(valid_siret(sequence))


def test_a_brand_colour_too_light_for_white_text_is_refused():
    with pytest.raises(ValidationError, match="Contraste insuffisant"):
        validate_brand_colour("#ffd700")
    validate_brand_colour("#1f4e8c")
