"""The rosters app's part of a person's own data (``spp.core.personal_data``): their weekly
availability and its exceptions, the recurring shifts they prefer, their household, their
assignments to shifts (with dates, status and hours attended), their answers to call-outs
and their replacement requests. Called through ``RostersConfig.personal_data_export``; a
bounded number of queries whatever the count.

The calendar feed's secret address is not given (it is a key, not a datum about the person):
only that a feed exists, and since when."""

from spp.rosters.models import (
    Assignment,
    AvailabilityException,
    AvailabilityWindow,
    CalendarFeed,
    CallOutResponse,
    HouseholdMember,
    PatternPreference,
    ReplacementRequest,
)
from spp.rosters.models.availability import minutes_label


def personal_data_sections(user) -> dict:
    return {
        "disponibilites_hebdomadaires": [
            {
                "service": w.service.name,
                "jour": w.get_weekday_display(),
                "de": minutes_label(w.start_minute),
                "a": minutes_label(w.end_minute),
            }
            for w in AvailabilityWindow.objects.filter(user=user)
            .select_related("service")
            .order_by("service_id", "weekday", "start_minute")
        ],
        "disponibilites_exceptions": [
            {
                "service": e.service.name,
                "du": e.starts_at,
                "au": e.ends_at,
                "disponible": e.available,
                "note": e.note,
            }
            for e in AvailabilityException.objects.filter(user=user)
            .select_related("service")
            .order_by("starts_at", "id")
        ],
        "permanences_preferees": [
            {
                "service": p.pattern.service.name,
                "permanence": p.pattern.title,
                "lieu": p.pattern.place,
            }
            for p in PatternPreference.objects.filter(user=user)
            .select_related("pattern__service")
            .order_by("id")
        ],
        "foyers": [
            {
                "service": m.household.service.name,
                "foyer": m.household.name,
                "permanences_dues_par_mois": m.household.monthly_quota,
            }
            for m in HouseholdMember.objects.filter(user=user)
            .select_related("household__service")
            .order_by("id")
        ],
        "permanences": [
            {
                "service": a.shift.service.name,
                "permanence": a.shift.title,
                "lieu": a.shift.place,
                "debut": a.shift.starts_at,
                "fin": a.shift.ends_at,
                "qualification_requise": a.need.qualification_type.name
                if a.need.qualification_type_id
                else "",
                "etat": a.get_status_display(),
                "etat_code": a.status,
                "origine": a.get_source_display(),
                "en_formation": a.trainee,
                "heures_effectuees": a.attended_hours,
                "le": a.created_at,
            }
            for a in Assignment.objects.filter(user=user)
            .select_related("shift__service", "need__qualification_type")
            .order_by("shift__starts_at", "id")
        ],
        "alertes_reponses": [
            {
                "service": r.callout.shift.service.name,
                "permanence": r.callout.shift.title,
                "debut": r.callout.shift.starts_at,
                "reponse": r.get_answer_display(),
                "reponse_code": r.answer,
                "le": r.created_at,
            }
            for r in CallOutResponse.objects.filter(user=user)
            .select_related("callout__shift__service")
            .order_by("created_at", "id")
        ],
        "remplacements_demandes": [
            {
                "permanence": r.assignment.shift.title,
                "debut": r.assignment.shift.starts_at,
                "message": r.message,
                "etat": r.get_status_display(),
                "etat_code": r.status,
                "le": r.created_at,
                "clos_le": r.closed_at,
            }
            for r in ReplacementRequest.objects.filter(requested_by=user)
            .select_related("assignment__shift")
            .order_by("created_at", "id")
        ],
        "agenda_abonnement": [
            {"cree_le": feed.created_at}
            for feed in CalendarFeed.objects.filter(user=user).order_by("created_at")
        ],
    }
