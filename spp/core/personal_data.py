"""The export a person gets of their own data (RGPD articles 15 and 20)."""

from spp.core.models import User


def personal_data_export(user: User) -> dict:
    from spp.catalog.models import Enrolment, Incident, Qualification

    return {
        "profil": {
            "email": user.email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "telephone": user.phone,
            "langue": user.preferred_language,
            "inscrit_le": user.date_joined,
        },
        "inscriptions": [
            {
                "service": e.service.name,
                "etat": e.status,
                "charte_version": e.accepted_charter.version,
                "charte_acceptee_le": e.charter_accepted_at,
                "acceptee_par_l_autorite_le": e.approved_at,
            }
            for e in Enrolment.objects.filter(user=user).select_related(
                "service", "accepted_charter"
            )
        ],
        "qualifications": [
            {
                "type": q.qualification_type.name,
                "obtenue_le": q.obtained_on,
                "expire_le": q.expires_on,
                "verifiee_le": q.verified_at,
            }
            for q in Qualification.objects.filter(user=user).select_related("qualification_type")
        ],
        "participations": [
            {
                "service": p.service.name,
                "nature": p.kind,
                "quantite": p.quantity,
                "unite": p.unit,
                "date": p.occurred_at,
            }
            for p in user.participations.select_related("service")
        ],
        "incidents": [
            {
                "service": i.service.name,
                "nature": i.kind,
                "date": i.occurred_at,
                "description": i.description,
                "etat": i.status,
            }
            for i in Incident.objects.filter(declared_by=user).select_related("service")
        ],
        "notifications": [
            {"titre": n.title, "date": n.created_at} for n in user.notifications.all()
        ],
    }
