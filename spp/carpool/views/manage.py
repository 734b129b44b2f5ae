"""The coordinators' pages: the service's lines, one line's settings and stops, its tariff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.carpool import permissions, selectors, services
from spp.carpool.forms import LineForm, StopFormSet, TariffForm
from spp.carpool.models import LineTariff, Stop
from spp.core.form_errors import add_errors

STOP_FIELDS = services.lines.STOP_FIELDS


def service_manage(request, slug):
    service = permissions.access_service_to_manage(request.user, slug)
    return render(request, "carpool/manage/service_manage.html", {
        "service": service,
        "lines": selectors.lines_of_service(service, include_inactive=True),
        "this_month": timezone.localdate().replace(day=1)})


def _stop_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        data = form.cleaned_data
        rows.append({"id": form.instance.pk, "delete": data.get("DELETE", False),
                     **{name: data.get(name) for name in STOP_FIELDS}})
    return rows


def line_edit(request, slug, code=None):
    """A new line, or one line's settings and stops (saved together)."""
    service = permissions.access_service_to_manage(request.user, slug)
    line = permissions.access_line(request.user, service, code) if code else None
    stops = Stop.objects.filter(line=line).order_by("position") if line else Stop.objects.none()
    form = LineForm(request.POST or None, instance=line, prefix="line")
    formset = StopFormSet(request.POST or None, queryset=stops, prefix="stops")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = services.line_save(actor=request.user, service=service, line=line,
                                       fields=fields, stops=_stop_rows(formset))
        except ValidationError as error:
            if line is None:
                form.instance.pk = None  # the refused line was rolled back
            add_errors(form, error)
        else:
            messages.success(request, _("Ligne enregistrée."))
            return redirect("carpool:line_edit", service.slug, saved.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "carpool/manage/line_edit.html", {
        "service": service, "line": line, "form": form, "formset": formset}, status=status)


def line_tariff(request, slug, code):
    service = permissions.access_service_to_manage(request.user, slug)
    line = permissions.access_line(request.user, service, code)
    form = TariffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.line_tariff_add(actor=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Nouvelles règles enregistrées."))
            return redirect("carpool:line_tariff", service.slug, line.code)
    return render(request, "carpool/manage/line_tariff.html", {
        "service": service, "line": line, "form": form,
        "tariffs": LineTariff.objects.filter(line=line).order_by("-valid_from")},
        status=400 if form.errors else 200)
