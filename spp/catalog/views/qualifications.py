"""A contributor's qualifications as a service's managers record and verify them: only the
types their organisation defines or is named for (``QualificationType.verifiers``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.catalog import permissions, selectors, services
from spp.catalog.forms import QualificationForm
from spp.catalog.models import Enrolment
from spp.core.form_errors import add_errors
from spp.core.redirects import next_url


def person_qualifications(request, slug, user_id):
    service = permissions.access_service_for_manager(request.user, slug)
    enrolment = get_object_or_404(Enrolment, service=service, user_id=user_id)
    person = enrolment.user
    types = permissions.qualification_types_verifiable_by(request.user)
    form = QualificationForm(request.POST or None, types=types)
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
            "can_record": types.exists(),
            "qualifications": selectors.qualifications_of(person),
            "verifiable_type_ids": permissions.qualification_type_ids_verifiable_by(
                request.user, person
            ),
        },
    )


@require_POST
def qualification_verify(request, pk):
    qualification = permissions.access_qualification_to_verify(request.user, pk)
    services.qualification_verify(actor=request.user, qualification=qualification)
    messages.success(request, _("Qualification vérifiée."))
    return redirect(next_url(request, reverse("core:back_office")))
