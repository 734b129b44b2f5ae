"""Data at scale for the expenses benchmarks (``seed_scale``): one service whose policy
reimburses mileage and meals, ``count`` enrolled contributors (each with a bank account), and
about ten claims each over the past two years (one ledger participation per claim), in every
status. With 100,000 contributors that is issue 16's shape: ~1,000,000 claims, mostly paid,
tens of thousands waiting in the review queue, drafts, refusals, withdrawals.

The figures that the app keeps as claims move are written consistent with the claims: the
budget's ``ServiceMonthTotal`` rows (approved and paid sums per month of participation), the
ceilings' ``LimitUsage`` rows (what each person had approved per month and year: an approval
that would pass a ceiling is written as a refusal, as the database would have refused it), and
the ``PaymentExport`` rows of the monthly payment runs that took the paid claims (each run
takes every claim approved ten days before it or earlier).

``CONTRIBUTOR`` is the person whose claims the benchmark lists: 120 claims, five a month,
whatever the scale. Rows are written a batch of contributors at a time (memory stays flat),
through COPY on PostgreSQL and executemany elsewhere, with identifiers reserved up front so
rows can name each other without reading anything back. Idempotent by service slug."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from itertools import islice

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from spp.catalog.models import Charter, Enrolment, Participation, Service
from spp.core.models import Membership, Organisation, User
from spp.expenses.models import (
    Claim,
    ClaimLine,
    CostCategory,
    LimitUsage,
    PaymentExport,
    PayoutAccount,
    Policy,
    PolicyCost,
    ServiceMonthTotal,
)

SLUG = "frais-echelle"
COORDINATOR = "coordination-frais@spp.bench"  # reviews the claims, reads the budget
ADMIN = "administration-frais@spp.bench"  # exports for payment
CONTRIBUTOR = "frais-0@spp.bench"  # the benchmarked person, with CONTRIBUTOR_CLAIMS claims
CLAIMS_PER_CONTRIBUTOR = 10  # on average (2 to 18)
CONTRIBUTOR_CLAIMS = 120
DAYS_BACK = 730
USERS_PER_BATCH = 2_000
MONTH_CEILING, YEAR_CEILING, CLAIM_CEILING = Decimal("400"), Decimal("3000"), Decimal("150")
MEAL_RECEIPT_ABOVE = Decimal("20")  # meals of the data stay under it: no receipt files
# The first bracket (up to 2,000 km a year) of the public agents' mileage allowances (arrêté of
# 3 July 2006 as amended on 14 March 2022; the classes of migration 0002's table): one rate
# per class is enough for benchmark data.
VEHICLES = [("5cv_et_moins", Decimal("0.32")), ("6_7cv", Decimal("0.41")),
            ("8cv_et_plus", Decimal("0.45"))]
REJECTIONS = ["Le trajet déclaré ne correspond pas à la participation.",
              "Ce repas était fourni sur place.", "Demande en double d’une autre demande."]
PAYMENT_DAY = 20  # a payment run on the 20th of every month takes the claims approved
PAYMENT_DELAY = timedelta(days=10)  # at least ten days before it (the finance office's delay)


def _pseudonym(user_id: int) -> str:
    """``User.pseudonym``, computed without loading the user."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:user:{user_id}".encode()).hexdigest()
    return f"p-{digest[:16]}"


def _iban(number: int) -> tuple[str, str]:
    from schwifty import IBAN

    iban = IBAN.generate("FR", bank_code="30001", account_code=f"{number:011d}")
    return str(iban), str(iban.bic)


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def _write(model, fields: list[str], rows) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``, model attribute names) as they are
    (dates included, past ``auto_now``): COPY on PostgreSQL, executemany elsewhere."""
    written = 0
    table = connection.ops.quote_name(model._meta.db_table)
    model_fields = [model._meta.get_field(name) for name in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in model_fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([json.dumps(v) if isinstance(v, list | dict) else v
                                    for v in row])
                    written += 1
            return written
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        iterator = iter(rows)
        while batch := list(islice(iterator, 5_000)):
            cursor.executemany(sql, [[f.get_db_prep_save(v, connection) for f, v in zip(
                model_fields, row, strict=True)] for row in batch])
            written += len(batch)
    return written


def _reset_sequences(models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")


def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _service(slug: str, name: str, log) -> tuple[Service, Policy, dict]:
    """The service, its policy (mileage and meals, ceilings, a payer for SEPA files) and its
    staff: ``{"coordinator": id, "admin": id}``."""
    from spp.core.demo import siret_from

    authority = Organisation.objects.filter(slug="autorite-essai-frais").first()
    if authority is None:
        authority = Organisation.objects.create(
            kind=Organisation.Kind.AUTHORITY, name="Régie d’essai des frais",
            slug="autorite-essai-frais", siret=siret_from("213800000016"))
    service = Service.objects.create(
        authority=authority, name=name, slug=slug, summary="Banc d’essai.",
        patterns=["roster"], territory_label="Isère",
        indemnification_summary="Kilomètres et repas remboursés au barème des agents publics.")
    Charter.objects.create(service=service, version=1, title="Charte", body="…")
    password = make_password("spp-bench")
    staff = {}
    for email, role in ((COORDINATOR, Membership.Role.COORDINATOR), (ADMIN, Membership.Role.ADMIN)):
        user, _created = User.objects.get_or_create(
            email=email, defaults={"password": password, "first_name": "Agent",
                                   "last_name": "des frais"})
        Membership.objects.get_or_create(user=user, organisation=authority,
                                         defaults={"role": role})
        staff[role] = user.pk
    iban, bic = _iban(99_999_999_999)
    policy = Policy.objects.create(
        service=service, kind=Policy.Kind.REIMBURSEMENT, claim_deadline_days=90,
        bulk_approval_allowed=True, ceiling_per_claim=CLAIM_CEILING,
        ceiling_per_month=MONTH_CEILING, ceiling_per_year=YEAR_CEILING,
        payer_name="Régie d’essai des frais", payer_iban=iban, payer_bic=bic)
    PolicyCost.objects.bulk_create([
        PolicyCost(policy=policy, category=CostCategory.MILEAGE, receipt_required_above=None),
        PolicyCost(policy=policy, category=CostCategory.MEALS,
                   receipt_required_above=MEAL_RECEIPT_ABOVE)])
    log(f"expenses: service {slug} and its policy created")
    return service, policy, staff


def _contributors(service, count: int, rng, now, *, prefix: str) -> list[int]:
    """``count`` people (``<prefix>-<n>@spp.bench``), enrolled, each with a bank account;
    their ids in order."""
    from spp.core.demo import FIRST_NAMES, LAST_NAMES

    first_id, password = _next_id(User), make_password("spp-bench")
    ids = range(first_id, first_id + count)
    _write(User, ["id", "email", "first_name", "last_name", "phone", "password",
                  "preferred_language", "email_notifications", "is_staff", "is_active",
                  "is_superuser", "date_joined"],
           ((uid, f"{prefix}-{i}@spp.bench", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES),
             "", password, "fr", False, False, True, False, now - timedelta(days=800))
            for i, uid in enumerate(ids)))
    charter = service.charters.get()
    joined = now - timedelta(days=DAYS_BACK + 30)
    _write(Enrolment, ["user_id", "service_id", "status", "accepted_charter_id",
                       "charter_accepted_at", "approved_at", "status_reason", "created_at",
                       "updated_at"],
           ((uid, service.pk, Enrolment.Status.ACTIVE, charter.pk, joined, joined, "", joined,
             joined) for uid in ids))
    _write(PayoutAccount, ["user_id", "holder_name", "iban", "bic", "updated_at"],
           ((uid, f"Contributeur {i}", *_iban(uid), joined) for i, uid in enumerate(ids)))
    _reset_sequences([User])
    return list(ids)


def _days(index: int, rng) -> list[int]:
    """How many days ago each of one contributor's participations took place, oldest first."""
    if index == 0:  # CONTRIBUTOR: five a month, evenly over the two years
        step = DAYS_BACK / CONTRIBUTOR_CLAIMS
        return [int(DAYS_BACK - step * n) for n in range(CONTRIBUTOR_CLAIMS)]
    return sorted((rng.randrange(1, DAYS_BACK) for _n in range(rng.randint(2, 18))),
                  reverse=True)


def _fate(age_days: int, rng) -> str:
    """What became of a claim made ``age_days`` after its participation: recent ones wait
    (drafts, the queue), older ones were settled; "settled" becomes paid or approved depending
    on the payment runs since the decision."""
    draw = rng.random()
    if age_days < 30:
        table = [(0.30, "draft"), (0.88, "submitted"), (0.91, "withdrawn"), (0.93, "rejected")]
    elif age_days < 75:
        table = [(0.03, "draft"), (0.18, "submitted"), (0.20, "withdrawn"), (0.25, "rejected")]
    else:
        table = [(0.005, "draft"), (0.02, "withdrawn"), (0.07, "rejected")]
    return next((fate for limit, fate in table if draw < limit), "settled")


def _lines(claim_id: int, rng) -> list[tuple]:
    """One mileage line, and a meal two times in five (one meal in twenty a round 10 €,
    which the review flags)."""
    vehicle, rate = rng.choice(VEHICLES)
    km = Decimal(rng.randint(4, 80))
    lines = [(claim_id, CostCategory.MILEAGE, "Aller-retour domicile – lieu de la permanence",
              km, ClaimLine.Unit.KM, rate, (km * rate).quantize(Decimal("0.01")), vehicle, False,
              f"{km} km × {rate} € (barème des agents publics, première tranche)", "")]
    if rng.random() < 0.4:
        meal = Decimal("10.00") if rng.random() < 0.05 else Decimal(rng.randint(600, 2000)) / 100
        lines.append((claim_id, CostCategory.MEALS, "Repas", Decimal(1), ClaimLine.Unit.EUROS,
                      meal, meal, "", False, "", ""))
    return lines


def _flags(lines) -> list[dict]:
    """The flag the review would have raised on sending (spp/expenses/selectors/flags.py): a
    round sum without a receipt."""
    flat = [line[6] for line in lines if line[1] == CostCategory.MEALS and line[6] % 10 == 0]
    if not flat:
        return []
    return [{"code": "flat_amount", "reason": f"Montant rond sans justificatif ({flat[0]} €) : "
                                              "un forfait ressemble à une rémunération."}]


LINE_FIELDS = ["claim_id", "category", "description", "quantity", "unit", "unit_rate", "amount",
               "vehicle_class", "electric", "computation", "receipt"]
PARTICIPATION_FIELDS = ["id", "user_id", "pseudonym", "service_id", "kind", "quantity", "unit",
                        "occurred_at", "recorded_at", "recorded_by_id", "source_key",
                        "description"]
CLAIM_FIELDS = ["id", "claimant_id", "service_id", "policy_id", "participation_id", "status",
                "total", "waived", "flags", "period_month", "created_at", "submitted_at",
                "decided_at", "decided_by_id", "decision_reason", "paid_at", "payment_id"]
LIMIT_FIELDS = ["policy_id", "user_id", "measure", "period", "period_start", "used", "ceiling"]


@dataclass
class Run:
    """What one call writes: the service, its staff, the moment, the identifiers still free,
    and the figures the claims add up to (payment runs and budget months)."""

    service: Service
    policy: Policy
    staff: dict
    now: datetime
    tz: tzinfo
    runs: list[datetime]
    first_export_id: int
    ids: dict
    months: dict = field(default_factory=lambda: defaultdict(lambda: [0, Decimal(0),
                                                                       Decimal(0)]))
    exports: dict = field(default_factory=lambda: defaultdict(lambda: [0, Decimal(0)]))

    def run_after(self, decided: datetime) -> int | None:
        """The index of the payment run that took a claim approved at ``decided`` (None if
        none has happened yet)."""
        for index, run in enumerate(self.runs):
            if run > decided + PAYMENT_DELAY:
                return index if run <= self.now else None
        return None

    def settle(self, month: date, total: Decimal, decided: datetime) -> int | None:
        """Count an approved claim in its month (and its payment run, if one took it)."""
        run = self.run_after(decided)
        self.months[month][0] += 1
        self.months[month][1] += total
        if run is not None:
            self.months[month][2] += total
            self.exports[run][0] += 1
            self.exports[run][1] += total
        return run


def _claims_of(user_id: int, days: list[int], fate_of, run: Run, rng) -> list[list]:
    """One contributor's rows: [participations, claims, claim lines, ceiling usages]."""
    from spp.expenses.exports import remittance_text

    tz, now, policy = run.tz, run.now, run.policy
    participations, claims, lines = [], [], []
    used = defaultdict(Decimal)  # (period, start) -> approved so far
    for age in days:
        participation_id, claim_id = next(run.ids["participation"]), next(run.ids["claim"])
        occurred = datetime.combine((now - timedelta(days=age)).astimezone(tz).date(),
                                    time(rng.randint(8, 19)), tzinfo=tz)
        hours = rng.randint(2, 6)
        participations.append((participation_id, user_id, _pseudonym(user_id), run.service.pk,
                               Participation.Kind.SHIFT, Decimal(hours), Participation.Unit.HOURS,
                               occurred, occurred + timedelta(hours=hours), None,
                               f"expenses.scale:{participation_id}", "Permanence d’accueil"))
        claim_lines = _lines(claim_id, rng)
        total = sum(line[6] for line in claim_lines)
        month = _month(occurred.date())
        created = min(now - timedelta(minutes=5), occurred + timedelta(hours=rng.randint(3, 120)))
        submitted = min(now - timedelta(minutes=1), created + timedelta(hours=rng.randint(0, 48)))
        decided = submitted + timedelta(hours=rng.randint(4, 480))
        status = fate_of(age, rng)
        if status in ("settled", "rejected") and decided > now:
            status = "submitted"  # not yet reviewed
        reason = rng.choice(REJECTIONS) if status == "rejected" else ""
        keys = [("month", month), ("year", month.replace(month=1))]
        if status == "settled" and any(used[key] + total > ceiling for key, ceiling in zip(
                keys, (MONTH_CEILING, YEAR_CEILING), strict=True)):
            status, reason = "rejected", "Au-delà du plafond par personne."  # as the DB would
        payment = None
        if status == "settled":
            for key in keys:
                used[key] += total
            payment = run.settle(month, total, decided)
            status = Claim.Status.APPROVED if payment is None else Claim.Status.PAID
        if payment is not None:  # the ledger's row of what was paid, as the export writes it
            participations.append((
                next(run.ids["participation"]), user_id, _pseudonym(user_id), run.service.pk,
                Participation.Kind.INDEMNITY_PAID, total, Participation.Unit.EUROS,
                run.runs[payment], run.runs[payment], run.staff["admin"],
                f"expenses.claim:{claim_id}", remittance_text(claim_id)))
        decision = status in ("approved", "paid", "rejected")
        never_sent = status == "draft" or (status == "withdrawn" and rng.random() < 0.5)
        claims.append((
            claim_id, user_id, run.service.pk, policy.pk, participation_id, status, total, False,
            [] if never_sent else _flags(claim_lines), month, created,
            None if never_sent else submitted, decided if decision else None,
            run.staff["coordinator"] if decision else None, reason,
            None if payment is None else run.runs[payment],
            None if payment is None else run.first_export_id + payment))
        lines += claim_lines
    limits = [(policy.pk, user_id, LimitUsage.Measure.EUROS, period, start, amount,
               MONTH_CEILING if period == "month" else YEAR_CEILING)
              for (period, start), amount in used.items()]
    return [participations, claims, lines, limits]


def _settled(_age, _rng) -> str:
    return "settled"


def _payment_runs(now) -> list[datetime]:
    """The 20th of every month at 10:00 from two years ago to now."""
    tz = timezone.get_current_timezone()
    month, runs = _month((now - timedelta(days=DAYS_BACK)).astimezone(tz).date()), []
    while (run := datetime.combine(month.replace(day=PAYMENT_DAY), time(10),
                                   tzinfo=tz)) <= now:
        runs.append(run)
        month = _next_month(month)
    return runs


def _start(slug: str, name: str, *, runs: bool, log) -> Run:
    service, policy, staff = _service(slug, name, log)
    now = timezone.now()
    return Run(service=service, policy=policy, staff=staff, now=now,
               tz=timezone.get_current_timezone(),
               runs=_payment_runs(now) if runs else [],
               first_export_id=_next_id(PaymentExport),
               ids={"participation": iter(range(_next_id(Participation), 2**62)),
                    "claim": iter(range(_next_id(Claim), 2**62))})


def _write_claims(run: Run, people) -> tuple[int, int]:
    """Write ``people`` (an iterable of ``_claims_of`` results) a batch at a time, then the
    payment runs and budget months they add up to: (claims, rows) written."""
    claims = rows = 0
    iterator = iter(people)
    while batch := list(islice(iterator, USERS_PER_BATCH)):
        rows += _write(Participation, PARTICIPATION_FIELDS, (r for person in batch
                                                             for r in person[0]))
        claims += _write(Claim, CLAIM_FIELDS, (r for person in batch for r in person[1]))
        rows += _write(ClaimLine, LINE_FIELDS, (r for person in batch for r in person[2]))
        rows += _write(LimitUsage, LIMIT_FIELDS, (r for person in batch for r in person[3]))
    service = run.service
    rows += _write(
        PaymentExport, ["id", "service_id", "format", "created_by_id", "created_at",
                        "message_id", "claim_count", "total", "file", "claimants_notified_at"],
        ((run.first_export_id + index, service.pk,
          PaymentExport.Format.SEPA if index % 3 else PaymentExport.Format.CSV,
          run.staff["admin"], run.runs[index],
          f"SPP-{service.pk}-{run.runs[index]:%Y%m%d%H%M%S}-{run.first_export_id + index}",
          count, total, "", run.runs[index])
         for index, (count, total) in sorted(run.exports.items())))
    rows += _write(
        ServiceMonthTotal, ["service_id", "month", "approved_amount", "paid_amount",
                            "waived_amount", "approved_count"],
        ((service.pk, month, approved, paid, Decimal(0), count)
         for month, (count, approved, paid) in sorted(run.months.items())))
    _reset_sequences([Participation, Claim, PaymentExport])
    return claims, rows + claims


@transaction.atomic
def generate(*, count: int, rng, log=print) -> int:
    """The benchmark's service with ``count`` contributors (``seed_scale``); the rows written."""
    if Service.objects.filter(slug=SLUG).exists():
        log("expenses: scale data already present")
        return 0
    run = _start(SLUG, "Frais à grande échelle", runs=True, log=log)
    user_ids = _contributors(run.service, max(1, count), rng, run.now, prefix="frais")
    claims, rows = _write_claims(run, (_claims_of(user_id, _days(index, rng), _fate, run, rng)
                                       for index, user_id in enumerate(user_ids)))
    per_month = sum(m[1] for m in run.months.values()) / max(1, len(run.months))
    Policy.objects.filter(pk=run.policy.pk).update(  # planned a tenth above what is spent
        monthly_budget=(per_month * Decimal("1.1")).quantize(Decimal("1")))
    log(f"expenses: {len(user_ids)} contributors, {claims} claims, "
        f"{len(run.exports)} payment runs")
    return 3 * len(user_ids) + rows  # people, enrolments and accounts; claims and their rows


@transaction.atomic
def payable_claims(*, slug: str, count: int, rng, log=print) -> Service:
    """A service of its own with ``count`` approved claims awaiting payment (two per person,
    from one to two months ago, each person with a bank account): what one payment export
    takes (bench/expenses_export.py)."""
    run = _start(slug, f"Paiement de {count} demandes", runs=False, log=log)
    user_ids = _contributors(run.service, (count + 1) // 2, rng, run.now, prefix=slug)

    def days(index):  # two each, the last person one if ``count`` is odd
        return sorted((rng.randrange(30, 60) for _n in range(min(2, count - 2 * index))),
                      reverse=True)

    written, _rows = _write_claims(run, (_claims_of(user_id, days(index), _settled, run, rng)
                                         for index, user_id in enumerate(user_ids)))
    log(f"expenses: {written} approved claims to pay in {slug}")
    return run.service
