"""The Django admin of indemnification.

What an admin edits here: the legal rate tables (a new text in force is a new table with its
brackets or hourly rates, never a code change) and the services' policies. The rest is shown,
not edited: a claim's status moves only through the workflow's services (approvals, exports and
payments are audited and kept consistent with the ceilings and the budget), a bank account is
checked by the service that saves it, and waivers and tax receipts are documents as issued."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from spp.expenses.models import (
    Claim,
    ClaimEvent,
    ClaimLine,
    HourlyRate,
    LimitUsage,
    MileageBracket,
    PaymentExport,
    PayoutAccount,
    Policy,
    PolicyCost,
    RateTable,
    ServiceMonthTotal,
    TaxReceipt,
    Waiver,
)


class ReadOnlyMixin:
    """Shown to those with the view permission; nobody adds, changes or deletes here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Rate tables ------------------------------------------------------------------------------


class MileageBracketInline(admin.TabularInline):
    model = MileageBracket
    extra = 0
    fields = [
        "vehicle_class",
        "vehicle_label",
        "distance_from_km",
        "distance_to_km",
        "rate_per_km",
        "fixed_amount",
    ]


class HourlyRateInline(admin.TabularInline):
    model = HourlyRate
    extra = 0
    fields = ["grade", "qualification_code", "rate"]


@admin.register(RateTable)
class RateTableAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "valid_from", "valid_until", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "source"]
    date_hierarchy = "valid_from"
    # Légifrance, BOFiP and service-public addresses are all https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["kind", "name", "method", "valid_from", "valid_until"]}),
        (_("Texte de référence"), {"fields": ["source", "source_url"]}),
        (
            _("Majorations"),
            {
                "fields": [
                    "electric_increase_percent",
                    "sunday_holiday_increase_percent",
                    "night_increase_percent",
                    "night_starts",
                    "night_ends",
                ]
            },
        ),
    ]

    def get_inlines(self, request, obj):
        """A mileage table's brackets or an hourly table's grades; both while it is new."""
        if obj is not None and obj.method == RateTable.Method.HOURLY:
            return [HourlyRateInline]
        if obj is not None:
            return [MileageBracketInline]
        return [MileageBracketInline, HourlyRateInline]


# Policies -------------------------------------------------------------------------------


class PolicyCostInline(admin.TabularInline):
    model = PolicyCost
    extra = 0
    fields = ["category", "receipt_required_above", "ceiling_per_claim"]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["service", "kind", "is_active", "approver", "claim_deadline_days", "updated_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["service__name"]
    raw_id_fields = ["service"]
    inlines = [PolicyCostInline]


# Claims ---------------------------------------------------------------------------------


class ClaimLineInline(ReadOnlyMixin, admin.TabularInline):
    model = ClaimLine
    extra = 0
    fields = [
        "category",
        "description",
        "quantity",
        "unit",
        "unit_rate",
        "amount",
        "vehicle_class",
        "electric",
        "receipt",
        "computation",
    ]
    readonly_fields = fields


class ClaimEventInline(ReadOnlyMixin, admin.TabularInline):
    model = ClaimEvent
    extra = 0
    fields = ["at", "actor", "action", "status", "note"]
    readonly_fields = fields


@admin.register(Claim)
class ClaimAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "claimant",
        "service",
        "status",
        "total",
        "waived",
        "period_month",
        "submitted_at",
    ]
    list_filter = ["status", "waived"]
    search_fields = ["id", "claimant__email", "service__name"]
    date_hierarchy = "created_at"
    list_select_related = ["claimant", "service"]
    inlines = [ClaimLineInline, ClaimEventInline]


@admin.register(LimitUsage)
class LimitUsageAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "policy", "measure", "period", "period_start", "used", "ceiling"]
    list_filter = ["measure", "period"]
    list_select_related = ["user", "policy__service"]


@admin.register(ServiceMonthTotal)
class ServiceMonthTotalAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "service",
        "month",
        "approved_amount",
        "paid_amount",
        "waived_amount",
        "approved_count",
    ]
    list_select_related = ["service"]


# Payments, waivers, tax receipts ----------------------------------------------------------


@admin.register(PaymentExport)
class PaymentExportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "message_id",
        "service",
        "format",
        "claim_count",
        "total",
        "created_by",
        "created_at",
    ]
    list_filter = ["format"]
    search_fields = ["message_id", "service__name"]
    list_select_related = ["service", "created_by"]


@admin.register(PayoutAccount)
class PayoutAccountAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["holder_name", "user", "masked_iban", "bic", "updated_at"]
    search_fields = ["holder_name", "user__email"]
    list_select_related = ["user"]

    @admin.display(description=_("IBAN"))
    def masked_iban(self, account):
        """Enough to tell two accounts apart, not enough to copy one."""
        return f"{account.iban[:4]} •••• {account.iban[-4:]}"


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["claim", "operator", "signer_name", "signed_at"]
    search_fields = ["signer_name"]
    list_select_related = ["claim", "operator"]


@admin.register(TaxReceipt)
class TaxReceiptAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "operator", "year", "donor_name", "amount", "issued_at"]
    list_filter = ["year"]
    search_fields = ["number", "donor_name"]
    list_select_related = ["operator"]
