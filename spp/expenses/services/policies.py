"""A service's indemnification policy, set by the admins of its authority (the authority stays
in control of what is paid, even for a delegated service). Saving replaces the policy's terms
and its list of covered costs together, and the change is in the audit log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spp.catalog import permissions as catalog_permissions
from spp.core.services import audit_record
from spp.expenses.models import CostCategory, Policy, PolicyCost
from spp.expenses.services.payments import parse_bic, parse_iban

POLICY_FIELDS = (
    "kind", "is_active", "claim_deadline_days", "approver", "bulk_approval_allowed",
    "ceiling_per_claim", "ceiling_per_month", "ceiling_per_year", "annual_hour_cap",
    "monthly_budget", "payer_name", "payer_iban", "payer_bic",
)


def policy_save(*, actor, service, terms: dict, costs: dict) -> Policy:
    """``terms``: the policy's fields; ``costs``: {category: receipt_required_above or None}
    for each cost covered (the hourly allowance is covered exactly when the kind is SPV)."""
    if not catalog_permissions.administers_service_authority(actor, service):
        raise ValidationError(_("Seuls les administrateurs de l’autorité fixent la politique "
                                "d’indemnisation."), code="not_admin")
    terms = {name: terms[name] for name in POLICY_FIELDS if name in terms}
    if terms.get("payer_iban"):
        iban = parse_iban(terms["payer_iban"], field="payer_iban")
        terms["payer_iban"] = str(iban.compact)
        terms["payer_bic"] = parse_bic(terms.get("payer_bic", ""), iban, field="payer_bic")
    if terms.get("kind") == Policy.Kind.WAIVABLE and service.operator_id is None:
        raise ValidationError({"kind": _(
            "L’abandon de frais se fait au profit d’un opérateur associatif : ce service est "
            "géré en régie.")})
    costs = dict(costs)
    costs.pop(CostCategory.HOURLY_ALLOWANCE, None)
    if terms.get("kind") == Policy.Kind.SPV_ALLOWANCE:
        costs[CostCategory.HOURLY_ALLOWANCE] = None
    if not costs:
        raise ValidationError(_("Cochez au moins un frais pris en charge."), code="no_cost")
    with transaction.atomic():
        policy, created = Policy.objects.select_for_update().update_or_create(
            service=service, defaults=terms)
        policy.costs.exclude(category__in=list(costs)).delete()
        for category, receipt_above in costs.items():
            PolicyCost.objects.update_or_create(
                policy=policy, category=category,
                defaults={"receipt_required_above": receipt_above})
        audit_record(actor=actor, action="expenses.policy_save", target=policy,
                     organisation=service.authority,
                     data={"created": created, "kind": policy.kind,
                           "costs": sorted(costs), "monthly_budget": str(policy.monthly_budget)})
    return policy
