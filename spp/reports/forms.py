"""Forms of the reports pages: they parse input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spp.core.forms import NativeDateInput
from spp.core.models import Organisation
from spp.reports import attributes, workflow
from spp.reports.models import Confirmation, Report


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to three photos in one input (validated and re-encoded by photos.py)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ReportForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Catégorie"), queryset=None,
                                      empty_label=_("— Choisir —"))
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90,
                                help_text=_("Touchez la carte ou utilisez votre position."))
    longitude = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    address = forms.CharField(label=_("Adresse ou repère (facultatif)"), max_length=255,
                              required=False)
    description = forms.CharField(label=_("Description"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultipleFileField(label=_("Photos (3 au plus)"), required=False,
                               help_text=_("JPEG, PNG ou WebP ; 10 Mo au plus chacune."))
    email = forms.EmailField(label=_("Votre adresse électronique"), required=False,
                             help_text=_("Pour suivre le traitement de votre signalement."))
    form_token = forms.UUIDField(widget=forms.HiddenInput)
    # The references of the near open reports the person was offered and chose not to support
    # ("mine is different"): set by the server's offer, or by reports.js when it showed one.
    seen_duplicates = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    # Photos already sent when the form came back, kept by the server (photos.hold).
    held_photos = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def __init__(self, *args, categories, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        if signed_in:
            del self.fields["email"]
        else:
            self.fields["email"].required = True

    def clean_seen_duplicates(self) -> set[str]:
        return {ref.strip() for ref in self.cleaned_data["seen_duplicates"].split(",")
                if ref.strip()}

    def offer(self, references) -> None:
        """Re-render with these references marked as seen: sending again confirms."""
        self.data = self.data.copy()
        self.data["seen_duplicates"] = ",".join(references)

    def keep_photos(self, token: str, count: int) -> None:
        """Re-render carrying the photos the server holds, and say so beside the field."""
        self.data = self.data.copy()
        self.data["held_photos"] = token
        if count:
            # The bound field copied the help text when the form was validated.
            self["photos"].help_text = ngettext(
                "Votre photo est conservée : elle partira avec le signalement. Vous pouvez en "
                "ajouter jusqu’à 3 en tout.",
                "Vos %(count)s photos sont conservées : elles partiront avec le signalement. "
                "Vous pouvez en ajouter jusqu’à 3 en tout.", count) % {"count": count}


class SupportForm(forms.Form):
    email = forms.EmailField(label=_("Votre adresse électronique"), required=False)


class ConfirmForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Votre constat"), choices=Confirmation.Outcome.choices,
                                widget=forms.RadioSelect)
    note = forms.CharField(label=_("Précision (facultatif)"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("État"), required=False, choices=[
        ("open", _("Ouverts")), ("overdue", _("En retard")), ("all", _("Tous")),
        *Report.Status.choices])
    category = forms.TypedChoiceField(label=_("Catégorie"), required=False, coerce=int,
                                      empty_value=None)
    sort = forms.ChoiceField(label=_("Tri"), required=False, choices=[
        ("oldest", _("Plus anciens d’abord")), ("newest", _("Plus récents d’abord"))])
    bbox = forms.CharField(label=_("Zone (lat. min, lon. min, lat. max, lon. max)"),
                           required=False)

    def __init__(self, *args, categories, **kwargs):
        """``categories``: (id, name) pairs (a plain list: no server-side cursor on render)."""
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Toutes")), *categories]

    def clean_bbox(self):
        return parse_bbox(self.cleaned_data["bbox"], strict=True)

    def options(self, name: str) -> list[tuple[str, str, bool]]:
        """(value, label, selected) of a choice field, as its Select widget would show them
        (the value sent, else the first choice): the template writes the <option>s itself,
        since rendering the widget costs a template per option."""
        value = self[name].value()
        current = "" if value is None else str(value)
        return [(str(choice), label, str(choice) == current)
                for choice, label in self.fields[name].choices]


def parse_bbox(raw: str, *, strict: bool = False):
    """"min_lat,min_lon,max_lat,max_lon" → tuple, or None (ValidationError when strict)."""
    if not raw:
        return None
    try:
        values = tuple(float(v) for v in raw.split(","))
        if len(values) != 4 or values[0] > values[2] or values[1] > values[3]:
            raise ValueError
    except ValueError:
        if strict:
            raise forms.ValidationError(_("Quatre nombres séparés par des virgules.")) from None
        return None
    return values


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"),
                               choices=list(workflow.ACTION_LABELS.items()))
    note = forms.CharField(label=_("Message au déclarant"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Public. Obligatoire pour rejeter ou rouvrir."))
    duplicate_of = forms.CharField(label=_("Référence du signalement d’origine"),
                                   required=False, max_length=20)


class RecategoriseForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Nouvelle catégorie"), coerce=int)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Agent chargé"), coerce=int, required=False,
                                      empty_value=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Toute l’équipe")), *people]


class EventForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(label=_("Visible du public (sinon : note interne)"),
                                required=False)


class CategoryTargetForm(forms.Form):
    target_days = forms.IntegerField(label=_("Délai cible (jours)"), min_value=1, max_value=365)


class TargetDateForm(forms.Form):
    target_date = forms.DateField(label=_("Date cible"),
                                  widget=NativeDateInput())


class AttributesForm(forms.Form):
    """The categories' extra questions (Open311 attributes), one fieldset per category; only
    the chosen category's answers are used. Fields are optional here: the service enforces
    what the chosen category requires, with a message naming the question."""

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for category in categories:
            names = []
            for attribute in attributes.definitions(category):
                if not attribute.get("variable", True):
                    continue
                name = f"c{category.pk}_{attribute['code']}"
                self.fields[name] = _attribute_field(attribute)
                names.append(name)
            if names:
                self.groups.append((category, names))

    def grouped(self):
        return [(category, [self[name] for name in names]) for category, names in self.groups]

    def values_for(self, category) -> dict:
        prefix = f"c{category.pk}_"
        values = {}
        for name, value in self.cleaned_data.items():
            if name.startswith(prefix) and value not in (None, "", []):
                values[name[len(prefix):]] = value.isoformat() if hasattr(
                    value, "isoformat") else value
        return values


def _attribute_field(attribute) -> forms.Field:
    label = attribute.get("description") or attribute["code"]
    help_text = _("Obligatoire pour cette catégorie.") if attribute.get("required") else ""
    choices = [(str(v["key"]), v["name"]) for v in attribute.get("values", [])]
    kind = attribute.get("datatype", "string")
    options = {"label": label, "required": False, "help_text": help_text}
    if kind == "singlevaluelist":
        return forms.ChoiceField(choices=[("", _("— Choisir —")), *choices], **options)
    if kind == "multivaluelist":
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple,
                                         **options)
    if kind == "number":
        return forms.FloatField(**options)
    if kind == "datetime":
        return forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                   **options)
    if kind == "text":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **options)
    return forms.CharField(max_length=500, **options)


class CategoryForm(forms.Form):
    """A report category as its service's coordinators set it: its name, whom its reports go
    to (the service's authority or its operator, and a team there), the target time and
    whether it takes new reports."""

    name = forms.CharField(label=_("Nom de la catégorie"), max_length=120)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    group = forms.CharField(label=_("Groupe"), max_length=80, required=False,
                            help_text=_("Pour ranger les catégories : « Voirie », « Propreté »…"))
    organisation = forms.ModelChoiceField(label=_("Signalements transmis à"),
                                          queryset=Organisation.objects.none(), empty_label=None)
    team = forms.CharField(label=_("Équipe"), max_length=120, required=False)
    target_days = forms.IntegerField(label=_("Délai cible (jours)"), min_value=1, max_value=365)
    is_active = forms.BooleanField(
        label=_("Reçoit de nouveaux signalements"), required=False,
        help_text=_("Décochée, la catégorie n’est plus proposée ; ses signalements restent."))

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [service.authority_id] + ([service.operator_id] if service.operator_id else [])
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=ids)

    @classmethod
    def initial_for(cls, category) -> dict:
        return {name: getattr(category, name) for name in (
            "name", "description", "group", "team", "target_days", "is_active")} | {
            "organisation": category.organisation_id}


class CategoryCreateForm(CategoryForm):
    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["is_active"]  # a new category takes reports
