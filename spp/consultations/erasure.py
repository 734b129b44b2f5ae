"""What erasing a person (``spp.core.services.user_erase``) does to the consultations app's
rows. Called through ``ConsultationsConfig.personal_data_erase`` (``spp.core.personal_data``).

What they contributed serves the public debate and the results: their submitted responses
(answers and all), proposals and comments stay, without their author. What only they needed
goes: draft responses, invitations, abuse reports they filed and their supports (each proposal
keeps its count of supports, a figure already published)."""

from spp.consultations.models import (
    AbuseReport,
    Comment,
    Invitation,
    Proposal,
    Response,
    Support,
)


def personal_data_erase(user) -> None:
    Response.objects.filter(user=user, status=Response.Status.DRAFT).delete()
    Response.objects.filter(user=user).update(user=None)
    Proposal.objects.filter(author=user).update(author=None)
    Comment.objects.filter(author=user).update(author=None)
    Support.objects.filter(user=user).delete()
    AbuseReport.objects.filter(reporter=user).delete()
    Invitation.objects.filter(user=user).delete()
