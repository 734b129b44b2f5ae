"""Validators for French public-sector identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share the SIREN 356 000 000 and use a digit-sum rule instead of Luhn.
LA_POSTE_SIREN = "356000000"


def luhn_is_valid(digits: str) -> bool:
    """Return True when the string of digits passes the Luhn (mod 10) checksum."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits: the SIREN (9, Luhn-checked) then the NIC (5); the whole is
    Luhn-checked too."""
    compact = (value or "").replace(" ", "")
    if len(compact) != 14 or not compact.isdigit():
        raise ValidationError(_("Un SIRET compte exactement 14 chiffres."), code="siret_format")
    if compact.startswith(LA_POSTE_SIREN) and compact != LA_POSTE_SIREN + "00000":
        if sum(int(c) for c in compact) % 5 != 0:
            raise ValidationError(
                _("Ce SIRET n’est pas valide (clé de contrôle)."), code="siret_key"
            )
        return
    if not luhn_is_valid(compact[:9]) or not luhn_is_valid(compact):
        raise ValidationError(_("Ce SIRET n’est pas valide (clé de contrôle)."), code="siret_key")


def validate_hex_colour(value: str) -> None:
    if not (len(value) == 7 and value.startswith("#")):
        raise ValidationError(_("Une couleur s’écrit #RRGGBB."), code="colour")
    try:
        int(value[1:], 16)
    except ValueError as error:
        raise ValidationError(_("Une couleur s’écrit #RRGGBB."), code="colour") from error
