"""The peers app's part of a person's own data (``spp.core.personal_data``): the requests they
made (with their contact details, decrypted: they are theirs), their expert profiles and the
sessions they held. On erasure: their requests' personal fields are blanked and the requests
unlinked (a coordinator keeps only the domain and dates); an open request is closed first,
so the expert accompanying them stops; their expert profiles are switched off (sessions held
stay, the ledger keeps them pseudonymous)."""

from django.db.models import F
from django.utils import timezone

from spp.peers.models import PERSONAL_FIELDS, ExpertProfile, PeerRequest, PeerSession, Proposal


def personal_data_sections(user) -> dict:
    return {
        "pairs_demandes": [
            {"service": request.service.name, "domaine": request.domain.name,
             "langue": request.preferred_language,
             "rencontre": request.get_preferred_mode_display(),
             "commune": request.commune.name if request.commune else "",
             "prenom": request.first_name, "telephone": request.phone,
             "courriel": request.email, "disponibilites": request.availability,
             "consentement_le": request.consent_given_at,
             "etat": request.get_status_display(), "etat_code": request.status,
             "pair": request.expert.user.public_name if request.expert else ""}
            for request in PeerRequest.objects.filter(requester=user).select_related(
                "service", "domain", "commune", "expert__user").order_by("created_at")],
        "pairs_profils": [
            {"service": profile.service.name, "langues": profile.language_codes,
             "modes": profile.modes, "commune": profile.commune.name if profile.commune else "",
             "rayon_km": profile.radius_km, "capacite": profile.weekly_capacity,
             "domaines": [domain.name for domain in profile.domains.all()]}
            for profile in ExpertProfile.objects.filter(user=user).select_related(
                "service", "commune").prefetch_related("domains")],
        "pairs_seances": [
            {"le": session.held_on, "duree_minutes": session.duration_minutes,
             "mode": session.get_mode_display()}
            for session in PeerSession.objects.filter(expert__user=user)],
    }


def personal_data_erase(user) -> None:
    now = timezone.now()
    requests = PeerRequest.objects.filter(requester=user)
    for request in requests.filter(status=PeerRequest.Status.MATCHED):
        ExpertProfile.objects.filter(pk=request.expert_id, load__gt=0).update(load=F("load") - 1)
    Proposal.objects.filter(request__requester=user, status="proposed").update(
        status="declined", decided_at=now)
    requests.exclude(status=PeerRequest.Status.CLOSED).update(status="closed", closed_at=now)
    requests.update(requester=None, personal_purged_at=now,
                    **{name: "" for name in PERSONAL_FIELDS})
    ExpertProfile.objects.filter(user=user).update(is_active=False)
