"""An organisation's members, run by its admins from the back office: invite by email (a
membership at once for someone with an account, an emailed invitation otherwise), change a
role, remove a member (never the last admin), resend or cancel an invitation; and the
invitation taken up once its addressee has signed up and verified that address."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core import permissions
from spp.core.models import Invitation, Membership, Organisation, User
from spp.core.services.audit import audit_record
from spp.core.services.notifications import notification_send


def _authorize(actor: User, organisation: Organisation) -> None:
    if not permissions.is_admin_of(actor, organisation.pk):
        raise PermissionDenied


def _notify_new_role(membership: Membership) -> None:
    notification_send(
        recipient=membership.user,
        title=_("Vous avez le rôle « %(role)s » à %(organisation)s")
        % {"role": membership.get_role_display(), "organisation": membership.organisation.name},
        url=reverse("core:back_office"),
    )


def _send_invitation(invitation: Invitation) -> None:
    from spp.core.tasks import send_invitation_email

    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation.pk))


def _person_with_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email, is_active=True, erased_at__isnull=True).first()


def member_invite(
    *, actor: User, organisation: Organisation, email: str, role: str
) -> Membership | Invitation:
    """Give the person with this address ``role`` at once (and tell them); with no account
    yet, email them an invitation instead (an invitation still pending for the address is
    renewed: new link, new role, new expiry)."""
    _authorize(actor, organisation)
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise ValidationError(_("Choisissez un rôle."))
    person = _person_with_email(email)
    with transaction.atomic():
        if person is not None:
            try:
                with transaction.atomic():
                    membership = Membership.objects.create(
                        user=person, organisation=organisation, role=role
                    )
            except IntegrityError:
                raise ValidationError(
                    _("%(email)s est déjà membre de l’organisation.") % {"email": email}
                ) from None
            audit_record(
                actor=actor,
                action="membership.add",
                target=membership,
                organisation=organisation,
                data={"role": role, "email": email},
            )
            _notify_new_role(membership)
            return membership
        invitation = (
            Invitation.objects.select_for_update()
            .filter(
                organisation=organisation,
                email=email,
                accepted_at__isnull=True,
                cancelled_at__isnull=True,
            )
            .first()
        )
        if invitation is None:
            invitation = Invitation(organisation=organisation, email=email)
        invitation.role, invitation.invited_by = role, actor
        invitation.token = secrets.token_urlsafe(32)
        invitation.expires_at = timezone.now() + Invitation.VALID_FOR
        invitation.save()
        audit_record(
            actor=actor,
            action="invitation.create",
            target=invitation,
            organisation=organisation,
            data={"role": role, "email": email},
        )
        _send_invitation(invitation)
    return invitation


def member_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Change a member's role; the last admin keeps theirs (checked under a row lock, so two
    admins demoting each other at once cannot leave the organisation with none)."""
    organisation = membership.organisation
    _authorize(actor, organisation)
    if role not in Membership.Role.values:
        raise ValidationError(_("Choisissez un rôle."))
    with transaction.atomic():
        admins = _lock_admins(organisation, actor)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == role:
            return membership
        _keep_an_admin(admins, leaving=membership)
        previous, membership.role = membership.role, role
        membership.save(update_fields=["role"])
        audit_record(
            actor=actor,
            action="membership.role",
            target=membership,
            organisation=organisation,
            data={"from": previous, "to": role},
        )
        _notify_new_role(membership)
    return membership


def member_remove(*, actor: User, membership: Membership) -> None:
    """Take a member out of the organisation (never its last admin)."""
    organisation = membership.organisation
    _authorize(actor, organisation)
    with transaction.atomic():
        admins = _lock_admins(organisation, actor)
        membership = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if membership is None:
            return
        _keep_an_admin(admins, leaving=membership)
        audit_record(
            actor=actor,
            action="membership.remove",
            target=membership,
            organisation=organisation,
            data={"role": membership.role, "user_id": membership.user_id},
        )
        membership.delete()


def _lock_admins(organisation: Organisation, actor: User) -> list[int]:
    """Lock the organisation's admin rows, always first and in one order (by id): two admins
    demoting or removing each other at once wait for each other instead of both succeeding
    (or deadlocking); the second then finds it is no longer an admin, and is refused."""
    rows = list(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Membership.Role.ADMIN)
        .order_by("pk")
        .values_list("pk", "user_id")
    )
    if actor.pk not in {row[1] for row in rows}:
        raise PermissionDenied
    return [row[0] for row in rows]


def _keep_an_admin(admins: list[int], *, leaving: Membership) -> None:
    """Refuse to take the admin role from ``leaving`` if they are the only admin left."""
    if leaving.role == Membership.Role.ADMIN and admins == [leaving.pk]:
        raise ValidationError(
            _(
                "L’organisation doit garder au moins un administrateur : nommez-en un autre "
                "avant de retirer celui-ci."
            )
        )


def invitation_resend(*, actor: User, invitation: Invitation) -> Invitation:
    """Send a pending invitation again, with a new link valid for ``VALID_FOR`` from now."""
    _authorize(actor, invitation.organisation)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.cancelled_at:
            raise ValidationError(_("Cette invitation n’est plus en attente."))
        invitation.token = secrets.token_urlsafe(32)
        invitation.expires_at = timezone.now() + Invitation.VALID_FOR
        invitation.save(update_fields=["token", "expires_at"])
        audit_record(
            actor=actor,
            action="invitation.resend",
            target=invitation,
            organisation=invitation.organisation,
            data={"email": invitation.email},
        )
        _send_invitation(invitation)
    return invitation


def invitation_cancel(*, actor: User, invitation: Invitation) -> None:
    """Withdraw a pending invitation: its link no longer works."""
    _authorize(actor, invitation.organisation)
    with transaction.atomic():
        updated = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=timezone.now())
        if updated:
            audit_record(
                actor=actor,
                action="invitation.cancel",
                target=invitation,
                organisation=invitation.organisation,
                data={"email": invitation.email},
            )


def invitation_accept(*, user: User, invitation: Invitation) -> Membership:
    """Attach the invited role to ``user``, who signed up with the invitation's address and
    verified it. A person already a member keeps their role (the invitation is then spent)."""
    if not invitation.is_pending:
        raise ValidationError(_("Cette invitation a expiré ou a été annulée."))
    if not user.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists():
        raise ValidationError(
            _(
                "Cette invitation a été envoyée à %(email)s : connectez-vous avec cette adresse, "
                "vérifiée."
            )
            % {"email": invitation.email}
        )
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=locked.organisation, defaults={"role": locked.role}
        )
        if locked.accepted_at is None:
            locked.accepted_at = timezone.now()
            locked.save(update_fields=["accepted_at"])
            if created:
                audit_record(
                    actor=user,
                    action="invitation.accept",
                    target=membership,
                    organisation=locked.organisation,
                    data={"role": locked.role, "email": locked.email},
                )
    return membership


def invitations_accept_for(*, user: User, email: str) -> list[Membership]:
    """Take up every pending invitation to ``email`` (just verified by ``user``): called by
    allauth's signals when the address is confirmed or the person signs in."""
    pending = Invitation.objects.filter(
        email__iexact=email,
        accepted_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("organisation")
    return [invitation_accept(user=user, invitation=invitation) for invitation in pending]


def on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    """allauth's ``email_confirmed``: the new address's invitations become roles."""
    invitations_accept_for(user=email_address.user, email=email_address.email)


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """allauth's ``user_logged_in``: invitations to a verified address of the person."""
    for address in user.emailaddress_set.filter(verified=True):
        invitations_accept_for(user=user, email=address.email)
