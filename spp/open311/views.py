"""Open311 GeoReport v2 endpoints (http://wiki.open311.org/GeoReport_v2): discovery, services,
service definitions, service requests (GET and POST), one request, tokens. Each answers
``.json`` or ``.xml``; errors are the spec's list of {code, description} with that HTTP code.
Thin: parsing here, writes in services.py, reads in selectors.py."""

import math

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import HttpError

from spp.core import ratelimits
from spp.core.idempotency import idempotent
from spp.core.services import api_tokens as core_tokens
from spp.open311 import selectors, serializers, services
from spp.open311.formats import error, respond
from spp.open311.models import Submission

CHANGESET = "2026-11-27T00:00:00+01:00"


class BadRequest(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


def endpoint(view):
    """Open to everyone (the api_key or a Bearer token guards POST), no CSRF (form posts from
    other apps; a key, never a cookie, authenticates them), and
    BadRequest turned into the spec's error body."""
    def wrapper(request, *args, fmt, **kwargs):
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except BadRequest as problem:
            response = error(fmt, problem.status, problem.description)
            if problem.retry_after:
                response["Retry-After"] = str(problem.retry_after)
            return response
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
    return respond(fmt, "service_requests", serializers.request_items(
        rows, media_base=media_base, labels=labels, tz=tz))


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
    # No end_date: a client polling up to now. The newest requests first, 1000 at most, read
    # by walking the service's index backwards from now (selectors.request_list).
    try:
        end = end or (min(start + selectors.DEFAULT_WINDOW, timezone.now()) if start
                      else timezone.now())
        start = start or end - selectors.DEFAULT_WINDOW
    except OverflowError:  # 90 days past year 9999 or before year 1
        raise BadRequest(400, _("Dates hors limites.")) from None
    reports = selectors.request_list(services=_services(request), ids=ids,
                                     codes=_list(request, "service_code"), statuses=statuses,
                                     start=start, end=end)
    return _requests_out(fmt, reports)


@endpoint
def request_detail(request, reference, fmt):
    reports = selectors.request_list(services=_services(request), ids=[reference])
    if not reports:
        raise BadRequest(404, _("service_request_id inconnu : %(r)s") % {"r": reference})
    return _requests_out(fmt, reports)


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


def _float(request, name, bound: float):
    """A finite decimal number in [-bound, bound] ("inf", "nan" and "1e999" are numbers to
    Python's float, not coordinates)."""
    try:
        value = float(request.POST[name])
    except KeyError:
        raise BadRequest(400, _("%(n)s est requis (ce service localise par lat et long).")
                         % {"n": name}) from None
    except ValueError:
        raise BadRequest(400, _("%(n)s doit être un nombre décimal.") % {"n": name}) from None
    if not (math.isfinite(value) and -bound <= value <= bound):
        raise BadRequest(400, _("%(n)s : coordonnées impossibles, la latitude va de -90 à 90 "
                                "et la longitude de -180 à 180.") % {"n": name})
    return value


def _attributes(post) -> dict:
    """attribute[code]=value (and attribute[code][]=value for multivaluelist)."""
    values = {}
    for key in post:
        if key.startswith("attribute[") and key.endswith("]"):
            code = key[len("attribute["):].split("]")[0]
            items = post.getlist(key)
            values[code] = items if key.endswith("[]") else items[-1]
    return values


def _bearer(request) -> str | None:
    scheme, _space, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def _sender(request):
    """(client, api_token) filing a POST, one of them None: the key comes as the spec's
    ``api_key`` parameter or in ``Authorization: Bearer``; it is a client application's Open311
    key, or an organisation's API token (``spp_…``) of write scope. 403 otherwise."""
    raw = request.POST.get("api_key") or _bearer(request)
    if core_tokens.looks_like_api_token(raw):
        api_token = core_tokens.api_token_authenticate(raw)
        if api_token is None:
            raise BadRequest(403, _("api_key absente ou invalide."))
        if not api_token.can_write:
            raise BadRequest(403, _("Ce jeton d’API ne permet que la lecture : déposer une "
                                    "demande demande un jeton en lecture et écriture."))
        return None, api_token
    client = services.api_client_authenticate(raw)
    if client is None:
        raise BadRequest(403, _("api_key absente ou invalide."))
    return client, None


def _create(request, fmt):
    client, api_token = _sender(request)
    code = request.POST.get("service_code", "")
    if not code:
        raise BadRequest(400, _("service_code est requis."))
    category = selectors.category_for_filing(_jurisdiction(request), code)
    if category is None:
        _services(request)  # an unknown jurisdiction_id is the reason to give, if it is one
        raise BadRequest(404, _("service_code inconnu : %(c)s") % {"c": code})
    lat, lon = _float(request, "lat", 90), _float(request, "long", 180)
    post = request.POST

    def create():
        # Counted here, once per new request: a replayed Idempotency-Key is not counted, and a
        # refusal rolls its key back, so the same request may be sent again later.
        if wait := ratelimits.check(request, "open311"):
            raise BadRequest(429, _("Trop de demandes envoyées depuis cette adresse en peu de "
                                    "temps : réessayez dans %(n)s secondes.") % {"n": wait},
                             retry_after=wait)
        submission = services.request_create(
            client=client, api_token=api_token, category=category, latitude=lat, longitude=lon,
            description=post.get("description", ""), email=post.get("email", ""),
            attribute_values=_attributes(post), address=post.get("address_string", ""),
            device_id=post.get("device_id", ""), account_id=post.get("account_id", ""),
            media_url=post.get("media_url", ""))
        return 200, [{"service_request_id": submission.report.reference,
                      "token": str(submission.token), "service_notice": "",
                      "account_id": submission.account_id or None}]

    try:
        answer = idempotent(request, key=request.headers.get("Idempotency-Key"),
                            scope=(f"open311.post:{client.pk}" if client is not None
                                   else f"open311.post:token:{api_token.pk}"),
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
