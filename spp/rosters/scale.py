"""Data at scale for the rosters benchmarks (``seed_scale``): one firefighter-like service
with ``count`` enrolled volunteers (qualifications, weekly availability), the current month
of shifts (6 a day, mixed needs) and about two thirds of the places filled. Bulk inserts in
batches; idempotent by service slug (a second run adds nothing)."""

from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from spp.catalog.models import Charter, Enrolment, Qualification, QualificationType, Service
from spp.core.models import Membership, Organisation, User
from spp.rosters.models import Assignment, AvailabilityWindow, Shift, ShiftNeed

SLUG = "spv-scale"
COORDINATOR = "coordination-gardes@spp.bench"
BATCH = 2000
SHIFTS = [  # title, start, hours, [(code, min, max)]
    ("Garde de jour", time(7), 12, [("chef-agres", 1, 1), ("equipier", 3, 4)]),
    ("Garde de nuit", time(19), 12, [("chef-agres", 1, 1), ("equipier", 3, 3)]),
    ("Permanence matin", time(7, 30), 5, [("", 2, 2), ("psc1", 1, 1)]),
    ("Permanence après-midi", time(12, 30), 6, [("", 2, 2), ("psc1", 1, 1)]),
    ("Soutien soirée", time(18), 4, [("equipier", 2, 3)]),
    ("Poste de secours", time(8), 4, [("psc1", 2, 3)]),
]


def _types() -> dict[str, QualificationType]:
    types = {}
    for code, name in [("chef-agres", "Chef d’agrès"), ("equipier", "Équipier"),
                       ("psc1", "PSC1")]:
        types[code], _created = QualificationType.objects.get_or_create(
            code=code, defaults={"name": name})
    types["chef-agres"].includes.add(types["equipier"])
    return types


@transaction.atomic
def generate(*, count: int, rng, log=print) -> int:
    if Service.objects.filter(slug=SLUG).exists():
        log("rosters: scale data already present")
        return 0
    authority = Organisation.objects.filter(kind="authority").first()
    if authority is None:
        from spp.core.demo_data import siret_from

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
    now, types = timezone.now(), _types()
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
    tz = timezone.get_current_timezone()
    first = timezone.localdate().replace(day=1)
    shifts, specs = [], []
    for offset in range(31):
        day = first + timedelta(days=offset)
        if day.month != first.month:
            break
        for title, start, hours, needs in SHIFTS:
            starts_at = datetime.combine(day, start, tzinfo=tz)
            shifts.append(Shift(service=service, title=title, place="Centre de secours",
                                starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours)))
            specs.append(needs)
    shifts = Shift.objects.bulk_create(shifts, batch_size=BATCH)
    needs = ShiftNeed.objects.bulk_create(
        [ShiftNeed(shift=s, qualification_type=types.get(code), min_count=low, max_count=high)
         for s, spec in zip(shifts, specs, strict=True) for code, low, high in spec],
        batch_size=BATCH)
    assignments, pool = [], list(users)
    for need in needs:
        if rng.random() < 0.66:
            for user in rng.sample(pool, need.min_count):
                assignments.append(Assignment(shift=need.shift, need=need, user=user,
                                              status="published", source="coordinator"))
    seen = set()
    assignments = [a for a in assignments if (a.shift.pk, a.user.pk) not in seen
                   and not seen.add((a.shift.pk, a.user.pk))]
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    total = (len(users) * 2 + len(quals) + len(windows) + len(shifts) + len(needs)
             + len(assignments))
    log(f"rosters: {count} volunteers, {len(shifts)} shifts, {len(assignments)} assignments")
    return total
