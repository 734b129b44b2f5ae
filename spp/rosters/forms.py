"""Forms of the rosters pages: they parse input; services decide."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.catalog.models import QualificationType
from spp.core.forms import NativeDateInput
from spp.rosters.models.availability import WEEKDAYS


class ShapeWeekForm(forms.Form):
    """One checkbox per shape of the service's shifts (``selectors.availability_shapes``),
    ticked when the person's windows cover it, and the list of those ticked when the page was
    shown (``shown``): saving adds the shapes ticked and cuts out only those unticked, so a
    window matching no shape is never reshaped nor lost."""

    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, shapes, week=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shapes = list(shapes)
        checked = {s.key for s in self.shapes if week is not None and s.covered_by(week)}
        self.fields["shown"].initial = " ".join(sorted(checked))
        for shape in self.shapes:
            self.fields[shape.key] = forms.BooleanField(
                label=shape.label, required=False, initial=shape.key in checked)

    def changes(self) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
        """(windows to add, windows to cut out) as ``(weekday, start, end)``."""
        shown = set((self.cleaned_data.get("shown") or "").split())
        add, remove = [], []
        for shape in self.shapes:
            if self.cleaned_data.get(shape.key):
                add += shape.parts
            elif shape.key in shown:
                remove += shape.parts
        return add, remove


class WindowForm(forms.Form):
    """A free time range on a weekday: kept as typed (merged with the windows it touches)."""

    weekday = forms.TypedChoiceField(label=_("Jour"), choices=WEEKDAYS, coerce=int)
    start = forms.TimeField(label=_("De"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("À"), widget=forms.TimeInput(attrs={"type": "time"}),
                          help_text=_("00:00 pour minuit ; une heure de fin avant le début : "
                                      "jusqu’au lendemain."))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None:
            if start == end:
                self.add_error("end", _("L’heure de fin doit être différente de l’heure de "
                                        "début."))
            elif start.second or end.second:
                self.add_error(None, _("Indiquez des heures et des minutes, sans secondes."))
        return data

    def minutes(self) -> tuple[int, int, int]:
        data = self.cleaned_data
        return (data["weekday"], data["start"].hour * 60 + data["start"].minute,
                data["end"].hour * 60 + data["end"].minute)


class ExceptionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Du"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Au"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}))
    available = forms.TypedChoiceField(
        label=_("Je suis"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
        choices=[("0", _("indisponible")), ("1", _("disponible en plus"))], initial="0")
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


def _qualification_choices():
    return [("", _("Toute personne inscrite"))] + [
        (t.code, t.name) for t in QualificationType.objects.order_by("name")]


class NeedsMixin(forms.Form):
    """Up to three need lines: qualification, minimum, maximum."""

    LINES = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _qualification_choices()
        for i in range(self.LINES):
            self.fields[f"need{i}_code"] = forms.ChoiceField(
                label=_("Besoin %(n)s : qualification") % {"n": i + 1}, choices=choices,
                required=False)
            self.fields[f"need{i}_min"] = forms.IntegerField(
                label=_("Besoin %(n)s : minimum") % {"n": i + 1}, min_value=0, max_value=50,
                required=i == 0, initial=1 if i == 0 else None)
            self.fields[f"need{i}_max"] = forms.IntegerField(
                label=_("Besoin %(n)s : maximum") % {"n": i + 1}, min_value=1, max_value=50,
                required=i == 0, initial=1 if i == 0 else None)

    def needs(self) -> list[dict]:
        data = self.cleaned_data
        return [{"code": data.get(f"need{i}_code") or "", "min": data[f"need{i}_min"],
                 "max": data.get(f"need{i}_max") or data[f"need{i}_min"]}
                for i in range(self.LINES) if data.get(f"need{i}_min") is not None]


class ShiftForm(NeedsMixin):
    title = forms.CharField(label=_("Intitulé"), max_length=120)
    place = forms.CharField(label=_("Lieu"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Début"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Fin"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}))
    field_order = ["title", "place", "starts_at", "ends_at"]


class PatternForm(NeedsMixin):
    title = forms.CharField(label=_("Intitulé"), max_length=120)
    place = forms.CharField(label=_("Lieu"), max_length=200)
    weekdays = forms.TypedMultipleChoiceField(label=_("Jours"), choices=WEEKDAYS, coerce=int,
                                              widget=forms.CheckboxSelectMultiple)
    start_time = forms.TimeField(label=_("Début"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Fin"), widget=forms.TimeInput(attrs={"type": "time"}),
                               help_text=_("Avant le début : la garde finit le lendemain."))
    valid_from = forms.DateField(label=_("Générer du"), widget=NativeDateInput())
    valid_until = forms.DateField(label=_("au"), widget=NativeDateInput())
    skip_public_holidays = forms.BooleanField(label=_("Sauf jours fériés"), required=False,
                                              initial=True)
    field_order = ["title", "place", "weekdays", "start_time", "end_time", "valid_from",
                   "valid_until", "skip_public_holidays"]

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_until"):
            if data["valid_until"] < data["valid_from"]:
                self.add_error("valid_until", _("La fin doit suivre le début."))
            elif data["valid_until"] - data["valid_from"] > timedelta(days=93):
                self.add_error("valid_until", _("Trois mois au plus à la fois."))
        return data


class PeriodForm(forms.Form):
    starts_on = forms.DateField(label=_("Du"), widget=NativeDateInput())
    ends_on = forms.DateField(label=_("Au"), widget=NativeDateInput())


class RosterRequestForm(PeriodForm):
    """The auto-roster's period, sent once (``spp.core.form_tokens``)."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)


# The dates the rosters pages read (a month, a day): far enough for any real use, and
# bounded so that a day or a month around them never leaves Python's calendar.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _within_years(day):
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Choisissez une date entre %(a)s et %(b)s.") % {"a": FIRST_YEAR, "b": LAST_YEAR},
            code="out_of_range")
    return day


class MonthForm(forms.Form):
    month = forms.DateField(label=_("Mois"), input_formats=["%Y-%m"], required=False,
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = timezone.localdate().replace(day=1)

    def clean_month(self):
        return _within_years(self.cleaned_data.get("month"))

    def first_day(self):
        """The month asked for; today's when none or an invalid one was given (the form
        then holds the error to show)."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("month"):
            return self.cleaned_data["month"].replace(day=1)
        return timezone.localdate().replace(day=1)


class DayForm(forms.Form):
    jour = forms.DateField(label=_("Jour"), input_formats=["%Y-%m-%d"],
                           widget=NativeDateInput())

    def clean_jour(self):
        return _within_years(self.cleaned_data.get("jour"))


class WeekForm(forms.Form):
    """The open shifts' filters: the week from ``du`` (today by default) and one of the
    qualifications the person holds (``qualification``; all of them by default)."""

    du = forms.DateField(label=_("À partir du"), input_formats=["%Y-%m-%d"], required=False,
                         widget=NativeDateInput())
    qualification = forms.ChoiceField(label=_("Qualification"), required=False)

    def __init__(self, *args, codes: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qualification"].choices = [("", _("Toutes les miennes"))] + sorted(
            codes.items(), key=lambda item: item[1])

    def clean_du(self):
        return _within_years(self.cleaned_data.get("du"))

    def first_day(self):
        today = timezone.localdate()
        if self.is_bound and self.is_valid() and self.cleaned_data.get("du"):
            return max(today, self.cleaned_data["du"])
        return today

    def code(self) -> str | None:
        """The qualification chosen, None for all the person's ones."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("qualification") or None
        return None


class HoursForm(forms.Form):
    hours = forms.DecimalField(label=_("Heures"), min_value=0.25, max_value=48,
                               decimal_places=2, required=False)


def aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class HouseholdForm(forms.Form):
    name = forms.CharField(label=_("Nom du foyer"), max_length=120)
    monthly_quota = forms.IntegerField(label=_("Permanences dues par mois"), min_value=0,
                                       max_value=31, initial=4)
    members = forms.ModelMultipleChoiceField(label=_("Membres"), queryset=None,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, service, **kwargs):
        from spp.core.models import User

        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = User.objects.filter(
            enrolments__service=service, enrolments__status="active").exclude(
            household_memberships__service=service).order_by("last_name", "first_name")


class LateSignupForm(forms.Form):
    """Taking a place on a shift inside the no-withdrawal window: the person ticks that they
    know they will not be able to withdraw themself."""

    late_ok = forms.BooleanField(
        label=_("J’ai compris : je ne pourrai plus me désister moi-même de cette garde."),
        error_messages={"required": _("Cochez la case pour confirmer votre engagement.")})


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Raison (facultatif, lue par la coordination)"),
                             required=False, max_length=200,
                             widget=forms.Textarea(attrs={"rows": 2}))


CALLOUT_MESSAGE_MAX = 300  # CallOut.message; the SMS may cut it (tasks.SMS_MAX)


class CallOutForm(forms.Form):
    """The coordinator's call-out: how many places, and a message for those alerted."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    places = forms.IntegerField(label=_("Places à pourvoir"), min_value=1, max_value=99)
    message = forms.CharField(
        label=_("Message aux bénévoles (facultatif)"), required=False,
        max_length=CALLOUT_MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("300 caractères au plus. Il s’affiche sur la page de l’alerte et dans la "
                    "notification ; le SMS en reprend le début."))


class ShiftCalendarForm(forms.Form):
    """"Mes gardes" as a list, a week (from Monday) or a month, around the day ``du``."""

    VIEWS = [("liste", _("Liste")), ("semaine", _("Semaine")), ("mois", _("Mois"))]
    vue = forms.ChoiceField(label=_("Affichage"), choices=VIEWS, required=False)
    du = forms.DateField(label=_("Autour du"), input_formats=["%Y-%m-%d"], required=False,
                         widget=NativeDateInput())

    def clean_du(self):
        return _within_years(self.cleaned_data.get("du"))

    def view(self) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("vue") or "liste"
        return "liste"

    def day(self):
        if self.is_bound and self.is_valid() and self.cleaned_data.get("du"):
            return self.cleaned_data["du"]
        return timezone.localdate()
