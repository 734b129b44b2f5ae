"""Links from the catalog to each pattern app's pages for a service.

A pattern app exposes, in its urls.py (namespace = its label), a URL named ``service_home``
(what participants and visitors use) and optionally ``service_manage`` (the back-office), each
taking the service's slug. The catalog links to them without importing the apps."""

from django.urls import NoReverseMatch, reverse

from spp.catalog.models import Pattern

PATTERN_APP = {
    Pattern.ROSTER: "rosters",
    Pattern.REPORTS: "reports",
    Pattern.CARPOOL: "carpool",
    Pattern.PEERS: "peers",
    Pattern.CONSULTATION: "consultations",
}


def _link(app: str, name: str, slug: str) -> str | None:
    try:
        return reverse(f"{app}:{name}", args=[slug])
    except NoReverseMatch:
        return None


def pattern_links(service, url_name: str) -> list[dict]:
    """[{"url", "label"}] for each enabled pattern whose app provides ``url_name``."""
    links = []
    for code in service.patterns:
        app = PATTERN_APP.get(code)
        url = _link(app, url_name, service.slug) if app else None
        if url:
            links.append({"url": url, "label": Pattern(code).label})
    return links
