"""An organisation's brand, and setting a role directly (setup scripts and the demo)."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from spp.core import permissions
from spp.core.models import Membership, Organisation, User
from spp.core.selectors import BRAND_CACHE_KEY
from spp.core.services.audit import audit_record
from spp.core.uploads import LOGO, clean_upload


def brand_forget(sender=None, **kwargs) -> None:
    """Drop the cached brand (``selectors.brand_for_request``) when an organisation is saved or
    deleted, wherever the write comes from (the back office, Django's admin, a script): now, so
    that the rest of the transaction reads the new row, and once it commits, so that a page that
    read the old row meanwhile cannot leave it cached."""
    cache.delete(BRAND_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(BRAND_CACHE_KEY))


def organisation_update_branding(
    *,
    actor: User,
    organisation: Organisation,
    primary_colour: str,
    accent_colour: str,
    logo=None,
    clear_logo: bool = False,
) -> Organisation:
    """Change an organisation's brand; only its admins may. A new ``logo`` (an upload) is
    stored re-encoded as a PNG named after the organisation (``spp.core.uploads``): it is
    public, served to anyone under /media/organisations/logos/."""
    if not permissions.is_admin_of(actor, organisation.pk):
        raise PermissionDenied
    cleaned = None
    if logo is not None and not clear_logo:
        try:
            cleaned = clean_upload(logo, LOGO)
        except ValidationError as error:
            raise ValidationError({"logo": error}) from None
        cleaned.name = f"{organisation.slug or 'logo'}.png"
    organisation.primary_colour, organisation.accent_colour = primary_colour, accent_colour
    if clear_logo:
        organisation.logo = ""
    elif cleaned is not None:
        organisation.logo = cleaned
    organisation.full_clean()
    with transaction.atomic():
        organisation.save(update_fields=["primary_colour", "accent_colour", "logo"])
        audit_record(
            actor=actor,
            action="organisation.branding",
            target=organisation,
            organisation=organisation,
            data={"primary_colour": primary_colour, "accent_colour": accent_colour},
        )
    return organisation


def membership_set(
    *, actor: User | None, organisation: Organisation, user: User, role: str
) -> Membership:
    """Give ``user`` a role in ``organisation`` (admins only; ``actor=None`` for setup scripts)."""
    if actor is not None and not permissions.is_admin_of(actor, organisation.pk):
        raise PermissionDenied
    with transaction.atomic():
        membership, _ = Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        audit_record(
            actor=actor,
            action="membership.set",
            target=membership,
            organisation=organisation,
            data={"role": role},
        )
    return membership
