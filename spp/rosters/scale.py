"""Data at scale for the rosters benchmarks (``seed_scale``): one firefighter-like service
with ``count`` enrolled volunteers (qualifications, weekly availability) and two years of
shifts (the past year and the next), five per volunteer (at least six a day), with about two
thirds of the needs given their minimum: about two places a shift, ten per volunteer. With
10,000 volunteers that is the shape issue 13 measured: ~50,000 shifts (68 a day) and
~100,000 assignments. Bulk inserts in batches, a month at a time; the needs' live-place
counters are set as the places are made, then each shift's places missing. Idempotent by
service slug (a second run adds nothing)."""

from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from spp.catalog.models import Charter, Enrolment, Qualification, QualificationType, Service
from spp.core.models import Membership, Organisation, User
from spp.rosters.models import Assignment, AvailabilityWindow, Shift, ShiftNeed
from spp.rosters.services.common import missing_of_shift

SLUG = "spv-scale"
COORDINATOR = "coordination-gardes@spp.bench"
VOLUNTEER = "gardes-0@spp.bench"  # a chef d'agrès (counts as équipier too)
BATCH = 2000
SHIFTS_PER_VOLUNTEER = 5
DAYS_BACK, DAYS_AHEAD = 365, 365
SHIFTS = [  # title, start, hours, [(code, min, max)]
    ("Garde de jour", time(7), 12, [("chef-agres", 1, 1), ("equipier", 3, 4)]),
    ("Garde de nuit", time(19), 12, [("chef-agres", 1, 1), ("equipier", 3, 3)]),
    ("Permanence matin", time(7, 30), 5, [("", 2, 2), ("psc1", 1, 1)]),
    ("Permanence après-midi", time(12, 30), 6, [("", 2, 2), ("psc1", 1, 1)]),
    ("Soutien soirée", time(18), 4, [("equipier", 2, 3)]),
    ("Poste de secours", time(8), 4, [("psc1", 2, 3)]),
]


def _types(owner) -> dict[str, QualificationType]:
    types = {}
    for code, name in [("chef-agres", "Chef d’agrès"), ("equipier", "Équipier"),
                       ("psc1", "PSC1")]:
        types[code], _created = QualificationType.objects.get_or_create(
            code=code, defaults={"name": name, "owner": owner})
    types["chef-agres"].includes.add(types["equipier"])
    return types


@transaction.atomic
def generate(*, count: int, rng, log=print) -> int:
    if Service.objects.filter(slug=SLUG).exists():
        log("rosters: scale data already present")
        return 0
    authority = Organisation.objects.filter(kind="authority").first()
    if authority is None:
        from spp.core.demo import siret_from

        authority = Organisation.objects.create(kind="authority", name="Autorité d’essai",
                                                slug="autorite-essai-gardes",
                                                siret=siret_from("213800000001"))
    service = Service.objects.create(
        authority=authority, name="Gardes à grande échelle", slug=SLUG, summary="Banc d’essai.",
        patterns=["roster"], territory_label="Isère")
    charter = Charter.objects.create(service=service, version=1, title="Charte", body="…")
    password = make_password("spp-bench")
    coordinator, _created = User.objects.get_or_create(email=COORDINATOR,
                                                       defaults={"password": password})
    Membership.objects.get_or_create(user=coordinator, organisation=authority,
                                     defaults={"role": "coordinator"})
    now, types = timezone.now(), _types(authority)
    users = User.objects.bulk_create(
        [User(email=f"gardes-{i}@spp.bench", first_name="Bénévole", last_name=str(i),
              password=password) for i in range(count)], batch_size=BATCH)
    Enrolment.objects.bulk_create(
        [Enrolment(user=u, service=service, status="active", accepted_charter=charter,
                   charter_accepted_at=now, approved_at=now) for u in users], batch_size=BATCH)
    quals, windows = [], []
    since = timezone.localdate() - timedelta(days=400)
    for index, user in enumerate(users):
        codes = ["chef-agres"] if index % 8 == 0 else ["equipier"] if index % 8 < 5 else []
        if rng.random() < 0.35:
            codes.append("psc1")
        quals += [Qualification(user=user, qualification_type=types[c], obtained_on=since,
                                verified_at=now) for c in codes]
        for weekday in rng.sample(range(7), rng.randint(2, 4)):
            start = rng.choice([0, 7, 12, 18]) * 60
            windows.append(AvailabilityWindow(user=user, service=service, weekday=weekday,
                                              start_minute=start,
                                              end_minute=min(1440, start + 12 * 60)))
    Qualification.objects.bulk_create(quals, batch_size=BATCH)
    AvailabilityWindow.objects.bulk_create(windows, batch_size=BATCH)
    shifts, needs, assignments = _shifts(service, users, types, rng)
    log(f"rosters: {count} volunteers, {shifts} shifts, {assignments} assignments")
    return len(users) * 2 + len(quals) + len(windows) + shifts + needs + assignments


def _shifts(service, users, types, rng) -> tuple[int, int, int]:
    """Two years of shifts, a month at a time (memory stays flat): (shifts, needs,
    assignments) made. Past places are attended but for the last fortnight's (to confirm)."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    per_day = max(len(SHIFTS), round(len(users) * SHIFTS_PER_VOLUNTEER
                                     / (DAYS_BACK + DAYS_AHEAD)))
    made = [0, 0, 0]
    for month_start in range(-DAYS_BACK, DAYS_AHEAD, 30):
        shifts, specs = [], []
        for offset in range(month_start, min(month_start + 30, DAYS_AHEAD)):
            day = today + timedelta(days=offset)
            for index in range(per_day):
                title, start, hours, needs = SHIFTS[index % len(SHIFTS)]
                team = index // len(SHIFTS) + 1
                starts_at = datetime.combine(day, start, tzinfo=tz)
                shifts.append(Shift(service=service, title=f"{title} — équipe {team}",
                                    place=f"Centre de secours {team}", starts_at=starts_at,
                                    ends_at=starts_at + timedelta(hours=hours)))
                specs.append(needs)
        shifts = Shift.objects.bulk_create(shifts, batch_size=BATCH)
        needs, places = [], []
        for shift, spec in zip(shifts, specs, strict=True):
            filled = [(code, low, high) for code, low, high in spec if rng.random() < 0.66]
            people = iter(rng.sample(users, sum(low for _c, low, _h in filled)))
            status = ("published" if shift.ends_at > timezone.now() - timedelta(days=14)
                      else "attended")
            for code, low, high in spec:
                need = ShiftNeed(shift=shift, qualification_type=types.get(code),
                                 min_count=low, max_count=high)
                if (code, low, high) in filled:
                    need.assigned_count = low
                    places += [Assignment(shift=shift, need=need, user=next(people),
                                          status=status, source="coordinator")
                               for _ in range(low)]
                needs.append(need)
        ShiftNeed.objects.bulk_create(needs, batch_size=BATCH)
        for place in places:
            place.need_id = place.need.pk  # set once the need was saved
        Assignment.objects.bulk_create(places, batch_size=BATCH)
        Shift.objects.filter(pk__in=[shift.pk for shift in shifts]).update(
            missing_count=missing_of_shift())  # the places the needs' counters leave missing
        made = [made[0] + len(shifts), made[1] + len(needs), made[2] + len(places)]
    return tuple(made)
