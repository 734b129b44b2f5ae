"""Links from the catalog to each pattern app's pages for a service.

A pattern app exposes, in its urls.py (namespace = its label), a URL named ``service_home``
(what participants and visitors use) and optionally ``service_manage`` (the back-office), each
taking the service's slug. The catalog links to them without importing the apps."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spp.catalog.models import Pattern

PATTERN_APP = {
    Pattern.ROSTER: "rosters",
    Pattern.REPORTS: "reports",
    Pattern.CARPOOL: "carpool",
    Pattern.PEERS: "peers",
    Pattern.CONSULTATION: "consultations",
}


# Apps that serve every service whatever its patterns, linked the same way: by URL name.
SHARED_APP_LABELS = {"expenses": _("Frais des participants")}


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
    for app, label in SHARED_APP_LABELS.items():
        url = _link(app, url_name, service.slug)
        if url:
            links.append({"url": url, "label": label})
    return links


def participation_offered(service) -> bool:
    """Whether one of the service's participation patterns is built on this platform: its app
    is installed and serves the service's ``service_home`` page. Without one (a pattern whose
    app is left out, such as the peers app on a host not certified for health data), an
    enrolment would lead nowhere, so none is offered or accepted."""
    return any(
        _link(PATTERN_APP[code], "service_home", service.slug)
        for code in service.patterns
        if code in PATTERN_APP
    )


def participation_closed_message(service) -> str:
    """Why nobody can enrol yet in a service none of whose patterns is built here."""
    return gettext(
        "Les inscriptions à « %(s)s » ouvriront plus tard : aucun de ses modes de "
        "participation n’est encore disponible sur cette plateforme."
    ) % {"s": service.name}


def personal_link(app: str, url_name: str) -> str | None:
    """A shared app's page about the signed-in person (e.g. their expense claims), if the app
    is installed."""
    try:
        return reverse(f"{app}:{url_name}")
    except NoReverseMatch:
        return None
