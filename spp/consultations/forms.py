"""Forms of the consultations app: they parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from spp.consultations.models import Consultation, ModerationDecision, Question, Section
from spp.consultations.selectors import SHUFFLE_SEED_LIMIT


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["title", "slug", "kind", "context", "opens_at", "closes_at", "results_at",
                  "audience", "moderation", "accepts_proposals", "is_published"]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput(),
                   "results_at": DateTimeInput(),
                   "context": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"slug": _("Sert dans l’adresse de la page (lettres, chiffres, tirets).")}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.Form):
    section = forms.ModelChoiceField(queryset=Section.objects.none(), label=_("Partie"))
    kind = forms.ChoiceField(choices=Question.Kind.choices, label=_("Type"))
    label = forms.CharField(max_length=300, label=_("Intitulé"))
    help_text = forms.CharField(max_length=300, required=False, label=_("Aide"))
    required = forms.BooleanField(required=False, label=_("Réponse obligatoire"))
    choices = forms.CharField(
        required=False, label=_("Choix"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Un choix par ligne (choix unique, multiple et classement)."))
    scale_min = forms.IntegerField(initial=1, label=_("Minimum de l’échelle"))
    scale_max = forms.IntegerField(initial=5, label=_("Maximum de l’échelle"))
    position = forms.IntegerField(required=False, min_value=0, label=_("Ordre"))

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = consultation.sections.all()

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines()
                if line.strip()]


class ProposalForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Titre de votre proposition"))
    body = forms.CharField(max_length=10_000, label=_("Votre proposition"),
                           widget=forms.Textarea(attrs={"rows": 8}))
    form_token = forms.UUIDField(widget=forms.HiddenInput)


class ProposalEditForm(forms.Form):
    """The author's correction of their proposal (a second save changes nothing: no token)."""

    title = forms.CharField(max_length=200, label=_("Titre de votre proposition"))
    body = forms.CharField(max_length=10_000, label=_("Votre proposition"),
                           widget=forms.Textarea(attrs={"rows": 8}))


class CommentForm(forms.Form):
    body = forms.CharField(max_length=3000, label=_("Votre commentaire"),
                           widget=forms.Textarea(attrs={"rows": 4}))


class AbuseReportForm(forms.Form):
    reason = forms.CharField(max_length=300, label=_("Ce qui pose problème"))
    comment = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ModerationForm(forms.Form):
    TARGETS = [("proposal", _("Proposition")), ("comment", _("Commentaire"))]

    target = forms.ChoiceField(choices=TARGETS, widget=forms.HiddenInput)
    target_id = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ModerationDecision.Action.choices, label=_("Décision"))
    public_reason = forms.CharField(max_length=300, required=False, label=_("Motif public"))
    report = forms.IntegerField(required=False, widget=forms.HiddenInput)  # dismiss: one report


class MergeForm(forms.Form):
    into = forms.IntegerField(min_value=1, label=_("Numéro de la proposition à garder"),
                              help_text=_("Le numéro figure sur sa page (n° …)."))


class ProposalFilterForm(forms.Form):
    SORTS = [("newest", _("Les plus récentes")), ("supported", _("Les plus soutenues")),
             ("random", _("Ordre aléatoire"))]

    q = forms.CharField(required=False, max_length=200, label=_("Rechercher"))
    sort = forms.ChoiceField(choices=SORTS, required=False, label=_("Trier par"))
    seed = forms.IntegerField(required=False, min_value=0, max_value=SHUFFLE_SEED_LIMIT - 1,
                              widget=forms.HiddenInput)


class ExportForm(forms.Form):
    dataset = forms.ChoiceField(choices=[("answers", _("Réponses")),
                                         ("proposals", _("Propositions"))], label=_("Données"))
    fmt = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON")],
                            label=_("Format"))
    personal = forms.BooleanField(required=False,
                                  label=_("Inclure les noms et courriels (rôle habilité)"))
