"""The carpool forms: they parse what people type and say what is missing; the services
decide the rest (seats, stops in order, lawful amounts)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.carpool.models import Line, LineTariff, Stop
from spp.core.forms import NativeDateInput

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = [(0, _("lundi")), (1, _("mardi")), (2, _("mercredi")), (3, _("jeudi")),
            (4, _("vendredi")), (5, _("samedi")), (6, _("dimanche"))]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def _at(day, moment) -> datetime:
    return datetime.combine(day, moment, tzinfo=PARIS)


class SearchForm(forms.Form):
    """A passenger's search: two stops, a day and a window at the boarding stop. Its fields
    have short French names, as they appear in the page's address (a search can be shared)."""

    montee = forms.TypedChoiceField(label=_("Je monte à"), coerce=int)
    descente = forms.TypedChoiceField(label=_("Je descends à"), coerce=int)
    jour = forms.DateField(label=_("Jour"), widget=NativeDateInput())
    de = forms.TimeField(label=_("Entre"), widget=TimeInput())
    a = forms.TimeField(label=_("et"), widget=TimeInput())
    places = forms.TypedChoiceField(label=_("Places"), coerce=int, initial=1,
                                    choices=[(n, str(n)) for n in range(1, 5)])

    def __init__(self, *args, stops=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(stop.pk, stop.name) for stop in stops]
        self.fields["montee"].choices = choices
        self.fields["descente"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("montee") and data.get("montee") == data.get("descente"):
            self.add_error("descente", _("Choisissez un arrêt de descente différent de celui "
                                         "de montée."))
        if data.get("de") and data.get("a") and data["a"] <= data["de"]:
            self.add_error("a", _("La fin de la plage horaire doit suivre son début."))
        return data

    def window(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        return _at(data["jour"], data["de"]), _at(data["jour"], data["a"])

    @staticmethod
    def initial_for(now=None) -> dict:
        """Today, from now (rounded down to the quarter) to an hour later."""
        now = timezone.localtime(now or timezone.now(), PARIS)
        start = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
        end = start + timedelta(hours=1)
        if end.date() != start.date():
            end = start.replace(hour=23, minute=59)
        return {"jour": start.date(), "de": start.time(), "a": end.time(), "places": 1}


class TripForm(forms.Form):
    departure_stop = forms.TypedChoiceField(label=_("Je pars de"), coerce=int)
    arrival_stop = forms.TypedChoiceField(label=_("Je vais jusqu’à"), coerce=int)
    day = forms.DateField(label=_("Jour"), widget=NativeDateInput())
    departure_time = forms.TimeField(label=_("Heure de départ"), widget=TimeInput())
    seats = forms.TypedChoiceField(label=_("Places proposées"), coerce=int, initial=3,
                                   choices=[(n, str(n)) for n in range(1, 9)])
    vehicle_class = forms.ChoiceField(
        label=_("Puissance fiscale du véhicule"),
        help_text=_("Elle fixe les frais du trajet selon le barème kilométrique : la "
                    "participation des passagers ne les dépasse jamais."))
    electric = forms.BooleanField(label=_("Véhicule électrique"), required=False)
    tolls = forms.DecimalField(label=_("Péages du trajet (€)"), min_value=0, max_digits=6,
                               decimal_places=2, required=False, localize=True,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    parking = forms.DecimalField(label=_("Stationnement (€)"), min_value=0, max_digits=6,
                                 decimal_places=2, required=False, localize=True,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Répéter chaque"), choices=WEEKDAYS, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Laissez vide pour un trajet unique."))
    last_day = forms.DateField(label=_("Jusqu’au"), required=False, widget=NativeDateInput(),
                               help_text=_("Trois mois au plus."))

    def __init__(self, *args, stops=(), vehicle_classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(stop.pk, stop.name) for stop in stops]
        self.fields["departure_stop"].choices = choices
        self.fields["arrival_stop"].choices = choices
        self.fields["vehicle_class"].choices = [("", _("— choisir —")), *vehicle_classes]

    def clean(self):
        data = super().clean()
        if data.get("departure_stop") and data.get("departure_stop") == data.get("arrival_stop"):
            self.add_error("arrival_stop", _("Choisissez une arrivée différente du départ."))
        if data.get("weekdays") and not data.get("last_day"):
            self.add_error("last_day", _("Indiquez jusqu’à quel jour le trajet se répète."))
        return data

    def departs_at(self) -> datetime:
        return _at(self.cleaned_data["day"], self.cleaned_data["departure_time"])


class BookingForm(forms.Form):
    montee = forms.IntegerField(widget=forms.HiddenInput)
    descente = forms.IntegerField(widget=forms.HiddenInput)
    places = forms.IntegerField(min_value=1, max_value=8, widget=forms.HiddenInput)
    recherche = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PositionForm(forms.Form):
    """The position the browser gives when the person ticks "share my position" (a script
    fills the hidden fields; without it, or without consent, none is sent)."""

    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6,
                                  min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6,
                                   min_value=-180, max_value=180, widget=forms.HiddenInput)
    share_position = forms.BooleanField(
        label=_("Joindre ma position et l’heure, comme preuve du trajet"), required=False,
        widget=forms.CheckboxInput(attrs={"data-geolocate": "true"}),
        help_text=_("Facultatif : votre position n’est prise qu’à cet instant, une seule fois."))

    def position(self):
        data = self.cleaned_data
        if data.get("share_position") and data.get("latitude") is not None \
                and data.get("longitude") is not None:
            return data["latitude"], data["longitude"]
        return None, None


class CodeForm(PositionForm):
    code = forms.CharField(label=_("Code du passager"), max_length=4, min_length=4,
                           widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                         "autocomplete": "off",
                                                         "pattern": "[0-9]{4}"}),
                           help_text=_("Les quatre chiffres affichés sur sa réservation."))

    field_order = ["code", "share_position", "latitude", "longitude"]


class GuaranteeRequestForm(forms.Form):
    share_contact = forms.BooleanField(
        required=False,
        label=_("Transmettre mon prénom et mon numéro de téléphone à la solution de secours, "
                "pour qu’elle me contacte"))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif (transmis aux passagers)"), max_length=300,
                             required=False)


class LineForm(forms.ModelForm):
    fallback_webhook_url = forms.URLField(
        label=Line._meta.get_field("fallback_webhook_url").verbose_name, required=False,
        assume_scheme="https", help_text=Line._meta.get_field("fallback_webhook_url").help_text)

    class Meta:
        model = Line
        fields = ["name", "code", "description", "is_active", "operates_from", "operates_until",
                  "waiting_minutes", "fallback_name", "fallback_webhook_url"]
        widgets = {"operates_from": TimeInput(), "operates_until": TimeInput(),
                   "description": forms.Textarea(attrs={"rows": 3})}


class StopForm(forms.ModelForm):
    class Meta:
        model = Stop
        fields = ["position", "name", "insee_code", "latitude", "longitude",
                  "minutes_from_previous", "km_from_previous", "parking_places", "lighting"]
        localized_fields = ["latitude", "longitude", "km_from_previous"]
        widgets = {"latitude": forms.TextInput(attrs={"inputmode": "decimal"}),
                   "longitude": forms.TextInput(attrs={"inputmode": "decimal"}),
                   "km_from_previous": forms.TextInput(attrs={"inputmode": "decimal"})}


StopFormSet = forms.modelformset_factory(Stop, form=StopForm, extra=2, can_delete=True)


class TariffForm(forms.ModelForm):
    class Meta:
        model = LineTariff
        fields = ["valid_from", "passenger_share_per_km", "incentive_per_passenger",
                  "monthly_incentive_cap", "decided_by"]
        localized_fields = ["passenger_share_per_km", "incentive_per_passenger",
                            "monthly_incentive_cap"]
        widgets = {"valid_from": NativeDateInput(),
                   "passenger_share_per_km": forms.TextInput(attrs={"inputmode": "decimal"}),
                   "incentive_per_passenger": forms.TextInput(attrs={"inputmode": "decimal"}),
                   "monthly_incentive_cap": forms.TextInput(attrs={"inputmode": "decimal"})}
