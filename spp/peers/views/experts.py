"""An expert's side: the proposals waiting for an answer and the people they accompany, logging
a session, and their profile in a service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.catalog.selectors.enrolments import enrolment_require_current
from spp.core.form_errors import add_errors
from spp.peers import permissions, selectors, services
from spp.peers.forms import ProfileForm, SessionForm
from spp.peers.hds import health_data_host_required
from spp.peers.models import ExpertProfile


@health_data_host_required
def my_accompaniments(request):
    return render(request, "peers/my_accompaniments.html", {
        "proposals": selectors.proposals_for_expert(request.user),
        "accompaniments": selectors.accompaniments_of_expert(request.user),
        "profiles": selectors.profiles_of_expert(request.user)})


@require_POST
@health_data_host_required
def proposal_accept(request, pk):
    proposal = permissions.access_proposal_for_expert(request.user, pk)
    try:
        services.proposal_accept(actor=request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("peers:my_accompaniments")
    messages.success(request, _("Merci : vous accompagnez cette personne. Ses coordonnées "
                                "sont ci-dessous ; prenez contact avec elle."))
    return redirect("peers:request_detail", pk=proposal.request_id)


@require_POST
@health_data_host_required
def proposal_decline(request, pk):
    proposal = permissions.access_proposal_for_expert(request.user, pk)
    try:
        services.proposal_decline(actor=request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proposition déclinée : la coordination est prévenue."))
    return redirect("peers:my_accompaniments")


@health_data_host_required
def session_log(request, pk):
    peer_request = permissions.access_request(request.user, pk)
    if not permissions.request_abilities(request.user, peer_request)["log_session"]:
        raise Http404
    form = SessionForm(request.POST or None, initial={"mode": peer_request.preferred_mode})
    if request.method == "POST" and form.is_valid():
        try:
            services.session_log(actor=request.user, request=peer_request,
                                 **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Séance enregistrée : elle compte dans votre "
                                        "engagement."))
            return redirect("peers:my_accompaniments")
    return render(request, "peers/session_form.html", {"req": peer_request, "form": form})


@health_data_host_required
def profile_edit(request, slug):
    service = permissions.access_service(request.user, slug)
    try:
        enrolment_require_current(request.user, service)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("peers:service_home", slug=service.slug)
    profile = ExpertProfile.objects.filter(user=request.user, service=service).first()
    initial = {}
    if profile:
        initial = {"domains": list(profile.domains.all()), "languages": profile.language_codes,
                   "modes": profile.modes, "commune": profile.commune,
                   "radius_km": profile.radius_km, "weekly_capacity": profile.weekly_capacity,
                   "is_active": profile.is_active}
    form = ProfileForm(request.POST or None, service=service, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_profile_save(actor=request.user, service=service,
                                         **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Votre profil de pair est enregistré."))
            return redirect("peers:my_accompaniments")
    return render(request, "peers/profile_form.html", {"service": service, "form": form})
