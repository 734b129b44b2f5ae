from django import forms
from django.utils.translation import gettext_lazy as _

from spp.core.models import AuditLogEntry, Membership, Organisation, User
from spp.core.uploads import LOGO, megabytes


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
    # A plain file field: the service reads the type from the content, bounds the size and
    # re-encodes the image (spp/core/uploads.py), with its own French messages.
    logo = forms.FileField(
        label=_("Logo"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp,"
                                                         "image/gif"}))

    class Meta:
        model = Organisation
        fields = ["primary_colour", "accent_colour", "logo"]
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = _(
            "Une image PNG, JPEG, WebP ou GIF de %(max)s au plus ; elle est enregistrée en PNG, "
            "sans ses métadonnées.") % {"max": megabytes(LOGO.max_bytes)}


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


class ApiTokenForm(forms.Form):
    """A new API token of an organisation: its name, its scope and how long it lives."""

    NO_EXPIRY = "0"

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Nom du jeton"), max_length=120,
        help_text=_("L’application ou l’usage qu’il sert, pour le reconnaître dans la liste."),
    )
    scope = forms.ChoiceField(
        label=_("Portée"), widget=forms.RadioSelect, initial="read",
        choices=[("read", _("Lecture seule (lire et exporter des données)")),
                 ("write", _("Lecture et écriture (par exemple déposer des signalements)"))],
    )
    lifetime_days = forms.ChoiceField(
        label=_("Validité"), initial="365",
        choices=[("30", _("30 jours")), ("90", _("90 jours")), ("365", _("un an")),
                 (NO_EXPIRY, _("jusqu’à sa révocation"))],
    )

    def clean_lifetime_days(self) -> int | None:
        value = self.cleaned_data["lifetime_days"]
        return None if value == self.NO_EXPIRY else int(value)
