"""The expenses forms: they parse and say what is missing; the services decide the rest."""

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from spp.expenses.models import CostCategory, PaymentExport, Policy
from spp.expenses.services.policies import POLICY_FIELDS


class ClaimLineForm(forms.Form):
    """One cost. The fields shown depend on the cost: kilometres and a vehicle for mileage, an
    amount and a receipt for the others (the page shows both; the service checks)."""

    category = forms.ChoiceField(label=_("Nature du frais"))
    description = forms.CharField(label=_("Libellé"), max_length=255, required=False,
                                  help_text=_("Ex. : parking de la gare, repas du midi."))
    distance_km = forms.DecimalField(
        label=_("Distance parcourue (km)"), required=False, min_value=0, max_digits=7,
        decimal_places=1, localize=True, help_text=_("Pour les kilomètres : aller et retour."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    vehicle_class = forms.ChoiceField(label=_("Véhicule"), required=False)
    electric = forms.BooleanField(label=_("Véhicule électrique"), required=False)
    amount = forms.DecimalField(
        label=_("Montant payé (€)"), required=False, min_value=0, max_digits=8,
        decimal_places=2, localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    receipt = forms.FileField(
        label=_("Justificatif (photo ou PDF)"), required=False,
        help_text=_("Prenez le ticket en photo ; 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf",
                                               "capture": "environment"}))

    def __init__(self, *args, categories=(), vehicle_classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CostCategory.choices)
        self.fields["category"].choices = [(c, labels[c]) for c in categories]
        self.fields["vehicle_class"].choices = [("", _("— choisir —")), *vehicle_classes]
        if not vehicle_classes:
            for name in ("distance_km", "vehicle_class", "electric"):
                del self.fields[name]


class DecisionForm(forms.Form):
    """The reviewer's note; the button pressed (``decision``: approve or reject) says what."""

    reason = forms.CharField(label=_("Motif (obligatoire pour un refus)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PolicyForm(forms.ModelForm):
    """The policy's terms, and for each cost a person may claim: covered or not, and from what
    amount a receipt is needed (0: always; empty: never)."""

    class Meta:
        model = Policy
        fields = list(POLICY_FIELDS)
        localized_fields = ["ceiling_per_claim", "ceiling_per_month", "ceiling_per_year",
                            "monthly_budget"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = ({cost.category: cost for cost in self.instance.costs.all()}
                   if self.instance.pk else {})
        for category, label in CostCategory.choices:
            if category == CostCategory.HOURLY_ALLOWANCE:
                continue
            cost = current.get(category)
            self.fields[f"cover_{category}"] = forms.BooleanField(
                label=_("Prendre en charge : %(cost)s") % {"cost": label}, required=False,
                initial=cost is not None)
            self.fields[f"receipt_{category}"] = forms.DecimalField(
                label=_("%(cost)s : justificatif exigé au-delà de (€)") % {"cost": label},
                required=False, min_value=0, max_digits=8, decimal_places=2, localize=True,
                initial=cost.receipt_required_above if cost else 0,
                help_text=_("0 : toujours ; vide : jamais (kilomètres, vacations calculées)."))

    def costs(self) -> dict:
        data = self.cleaned_data
        return {category: data.get(f"receipt_{category}")
                for category, _label in CostCategory.choices
                if data.get(f"cover_{category}")}

    def terms(self) -> dict:
        return {name: self.cleaned_data[name] for name in POLICY_FIELDS}


class PayoutAccountForm(forms.Form):
    holder_name = forms.CharField(
        label=gettext_lazy("Titulaire du compte"),
        max_length=70,
        help_text=gettext_lazy("Le nom inscrit sur votre relevé d’identité bancaire (RIB)."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    iban = forms.CharField(
        label=gettext_lazy("IBAN"),
        max_length=50,
        help_text=gettext_lazy(
            "27 caractères pour un compte en France, commençant par FR76 ; les espaces sont permis."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    bic = forms.CharField(
        label=gettext_lazy("BIC"),
        max_length=15,
        required=False,
        help_text=gettext_lazy(
            "Facultatif : laissé vide, il est retrouvé à partir de l’IBAN quand c’est possible."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


class ExportForm(forms.Form):
    form_token = forms.UUIDField(widget=forms.HiddenInput)
    format = forms.ChoiceField(
        label=gettext_lazy("Format du fichier"),
        choices=PaymentExport.Format.choices,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Je confirme la mise en paiement : les demandes exportées seront "
            "marquées payées et ne pourront plus être exportées."
        ),
        error_messages={
            "required": gettext_lazy("Cochez la case pour confirmer la mise en paiement.")
        },
    )


class WaiverForm(forms.Form):
    signer_name = forms.CharField(
        label=gettext_lazy("Vos nom et prénoms"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    signer_address = forms.CharField(
        label=gettext_lazy("Votre adresse complète"),
        max_length=500,
        help_text=gettext_lazy(
            "Numéro, rue, code postal et commune : le reçu fiscal la mentionnera."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    accept = forms.BooleanField(
        label=gettext_lazy(
            "Je renonce expressément au remboursement de ces frais et les "
            "laisse à l’association à titre de don."
        ),
        required=True,
    )
    digest = forms.CharField(widget=forms.HiddenInput)


class YearForm(forms.Form):
    annee = forms.IntegerField(label=gettext_lazy("Année des dons"), min_value=2000, max_value=9999)
