"""The public pages of the services: the front page's list, a service and its charter (where
people enrol), and the publication of a new charter version. Thin: forms parse, services
write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from spp.catalog import permissions, selectors, services
from spp.catalog.charter_diff import charter_changes
from spp.catalog.forms import CharterVersionForm, EnrolForm
from spp.catalog.models import Enrolment, Service
from spp.catalog.pattern_links import (
    participation_closed_message,
    participation_offered,
    pattern_links,
)
from spp.catalog.selectors.services import (
    commune_names_of,
    service_catalogue_public,
    service_for_page,
)
from spp.core import form_tokens
from spp.core.form_errors import add_errors
from spp.core.page_cache import public_page


def _published_service_or_404(user, slug) -> Service:
    service = get_object_or_404(Service.objects.select_related("authority", "operator"), slug=slug)
    if not permissions.can_view_service(user, service):
        raise Http404
    return service


@login_not_required
@public_page
def home(request):
    """The site's front page (``core:home``): the published services, by authority."""
    return render(request, "catalog/home.html", {"groups": service_catalogue_public()})


@login_not_required
@public_page
def service_detail(request, slug):
    service = service_for_page(slug)
    if service is None or not permissions.can_view_service(request.user, service):
        raise Http404
    return render(
        request,
        "catalog/service_detail.html",
        {
            "service": service,
            "charter": None if service.charter_version is None else {
                "title": service.charter_title, "version": service.charter_version},
            "enrolment": selectors.enrolment_for(request.user, service),
            "communes": commune_names_of(service),
            "can": permissions.abilities(request.user, service),
            "pattern_links": pattern_links(service, "service_home"),
            "participation_offered": participation_offered(service),
            "required_qualifications": selectors.required_qualifications_for(
                service, request.user
            ) if service.requires_qualifications else [],
        },
    )


@login_not_required
def charter(request, slug):
    """Read the current charter; signed-in people enrol (or accept a new version) here."""
    service = _published_service_or_404(request.user, slug)
    current = selectors.charter_current(service)
    enrolment = selectors.enrolment_for(request.user, service)
    live = enrolment is not None and enrolment.status != Enrolment.Status.ENDED
    # Enrolling needs a built pattern to take part in; those enrolled may still accept a charter.
    offered = live or participation_offered(service)
    form = None
    if request.user.is_authenticated and current is not None and not offered:
        if request.method == "POST":
            messages.error(request, participation_closed_message(service))
            return redirect("catalog:charter", slug=service.slug)
    elif request.user.is_authenticated and current is not None:
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
    needs_reacceptance = live and selectors.enrolment_needs_reacceptance(enrolment)
    changes = None
    if needs_reacceptance:  # what changed since the version the person accepted
        changes = charter_changes(enrolment.accepted_charter.body, current.body)
    return render(
        request,
        "catalog/charter.html",
        {
            "service": service,
            "charter": current,
            "enrolment": enrolment,
            "form": form,
            "needs_reacceptance": needs_reacceptance,
            "changes": changes,
            "offered": offered,
            "closed_message": None if offered else participation_closed_message(service),
            "required_qualifications": []
            if live
            else selectors.required_qualifications_for(service, request.user),
        },
    )


def charter_publish(request, slug):
    """A new charter version: a new row, the old ones kept; active contributors are asked to
    accept it. The form token makes a double submission publish one version."""
    service = permissions.access_service_for_manager(request.user, slug)
    if not permissions.abilities(request.user, service)["publish_charter"]:
        raise PermissionDenied
    current = selectors.charter_current(service)
    form = CharterVersionForm(
        request.POST or None,
        initial={
            "title": current.title if current else "",
            "body": current.body if current else "",
            "form_token": form_tokens.new_token(),
        },
    )
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data.pop("form_token")
        scope = f"charter_publish:{service.pk}"
        done_url = reverse("catalog:charter", args=[service.slug])
        if form_tokens.previous_result(token, scope) is not None:
            return redirect(done_url)
        try:
            with transaction.atomic():
                services.charter_publish(actor=request.user, service=service, **form.cleaned_data)
                form_tokens.claim(token, scope, done_url)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Nouvelle version de la charte publiée."))
            return redirect(done_url)
    return render(
        request,
        "catalog/charter_publish.html",
        {"service": service, "form": form, "current": current},
    )
