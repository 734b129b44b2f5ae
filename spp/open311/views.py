"""Open311 GeoReport v2 endpoints (http://wiki.open311.org/GeoReport_v2): discovery, services,
service definitions, service requests (GET and POST), one request, tokens. Each answers
``.json`` or ``.xml``; errors are the spec's list of {code, description} with that HTTP code.
Thin: parsing here, writes in services.py, reads in selectors.py."""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import HttpError

from spp.core import generations
from spp.core.idempotency import idempotent
from spp.open311 import selectors, serializers, services
from spp.open311.models import Submission
from spp.open311.render import CONTENT_TYPES, error, respond
from spp.reports.selectors import REQUESTS_SCOPE

CHANGESET = "2026-11-27T00:00:00+01:00"


class BadRequest(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def endpoint(view):
    """Open to everyone (the api_key guards POST), no CSRF (form posts from other apps), and
    BadRequest turned into the spec's error body."""
    def wrapper(request, *args, fmt, **kwargs):
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except BadRequest as problem:
            return error(fmt, problem.status, problem.description)
    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return login_not_required(csrf_exempt(wrapper))


def _jurisdiction(request) -> str | None:
    return request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")


def _services(request):
    jurisdiction = _jurisdiction(request)
    services = selectors.jurisdiction_services(jurisdiction)
    if jurisdiction and not services:
        raise BadRequest(404, _("jurisdiction_id inconnu : %(j)s") % {"j": jurisdiction})
    return services


@endpoint
def discovery(request, fmt):
    base = settings.SITE_URL + reverse("open311:services", kwargs={"fmt": "json"}).rsplit(
        "services", 1)[0]
    return respond(fmt, "discovery", {
        "changeset": CHANGESET,
        "contact": getattr(settings, "OPEN311_CONTACT", settings.DEFAULT_FROM_EMAIL),
        "key_service": _("Clé délivrée par l’administrateur de la plateforme."),
        "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": base,
                       "changeset": CHANGESET, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    })


@endpoint
def service_list(request, fmt):
    categories = selectors.category_list(_services(request))
    return respond(fmt, "services", [serializers.service_item(c) for c in categories])


@endpoint
def service_definition(request, code, fmt):
    category = selectors.category_by_code(_services(request), code)
    if category is None:
        raise BadRequest(404, _("service_code inconnu : %(c)s") % {"c": code})
    return respond(fmt, "service_definition", serializers.service_definition(category))


def _requests_out(fmt, rows):
    media_base, labels = settings.SITE_URL + settings.MEDIA_URL, serializers.status_labels()
    tz = timezone.get_current_timezone()
    return respond(fmt, "service_requests", [
        serializers.request_item(r, media_base=media_base, labels=labels, tz=tz) for r in rows])


def _date(request, name):
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))
    except ValueError:
        value = None
    if value is None:
        raise BadRequest(400, _("%(name)s n’est pas une date ISO 8601 valide "
                                "(ex. 2026-11-05T08:15:30+01:00).") % {"name": name})
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _list(request, name):
    return [v.strip() for v in request.GET.get(name, "").split(",") if v.strip()]


@endpoint
def requests(request, fmt):
    """GET: search (filters of the spec, 90-day default window, 1000 at most). POST: create."""
    if request.method == "POST":
        return _create(request, fmt)
    ids = _list(request, "service_request_id")
    statuses = _list(request, "status")
    if set(statuses) - {"open", "closed"}:
        raise BadRequest(400, _("status accepte open et closed."))
    start, end = _date(request, "start_date"), _date(request, "end_date")
    if start and end and start > end:
        raise BadRequest(400, _("start_date est postérieure à end_date."))
    if start and end and end - start > selectors.DEFAULT_WINDOW:
        raise BadRequest(400, _("L’intervalle de dates ne peut dépasser 90 jours."))
    now = timezone.now()
    # The window is fixed by the query unless it ends "now" (no end_date, and no start_date
    # or one less than 90 days ago): only a fixed window's answer may be shared.
    fixed = bool(ids or end or (start and start + selectors.DEFAULT_WINDOW <= now))
    end = end or (min(start + selectors.DEFAULT_WINDOW, now) if start else now)
    start = start or end - selectors.DEFAULT_WINDOW
    jurisdiction = request.GET.get("jurisdiction_id")
    codes = _list(request, "service_code")

    def answer():
        reports = selectors.request_list(jurisdiction=jurisdiction, ids=ids, codes=codes,
                                         statuses=statuses, start=start, end=end)
        if not reports:
            _services(request)  # an unknown jurisdiction_id is a 404, not an empty list
        return _requests_out(fmt, reports)

    if not fixed:
        return answer()
    window = () if ids else (start.isoformat(), end.isoformat())
    return _shared(("requests", fmt, jurisdiction, tuple(ids), tuple(codes), tuple(statuses),
                    *window), answer)


# A stored answer is never stale (generations); this only bounds the memory of answers to
# windows nobody asks twice (a client moving its end_date at each poll).
SHARED_SECONDS = 120


def _shared(parts: tuple, answer):
    """The answer to a search everyone may ask (Open311 is public), from the cache when the
    same search was answered since the last change: the key holds the generation of every
    request list (reports.selectors.REQUESTS_SCOPE), which each write to a report, category
    or service advances, so a stored answer is never stale. Errors are not stored."""
    generation = generations.current(REQUESTS_SCOPE)
    parts = (*parts, get_language(), timezone.get_current_timezone_name())
    key = (f"spp:open311:{generation}:"
           f"{hashlib.sha256(repr(parts).encode()).hexdigest()}")
    found = cache.get(key)
    if found is not None:
        return HttpResponse(found, content_type=CONTENT_TYPES[parts[1]])
    response = answer()
    if response.status_code == 200:
        cache.set(key, response.content, SHARED_SECONDS)
    return response


@endpoint
def request_detail(request, reference, fmt):
    jurisdiction = request.GET.get("jurisdiction_id")

    def answer():
        reports = selectors.request_list(jurisdiction=jurisdiction, ids=[reference])
        if not reports:
            _services(request)
            raise BadRequest(404, _("service_request_id inconnu : %(r)s") % {"r": reference})
        return _requests_out(fmt, reports)

    return _shared(("request", fmt, jurisdiction, reference), answer)


@endpoint
def token_detail(request, token, fmt):
    submission = Submission.objects.filter(token=token if _is_uuid(token) else None).select_related(
        "report").first()
    if submission is None:
        raise BadRequest(404, _("token inconnu : %(t)s") % {"t": token})
    return respond(fmt, "service_requests", [
        {"service_request_id": submission.report.reference, "token": str(submission.token)}])


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _float(request, name):
    try:
        return float(request.POST[name])
    except KeyError:
        raise BadRequest(400, _("%(n)s est requis (ce service localise par lat et long).")
                         % {"n": name}) from None
    except ValueError:
        raise BadRequest(400, _("%(n)s doit être un nombre décimal.") % {"n": name}) from None


def _attributes(post) -> dict:
    """attribute[code]=value (and attribute[code][]=value for multivaluelist)."""
    values = {}
    for key in post:
        if key.startswith("attribute[") and key.endswith("]"):
            code = key[len("attribute["):].split("]")[0]
            items = post.getlist(key)
            values[code] = items if key.endswith("[]") else items[-1]
    return values


def _create(request, fmt):
    client = services.api_client_authenticate(request.POST.get("api_key"))
    if client is None:
        raise BadRequest(403, _("api_key absente ou invalide."))
    code = request.POST.get("service_code", "")
    if not code:
        raise BadRequest(400, _("service_code est requis."))
    category = selectors.category_for_filing(_jurisdiction(request), code)
    if category is None:
        _services(request)  # an unknown jurisdiction_id is the reason to give, if it is one
        raise BadRequest(404, _("service_code inconnu : %(c)s") % {"c": code})
    lat, lon = _float(request, "lat"), _float(request, "long")
    post = request.POST

    def create():
        submission = services.request_create(
            client=client, category=category, latitude=lat, longitude=lon,
            description=post.get("description", ""), email=post.get("email", ""),
            attribute_values=_attributes(post), address=post.get("address_string", ""),
            device_id=post.get("device_id", ""), account_id=post.get("account_id", ""),
            media_url=post.get("media_url", ""))
        return 200, [{"service_request_id": submission.report.reference,
                      "token": str(submission.token), "service_notice": "",
                      "account_id": submission.account_id or None}]

    try:
        answer = idempotent(request, key=request.headers.get("Idempotency-Key"),
                            scope=f"open311.post:{client.pk}",
                            payload={k: post.getlist(k) for k in post if k != "api_key"},
                            create=create)
    except ValidationError as problem:
        fields = getattr(problem, "message_dict", {"request": problem.messages})
        names = {"latitude": "lat", "category": "service_code", "attributes": "attribute"}
        raise BadRequest(400, " ".join(f"{names.get(f, f)} : {' '.join(m)}"
                                       for f, m in fields.items())) from None
    except HttpError as problem:
        raise BadRequest(problem.status_code, str(problem)) from None
    status, body = answer if isinstance(answer, tuple) else (answer.status_code, answer.value)
    return respond(fmt, "service_requests", body, status)
