"""An enrolment's page and its transitions, and a service's lists of enrolments and
contributors for its managers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.catalog import permissions, selectors, services, workflow
from spp.catalog.forms import EnrolmentActionForm, EnrolmentFilterForm
from spp.catalog.models import Enrolment
from spp.catalog.pattern_links import pattern_links
from spp.core.pagination import paginate
from spp.core.redirects import next_url


def enrolment_detail(request, pk):
    enrolment = permissions.access_enrolment(request.user, pk)
    can = permissions.enrolment_abilities(request.user, enrolment)
    actions = [
        (action, workflow.ENROLMENT_ACTION_LABELS[action])
        for action in workflow.available_actions(workflow.ENROLMENT_TRANSITIONS, enrolment.status)
        if can.get(action) and action != "reapply"
    ]
    is_manager = permissions.manages_service(request.user, enrolment.service)
    # The person waiting for approval sees what they still have to show the agent.
    waiting = enrolment.status == Enrolment.Status.PENDING and enrolment.user_id == request.user.pk
    return render(
        request,
        "catalog/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "actions": actions,
            "form": EnrolmentActionForm(),
            "events": selectors.enrolment_history(enrolment),
            "is_manager": is_manager,
            "required_qualifications": selectors.required_qualifications_for(
                enrolment.service, request.user
            )
            if waiting and not is_manager
            else [],
            "qualifications": selectors.qualifications_of(enrolment.user),
            "verifiable_type_ids": permissions.qualification_type_ids_verifiable_by(
                request.user, enrolment.user
            )
            if is_manager
            else set(),
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
    return redirect(next_url(request, enrolment.get_absolute_url()))


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
