"""Open missions in the mission model of the national volunteering exchange (API Engagement,
the one JeVeuxAider and other platforms share): required ``clientId``, ``title``,
``description``, ``applicationUrl``; optional dates, places, address and organisation fields.
Only shifts with free places, in the coming 60 days, are listed; no personal data."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from spp.rosters import selectors


def missions_for(service, request) -> list[dict]:
    today = timezone.localdate()
    shifts = selectors.shifts_in_period(service, today, today + timedelta(days=60))
    commune = service.communes.order_by("-population").first()
    home = request.build_absolute_uri(reverse("rosters:service_home", args=[service.slug]))
    missions = []
    for shift in shifts:
        if shift.starts_at <= timezone.now():
            continue
        free = sum(max(0, n.max_count - n.assigned_count - n.trainee_count)
                   for n in shift.needs.all())
        if not free:
            continue
        needs = ", ".join(str(n) for n in shift.needs.all())
        mission = {
            "clientId": f"spp-shift-{shift.pk}",
            "title": f"{shift.title} — {service.name}",
            "description": f"{service.summary}\n\n{needs}",
            "applicationUrl": home,
            "postedAt": shift.created_at.isoformat(),
            "startAt": shift.starts_at.isoformat(),
            "endAt": shift.ends_at.isoformat(),
            "places": free,
            "address": shift.place,
            "country": "FR",
            "organizationName": (service.operator or service.authority).name,
            "organizationUrl": request.build_absolute_uri(service.get_absolute_url()),
            "schedule": "part_time",
            "remote": "no",
        }
        if commune is not None:
            mission.update(city=commune.name, departmentCode=commune.insee[:2])
            if commune.latitude is not None:
                mission["location"] = {"lat": float(commune.latitude),
                                       "lon": float(commune.longitude)}
        missions.append(mission)
    return missions
