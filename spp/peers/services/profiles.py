"""An expert's own profile in a service: domains, languages, how and where they meet, how many
people they accompany at once. Only an active contributor of the service may have one; the
certification is the catalog's qualification, verified by an agent, not something declared
here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spp.catalog.selectors.enrolments import enrolment_require_current
from spp.core.services import audit_record
from spp.peers.models import ExpertProfile, Mode, languages_column


def expert_profile_save(*, actor, service, domains, languages: list[str], modes: list[str],
                        commune=None, radius_km: int = 20, weekly_capacity: int = 2,
                        is_active: bool = True) -> ExpertProfile:
    enrolment_require_current(actor, service)
    profile = ExpertProfile.objects.filter(user=actor, service=service).first() or \
        ExpertProfile(user=actor, service=service)
    errors = {}
    if not modes:
        errors["modes"] = _("Choisissez au moins une façon de rencontrer.")
    if Mode.IN_PERSON in modes and commune is None:
        errors["commune"] = _("Pour des rencontres en personne, indiquez votre commune.")
    if weekly_capacity < profile.load:
        errors["weekly_capacity"] = _("Vous accompagnez déjà %(n)s personne(s) : la capacité "
                                      "ne peut pas être inférieure.") % {"n": profile.load}
    if not domains:
        errors["domains"] = _("Choisissez au moins un domaine.")
    if errors:
        raise ValidationError(errors)
    profile.languages = languages_column(languages or ["fr"])
    profile.in_person, profile.by_phone, profile.by_video = (
        Mode.IN_PERSON in modes, Mode.PHONE in modes, Mode.VIDEO in modes)
    profile.commune, profile.radius_km = commune, radius_km
    profile.weekly_capacity, profile.is_active = weekly_capacity, is_active
    profile.full_clean(exclude=["user", "service", "domains", "commune"])
    with transaction.atomic():
        profile.save()
        profile.domains.set(domains)
        audit_record(actor=actor, action="peers.profile.save", target=profile,
                     organisation=service.authority)
    return profile
