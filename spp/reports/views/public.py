"""Public pages of reports: the service's map and list, the report form, the follow-up page,
supporting and confirming, and the JSON the map reads. Thin: forms parse, services write."""

import math
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spp.catalog.models import Service
from spp.core import form_tokens, ratelimits
from spp.core.form_errors import add_errors
from spp.core.formatting import date_formatter
from spp.core.page_cache import public_page
from spp.core.pagination import requested_page_number
from spp.reports import attributes, geocoding, permissions, photos, selectors, services
from spp.reports.forms import (
    AttributesForm,
    ConfirmForm,
    ReportForm,
    SupportForm,
    parse_bbox,
)
from spp.reports.models import Category, Report
from spp.reports.views import link_by_reference, map_settings


def _service_or_404(slug, *, fields: tuple[str, ...] | None = None) -> Service:
    """The published reports service ``slug``; ``fields``: only those (besides what
    accepts_reports reads), for pages that show little of it (the map asks for its JSON at
    every pan and zoom)."""
    services = (Service.objects.only("id", "slug", "is_published", "patterns", *fields)
                if fields is not None else Service.objects.select_related("authority"))
    service = get_object_or_404(services, slug=slug)
    if not permissions.accepts_reports(service):
        raise Http404
    return service


# Past this page the public list is empty (an OFFSET read row by row, and a page number of any
# size must not reach the database).
PUBLIC_MAX_PAGE = 10_000


_map_settings = map_settings


@login_not_required
@public_page
def service_home(request, slug):
    """The public map and list, filtered by status and category (no COUNT: see selectors)."""
    service, categories = selectors.service_with_category_rows(slug)
    if service is None or not permissions.accepts_reports(service):
        raise Http404
    # Open reports unless asked otherwise ("all": every status).
    status = request.GET.get("status", "")
    status = status if status in {"open", "all", *Report.Status.values} else "open"
    category = request.GET.get("category", "")
    page = min(requested_page_number(request), PUBLIC_MAX_PAGE)
    rows, has_next = selectors.report_page_public(
        service=service, categories=categories, status=status, category_code=category,
        page=page)
    statuses = [("open", _("Ouverts")), ("all", _("Tous")), *Report.Status.choices]
    return render(request, "reports/service_home.html", {
        "service": service, "reports": _public_rows(rows), "has_next": has_next, "page": page,
        "status_options": [(value, label, value == status) for value, label in statuses],
        "category_options": [("", _("Toutes"), not category), *(
            (code, name, code == category) for _pk, code, name, active in categories
            if active)],
        "status": status, "category": category, "map": _map_settings(),
        "legend": Report.Status.choices,
    })


def _public_rows(rows: list[dict]) -> list[dict]:
    """What the template shows of each row, formatted once here rather than by a filter or a
    tag per cell: the link, the local date, the support count and the start of the text."""
    when, tz = date_formatter("SHORT_DATETIME_FORMAT"), timezone.get_current_timezone()
    link = link_by_reference("reports:report_detail")
    for row in rows:
        row["url"] = link(row["reference"])
        row["when"] = when(row["created_at"].astimezone(tz))
        supports = row["support_count"]
        row["supports"] = ngettext("%(n)s appui", "%(n)s appuis", supports) % {
            "n": supports} if supports else ""
        text = row["description"]
        row["summary"] = text if len(text) <= SUMMARY_LENGTH else (
            text[:SUMMARY_LENGTH - 1] + "…")
    return rows


# As ``truncatechars:140``: the ellipsis counts in the length.
SUMMARY_LENGTH = 140


@login_not_required
def report_new(request, slug):
    """The report form. Open reports of the same category near the point are offered to be
    supported instead, here on the server (the page works without JavaScript): the form comes
    back with everything typed and the offer; sending it again ("mine is different") files it.
    """
    service = _service_or_404(slug)
    categories = selectors.category_list_active(service)
    signed_in = request.user.is_authenticated
    form = ReportForm(request.POST or None, request.FILES or None, categories=categories,
                      signed_in=signed_in,
                      initial={"form_token": form_tokens.new_token(),
                               "category": request.GET.get("category"),
                               **_picked_point(request.GET)})
    extra = AttributesForm(request.POST or None, categories=categories)
    offer, wait = [], None
    if request.method == "POST":
        valid = form.is_valid() and extra.is_valid()
        data = form.cleaned_data
        scope = f"reports.new:{service.pk}"
        # A retry of a filed report first: it would otherwise find itself as a near report.
        if valid and (done := form_tokens.previous_result(data["form_token"], scope)):
            return redirect(done)
        offer = _unseen_duplicates(data)
        if offer:
            form.offer(r.reference for r in offer)
        elif valid and (wait := ratelimits.check(request, "reports")):
            form.add_error(None, ratelimits.too_many_message(wait))  # nothing filed, nothing lost
        elif valid:
            held = data.get("held_photos", "")
            if services.needs_email_confirmation(request.user, service):
                return _submit_for_confirmation(request, service, form, extra, scope)
            try:
                with transaction.atomic():
                    report = services.report_create(
                        actor=request.user, service=service, category=data["category"],
                        latitude=data["latitude"], longitude=data["longitude"],
                        description=data["description"], address=data["address"],
                        email=data.get("email", ""),
                        uploads=[*photos.held(held), *data["photos"]],
                        attribute_values=extra.values_for(data["category"]))
                    if not form_tokens.claim(data["form_token"], scope,
                                             report.get_absolute_url()):
                        transaction.set_rollback(True)
                        return redirect(form_tokens.previous_result(data["form_token"], scope))
            except ValidationError as error:
                add_errors(form, error)
            else:
                photos.release(held)
                messages.success(request, _("Merci ! Votre signalement %(ref)s est enregistré.")
                                 % {"ref": report.reference})
                return redirect(report.get_absolute_url())
        _keep_photos(form)
    response = render(request, "reports/report_form.html", {
        "service": service, "form": form, "extra": extra, "map": _map_settings(),
        "center": _center(service), "offer": offer,
        "offer_email": "" if signed_in else form.data.get("email", ""),
        **_address_search(request, service)})
    return ratelimits.with_retry_after(response, wait) if wait else response


def _picked_point(params) -> dict:
    """The point (and its address) a suggestion link of the address search set."""
    lat, lon = _coordinate(params, "lat", 90), _coordinate(params, "lon", 180)
    if lat is None or lon is None:
        return {}
    return {"latitude": lat, "longitude": lon, "address": params.get("address", "")[:255]}


def _address_search(request, service) -> dict:
    """The report form's address search, without JavaScript: the search form is a GET to the
    form's page, whose answer lists the suggestions as links that set the point."""
    if not geocoding.is_enabled():
        return {"geocoder": False}
    asked = request.GET.get("adresse", "") if request.method == "GET" else ""
    query = geocoding.clean_query(asked)
    found = geocoding.search(service, query, near=_center(service)) if query else []
    category = request.GET.get("category", "")
    links = [(s.label, "?" + urlencode({"lat": f"{s.latitude:.6f}", "lon": f"{s.longitude:.6f}",
                                        "address": s.label,
                                        **({"category": category} if category else {})}))
             for s in found]
    return {"geocoder": True, "address_query": asked[:geocoding.MAX_QUERY_LENGTH],
            "address_asked": bool(asked.strip()), "address_too_short": bool(asked.strip())
            and query is None, "address_links": links}


@login_not_required
def address_json(request, slug):
    """Suggestions for the report form's address search (reports.js): label, lat, lon. Not
    found when the geocoder is off; a question shorter than 3 characters asks nothing."""
    if not geocoding.is_enabled():
        raise Http404
    service = _service_or_404(slug, fields=())
    found = geocoding.search(service, request.GET.get("q", ""), near=_center(service))
    return JsonResponse({"results": [s.as_json() for s in found]})


def _submit_for_confirmation(request, service, form, extra, scope):
    """A visitor in a service that asks for it: the report waits for its email link."""
    data = form.cleaned_data
    held = data.get("held_photos", "")
    done = reverse("reports:service_home", args=[service.slug])
    try:
        with transaction.atomic():
            services.report_submit_for_confirmation(
                service=service, category=data["category"], latitude=data["latitude"],
                longitude=data["longitude"], description=data["description"],
                address=data["address"], email=data.get("email", ""), uploads=data["photos"],
                attribute_values=extra.values_for(data["category"]), held=held)
            if not form_tokens.claim(data["form_token"], scope, done):
                transaction.set_rollback(True)
                return redirect(form_tokens.previous_result(data["form_token"], scope))
    except ValidationError as error:
        add_errors(form, error)
        _keep_photos(form)
        return render(request, "reports/report_form.html", {
            "service": service, "form": form, "extra": extra, "map": _map_settings(),
            "center": _center(service), "offer": [], "offer_email": form.data.get("email", "")})
    messages.info(request, _("Presque fini : ouvrez le lien envoyé à %(email)s dans les "
                             "24 heures. Votre signalement sera alors enregistré et publié.")
                  % {"email": data.get("email", "")})
    return redirect(done)


@login_not_required
def report_confirm_email(request, token):
    """The link of the confirmation email: files the visitor's report (once)."""
    try:
        report = services.report_confirm_email(token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("core:home")
    messages.success(request, _("Merci ! Votre signalement %(ref)s est confirmé et enregistré.")
                     % {"ref": report.reference})
    return redirect(report.get_absolute_url())


def _keep_photos(form) -> None:
    """The form comes back: hold the photos it brought (cleaned) with those held before, so
    that nobody has to attach them again. Unreadable ones get their message instead."""
    previous = form.cleaned_data.get("held_photos", "")
    try:
        images = photos.clean_photos(form.cleaned_data.get("photos") or [])
    except ValidationError as error:
        if not form.has_error("photos"):
            form.add_error("photos", error)
        images = []
    token = photos.hold(images, also=previous) if images else previous
    form.keep_photos(token, len(photos.held_names(token)))


def _unseen_duplicates(data) -> list[Report]:
    """The open reports near the typed point, when one of them was not offered yet."""
    if any(data.get(name) is None for name in ("category", "latitude", "longitude")):
        return []
    nearby = selectors.report_near_duplicates(
        category=data["category"], latitude=data["latitude"], longitude=data["longitude"])
    seen = data.get("seen_duplicates") or set()
    return nearby if {r.reference for r in nearby} - seen else []


def _center(service):
    commune = service.communes.order_by("-population").first()
    return (commune.latitude, commune.longitude) if commune else (45.3647, 5.5897)


@login_not_required
@public_page
def report_detail(request, reference):
    report = selectors.report_by_reference(reference)
    if report is None:
        raise Http404
    can = permissions.abilities(request.user, report)
    return render(request, "reports/report_detail.html", {
        "report": report, "can": can, "map": _map_settings(),
        "answers": attributes.display(report.category, report.attribute_values),
        "events": selectors.report_events_for(report, include_internal=False),
        "support_form": SupportForm() if can["support"] else None,
        "confirm_form": ConfirmForm() if can["confirm"] else None,
        "is_reporter": permissions.is_reporter(request.user, report),
    })


@login_not_required
@require_POST
def report_support(request, reference):
    report = get_object_or_404(Report.objects.select_related("service", "category"),
                               reference=reference)
    form = SupportForm(request.POST)
    if form.is_valid():
        try:
            _supporter, created = services.report_support(
                actor=request.user, report=report, email=form.cleaned_data["email"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Merci, votre appui est compté.") if created
                             else _("Vous appuyez déjà ce signalement."))
    else:
        messages.error(request, _("Adresse électronique invalide."))
    return redirect(report.get_absolute_url())


@require_POST
def report_confirm(request, reference):
    report = get_object_or_404(Report.objects.select_related("service", "category"),
                               reference=reference)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.report_confirm(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Merci pour votre retour."))
    else:
        messages.error(request, _("Choisissez votre constat."))
    return redirect(report.get_absolute_url())


@login_not_required
@public_page
def map_json(request, slug):
    """The reports in a viewport (bbox=min_lat,min_lon,max_lat,max_lon), capped: see
    selectors.report_map_viewport. With ``zoom`` below selectors.CLUSTER_BELOW_ZOOM, grid
    cells instead ("clusters": count and centroid; selectors.report_map_clusters)."""
    service = _service_or_404(slug, fields=())
    bbox = parse_bbox(request.GET.get("bbox", ""))
    if bbox is None:
        return JsonResponse({"error": _("Paramètre bbox invalide.")}, status=400)
    status, category = request.GET.get("status", ""), request.GET.get("category", "")
    zoom = request.GET.get("zoom", "")
    if zoom.isdigit() and int(zoom) < selectors.CLUSTER_BELOW_ZOOM:
        cells, more = selectors.report_map_clusters(
            service=service, bbox=bbox, zoom=int(zoom), status=status, category_code=category)
        return JsonResponse({"truncated": more, "clusters": cells},
                            json_dumps_params={"separators": (",", ":")})
    rows, more = selectors.report_map_viewport(
        service=service, bbox=bbox, status=status, category_code=category)
    return JsonResponse({"truncated": more, "reports": [
        {"ref": ref, "lat": lat, "lon": lon, "status": status, "category": name}
        for ref, lat, lon, status, name in rows]}, json_dumps_params={"separators": (",", ":")})


@login_not_required
def duplicates_json(request, slug):
    """Open reports of the category near a point, for the "support it instead" offer."""
    service = _service_or_404(slug, fields=())
    category = Category.objects.filter(service=service, pk=request.GET.get("category") or 0
                                       ).first() if request.GET.get("category", "").isdigit() \
        else None
    lat, lon = _coordinate(request.GET, "lat", 90), _coordinate(request.GET, "lon", 180)
    if lat is None or lon is None:
        return JsonResponse({"error": _("Paramètres lat et lon requis : des nombres, la "
                                        "latitude de -90 à 90, la longitude de -180 à 180.")},
                            status=400)
    if category is None:
        return JsonResponse({"reports": []})
    found = selectors.report_near_duplicates(category=category, latitude=lat, longitude=lon)
    return JsonResponse({"reports": [
        {"ref": r.reference, "url": r.get_absolute_url(), "distance_m": r.distance_m,
         "description": r.description[:140], "supports": r.support_count} for r in found]})


def _coordinate(params, name: str, bound: float) -> float | None:
    """The finite number in [-bound, bound] that ``params[name]`` holds, else None ("inf",
    "nan" and "1e999" are numbers to Python's float, not to a map)."""
    try:
        value = float(params[name])
    except (KeyError, ValueError):
        return None
    return value if math.isfinite(value) and -bound <= value <= bound else None
