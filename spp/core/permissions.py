"""Who may do what in an organisation. Each predicate's docstring says who is allowed.

Memberships are read once per request and cached on the user object, so the predicates cost
no query after the first."""

from spp.core.models import Membership

STAFF_ROLES = {Membership.Role.ADMIN, Membership.Role.COORDINATOR, Membership.Role.AGENT}


def roles_by_organisation(user) -> dict[int, str]:
    """{organisation id: role} for the user's memberships; empty for visitors."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_spp_roles", None)
    if cached is None and getattr(user, "member_anywhere", None) is False:
        cached = user._spp_roles = {}  # read with the person (spp/core/authentication.py)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._spp_roles = cached
    return cached


def role_in(user, organisation_id: int | None) -> str | None:
    if organisation_id is None:
        return None
    return roles_by_organisation(user).get(organisation_id)


def is_member_of(user, organisation_id: int | None) -> bool:
    """Any member of the organisation (admin, coordinator or agent)."""
    return role_in(user, organisation_id) is not None


def is_admin_of(user, organisation_id: int | None) -> bool:
    """Only the organisation's admins."""
    return role_in(user, organisation_id) == Membership.Role.ADMIN


def is_coordinator_or_admin_of(user, organisation_id: int | None) -> bool:
    """The organisation's admins and coordinators."""
    return role_in(user, organisation_id) in {Membership.Role.ADMIN, Membership.Role.COORDINATOR}


def is_staff_anywhere(user) -> bool:
    """Anyone with a role in at least one organisation: they see the back-office."""
    return bool(roles_by_organisation(user))


def must_use_second_factor(user) -> bool:
    """Anyone with a role in an organisation (agent, coordinator, admin), and the platform's
    own staff and superusers (Django's admin): their back-office pages ask for a second factor
    (spp/core/second_factor.py). Citizens never are asked."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or is_staff_anywhere(user)


def manages_api_tokens(user, organisation) -> bool:
    """Only the organisation's admins (of an authority or an operator alike): a token acts for
    the whole organisation."""
    return is_admin_of(user, organisation.pk)


def administered_organisation_ids(user) -> list[int]:
    return [
        org for org, role in roles_by_organisation(user).items() if role == Membership.Role.ADMIN
    ]


def abilities(user, organisation) -> dict[str, bool]:
    """What ``user`` may do with ``organisation``: read by views, API and templates alike."""
    return {
        "view_back_office": is_member_of(user, organisation.pk),
        "edit_branding": is_admin_of(user, organisation.pk),
        "manage_members": is_admin_of(user, organisation.pk),
        "read_audit_log": is_admin_of(user, organisation.pk),
        "manage_api_tokens": manages_api_tokens(user, organisation),
    }


def member_abilities(user, organisation) -> dict[str, bool]:
    """What ``user`` may do with ``organisation``'s members and invitations (admins only)."""
    admin = is_admin_of(user, organisation.pk)
    return {
        "view_members": admin,
        "invite_members": admin,
        "change_roles": admin,
        "remove_members": admin,
        "manage_invitations": admin,
    }


def access_organisation_for_admin(user, slug: str):
    """The organisation, for its own admins; 404 for anyone else, members included (the members
    page is not theirs to know of)."""
    from django.http import Http404

    from spp.core.models import Organisation

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not is_admin_of(user, organisation.pk):
        raise Http404
    return organisation


def access_organisation_for_member(user, slug: str):
    """The organisation, for its own members; 404 for anyone else (never reveal what exists)."""
    from django.http import Http404

    from spp.core.models import Organisation

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not is_member_of(user, organisation.pk):
        raise Http404
    return organisation


def access_api_token(user, slug: str, pk: int):
    """(organisation, one of its API tokens), for the organisation's admins; 404 for anyone
    else, another organisation's token included."""
    from django.http import Http404

    from spp.core.models import ApiToken

    organisation = access_organisation_for_admin(user, slug)
    token = ApiToken.objects.filter(pk=pk, organisation=organisation).first()
    if token is None:
        raise Http404
    return organisation, token
