import re

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.catalog import workflow
from spp.catalog.models import Enrolment, Incident, Pattern, QualificationType, Service
from spp.core.forms import NativeDateInput
from spp.core.models import Commune, Organisation


class EnrolForm(forms.Form):
    """Enrolment is consent to a precise text: the version read travels with the form."""

    charter_version = forms.IntegerField(widget=forms.HiddenInput)
    form_token = forms.UUIDField(widget=forms.HiddenInput)
    accept_charter = forms.BooleanField(
        label=_("J’ai lu la charte et je m’engage à la respecter."),
        error_messages={"required": _("Vous devez accepter la charte pour vous inscrire.")},
    )


class EnrolmentActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in workflow.ENROLMENT_TRANSITIONS])
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour refuser, suspendre ou mettre fin."),
    )


class QualificationTypeChoiceField(forms.ModelChoiceField):
    """A type by its name and the organisation that defines it: two organisations may both
    define a "Chef d’agrès"."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.owner.name})" if obj.owner_id else obj.name


class QualificationForm(forms.Form):
    """A qualification a service's manager records. ``types``: the ones they may verify
    (``permissions.qualification_types_verifiable_by``); any other is refused as a choice."""

    qualification_type = QualificationTypeChoiceField(
        label=_("Qualification"),
        queryset=QualificationType.objects.filter(is_active=True),
        help_text=_(
            "Seules les qualifications que votre organisation définit, ou qu’elle est "
            "habilitée à vérifier, sont proposées."
        ),
        error_messages={
            "invalid_choice": _(
                "Vous ne pouvez pas enregistrer cette qualification : seule l’organisation qui "
                "la définit, ou une organisation qu’elle habilite, la vérifie."
            )
        },
    )
    obtained_on = forms.DateField(
        label=_("Obtenue le"), widget=NativeDateInput()
    )
    expires_on = forms.DateField(
        label=_("Expire le"),
        required=False,
        widget=NativeDateInput(),
        help_text=_("Vide : calculée d’après la durée de validité."),
    )
    in_training = forms.BooleanField(label=_("En formation"), required=False)
    evidence_reference = forms.CharField(label=_("Justificatif (référence)"), required=False)
    verify = forms.BooleanField(label=_("J’ai vérifié le justificatif"), required=False)

    def __init__(self, *args, types=None, **kwargs):
        super().__init__(*args, **kwargs)
        if types is not None:
            self.fields["qualification_type"].queryset = types


class IncidentForm(forms.Form):
    form_token = forms.UUIDField(widget=forms.HiddenInput)
    service = forms.ModelChoiceField(label=_("Service concerné"), queryset=Service.objects.none())
    kind = forms.ChoiceField(label=_("Nature"), choices=Incident.Kind.choices)
    occurred_at = forms.DateTimeField(
        label=_("Date et heure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Lieu"), max_length=200)
    description = forms.CharField(label=_("Ce qui s’est passé"), widget=forms.Textarea)

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            services if services is not None else Service.objects.none()
        )

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        return value


class IncidentActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in workflow.INCIDENT_TRANSITIONS])
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class CharterForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    body = forms.CharField(label=_("Texte de la charte"), widget=forms.Textarea(attrs={"rows": 14}))


class EnrolmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous"))] + list(Enrolment.Status.choices)
    )
    q = forms.CharField(label=_("Nom ou courriel"), required=False)


class ServiceSetupForm(forms.Form):
    """A service's settings, as its authority sets them up. The territory's communes are typed
    as INSEE codes (5 characters each, separated by spaces or commas) and checked against the
    communes' table; unknown codes are named back, the text kept as typed."""

    class Mode(models.TextChoices):
        DIRECT = "regie", _("En régie (l’autorité gère elle-même le service)")
        DELEGATED = "delegation", _("En délégation (un opérateur gère le service)")

    name = forms.CharField(label=_("Nom du service"), max_length=200)
    summary = forms.CharField(
        label=_("Résumé"), max_length=300, help_text=_("Une phrase, montrée dans la liste.")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    mode = forms.ChoiceField(
        label=_("Mode de gestion"), choices=Mode.choices, widget=forms.RadioSelect
    )
    operator = forms.ModelChoiceField(
        label=_("Opérateur délégataire"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("— Choisir —"),
        help_text=_("Seulement en délégation."),
    )
    territory_label = forms.CharField(
        label=_("Territoire"), max_length=200, help_text=_("Par exemple : « Pays voironnais »")
    )
    communes = forms.CharField(
        label=_("Communes couvertes (codes INSEE)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("Les codes INSEE, séparés par des espaces ou des virgules : 38563 38185"),
    )
    patterns = forms.MultipleChoiceField(
        label=_("Modes de participation"),
        choices=Pattern.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un mode de participation.")},
    )
    requires_approval = forms.BooleanField(
        label=_("Inscription validée par un agent"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.OPERATOR
        ).order_by("name")

    def clean_communes(self):
        codes = [code for code in re.split(r"[\s,;]+", self.cleaned_data["communes"]) if code]
        malformed = [code for code in codes if not re.fullmatch(r"[0-9][0-9AB][0-9]{3}", code)]
        if malformed:
            raise forms.ValidationError(
                _("Codes INSEE mal écrits : %(codes)s (5 caractères, comme 38563 ou 2A004).")
                % {"codes": ", ".join(malformed[:10])}
            )
        found = {c.insee: c for c in Commune.objects.filter(insee__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(
                _("Codes INSEE inconnus : %(codes)s.") % {"codes": ", ".join(unknown[:10])}
            )
        return list({code: found[code] for code in codes}.values())

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.Mode.DELEGATED and not data.get("operator"):
            self.add_error("operator", _("Choisissez l’opérateur à qui le service est délégué."))
        if data.get("mode") == self.Mode.DIRECT:
            data["operator"] = None
        return data

    def setup_fields(self) -> dict:
        """The cleaned values, named as the services take them."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "summary": data["summary"],
            "description": data["description"],
            "operator": data["operator"],
            "territory_label": data["territory_label"],
            "patterns": list(data["patterns"]),
            "requires_approval": data["requires_approval"],
        }

    @classmethod
    def initial_for(cls, service) -> dict:
        return {
            "name": service.name,
            "summary": service.summary,
            "description": service.description,
            "mode": cls.Mode.DELEGATED if service.is_delegated else cls.Mode.DIRECT,
            "operator": service.operator_id,
            "territory_label": service.territory_label,
            "communes": " ".join(
                service.communes.order_by("insee").values_list("insee", flat=True)
            ),
            "patterns": list(service.patterns),
            "requires_approval": service.requires_approval,
        }


class ServiceCreateForm(ServiceSetupForm):
    """A new service: its settings, the authority it belongs to (when the person sets up the
    services of several), and the first version of its charter."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    authority = forms.ModelChoiceField(
        label=_("Autorité"), queryset=Organisation.objects.none(), empty_label=None
    )
    charter_title = forms.CharField(label=_("Titre de la charte"), max_length=200)
    charter_body = forms.CharField(
        label=_("Texte de la charte"), widget=forms.Textarea(attrs={"rows": 10})
    )
    publish = forms.BooleanField(
        label=_("Publier le service dès sa création"),
        required=False,
        help_text=_("Sinon, seuls ses gestionnaires le voient jusqu’à sa publication."),
    )

    field_order = ["authority"]

    def __init__(self, *args, authorities=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = authorities if authorities is not None else Organisation.objects.none()
        self.fields["authority"].queryset = queryset
        if len(queryset) == 1:
            # Only one: taken from here, never from what the browser sends.
            self.fields["authority"].widget = forms.HiddenInput()
            self.fields["authority"].initial = queryset[0].pk
            self.fields["authority"].disabled = True


class CharterVersionForm(CharterForm):
    """A new charter version, once: the form token stops a double submission publishing two."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
