"""Who may do what with consultations. Each predicate's docstring says who is allowed.

A consultation belongs to a service (its managers run it) or directly to an authority (its
members run it). Taking part depends on the consultation's audience; ``participation_refusal``
gives the clear French reason when someone may not."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from spp.catalog import permissions as catalog_permissions
from spp.consultations.models import Consultation, ModeratedContent
from spp.consultations.selectors import consultation_by_slug
from spp.core import permissions as core_permissions

Audience = Consultation.Audience
REFUSED = "participation_refused"  # the code of the services' refusals (API: 403)


def manages_consultation(user, consultation) -> bool:
    """The service's managers (members of its authority or operator); for a consultation of
    the authority itself, the authority's members."""
    if not user.is_authenticated:
        return False
    if consultation.service_id:
        return catalog_permissions.manages_service(user, consultation.service)
    return core_permissions.is_member_of(user, consultation.authority_id)


def sees_personal_data(user, consultation) -> bool:
    """Admins and coordinators of the organisations running the consultation: only they export
    respondents' names and emails; agents export anonymised rows."""
    if not user.is_authenticated:
        return False
    if consultation.service_id:
        return catalog_permissions.coordinates_service(user, consultation.service)
    return core_permissions.is_coordinator_or_admin_of(user, consultation.authority_id)


def can_view(user, consultation) -> bool:
    """Everyone for a published consultation open to anyone; signed-in people for the other
    published ones; the managers always."""
    if manages_consultation(user, consultation):
        return True
    if not consultation.is_published:
        return False
    return consultation.audience == Audience.ANYONE or user.is_authenticated


def participation_refusal(user, consultation) -> str | None:
    """None when ``user`` may answer and contribute now; else why not, in French."""
    if not user.is_authenticated:
        return _("Connectez-vous pour participer.")
    if not consultation.is_published:
        return _("Cette consultation n’est pas publiée.")
    if not consultation.is_open():
        if consultation.has_closed:
            closed_on = timezone.localtime(consultation.closes_at)  # the day in Paris, not UTC
            return _("Cette consultation est close depuis le %(date)s : elle n’accepte plus de "
                     "contributions.") % {"date": f"{closed_on:%d/%m/%Y}"}
        return _("Cette consultation n’est pas encore ouverte.")
    if consultation.audience == Audience.ENROLLED and consultation.service_id:
        from spp.catalog.selectors import enrolment_require_current

        try:
            enrolment_require_current(user, consultation.service)
        except ValidationError as error:
            return " ".join(error.messages)
    if consultation.audience == Audience.INVITED and not is_invited(user, consultation):
        return _("Ce questionnaire est réservé aux personnes invitées par le service.")
    return None


def require_participant(user, consultation) -> None:
    """For the services: a visitor gets PermissionDenied (sign in), anyone else who may not
    take part a ValidationError coded REFUSED, carrying the reason."""
    reason = participation_refusal(user, consultation)
    if reason is not None:
        if not user.is_authenticated:
            raise PermissionDenied(reason)
        raise ValidationError(reason, code=REFUSED)


def can_participate(user, consultation) -> bool:
    """Signed-in people of the consultation's audience, while it is open."""
    return participation_refusal(user, consultation) is None


def is_invited(user, consultation) -> bool:
    """Someone the service invited to answer ``consultation`` (audience "invited")."""
    return user.is_authenticated and consultation.invitations.filter(user=user).exists()


def results_refusal(user, consultation, *, manages: bool | None = None) -> str | None:
    """None when ``user`` may read the results (the counts and every free-text answer); else
    why not, in French. The managers always may. Otherwise results follow who may take part:
    an invited questionnaire's answers were written for the service by the people it asked,
    so only those people read them (any account holder may open the questionnaire's page,
    not its answers); other audiences' results go to everyone who may view the consultation
    once they are published: at closing, or at ``results_at`` when the managers set a time
    for analysing the contributions first (an evaluation's as soon as it is published).
    The same rule shows the "Résultats" tab and links (``abilities``) and serves the pages."""
    if manages is None:
        manages = manages_consultation(user, consultation)
    if manages:
        return None
    if consultation.audience == Audience.INVITED and not is_invited(user, consultation):
        return _("Les résultats de ce questionnaire sont réservés aux personnes invitées par "
                 "le service.")
    if consultation.results_published or (
            consultation.kind == Consultation.Kind.EVALUATION and consultation.is_published):
        return None
    if consultation.results_at:
        return _("Les résultats seront publiés le %(date)s.") % {
            "date": formats.date_format(timezone.localtime(consultation.results_at),
                                        "j F Y")}
    return _("Les résultats seront publiés à la clôture.")


# How long after filing a proposal its author may still correct its title and text. A
# deployment may change it with the Django setting ``CONSULTATIONS_PROPOSAL_EDIT_MINUTES``.
PROPOSAL_EDIT_MINUTES = 15


def proposal_edit_deadline(proposal):
    """Until when the author may edit ``proposal``."""
    minutes = getattr(settings, "CONSULTATIONS_PROPOSAL_EDIT_MINUTES", PROPOSAL_EDIT_MINUTES)
    return proposal.created_at + timedelta(minutes=minutes)


def proposal_edit_refusal(user, proposal, consultation) -> str | None:
    """None when ``user`` may edit ``proposal`` now: its author, while the consultation takes
    contributions from them, within ``PROPOSAL_EDIT_MINUTES`` of filing it, and unless the
    moderators hid it or flagged it as spam; else why not, in French."""
    if not user.is_authenticated or proposal.author_id != user.pk:
        return _("Seul l’auteur ou l’autrice d’une proposition peut la modifier.")
    if proposal.status not in {ModeratedContent.Status.PUBLISHED,
                               ModeratedContent.Status.PENDING}:
        return _("Une proposition écartée par la modération ne peut plus être modifiée.")
    if timezone.now() >= proposal_edit_deadline(proposal):
        return _("Le délai pour modifier cette proposition est passé.")
    return participation_refusal(user, consultation)


def can_edit_proposal(user, proposal, consultation) -> bool:
    """The author, within the set time after filing it (see ``proposal_edit_refusal``)."""
    return proposal_edit_refusal(user, proposal, consultation) is None


def can_see_content(user, content: ModeratedContent, consultation) -> bool:
    """Published proposals and comments are public; hidden ones show their public reason;
    a proposal merged into another stays readable (it links to the one kept); pending and
    spam ones are seen only by their author and the moderators."""
    if content.status in {ModeratedContent.Status.PUBLISHED, ModeratedContent.Status.HIDDEN,
                          ModeratedContent.Status.MERGED}:
        return True
    return (user.is_authenticated and content.author_id == user.pk) or manages_consultation(
        user, consultation)


def abilities(user, consultation) -> dict[str, bool]:
    """What ``user`` may do with ``consultation``: read by views and templates alike."""
    manages = manages_consultation(user, consultation)
    participates = can_participate(user, consultation)
    return {
        "view": can_view(user, consultation),
        "answer": participates and consultation.has_questions,
        "propose": participates and consultation.accepts_proposals,
        "comment": participates,
        "support": participates,
        "report_abuse": user.is_authenticated,
        "moderate": manages,
        "edit": manages,
        "view_results": results_refusal(user, consultation, manages=manages) is None,
        "export": manages,
        "export_personal_data": sees_personal_data(user, consultation),
        "read_synthesis": manages,
    }


# Fetch-and-authorize helpers: they answer 404 to anyone not allowed (nothing is revealed).

class SignInFirst(PermissionDenied):
    """A visitor asked for a published consultation reserved to signed-in people: the public
    views answer with the login page rather than a 404."""


def access_consultation(user, slug: str, *, naming_owners: bool = False,
                        owner_names: bool = False) -> Consultation:
    """The consultation of ``slug`` if ``user`` may see it; else 404 (or SignInFirst for a
    visitor asking for a published one reserved to signed-in people). Its service and
    authority come with it for a signed-in person (their permissions are checked against
    them) and for a page ``naming_owners``; a visitor's other pages never read them. A page
    that shows only their names and the service's link asks for ``owner_names``
    (``consultation_by_slug``)."""
    consultation = consultation_by_slug(slug,
                                        with_owners=naming_owners or user.is_authenticated,
                                        owner_names=owner_names)
    if consultation is None or not can_view(user, consultation):
        if consultation is not None and consultation.is_published and not user.is_authenticated:
            raise SignInFirst
        raise Http404
    return consultation


def access_consultation_for_manager(user, slug: str) -> Consultation:
    consultation = access_consultation(user, slug)
    if not manages_consultation(user, consultation):
        raise Http404
    return consultation


def access_proposal(user, consultation, pk: int):
    """The proposal ``pk`` of ``consultation`` if ``user`` may see it, else 404; with its
    author's first name (``public_name``), not their whole row, nor the search vector."""
    from spp.consultations.models import Proposal

    try:
        proposal = (Proposal.objects.select_related("author")
                    .only(*Proposal.SHOWN_FIELDS, "author__first_name")
                    .get(consultation=consultation, pk=pk))
    except Proposal.DoesNotExist:
        raise Http404 from None
    if not can_see_content(user, proposal, consultation):
        raise Http404
    proposal.consultation = consultation
    return proposal


def access_comment(user, proposal, pk: int):
    """A comment of ``proposal`` that ``user`` may see (to report it), or 404."""
    from spp.consultations.models import Comment

    comment = Comment.objects.filter(proposal=proposal, pk=pk).first()
    if comment is None or not can_see_content(user, comment, proposal.consultation):
        raise Http404
    return comment


def shows_text(content: ModeratedContent, *, moderates: bool) -> bool:
    """A hidden proposal or comment shows its public reason in place of its text (and a
    proposal in place of its title, which may be what got it hidden), except to the
    moderators (who see both). A proposal merged into another keeps its text."""
    return content.status != ModeratedContent.Status.HIDDEN or moderates
