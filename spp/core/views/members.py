"""An organisation's members, for its admins (``/gestion/organisations/<slug>/membres/``): the
list, searchable and paginated, the invitation form and the pending invitations; and the
invitation's link, opened by its addressee (``/invitations/<token>/``). Anyone but the
organisation's admins gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.core import form_tokens, permissions, selectors, services
from spp.core.forms import MemberInviteForm, MemberRoleForm, MemberSearchForm
from spp.core.models import Invitation, Membership
from spp.core.pagination import paginate


def _members_url(organisation) -> str:
    return reverse("core:members", args=[organisation.slug])


def _error_message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def members(request, slug, invite_form=None):
    organisation = permissions.access_organisation_for_admin(request.user, slug)
    search = MemberSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page, querystring = paginate(request, selectors.member_list(organisation, query))
    return render(
        request,
        "core/members.html",
        {
            "organisation": organisation,
            "breadcrumb": [(_("Gestion"), reverse("core:back_office")), (_("Membres"), "")],
            "search": search,
            "query": query,
            "page": page,
            "querystring": querystring,
            "roles": Membership.Role.choices,
            "invitations": list(selectors.invitation_pending_list(organisation)[:50]),
            "invite_form": invite_form
            or MemberInviteForm(
                initial={"form_token": form_tokens.new_token(), "role": Membership.Role.AGENT}
            ),
        },
    )


@require_POST
def member_invite(request, slug):
    organisation = permissions.access_organisation_for_admin(request.user, slug)
    form = MemberInviteForm(request.POST)
    if not form.is_valid():
        return members(request, slug, invite_form=form)
    token, scope = form.cleaned_data["form_token"], f"member_invite:{organisation.pk}"
    if form_tokens.previous_result(token, scope) is not None:
        return redirect(_members_url(organisation))
    try:
        with transaction.atomic():
            result = services.member_invite(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
            form_tokens.claim(token, scope, _members_url(organisation))
    except ValidationError as error:
        form.add_error("email", error)
        return members(request, slug, invite_form=form)
    if isinstance(result, Invitation):
        messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": result.email})
    else:
        messages.success(
            request,
            _("%(person)s est maintenant membre, avec le rôle « %(role)s ».")
            % {"person": result.user, "role": result.get_role_display()},
        )
    return redirect(_members_url(organisation))


def _membership_or_404(request, slug, membership_id):
    organisation = permissions.access_organisation_for_admin(request.user, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=membership_id,
        organisation=organisation,
    )
    return organisation, membership


@require_POST
def member_role(request, slug, membership_id):
    organisation, membership = _membership_or_404(request, slug, membership_id)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un rôle."))
        return redirect(_members_url(organisation))
    try:
        membership = services.member_change_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _("%(person)s a maintenant le rôle « %(role)s ».")
            % {"person": membership.user, "role": membership.get_role_display()},
        )
    return redirect(_members_url(organisation))


@require_POST
def member_remove(request, slug, membership_id):
    organisation, membership = _membership_or_404(request, slug, membership_id)
    try:
        services.member_remove(actor=request.user, membership=membership)
    except ValidationError as error:
        _error_message(request, error)
        return redirect(_members_url(organisation))
    messages.success(
        request,
        _("%(person)s ne fait plus partie de l’organisation.") % {"person": membership.user},
    )
    if not permissions.is_admin_of(request.user, organisation.pk) or (
        membership.user_id == request.user.pk
    ):
        return redirect("core:back_office")
    return redirect(_members_url(organisation))


def _invitation_or_404(request, slug, invitation_id):
    organisation = permissions.access_organisation_for_admin(request.user, slug)
    return get_object_or_404(
        Invitation.objects.select_related("organisation"),
        pk=invitation_id,
        organisation=organisation,
    )


@require_POST
def invitation_resend(request, slug, invitation_id):
    invitation = _invitation_or_404(request, slug, invitation_id)
    try:
        services.invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request, _("Invitation envoyée à nouveau à %(email)s.") % {"email": invitation.email}
        )
    return redirect(_members_url(invitation.organisation))


@require_POST
def invitation_cancel(request, slug, invitation_id):
    invitation = _invitation_or_404(request, slug, invitation_id)
    services.invitation_cancel(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation à %(email)s annulée.") % {"email": invitation.email})
    return redirect(_members_url(invitation.organisation))


@login_not_required
def invitation_open(request, token):
    """The link of the invitation's email. Signed out: sign up (or in) with the invited address,
    then come back here; signed in: the role is attached (allauth's signals also attach it
    when the address is verified or the person signs in)."""
    invitation = Invitation.objects.select_related("organisation").filter(token=token).first()
    if invitation is None:
        raise Http404
    membership, error = None, ""
    if request.user.is_authenticated:
        membership = Membership.objects.filter(
            user=request.user, organisation=invitation.organisation
        ).first()
        if membership is None:
            try:
                membership = services.invitation_accept(user=request.user, invitation=invitation)
            except ValidationError as exc:
                error = " ".join(exc.messages)
    elif not invitation.is_pending:
        error = _("Cette invitation a expiré ou a été annulée.")
    return render(
        request,
        "core/members_invitation.html",
        {
            "invitation": invitation,
            "membership": membership,
            "error": error,
        },
    )
