"""The back office's pages of qualification types: list, create, edit (with the organisations
named as also verifying), deactivate or reactivate, delete when unused. Each admin sees and
manages their own organisations' types (a superuser, every type); 404 for anyone else."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from spp.catalog import permissions, services
from spp.catalog.models import QualificationType
from spp.catalog.selectors.qualification_types import (
    organisations_owning_types_for,
    qualification_type_list_for_managers,
)
from spp.core import form_tokens
from spp.core.form_errors import add_errors
from spp.core.models import Organisation


class QualificationTypeForm(forms.ModelForm):
    """``verifiers``: any organisation but the owner, as checkboxes (an instance has tens of
    organisations, not thousands)."""

    class Meta:
        model = QualificationType
        fields = ["name", "description", "evidence_expected", "validity_months", "verifiers"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "evidence_expected": forms.Textarea(attrs={"rows": 3}),
            "verifiers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Organisation.objects.only("pk", "name").order_by("name")
        if self.instance.owner_id is not None:
            others = others.exclude(pk=self.instance.owner_id)
        self.fields["verifiers"].queryset = others


class QualificationTypeCreateForm(QualificationTypeForm):
    """The code is not a field: the service makes it from the name. ``owner``: one of the
    organisations the person administers."""

    owner = forms.ModelChoiceField(
        label=gettext_lazy("Organisation qui définit et vérifie la qualification"),
        queryset=Organisation.objects.none(),
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput)

    field_order = ["owner"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        owners = organisations_owning_types_for(user)
        self.fields["owner"].queryset = owners
        if len(owners) == 1:
            self.fields["owner"].initial = owners[0].pk


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
        {"qualification_types": qualification_type_list_for_managers(request.user)},
    )


def qualification_type_create(request):
    permissions.require_qualification_type_manager(request.user)
    form = QualificationTypeCreateForm(
        request.POST or None, initial={"form_token": form_tokens.new_token()}, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in [*QualificationTypeForm.Meta.fields, "owner"]}
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
    qualification_type = permissions.access_qualification_type_to_manage(request.user, pk)
    form = QualificationTypeForm(request.POST or None, instance=qualification_type)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in services.qualification_types.EDITABLE_FIELDS}
        verifiers = form.cleaned_data["verifiers"]
        qualification_type.refresh_from_db()  # the form wrote its values on the instance
        try:
            with transaction.atomic():
                services.qualification_type_update(
                    actor=request.user, qualification_type=qualification_type, **changes
                )
                services.qualification_type_set_verifiers(
                    actor=request.user, qualification_type=qualification_type,
                    verifiers=verifiers,
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
    qualification_type = permissions.access_qualification_type_to_manage(request.user, pk)
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
