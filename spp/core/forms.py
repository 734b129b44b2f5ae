from django import forms
from django.utils.translation import gettext_lazy as _

from spp.core.models import AuditLogEntry, Organisation, User


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
    action = forms.CharField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Auteur (courriel)"), required=False)
    date_from = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class EraseAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je comprends que mes données personnelles seront effacées définitivement.")
    )


__all__ = ["ProfileForm", "BrandingForm", "AuditFilterForm", "EraseAccountForm", "AuditLogEntry"]
