"""A peer-support service's home, the request forms (for oneself; a professional's referral)
and the coordinators' queue. Thin: forms parse, services decide, selectors read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spp.catalog.selectors.enrolments import enrolment_for
from spp.core.form_errors import add_errors
from spp.peers import permissions, selectors, services
from spp.peers.forms import RequestForm
from spp.peers.hds import health_data_host_required
from spp.peers.models import ExpertProfile, PeerRequest


@login_not_required  # what the service offers, for anyone; asking needs an account
@health_data_host_required
def service_home(request, slug):
    service = permissions.access_service(request.user, slug)
    user = request.user
    enrolment = enrolment_for(user, service) if user.is_authenticated else None
    return render(request, "peers/service_home.html", {
        "service": service, "can": permissions.service_abilities(user, service),
        "domains": service.peer_domains.filter(is_active=True),
        "contributor": enrolment is not None and enrolment.status == "active",
        "profile": ExpertProfile.objects.filter(user=user, service=service).first()
        if user.is_authenticated else None,
    })


def _request_form(request, slug, *, referred: bool):
    service = (permissions.access_service_to_refer if referred
               else permissions.access_service)(request.user, slug)
    if not referred and not permissions.service_abilities(request.user, service)["ask"]:
        return redirect("account_login")
    form = RequestForm(request.POST or None, service=service, referred=referred)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.request_create(
                actor=request.user, service=service, domain=data["domain"],
                preferred_language=data["preferred_language"],
                preferred_mode=data["preferred_mode"], commune=data["commune"],
                first_name=data["first_name"], phone=data["phone"], email=data["email"],
                availability=data["availability"], consent=data["consent"], referred=referred)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if referred:
                messages.success(request, _("Demande transmise à la coordination (n° %(n)s) : "
                                            "un pair prendra contact avec la personne.")
                                 % {"n": created.pk})
                return redirect("peers:service_home", slug=service.slug)
            messages.success(request, _("Votre demande est enregistrée : la coordination "
                                        "vous propose un pair au plus vite."))
            return redirect(created.get_absolute_url())
    return render(request, "peers/request_form.html", {
        "service": service, "form": form, "referred": referred})


@health_data_host_required
def request_create(request, slug):
    return _request_form(request, slug, referred=False)


@health_data_host_required
def request_refer(request, slug):
    return _request_form(request, slug, referred=True)


@health_data_host_required
def service_manage(request, slug):
    """The coordinators' queue: open requests (no personal field read here)."""
    service = permissions.access_service_to_coordinate(request.user, slug)
    status = request.GET.get("etat", "")
    if status not in PeerRequest.Status.values:
        status = ""
    return render(request, "peers/service_manage.html", {
        "service": service, "rows": selectors.requests_queue(service, status=status or None),
        "status": status, "statuses": PeerRequest.Status.choices})
