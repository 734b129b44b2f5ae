"""The back office's pages of qualification types (shared by the whole platform): list,
create, edit, deactivate or reactivate, delete when unused. For the superusers and the
admins of a public authority; 404 for anyone else."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from spp.catalog import permissions, services
from spp.catalog.models import QualificationType
from spp.catalog.selectors.qualification_types import qualification_type_list_for_managers
from spp.core import form_tokens
from spp.core.form_errors import add_errors


class QualificationTypeForm(forms.ModelForm):
    class Meta:
        model = QualificationType
        fields = ["name", "description", "evidence_expected", "validity_months"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "evidence_expected": forms.Textarea(attrs={"rows": 3}),
        }


class QualificationTypeCreateForm(QualificationTypeForm):
    """The code is not a field: the service makes it from the name."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)


class QualificationTypeActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("deactivate", "deactivate"), ("activate", "activate"), ("delete", "delete")],
        label=gettext_lazy("Action"),
    )


def _list_url() -> str:
    return reverse("catalog:qualification_type_list")


def qualification_type_list(request):
    permissions.require_qualification_type_manager(request.user)
    return render(
        request,
        "catalog/qualification_types.html",
        {"qualification_types": qualification_type_list_for_managers()},
    )


def qualification_type_create(request):
    permissions.require_qualification_type_manager(request.user)
    form = QualificationTypeCreateForm(
        request.POST or None, initial={"form_token": form_tokens.new_token()}
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in QualificationTypeForm.Meta.fields}
        token, scope = form.cleaned_data["form_token"], f"qualification-type:{request.user.pk}"
        if (done := form_tokens.previous_result(token, scope)) is not None:
            return redirect(done)
        try:
            with transaction.atomic():
                created = services.qualification_type_create(actor=request.user, **data)
                form_tokens.claim(token, scope, _list_url())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Type de qualification « %(name)s » créé (code %(code)s).")
                % {"name": created.name, "code": created.code},
            )
            return redirect(_list_url())
    return render(request, "catalog/qualification_type_form.html", {"form": form})


def qualification_type_edit(request, pk):
    permissions.require_qualification_type_manager(request.user)
    qualification_type = get_object_or_404(QualificationType, pk=pk)
    form = QualificationTypeForm(request.POST or None, instance=qualification_type)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in QualificationTypeForm.Meta.fields}
        qualification_type.refresh_from_db()  # the form wrote its values on the instance
        try:
            services.qualification_type_update(
                actor=request.user, qualification_type=qualification_type, **changes
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Type de qualification enregistré."))
            return redirect(_list_url())
    return render(
        request,
        "catalog/qualification_type_form.html",
        {
            "form": form,
            "qualification_type": qualification_type,
            "in_use": services.qualification_types.qualification_type_in_use(qualification_type),
        },
    )


@require_POST
def qualification_type_action(request, pk):
    permissions.require_qualification_type_manager(request.user)
    qualification_type = get_object_or_404(QualificationType, pk=pk)
    form = QualificationTypeActionForm(request.POST)
    if not form.is_valid():
        return redirect(_list_url())
    action = form.cleaned_data["action"]
    try:
        if action == "delete":
            services.qualification_type_delete(
                actor=request.user, qualification_type=qualification_type
            )
            message = _("Type de qualification « %(name)s » supprimé.")
        else:
            services.qualification_type_set_active(
                actor=request.user,
                qualification_type=qualification_type,
                active=action == "activate",
            )
            message = (
                _("Type de qualification « %(name)s » réactivé.")
                if action == "activate"
                else _("Type de qualification « %(name)s » désactivé.")
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message % {"name": qualification_type.name})
    return redirect(_list_url())
