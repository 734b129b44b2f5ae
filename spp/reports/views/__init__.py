"""Pages of the reports app, one module per audience: ``public`` (the map, the report form,
the follow-up page) and ``manage`` (the agents' queue and handling page); ``urls.py`` names
the modules. Both list reports by reference, linked with ``link_by_reference``."""

from django.urls import reverse

# A reference's shape (models.new_reference): letters, digits and dashes, nothing to escape.
_PLACEHOLDER = "SIG-0000-0000"


def link_by_reference(url_name: str):
    """A function giving the URL ``url_name`` for a report's reference: reversed once per
    page, not once per row (``reverse`` costs more than the rest of a row's formatting)."""
    path = reverse(url_name, args=[_PLACEHOLDER])
    return lambda reference: path.replace(_PLACEHOLDER, reference)


def map_settings() -> dict:
    """The tiles the maps of the public and the agents' pages draw (reports.js reads them)."""
    from django.conf import settings

    return {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
