"""Who may do what with claims, payments and tax receipts.

A contributor claims only for their own participations and sees only their own claims. The
policy says who approves: its service's coordinators and admins, or admins only. Payment is
the paying organisation's business: the admins of the authority (régie) or of the operator (a
delegated service). Any member of the service's organisations may read its budget. Every
access helper answers 404, never 403, so that nobody learns what exists."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from spp.catalog import permissions as catalog_permissions
from spp.core import permissions as core_permissions


def administers_service(user, service) -> bool:
    """The admins of the service's authority or of its operator."""
    return core_permissions.is_admin_of(user, service.authority_id) or (
        service.operator_id is not None and core_permissions.is_admin_of(user, service.operator_id)
    )


def approves_claims(user, policy) -> bool:
    """Those the policy names: coordinators and admins, or admins only."""
    service = policy.service
    if policy.approver == policy.Approver.ADMIN:
        return administers_service(user, service)
    return catalog_permissions.coordinates_service(user, service)


def exports_payments(user, service) -> bool:
    return administers_service(user, service)


def reads_budget(user, service) -> bool:
    return catalog_permissions.manages_service(user, service)


def owns_claim(user, claim) -> bool:
    return user.is_authenticated and claim.claimant_id == user.pk


def owns_participation(user, participation) -> bool:
    return user.is_authenticated and participation.user_id == user.pk


def issues_tax_receipts(user, operator) -> bool:
    """The admins of the operator (the association that receives the gift)."""
    return core_permissions.is_admin_of(user, operator.pk)


def claim_abilities(user, claim) -> dict[str, bool]:
    """What ``user`` may do with ``claim`` (views and templates read this)."""
    own = owns_claim(user, claim)
    review = approves_claims(user, claim.policy)
    return {
        "view": own or review or reads_budget(user, claim.service),
        "edit": own and claim.status == claim.Status.DRAFT,
        "withdraw": own and claim.status in (claim.Status.DRAFT, claim.Status.SUBMITTED),
        "review": review and claim.status == claim.Status.SUBMITTED,
    }


def service_abilities(user, service, policy) -> dict[str, bool]:
    return {
        "review": policy is not None and approves_claims(user, policy),
        "export": exports_payments(user, service),
        "budget": reads_budget(user, service),
        "edit_policy": catalog_permissions.administers_service_authority(user, service),
    }


def _service_with_policy(slug: str, *, organisations: bool = True):
    """The service and its policy; with its authority and operator unless ``organisations``
    is False (the review queue and the budget: their checks read the organisations' ids
    only, and their pages no organisation)."""
    from spp.catalog.models import Service

    related = ("authority", "operator", "expense_policy") if organisations else ("expense_policy",)
    return get_object_or_404(Service.objects.select_related(*related), slug=slug)


def access_service_for_budget(user, slug: str):
    service = _service_with_policy(slug, organisations=False)
    if not reads_budget(user, service):
        raise Http404
    return service


def access_service_for_policy(user, slug: str):
    """The service, for the admins of its authority (who set its policy); 404 for anyone else."""
    service = _service_with_policy(slug)
    if not catalog_permissions.administers_service_authority(user, service):
        raise Http404
    return service


def access_service_for_review(user, slug: str):
    """The service and its policy, for those who approve its claims; 404 for anyone else."""
    service = _service_with_policy(slug, organisations=False)
    policy = getattr(service, "expense_policy", None)
    if policy is None or not approves_claims(user, policy):
        raise Http404
    return service, policy


def access_service_for_payments(user, slug: str):
    service = _service_with_policy(slug)
    if not exports_payments(user, service):
        raise Http404
    return service


def access_claim(user, pk: int):
    """A claim its claimant, its approvers or the service's members may see; else 404."""
    from spp.expenses.models import Claim

    claim = get_object_or_404(
        Claim.objects.select_related("service__authority", "service__operator", "policy",
                                     "participation", "claimant"), pk=pk)
    claim.policy.service = claim.service
    if not claim_abilities(user, claim)["view"]:
        raise Http404
    return claim


def access_organisation_for_tax_receipts(user, slug: str):
    from spp.core.models import Organisation

    operator = get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.OPERATOR)
    if not issues_tax_receipts(user, operator):
        raise Http404
    return operator
