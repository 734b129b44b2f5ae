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
from spp.core.formatting import choice_labels, date_formatter
from spp.core.links import link_for_pk
from spp.core.models import User
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


_STATUS_BADGES = {Enrolment.Status.ACTIVE: "success", Enrolment.Status.PENDING: "warning"}


def _person(row: dict) -> str:
    return User.label_for(row["user__first_name"], row["user__last_name"], row["user__email"])


def _enrolment_rows(rows) -> list[dict]:
    """Each row's person, links, state and date formatted once here, for the template."""
    rows = list(rows)
    detail = link_for_pk("catalog:enrolment_detail")
    action = link_for_pk("catalog:enrolment_action")
    day, tz = date_formatter("SHORT_DATE_FORMAT"), timezone.get_current_timezone()
    labels = choice_labels(Enrolment.Status)
    for row in rows:
        row["name"], row["email"] = _person(row), row["user__email"]
        row["url"], row["action_url"] = detail(row["pk"]), action(row["pk"])
        row["pending"] = row["status"] == Enrolment.Status.PENDING
        row["badge"] = _STATUS_BADGES.get(row["status"], "danger")
        row["status_label"] = labels[row["status"]]
        row["created"] = day(row["created_at"].astimezone(tz))
        row["charter"] = row["accepted_charter__version"]
    return rows


def _contributor_rows(rows, service) -> list[dict]:
    """Each row's person, links and qualification badges (one query for the page's people),
    compared with the reader's day."""
    rows = list(rows)
    detail = link_for_pk("catalog:enrolment_detail")
    qualifications = link_for_pk("catalog:person_qualifications", service.slug)
    badges = selectors.qualification_badges_for([row["user_id"] for row in rows],
                                                timezone.localdate())
    expired, unverified = _("expirée"), _("à vérifier")
    for row in rows:
        row["name"], row["url"] = _person(row), detail(row["pk"])
        row["qualifications_url"] = qualifications(row["user_id"])
        row["qualifications"] = [
            ("danger", f"{name} — {expired}") if state == "expired"
            else ("warning", f"{name} — {unverified}") if state == "unverified"
            else ("success", name)
            for name, state in badges.get(row["user_id"], ())
        ]
    return rows


def manage_enrolments(request, slug):
    """A service's enrolments, filtered and paginated, for its managers (404 to anyone else).
    Pending ones carry an approval form that comes back to the same filtered page."""
    service = permissions.access_service_for_manager(
        request.user, slug, fields=permissions.MANAGED_LIST_FIELDS)
    form = EnrolmentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    enrolments = selectors.enrolments_of_service(
        service, status=filters.get("status"), query=filters.get("q", ""))
    page, querystring = paginate(
        request, enrolments.values(*selectors.ENROLMENT_LIST_FIELDS), counted=enrolments)
    return render(request, "catalog/manage_enrolments.html", {
        "service": service,
        "service_tools": pattern_links(service, "service_manage"),
        "form": form,
        "page": page,
        "enrolments": _enrolment_rows(page.object_list),
        "querystring": querystring,
        "next_url": request.get_full_path(),
    })


def manage_contributors(request, slug):
    """A service's active contributors and their qualifications, for its managers."""
    service = permissions.access_service_for_manager(
        request.user, slug, fields=permissions.MANAGED_LIST_FIELDS)
    contributors = selectors.contributors_of_service(service)
    page, querystring = paginate(
        request, contributors.values(*selectors.CONTRIBUTOR_LIST_FIELDS), counted=contributors)
    return render(request, "catalog/manage_contributors.html", {
        "service": service,
        "service_tools": pattern_links(service, "service_manage"),
        "page": page,
        "enrolments": _contributor_rows(page.object_list, service),
        "querystring": querystring,
    })
