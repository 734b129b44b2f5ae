"""The back office's set-up of services, for their authority's admins and coordinators: the
list, creating a service (with its first charter), changing its settings, publishing or
withdrawing it. New charter versions are published on ``catalog:charter_publish``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.catalog import permissions, selectors, services
from spp.catalog.forms import ServiceCreateForm, ServiceSetupForm
from spp.catalog.models import Service
from spp.core import form_tokens
from spp.core.form_errors import add_errors


def _breadcrumb(*items) -> list[tuple[str, str]]:
    return [
        (_("Gestion"), reverse("core:back_office")),
        (_("Mise en place des services"), reverse("catalog:service_admin_list")),
        *items,
    ]


def _authorities_or_404(user):
    authorities = permissions.authorities_administered(user)
    if not authorities:  # evaluates the queryset once, kept for the page
        raise Http404
    return authorities


def service_list(request):
    """The services of the authorities the person sets up, published or not."""
    authorities = _authorities_or_404(request.user)
    services_list = (
        Service.objects.filter(authority__in=authorities)
        .select_related("authority", "operator")
        .order_by("authority__name", "name")
    )
    return render(
        request,
        "catalog/service_admin_list.html",
        {
            "services": services_list,
            "several_authorities": len(authorities) > 1,
            "breadcrumb": _breadcrumb()[:1] + [(_("Mise en place des services"), "")],
        },
    )


def service_create(request):
    authorities = _authorities_or_404(request.user)
    form = ServiceCreateForm(
        request.POST or None,
        authorities=authorities,
        initial={
            "form_token": form_tokens.new_token(),
            "mode": ServiceSetupForm.Mode.DIRECT,
            "requires_approval": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["form_token"]
        scope = f"service_create:{request.user.pk}"
        if (done := form_tokens.previous_result(token, scope)) is not None:
            return redirect(done)
        data = form.cleaned_data
        try:
            with transaction.atomic():
                service = services.service_create(
                    actor=request.user,
                    authority=data["authority"],
                    communes=data["communes"],
                    is_published=False,
                    **form.setup_fields(),
                )
                services.charter_publish(
                    actor=request.user,
                    service=service,
                    title=data["charter_title"],
                    body=data["charter_body"],
                )
                if data["publish"]:
                    services.service_publication_set(
                        actor=request.user, service=service, published=True
                    )
                url = reverse("catalog:service_admin_edit", args=[service.slug])
                form_tokens.claim(token, scope, url)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "body" in error.error_dict:
                error = ValidationError({"charter_body": error.error_dict["body"]})
            add_errors(form, error)
        else:
            messages.success(request, _("Service « %(name)s » créé.") % {"name": service.name})
            return redirect(url)
    return render(
        request,
        "catalog/service_admin_form.html",
        {
            "form": form,
            "service": None,
            "breadcrumb": _breadcrumb((_("Créer un service"), "")),
        },
    )


def service_edit(request, slug):
    service = permissions.access_service_for_setup(request.user, slug)
    form = ServiceSetupForm(request.POST or None, initial=ServiceSetupForm.initial_for(service))
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(
                actor=request.user,
                service=service,
                communes=form.cleaned_data["communes"],
                **form.setup_fields(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Service modifié."))
            return redirect("catalog:service_admin_edit", slug=service.slug)
    return render(
        request,
        "catalog/service_admin_form.html",
        {
            "form": form,
            "service": service,
            "charter": selectors.charter_current(service),
            "communes": service.communes.order_by("name"),
            "breadcrumb": _breadcrumb((service.name, "")),
        },
    )


@require_POST
def service_publication(request, slug):
    service = permissions.access_service_for_setup(request.user, slug)
    published = request.POST.get("published") == "1"
    try:
        services.service_publication_set(actor=request.user, service=service, published=published)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Le service est publié.") if published else _("Le service n’est plus publié."),
        )
    return redirect("catalog:service_admin_edit", slug=service.slug)
