"""Demo data of the rosters app, called by ``manage.py seed_demo`` (idempotent): a month of
shifts for the volunteer firefighters and the parent-run crèche, availabilities, households
with quotas, a published roster with a gap, attended past shifts in the ledger, and one open
call-out. Everything goes through the services, as a coordinator and volunteers would."""

from datetime import time, timedelta

from django.utils import timezone

from spp.rosters import services
from spp.rosters.models import (
    Assignment,
    AvailabilityWindow,
    CallOut,
    Household,
    Roster,
    RosterPolicy,
    ShiftPattern,
)
from spp.rosters.selectors import callout_candidates, participant_ids
from spp.rosters.solver.input import problem_for

FIRE_PATTERNS = [
    ("Garde de jour", time(7), time(19), [{"code": "chef-agres", "min": 1, "max": 1},
                                          {"code": "equipier", "min": 2, "max": 3}]),
    ("Garde de nuit", time(19), time(7), [{"code": "chef-agres", "min": 1, "max": 1},
                                          {"code": "equipier", "min": 2, "max": 2}]),
]
CRECHE_PATTERNS = [
    ("Permanence du matin", time(7, 30), time(12, 30), [{"code": "", "min": 1, "max": 2}]),
    ("Permanence de l’après-midi", time(12, 30), time(18, 30),
     [{"code": "", "min": 1, "max": 2}]),
]
BLOCKS = [(0, 7, 19), (1, 19, 24), (2, 0, 7), (3, 7, 13), (4, 13, 19)]


def seed(context) -> None:
    fire, creche = context.services["firefighters"], context.services["creche"]
    today = timezone.localdate()
    if not RosterPolicy.objects.filter(service=fire).exists():
        services.policy_set(actor=context.sdis_coordinator, service=fire, min_rest_hours=11,
                            max_hours_per_week=48, escalation_hours=6, cancel_notice_hours=24,
                            fallback_name="Garde professionnelle du CIS de Voiron",
                            fallback_contact=context.sdis_coordinator)
    if not RosterPolicy.objects.filter(service=creche).exists():
        services.policy_set(actor=context.coordinator, service=creche, min_rest_hours=0,
                            max_hours_per_week=20, escalation_hours=12, cancel_notice_hours=48,
                            fallback_name="Équipe de la crèche (professionnelles)",
                            fallback_contact=context.coordinator)
    _patterns(context.sdis_coordinator, fire, FIRE_PATTERNS, list(range(7)), today)
    _patterns(context.coordinator, creche, CRECHE_PATTERNS, [0, 1, 2, 3, 4], today)
    _availability(context, fire)
    _availability(context, creche)
    _households(context, creche)
    _past_attendance(context, fire, context.sdis_coordinator)
    _past_attendance(context, creche, context.coordinator)
    for service, coordinator in ((fire, context.sdis_coordinator), (creche, context.coordinator)):
        if not Roster.objects.filter(service=service).exists():
            roster = services.roster_request(actor=coordinator, service=service,
                                             starts_on=today + timedelta(days=1),
                                             ends_on=today + timedelta(days=14), time_limit=5)
            services.roster_publish(actor=coordinator, roster=roster, version=roster.version)
    _callout(context, fire)


def _patterns(coordinator, service, patterns, weekdays, today):
    for title, start, end, needs in patterns:
        pattern = ShiftPattern.objects.filter(service=service, title=title).first()
        if pattern is None:
            pattern = services.pattern_create(
                actor=coordinator, service=service, title=title,
                place=("Centre d’incendie et de secours de Voiron" if service.slug == "spv-voiron"
                       else "Crèche Les P’tits Loups, 12 rue des Écoles"),
                weekdays=weekdays, start_time=start, end_time=end, needs=needs,
                valid_from=today - timedelta(days=7))
        services.pattern_generate(actor=coordinator, pattern=pattern,
                                  first=today - timedelta(days=7), last=today + timedelta(days=30))


def _availability(context, service):
    rng = context.rng
    for index, user_id in enumerate(sorted(participant_ids(service))):
        if AvailabilityWindow.objects.filter(user_id=user_id, service=service).exists():
            continue
        person = type(context.citizen).objects.get(pk=user_id)
        slots = []
        for weekday in sorted(rng.sample(range(7), 3 + index % 3)):
            _k, start, end = rng.choice(BLOCKS)
            slots.append((weekday, start * 60, end * 60))
            if end == 24:
                slots.append(((weekday + 1) % 7, 0, 7 * 60))
        services.availability_week_set(actor=person, service=service, slots=slots)


def _households(context, creche):
    members = [u for u in [context.citizen] + context.citizens[24:32]
               if u.pk in set(participant_ids(creche))]
    for index in range(0, len(members), 2):
        group = members[index:index + 2]
        name = f"Famille {group[0].last_name}"
        if not Household.objects.filter(service=creche, name=name).exists() and not any(
                u.household_memberships.filter(service=creche).exists() for u in group):
            services.household_create(actor=context.coordinator, service=creche, name=name,
                                      monthly_quota=4, members=group)


def _past_attendance(context, service, coordinator):
    """Last week's shifts, staffed and attended: the ledger and quotas show real history.

    Only shifts already over: yesterday's night shift may still be running when the demo is
    seeded in the small hours, and attendance is confirmed after a shift ends."""
    if Assignment.objects.filter(shift__service=service, status="attended").exists():
        return
    today = timezone.localdate()
    problem, needs = problem_for(service, today - timedelta(days=7), today - timedelta(days=1))
    people = {p.id: p for p in problem.people}
    now = timezone.now()
    for spec in problem.shifts:
        if spec.end > now:
            continue
        for index, need in enumerate(spec.needs):
            day = spec.start.date()
            able = [pid for pid, p in people.items()
                    if any(q.code == need.code and q.valid_on(day) and not q.in_training
                           for q in p.qualifications) or not need.code]
            for user_id in able[(spec.id + index) % 3::4][:need.min]:
                shift_need = needs[(spec.id, index)]
                if Assignment.objects.filter(shift_id=spec.id, user_id=user_id).exists():
                    continue
                assignment = Assignment.objects.create(
                    shift_id=spec.id, need=shift_need, user_id=user_id, status="published",
                    source=Assignment.Source.COORDINATOR)
                services.assignment_attend(actor=coordinator, assignment=assignment)


def _callout(context, fire):
    """A call-out for a gap of the published roster; two qualified volunteers first declare
    a one-off extra availability that evening, so the alert reaches them."""
    if CallOut.objects.filter(shift__service=fire).exists():
        return
    roster = Roster.objects.filter(service=fire, status="published").first()
    for gap in (roster.gaps if roster else []):
        need = fire.shifts.get(pk=gap["shift"]).needs.get(pk=gap["need"])
        shift = need.shift
        if shift.starts_at < timezone.now() + timedelta(hours=12) or need.code != "equipier":
            continue
        for person in context.citizens[1:21]:
            if len(callout_candidates(need)) >= 2:
                break
            if person.pk in participant_ids(fire) and not Assignment.objects.filter(
                    user=person, status="published", shift__starts_at__lt=shift.ends_at,
                    shift__ends_at__gt=shift.starts_at).exists():
                services.availability_exception_add(
                    actor=person, service=fire, starts_at=shift.starts_at,
                    ends_at=shift.ends_at, available=True, note="Disponible exceptionnellement")
        services.callout_create(actor=context.sdis_coordinator, need=need,
                                message="Il manque du monde sur cette garde : qui peut venir ?")
        return
