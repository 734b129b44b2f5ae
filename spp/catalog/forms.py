from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.catalog import workflow
from spp.catalog.models import Enrolment, Incident, QualificationType, Service
from spp.core.forms import NativeDateInput


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


class QualificationForm(forms.Form):
    qualification_type = forms.ModelChoiceField(
        label=_("Qualification"), queryset=QualificationType.objects.all()
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
