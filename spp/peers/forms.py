"""The peers forms: they parse what people type; the services decide (consent, eligibility,
capacity) and their messages land beside the fields (``spp.core.form_errors``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.core.forms import NativeDateInput
from spp.core.models import Commune
from spp.peers.models import Domain, Language, Mode


def _communes(service):
    """The communes the service covers (all, when it names none)."""
    covered = service.communes.all().order_by("name")
    return covered if covered.exists() else Commune.objects.order_by("name")


class RequestForm(forms.Form):
    """A request, for oneself or (``referred``) for a patient."""

    domain = forms.ModelChoiceField(label=_("Domaine"), queryset=Domain.objects.none(),
                                    empty_label=_("Choisissez"))
    preferred_mode = forms.ChoiceField(label=_("Rencontre souhaitée"), choices=Mode.choices,
                                       widget=forms.RadioSelect, initial=Mode.PHONE)
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none(),
                                     required=False, empty_label=_("Choisissez"),
                                     help_text=_("Pour une rencontre en personne."))
    preferred_language = forms.ChoiceField(label=_("Langue"), choices=Language.choices,
                                           initial=Language.FRENCH)
    first_name = forms.CharField(label=_("Prénom"), max_length=80, required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"type": "tel",
                                                          "autocomplete": "tel"}))
    email = forms.EmailField(label=_("Courriel"), required=False)
    availability = forms.CharField(
        label=_("Disponibilités"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par exemple : « en semaine après 17 h ». Aucune information médicale."))
    consent = forms.BooleanField(
        label=_("J’accepte que ma demande et mes coordonnées soient transmises au pair choisi "
                "par la coordination."), required=False)

    def __init__(self, *args, service, referred=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = Domain.objects.filter(service=service, is_active=True)
        self.fields["commune"].queryset = _communes(service)
        if referred:
            self.fields["first_name"].label = _("Prénom de la personne")
            self.fields["consent"].label = _(
                "La personne accepte que sa demande et ses coordonnées soient transmises au "
                "pair choisi par la coordination.")


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date de la séance"), widget=NativeDateInput(),
                              initial=timezone.localdate)
    duration_minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=5,
                                          max_value=480, initial=60)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, widget=forms.RadioSelect)


class ProfileForm(forms.Form):
    domains = forms.ModelMultipleChoiceField(label=_("Mes domaines"),
                                             queryset=Domain.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=_("Langues parlées"), choices=Language.choices,
                                          widget=forms.CheckboxSelectMultiple, initial=["fr"])
    modes = forms.MultipleChoiceField(label=_("Rencontres"), choices=Mode.choices,
                                      widget=forms.CheckboxSelectMultiple)
    commune = forms.ModelChoiceField(label=_("Ma commune"), queryset=Commune.objects.none(),
                                     required=False, empty_label=_("Choisissez"))
    radius_km = forms.IntegerField(label=_("Je me déplace jusqu’à (km)"), min_value=1,
                                   max_value=100, initial=20)
    weekly_capacity = forms.IntegerField(label=_("Personnes accompagnées à la fois"),
                                         min_value=1, max_value=20, initial=2)
    is_active = forms.BooleanField(label=_("Je suis disponible pour de nouvelles personnes"),
                                   required=False, initial=True)

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domains"].queryset = Domain.objects.filter(service=service, is_active=True)
        self.fields["commune"].queryset = _communes(service)
