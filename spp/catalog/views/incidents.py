"""Declaring an incident, following it up, and the managers' list of incidents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spp.catalog import permissions, selectors, services, workflow
from spp.catalog.forms import IncidentActionForm, IncidentForm
from spp.catalog.models import Incident
from spp.core import form_tokens
from spp.core.form_errors import add_errors
from spp.core.formatting import choice_labels
from spp.core.labels import transition_label
from spp.core.pagination import paginate


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
            "updates": _with_transitions(incident.updates.select_related("author")),
        },
    )


def _with_transitions(updates) -> list:
    """The updates, each changing the status with its change as people read it
    ("Création → Déclaré", "Déclaré → Pris en compte"), never the codes."""
    statuses = choice_labels(Incident.Status)
    updates = list(updates)
    for update in updates:
        changed = update.to_status and update.from_status != update.to_status
        update.transition = (transition_label(statuses, update.from_status, update.to_status)
                             if changed else "")
    return updates
