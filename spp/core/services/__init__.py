"""Every write to the core tables. The other apps call ``audit_record`` to log a consequential
act and ``notification_send`` to tell someone (the participation ledger is written through
``spp.catalog.services``)."""

from spp.core.services.api_tokens import api_token_authenticate, api_token_create, api_token_revoke
from spp.core.services.audit import audit_record
from spp.core.services.cache import cache_version_bump
from spp.core.services.members import (
    invitation_accept,
    invitation_cancel,
    invitation_resend,
    invitations_accept_for,
    member_change_role,
    member_invite,
    member_remove,
)
from spp.core.services.notifications import (
    notification_mark_read,
    notification_send,
    notification_unread_recount,
)
from spp.core.services.organisations import membership_set, organisation_update_branding
from spp.core.services.people import user_erase, user_update_profile

__all__ = [
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "audit_record",
    "cache_version_bump",
    "invitation_accept",
    "invitation_cancel",
    "invitation_resend",
    "invitations_accept_for",
    "member_change_role",
    "member_invite",
    "member_remove",
    "membership_set",
    "notification_mark_read",
    "notification_send",
    "notification_unread_recount",
    "organisation_update_branding",
    "user_erase",
    "user_update_profile",
]
