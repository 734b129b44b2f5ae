"""Asking for a guaranteed ride from a search that found no driver: the line page's form posts
here (with the ``share_contact`` checkbox: may the fallback receive the passenger's first name
and number?) and the passenger is sent back to the page with what happens next."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.carpool.forms import GuaranteeRequestForm
from spp.carpool.models import RideSearch
from spp.carpool.services.guarantee import ride_guarantee_request


def _back(request, search):
    """The page the form was on, when it is one of ours; else the line's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(search.line.get_absolute_url())


@require_POST
def ride_guarantee_request_view(request, pk):
    # Only the search's own passenger sees it exists (404 for anyone else).
    search = get_object_or_404(RideSearch.objects.select_related("line__service"), pk=pk,
                               passenger=request.user)
    form = GuaranteeRequestForm(request.POST)
    form.is_valid()  # a checkbox: always valid, absent means no
    try:
        search = ride_guarantee_request(actor=request.user, search=search,
                                        share_contact=form.cleaned_data["share_contact"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request, search)
    line = search.line
    if search.guarantee == RideSearch.Guarantee.WAITING:
        messages.success(request, _(
            "Trajet garanti demandé. Si aucun conducteur ne vous a pris d’ici %(due)s, "
            "%(fallback)s recevra votre demande, et vous serez prévenu.") % {
            "due": timezone.localtime(search.guarantee_due_at).strftime("%H:%M"),
            "fallback": line.fallback_name or _("la solution de secours de la ligne")})
    else:
        messages.info(request, _("Votre demande de trajet garanti est déjà enregistrée : %(s)s.")
                      % {"s": search.get_guarantee_display()})
    return _back(request, search)
