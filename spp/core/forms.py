from django import forms
from django.utils.translation import gettext_lazy as _

from spp.core.models import AuditLogEntry, Membership, Organisation, User


class NativeDateInput(forms.DateInput):
    """``<input type="date">``, always given an ISO date (2026-12-06): the browser's date picker
    reads and sends that form whatever the page's language, and drops a localised value
    ("06/12/2026") without a word, showing the field empty. (Django parses the ISO form in every
    language.)"""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "preferred_language", "email_notifications"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }


class BrandingForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["primary_colour", "accent_colour", "logo"]
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
        }


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action"), required=False,
        help_text=_("Le code d’une action, ou son début (« rosters. » : toutes celles des "
                    "gardes)."),
        widget=forms.TextInput(attrs={"list": "audit-actions"}),
    )
    actor = forms.CharField(label=_("Auteur (courriel)"), required=False)
    date_from = forms.DateField(
        label=_("Du"), required=False, widget=NativeDateInput()
    )
    date_to = forms.DateField(
        label=_("Au"), required=False, widget=NativeDateInput()
    )


class EraseAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je comprends que mes données personnelles seront effacées définitivement.")
    )


__all__ = ["ProfileForm", "BrandingForm", "AuditFilterForm", "EraseAccountForm", "AuditLogEntry"]


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Nom ou adresse e-mail"), required=False, max_length=100)


class MemberInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=Membership.Role.choices)
    form_token = forms.UUIDField(widget=forms.HiddenInput)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Membership.Role.choices)
