"""Pages of the catalog: a service and its charter, enrolling, and the back-office pages for
enrolments, contributors' qualifications and incidents. Thin: forms parse, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.catalog import permissions, selectors, services, workflow
from spp.catalog.forms import (
    CharterForm,
    EnrolForm,
    EnrolmentActionForm,
    EnrolmentFilterForm,
    IncidentActionForm,
    IncidentForm,
    QualificationForm,
)
from spp.catalog.models import Enrolment, Incident, Service
from spp.catalog.pattern_links import pattern_links
from spp.core import form_tokens
from spp.core.form_errors import add_errors
from spp.core.page_cache import public_page
from spp.core.pagination import paginate


def _published_service_or_404(user, slug) -> Service:
    service = get_object_or_404(Service.objects.select_related("authority", "operator"), slug=slug)
    if not permissions.can_view_service(user, service):
        raise Http404
    return service




@login_not_required
@public_page
def service_detail(request, slug):
    service = _published_service_or_404(request.user, slug)
    return render(
        request,
        "catalog/service_detail.html",
        {
            "service": service,
            "charter": selectors.charter_current(service),
            "enrolment": selectors.enrolment_for(request.user, service),
            "communes": service.communes.order_by("name")[:50],
            "can": permissions.abilities(request.user, service),
            "pattern_links": pattern_links(service, "service_home"),
        },
    )


@login_not_required
def charter(request, slug):
    """Read the current charter; signed-in people enrol (or accept a new version) here."""
    service = _published_service_or_404(request.user, slug)
    current = selectors.charter_current(service)
    enrolment = selectors.enrolment_for(request.user, service)
    form = None
    if request.user.is_authenticated and current is not None:
        initial = {"charter_version": current.version, "form_token": form_tokens.new_token()}
        form = EnrolForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            token = form.cleaned_data["form_token"]
            scope = f"enrol:{service.pk}:{request.user.pk}"
            if (done := form_tokens.previous_result(token, scope)) is not None:
                return redirect(done)
            try:
                with transaction.atomic():
                    enrolment = services.enrolment_create(
                        actor=request.user,
                        service=service,
                        charter_version=form.cleaned_data["charter_version"],
                        accept_charter=form.cleaned_data["accept_charter"],
                    )
                    form_tokens.claim(token, scope, enrolment.get_absolute_url())
            except ValidationError as error:
                add_errors(form, error)
            else:
                if enrolment.status == Enrolment.Status.PENDING:
                    messages.success(
                        request,
                        _("Votre demande d’inscription est enregistrée. Un agent va la valider."),
                    )
                else:
                    messages.success(request, _("Vous avez accepté la charte."))
                return redirect(enrolment.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "catalog/charter.html",
        {
            "service": service,
            "charter": current,
            "enrolment": enrolment,
            "form": form,
            "needs_reacceptance": enrolment is not None
            and enrolment.status != Enrolment.Status.ENDED
            and selectors.enrolment_needs_reacceptance(enrolment),
        },
    )


def enrolment_detail(request, pk):
    enrolment = permissions.access_enrolment(request.user, pk)
    can = permissions.enrolment_abilities(request.user, enrolment)
    actions = [
        (action, workflow.ENROLMENT_ACTION_LABELS[action])
        for action in workflow.available_actions(workflow.ENROLMENT_TRANSITIONS, enrolment.status)
        if can.get(action) and action != "reapply"
    ]
    return render(
        request,
        "catalog/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "actions": actions,
            "form": EnrolmentActionForm(),
            "events": enrolment.events.select_related("actor"),
            "is_manager": permissions.manages_service(request.user, enrolment.service),
            "qualifications": selectors.qualifications_of(enrolment.user),
            "missing": selectors.qualifications_missing_for(enrolment.user, enrolment.service),
        },
    )


@require_POST
def enrolment_action(request, pk):
    enrolment = permissions.access_enrolment(request.user, pk)
    form = EnrolmentActionForm(request.POST)
    if form.is_valid():
        try:
            services.enrolment_transition(
                actor=request.user,
                enrolment=enrolment,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("L’inscription est mise à jour."))
    else:
        messages.error(request, _("Action inconnue."))
    return redirect(request.POST.get("next") or enrolment.get_absolute_url())


def manage_enrolments(request, slug):
    """A service's enrolments, filtered and paginated, for its managers (404 to anyone else).
    Pending ones carry an approval form that comes back to the same filtered page."""
    service = permissions.access_service_for_manager(
        request.user, slug, fields=permissions.MANAGED_LIST_FIELDS)
    form = EnrolmentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page, querystring = paginate(request, selectors.enrolment_list_for_service(
        service, status=filters.get("status"), query=filters.get("q", "")))
    return render(request, "catalog/manage_enrolments.html", {
        "service": service,
        "service_tools": pattern_links(service, "service_manage"),
        "form": form,
        "page": page,
        "enrolments": page.object_list,
        "querystring": querystring,
        "next_url": request.get_full_path(),
    })


def manage_contributors(request, slug):
    """A service's active contributors and their qualifications, for its managers."""
    service = permissions.access_service_for_manager(
        request.user, slug, fields=permissions.MANAGED_LIST_FIELDS)
    page, querystring = paginate(request, selectors.contributor_list_for_service(service))
    return render(request, "catalog/manage_contributors.html", {
        "service": service,
        "service_tools": pattern_links(service, "service_manage"),
        "page": page,
        "enrolments": page.object_list,
        "querystring": querystring,
        "today": timezone.localdate(),
    })


def person_qualifications(request, slug, user_id):
    service = permissions.access_service_for_manager(request.user, slug)
    enrolment = get_object_or_404(Enrolment, service=service, user_id=user_id)
    person = enrolment.user
    form = QualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.qualification_add(actor=request.user, user=person, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Qualification enregistrée."))
            return redirect(request.path)
    return render(
        request,
        "catalog/person_qualifications.html",
        {
            "service": service,
            "person": person,
            "enrolment": enrolment,
            "form": form,
            "qualifications": selectors.qualifications_of(person),
        },
    )


@require_POST
def qualification_verify(request, pk):
    qualification = permissions.access_qualification_to_verify(request.user, pk)
    services.qualification_verify(actor=request.user, qualification=qualification)
    messages.success(request, _("Qualification vérifiée."))
    return redirect(request.POST.get("next") or reverse("core:back_office"))


def charter_publish(request, slug):
    service = permissions.access_service_for_manager(request.user, slug)
    if not permissions.abilities(request.user, service)["publish_charter"]:
        raise PermissionDenied
    current = selectors.charter_current(service)
    form = CharterForm(
        request.POST or None,
        initial={
            "title": current.title if current else "",
            "body": current.body if current else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.charter_publish(actor=request.user, service=service, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Nouvelle version de la charte publiée."))
            return redirect("catalog:charter", slug=service.slug)
    return render(
        request,
        "catalog/charter_publish.html",
        {"service": service, "form": form, "current": current},
    )


def incident_declare(request):
    enrolled = selectors.service_list_enrolled_in(request.user)
    form = IncidentForm(
        request.POST or None,
        services=enrolled,
        initial={"form_token": form_tokens.new_token(), "service": request.GET.get("service")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token, scope = data.pop("form_token"), f"incident:{request.user.pk}"
        if (done := form_tokens.previous_result(token, scope)) is not None:
            return redirect(done)
        try:
            with transaction.atomic():
                incident = services.incident_declare(actor=request.user, **data)
                form_tokens.claim(token, scope, incident.get_absolute_url())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Votre déclaration est transmise à l’autorité."))
            return redirect(incident.get_absolute_url())
    return render(
        request, "catalog/incident_declare.html", {"form": form, "has_services": enrolled.exists()}
    )


def incident_list(request):
    """The incidents of the services the person manages; refused (403) to someone who
    belongs to no organisation. An unknown state filters nothing."""
    if not permissions.manages_any_service(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in Incident.Status.values:
        status = ""
    page, querystring = paginate(
        request, selectors.incident_list_for_manager(request.user, status=status or None)
    )
    return render(
        request,
        "catalog/incident_list.html",
        {
            "page": page,
            "querystring": querystring,
            "status": status,
            "statuses": Incident.Status.choices,
        },
    )


def incident_detail(request, pk):
    incident = permissions.access_incident(request.user, pk)
    can = permissions.incident_abilities(request.user, incident)
    form = IncidentActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_transition(
                actor=request.user,
                incident=incident,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Le suivi de l’incident est enregistré."))
            return redirect(incident.get_absolute_url())
    actions = [
        (a, workflow.INCIDENT_ACTION_LABELS[a])
        for a in workflow.available_actions(workflow.INCIDENT_TRANSITIONS, incident.status)
        if can["handle"] or (a == "note" and can["add_note"])
    ]
    return render(
        request,
        "catalog/incident_detail.html",
        {
            "incident": incident,
            "form": form,
            "actions": actions,
            "updates": incident.updates.select_related("author"),
        },
    )
