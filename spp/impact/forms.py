"""Forms of the impact pages: asking for an attestation, and typing a code to check one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from spp.core.forms import NativeDateInput
from spp.core.models import Organisation


class AttestationForm(forms.Form):
    """An authority among those the person took part with, and the period. The period's own
    rules (order, length, not in the future) are the service's, shown beside the fields."""

    authority = forms.ModelChoiceField(
        label=_("Autorité"), queryset=Organisation.objects.none(), empty_label=None,
        help_text=_("La collectivité ou l’administration dont relèvent les services."))
    starts_on = forms.DateField(label=_("Du"), widget=NativeDateInput())
    ends_on = forms.DateField(label=_("Au (inclus)"), widget=NativeDateInput(),
                              help_text=_("Au plus cinq ans, jusqu’à aujourd’hui."))
    # A double click or a browser retry issues one attestation (spp.core.form_tokens).
    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code de vérification"), max_length=40,
        help_text=_("Imprimé sur l’attestation, par exemple K7QM-3XPA-9TZD."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}))
