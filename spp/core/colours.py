"""Brand colours must keep text readable (RGAA 3.2: contrast of at least 4.5:1)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from spp.core.validators import validate_hex_colour

MINIMUM_CONTRAST_WITH_WHITE = 4.5


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an #RRGGBB colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


def validate_brand_colour(value: str) -> None:
    """Brand colours are backgrounds for white text, so they must be dark enough."""
    validate_hex_colour(value)
    ratio = contrast_with_white(value)
    if ratio < MINIMUM_CONTRAST_WITH_WHITE:
        raise ValidationError(
            _("Contraste insuffisant avec le texte blanc (%(ratio).1f:1, il faut 4,5:1)."),
            params={"ratio": ratio},
            code="contrast",
        )
