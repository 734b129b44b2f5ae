"""The core generator of ``seed_scale``: many citizens enrolled in the demo's services, their
ledger rows, and, for the demo accounts, a long history (the pages they open in benchmarks
then read over many rows). Runs after ``seed_demo``, whose services and accounts it builds on.

Every call adds rows (it never deletes): scale users are numbered after those already there."""

import hashlib
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import Max
from django.utils import timezone

from spp.catalog.models import Charter, Enrolment, Participation, Service
from spp.core.bulk import bulk_insert
from spp.core.models import AuditLogEntry, Commune, Notification, Organisation, User
from spp.core.services import notification_unread_recount

SCALE_DOMAIN = "scale.spp"
KIND_BY_PATTERN = {"roster": ("shift", "hours", (2, 12)),
                   "reports": ("report", "count", (1, 1)),
                   "carpool": ("journey", "km", (5, 60)),
                   "peers": ("peer_session", "hours", (1, 3)),
                   "consultation": ("contribution", "count", (1, 1))}
OTHER = ("other", "count", (1, 1))
ACTIONS = ["catalog.enrolment.approve", "catalog.enrolment.suspend", "catalog.charter.publish",
           "core.membership.set", "catalog.qualification.verify", "catalog.incident.acknowledge"]


def pseudonym(user_id: int) -> str:
    """The same value as ``User.pseudonym``, computed without loading the user."""
    return "p-" + hashlib.sha256(f"{settings.SECRET_KEY}:user:{user_id}".encode()).hexdigest()[:16]


def _services() -> list[tuple[Service, Charter]]:
    charters = {c.service_id: c for c in Charter.objects.order_by("service_id", "version")}
    return [(s, charters[s.pk]) for s in Service.objects.filter(is_published=True).order_by("pk")
            if s.pk in charters]


def generate_users(*, count: int, rng, log) -> list[int]:
    """Bulk-create ``count`` citizens; return their ids."""
    start = User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").count()
    before = User.objects.aggregate(m=Max("pk"))["m"] or 0
    communes = list(Commune.objects.filter(departement="38").values_list("insee", flat=True)[:300])
    password, now = make_password(None), timezone.now()
    from spp.core.demo import FIRST_NAMES, LAST_NAMES

    rows = ((password, False, f"citoyen{start + i:07d}@{SCALE_DOMAIN}", rng.choice(FIRST_NAMES),
             rng.choice(LAST_NAMES), "", rng.choice(communes) if communes else None, "fr", False,
             False, True, now - timedelta(days=rng.randint(0, 1500))) for i in range(count))
    written = bulk_insert(User, ["password", "is_superuser", "email", "first_name", "last_name",
                                 "phone", "commune_id", "preferred_language",
                                 "email_notifications", "is_staff", "is_active", "date_joined"],
                          rows)
    log(f"  users: {written}")
    return list(User.objects.filter(pk__gt=before, email__endswith=f"@{SCALE_DOMAIN}")
                .order_by("pk").values_list("pk", flat=True))


def generate_enrolments(*, user_ids: list[int], rng, log) -> list[tuple[int, Service]]:
    """Enrol each new citizen in one to three services (mostly active)."""
    services, now = _services(), timezone.now()
    pairs: list[tuple[int, Service]] = []
    rows = []
    for user_id in user_ids:
        for service, charter in rng.sample(services, k=min(len(services), rng.randint(1, 3))):
            active = rng.random() < 0.9
            created = now - timedelta(days=rng.randint(1, 900))
            rows.append((user_id, service.pk, "active" if active else "pending", charter.pk,
                         created, created if active else None, "", created, now))
            if active:
                pairs.append((user_id, service))
    written = bulk_insert(Enrolment, ["user_id", "service_id", "status", "accepted_charter_id",
                                      "charter_accepted_at", "approved_at", "status_reason",
                                      "created_at", "updated_at"], rows)
    log(f"  enrolments: {written}")
    return pairs


def _participation_rows(pairs, count: int, rng):
    now = timezone.now()
    for _ in range(count):
        user_id, service = rng.choice(pairs)
        kind, unit, (low, high) = KIND_BY_PATTERN.get(service.patterns[0], OTHER)
        moment = now - timedelta(minutes=rng.randint(1, 60 * 24 * 900))
        yield (user_id, pseudonym(user_id), service.pk, kind, Decimal(rng.randint(low, high)),
               unit, moment, moment, "", "")


PARTICIPATION_FIELDS = ["user_id", "pseudonym", "service_id", "kind", "quantity", "unit",
                        "occurred_at", "recorded_at", "source_key", "description"]


def generate_participations(*, pairs, count: int, rng, log) -> int:
    if not pairs:
        return 0
    written = bulk_insert(Participation, PARTICIPATION_FIELDS,
                          _participation_rows(pairs, count, rng))
    log(f"  participations: {written}")
    return written


def generate_demo_history(*, citizen_history: int, audit: int, notifications: int, rng,
                          log) -> int:
    """A long history for the demo accounts: the citizen's ledger and inbox, the
    authority's audit log (the pages the benchmark opens as these accounts)."""
    citizen = User.objects.filter(email="citoyen@spp.demo").first()
    admin = User.objects.filter(email="admin@spp.demo").first()
    voiron = Organisation.objects.filter(slug="commune-de-voiron").first()
    if citizen is None or voiron is None:
        log("  demo accounts missing: run seed_demo first (history skipped)")
        return 0
    services = [s for s, _ in _services()]
    pairs = [(citizen.pk, service) for service in services]
    written = generate_participations(pairs=pairs, count=citizen_history, rng=rng, log=log)
    now = timezone.now()
    written += bulk_insert(Notification, ["recipient_id", "title", "body", "url", "created_at",
                                          "read_at"],
                           ((citizen.pk, f"Rappel n° {i}", "Votre garde approche.", "/",
                             now - timedelta(minutes=i), now if i % 3 else None)
                            for i in range(notifications)))
    notification_unread_recount(user_ids=[citizen.pk])  # written in bulk, past the service
    written += bulk_insert(AuditLogEntry, ["created_at", "actor_id", "organisation_id", "action",
                                           "target_type", "target_id", "target_repr", "reason",
                                           "data"],
                           ((now - timedelta(minutes=i), admin.pk if admin else None, voiron.pk,
                             rng.choice(ACTIONS), "catalog.enrolment", str(i), f"Inscription {i}",
                             "", {}) for i in range(audit)))
    log(f"  demo history: {citizen_history} ledger rows, {notifications} notifications, "
        f"{audit} audit entries")
    return written


def generate(*, users: int, participations: int, citizen_history: int, audit: int,
             notifications: int, rng, log) -> int:
    """The whole core volume; returns the number of rows written."""
    user_ids = generate_users(count=users, rng=rng, log=log)
    pairs = generate_enrolments(user_ids=user_ids, rng=rng, log=log)
    written = len(user_ids) + len(pairs)
    written += generate_participations(pairs=pairs, count=participations, rng=rng, log=log)
    written += generate_demo_history(citizen_history=citizen_history, audit=audit,
                                     notifications=notifications, rng=rng, log=log)
    return written
