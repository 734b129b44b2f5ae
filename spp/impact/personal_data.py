"""The impact app's part of a person's own data (``spp.core.personal_data``): their
attestations, for the export they download; and what their erasure does here. Called through
``ImpactConfig``.

On erasure an attestation keeps its figures (they are the authority's too) but loses the
person: it is unlinked, its holder's name becomes "Personne effacée" and it is revoked, so
that its verification page never shows an erased person's name nor vouches for a document
whose holder no longer exists on the platform."""

from django.utils import timezone

from spp.impact.models import Attestation

ERASED_HOLDER = "Personne effacée"


def personal_data_sections(user) -> dict:
    return {
        "attestations_engagement": [
            {"code": a.code, "autorite": a.authority.name, "titulaire": a.holder_name,
             "du": a.starts_on, "au": a.ends_on, "activite": a.lines,
             "total_heures": a.total_hours, "delivree_le": a.issued_at,
             "revoquee_le": a.revoked_at}
            for a in Attestation.objects.filter(user=user).select_related("authority")
            .order_by("issued_at", "id")],
    }


def personal_data_erase(user) -> None:
    now = timezone.now()
    Attestation.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    Attestation.objects.filter(user=user).update(user=None, holder_name=ERASED_HOLDER)
