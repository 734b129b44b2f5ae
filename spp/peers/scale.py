"""Data at scale for the peers benchmark (``seed_scale``): one service with ``count // 10``
certified experts (20,000 at the full scale's 200,000, issue 18's volume; at least 20), spread
over the Isère communes the demo loaded, each in two of five domains, with languages, modes,
radius and load drawn at random; and the two requests whose ranking the benchmark reads (in
person at Voiron, by phone). Rows are written in bulk, past the services, with the fields the
services keep (a profile's position copied from its commune, its load below its capacity).
``COORDINATOR`` reads the rankings. Idempotent by service slug."""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from spp.catalog.models import (
    Charter,
    Enrolment,
    Qualification,
    QualificationType,
    Service,
)
from spp.core.models import Commune, Membership, Organisation, User
from spp.peers.models import Domain, ExpertProfile, PeerRequest, languages_column

SLUG = "pairs-echelle"
COORDINATOR = "coordination-pairs@spp.bench"
DOMAINS = ["Diabète de type 2", "Insuffisance rénale chronique", "Sclérose en plaques",
           "Maladies inflammatoires chroniques de l’intestin", "Santé mentale (pair-aidance)"]
LANGUAGES = ["fr", "en", "ar", "es", "pt", "it", "tr"]
BATCH = 2_000


def _service(log) -> tuple[Service, list[Domain]]:
    from spp.core.demo import siret_from

    authority = Organisation.objects.filter(slug="autorite-essai-pairs").first() or \
        Organisation.objects.create(kind=Organisation.Kind.AUTHORITY,
                                    name="Régie d’essai des pairs", slug="autorite-essai-pairs",
                                    siret=siret_from("213800000024"))
    service = Service.objects.create(
        authority=authority, name="Patients-experts à grande échelle", slug=SLUG,
        summary="Banc d’essai.", patterns=["peers"], territory_label="Isère")
    Charter.objects.create(service=service, version=1, title="Charte", body="…")
    certificate, _created = QualificationType.objects.get_or_create(
        code="patient-expert", defaults={"name": "Certificat de patient-expert",
                                         "validity_months": 48, "owner": authority})
    service.required_qualifications.add(certificate)
    coordinator, _created = User.objects.get_or_create(
        email=COORDINATOR, defaults={"password": make_password("spp-bench"),
                                     "first_name": "Coordination", "last_name": "des pairs"})
    Membership.objects.get_or_create(user=coordinator, organisation=authority,
                                     defaults={"role": Membership.Role.COORDINATOR})
    log(f"peers: service {SLUG} created")
    return service, [Domain.objects.create(service=service, name=name) for name in DOMAINS]


def _experts(service, domains, count: int, rng) -> int:
    communes = list(Commune.objects.filter(departement="38").values_list(
        "insee", "latitude", "longitude")) or [("38563", 45.3642, 5.5894)]
    certificate = service.required_qualifications.get()
    charter = service.charters.get()
    now, today, password = timezone.now(), timezone.localdate(), make_password(None)
    through = ExpertProfile.domains.through
    written = 0
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        users = User.objects.bulk_create([
            User(email=f"pair-{start + n}@spp.bench", first_name=f"Pair{start + n}",
                 last_name="Essai", password=password, email_notifications=False)
            for n in range(size)])
        Enrolment.objects.bulk_create([
            Enrolment(user=user, service=service, status=Enrolment.Status.ACTIVE,
                      accepted_charter=charter, charter_accepted_at=now, approved_at=now)
            for user in users])
        Qualification.objects.bulk_create([
            Qualification(user=user, qualification_type=certificate,
                          obtained_on=today - timedelta(days=rng.randrange(100, 1000)),
                          expires_on=today + timedelta(days=rng.randrange(-60, 1400)),
                          verified_at=now) for user in users])
        profiles = []
        for user in users:
            insee, latitude, longitude = rng.choice(communes)
            capacity = rng.randint(1, 5)
            profiles.append(ExpertProfile(
                user=user, service=service, commune_id=insee, latitude=latitude,
                longitude=longitude,
                languages=languages_column(["fr", *rng.sample(LANGUAGES[1:],
                                                              rng.randint(0, 2))]),
                in_person=True, by_phone=rng.random() < 0.8, by_video=rng.random() < 0.4,
                radius_km=rng.choice([5, 10, 15, 20, 30, 50]), weekly_capacity=capacity,
                load=rng.randint(0, capacity), is_active=rng.random() < 0.95))
        profiles = ExpertProfile.objects.bulk_create(profiles)
        through.objects.bulk_create([
            through(expertprofile_id=profile.pk, domain_id=domain.pk)
            for profile in profiles for domain in rng.sample(domains, 2)])
        written += 5 * size
    return written


@transaction.atomic
def generate(*, count: int, rng, log=print) -> int:
    """The benchmark's service with ``count // 10`` experts; the rows written."""
    if Service.objects.filter(slug=SLUG).exists():
        log("peers: scale data already present")
        return 0
    service, domains = _service(log)
    experts = max(20, count // 10)
    written = _experts(service, domains, experts, rng)
    voiron = Commune.objects.filter(insee="38563").first()
    now = timezone.now()
    for mode, commune in (("in_person", voiron), ("phone", None)):
        if mode == "in_person" and voiron is None:
            continue
        PeerRequest.objects.create(
            service=service, domain=domains[0], preferred_language="fr", preferred_mode=mode,
            commune=commune, first_name="Demande", phone="06 00 00 00 00",
            consent_given_at=now)
    log(f"peers: {experts} experts")
    return written + 2


def bench_requests() -> dict[str, int]:
    """The requests the benchmark ranks, by mode."""
    return dict(PeerRequest.objects.filter(service__slug=SLUG).values_list("preferred_mode",
                                                                           "pk"))
