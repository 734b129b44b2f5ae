"""Forms of the back office's page of Open311 client applications."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ApiClientForm(forms.Form):
    form_token = forms.UUIDField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Nom de l’application"), max_length=120)
    contact_email = forms.EmailField(
        label=_("Courriel de contact"),
        required=False,
        help_text=_("Qui prévenir si la clé doit être renouvelée ou révoquée."),
    )


class ApiClientActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("rotate", "rotate"), ("revoke", "revoke")])
