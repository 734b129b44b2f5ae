"""The catalog's part of a person's own data (``spp.core.personal_data``): their enrolments,
qualifications, participations and incidents, for the JSON export they download. Called
through ``CatalogConfig.personal_data_export``."""

from spp.catalog.models import Enrolment, EnrolmentEvent, Incident, Participation, Qualification


def personal_data_sections(user) -> dict:
    return {
        "inscriptions": [
            {
                "service": e.service.name,
                "etat": e.get_status_display(),
                "etat_code": e.status,
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
                "nature": p.get_kind_display(),
                "nature_code": p.kind,
                "quantite": p.quantity,
                "unite": p.get_unit_display(),
                "date": p.occurred_at,
            }
            for p in Participation.objects.filter(user=user).select_related("service")
        ],
        "incidents": [
            {
                "service": i.service.name,
                "nature": i.get_kind_display(),
                "nature_code": i.kind,
                "date": i.occurred_at,
                "description": i.description,
                "etat": i.get_status_display(),
                "etat_code": i.status,
            }
            for i in Incident.objects.filter(declared_by=user).select_related("service")
        ],
    }


def personal_data_erase(user) -> None:
    """On erasure: the ledger's rows keep their pseudonym and lose the person; enrolments end
    (kept, nameless, for the services' history) and their history loses the reasons written
    about the person; qualifications, and the evidence reference
    they carry (a certificate's number), are deleted. Incidents the person declared stay, as
    the authority's safety record, signed by the erased account."""
    from spp.catalog.services import participation_unlink_user
    from spp.catalog.services.enrolments import enrolments_end_for_erasure

    participation_unlink_user(user=user)
    enrolments_end_for_erasure(user=user)
    EnrolmentEvent.objects.filter(enrolment__user=user).update(reason="")
    Qualification.objects.filter(user=user).delete()
