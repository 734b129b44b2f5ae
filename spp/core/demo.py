"""The demo: the commune of Voiron (Isère, about 20,000 inhabitants) runs shared public
services with its citizens, with the département's fire and rescue service (SDIS), a parents'
association and a carpool cooperative. Everything goes through the services, as in real use,
and every step is idempotent: running it twice changes nothing.

This module makes the territory, the organisations and the people; the catalog's and each
pattern app's ``demo.py`` add their own content, in the order ``spp/ops/demo.py`` calls them
(``manage.py seed_demo``)."""

import functools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from spp.core.management.commands.load_communes import load_communes
from spp.core.models import Commune, Membership, Organisation, User

DEMO_PASSWORD = "spp-demo"
# The INSEE codes of the demo's territory: Voiron (the demo authority, 38563) and six
# neighbouring communes of the Pays Voironnais (Voreppe, Moirans, Coublevie, Rives, Tullins,
# Saint-Jean-de-Moirans). A service "on Voiron" covers Voiron alone (spp/catalog/demo.py).
VOIRON_INSEE = "38563"
PAYS_VOIRONNAIS_INSEE = [VOIRON_INSEE, "38565", "38239", "38133", "38337", "38517", "38400"]
DEMO_ACCOUNTS = [
    ("admin@spp.demo", "administrateur de la Commune de Voiron (autorité)"),
    ("agent@spp.demo", "agent de la Commune de Voiron"),
    ("coordination@spp.demo", "coordinatrice de l’association Les P’tits Loups (opérateur)"),
    ("citoyen@spp.demo", "citoyenne inscrite à plusieurs services"),
    ("sdis@spp.demo", "coordinateur du SDIS de l’Isère (seconde autorité)"),
    ("covoiturage@spp.demo", "coordinateur de la SCIC Covoit’Voironnais (opérateur)"),
]

# The demo's staff accounts use a second factor, as the back office requires of staff
# (spp/core/second_factor.py), and share one published authenticator-app key as they share one
# password: add it to any authenticator app, or ask `make demo-code` for the current code.
DEMO_TOTP_SECRET = "SPPDEMOSPPDEMOSPPDEMOSPPDEMOSPPD"

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Emma",
    "Lucas",
    "Hugo",
    "Louis",
    "Nathan",
    "Gabriel",
    "Arthur",
    "Jules",
    "Paul",
    "Nour",
    "Yasmine",
    "Karim",
    "Mehdi",
    "Sofia",
    "Élodie",
    "Thomas",
    "Julien",
    "Aurélie",
    "Mathis",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Bonnet",
    "Rousseau",
]


@dataclass
class DemoContext:
    """What the pattern apps' seeds build on."""

    voiron: Organisation
    sdis: Organisation
    creche_association: Organisation
    carpool_cooperative: Organisation
    admin: User
    agent: User
    coordinator: User
    citizen: User
    sdis_coordinator: User
    carpool_coordinator: User
    communes: list[Commune]
    services: dict = field(default_factory=dict)
    qualification_types: dict = field(default_factory=dict)
    citizens: list[User] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(38563))


def siret_from(base: str) -> str:
    """A checksum-valid SIRET built from 12 digits (demo organisations only)."""
    from spp.core.validators import luhn_is_valid

    siren = next(base[:8] + str(d) for d in range(10) if luhn_is_valid(base[:8] + str(d)))
    return next(
        siren + base[8:12] + str(d) for d in range(10) if luhn_is_valid(siren + base[8:12] + str(d))
    )


def _organisation(slug, **fields) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults=fields)
    return organisation


@functools.cache
def _demo_password_hash() -> str:
    """Hash the demo password once: hashing is deliberately slow, and every demo account
    shares the same password."""
    return make_password(DEMO_PASSWORD)


def _person(email, first_name, last_name, **extra) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(
            email=email,
            first_name=first_name,
            last_name=last_name,
            password=_demo_password_hash(),
            **extra,
        )
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _member(user, organisation, role):
    from spp.core.services import membership_set

    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        membership_set(actor=None, organisation=organisation, user=user, role=role)


def demo_authenticator_app(user):
    """The person's authenticator app: the demo's published key, with recovery codes, as the
    person would set them up through allauth's pages (idempotent)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if app is None:
        app = TOTP.activate(user, DEMO_TOTP_SECRET).instance
        RecoveryCodes.activate(user)
    return app


def seed_people(log=print) -> DemoContext:
    """The communes, the organisations and the people of the demo (idempotent)."""
    if not Commune.objects.filter(insee="38563").exists():
        log("Loading communes…")
        load_communes()
    # Voiron first, then the Pays Voironnais around it (never Grenoble's suburbs).
    by_insee = Commune.objects.in_bulk(PAYS_VOIRONNAIS_INSEE, field_name="insee")
    voiron_area = [by_insee[insee] for insee in PAYS_VOIRONNAIS_INSEE]

    voiron = _organisation(
        "commune-de-voiron",
        kind="authority",
        name="Commune de Voiron",
        siret=siret_from("213805630001"),
        legal_form="Commune",
        address="Place Stalingrad, 38500 Voiron",
        contact_email="contact@spp.demo",
        primary_colour="#1f4e8c",
        accent_colour="#9c2a00",
    )
    sdis = _organisation(
        "sdis-38",
        kind="authority",
        name="Service départemental d’incendie et de secours de l’Isère",
        siret=siret_from("283800250001"),
        legal_form="Établissement public administratif",
        address="24 rue René Camphin, 38600 Fontaine",
        primary_colour="#a4161a",
    )
    creche = _organisation(
        "les-ptits-loups",
        kind="operator",
        name="Association Les P’tits Loups (crèche parentale)",
        siret=siret_from("812345670001"),
        legal_form="Association loi 1901",
        address="12 rue des Écoles, 38500 Voiron",
        primary_colour="#5b3a8e",
    )
    carpool = _organisation(
        "covoit-voironnais",
        kind="operator",
        name="SCIC Covoit’Voironnais",
        siret=siret_from("901234560001"),
        legal_form="Société coopérative d’intérêt collectif",
        address="Gare de Voiron, 38500 Voiron",
        primary_colour="#1b5e20",
    )

    admin = _person("admin@spp.demo", "Anne", "Morel")
    agent = _person("agent@spp.demo", "Bruno", "Garcia")
    coordinator = _person("coordination@spp.demo", "Claire", "Fournier")
    citizen = _person("citoyen@spp.demo", "Camille", "Durand", phone="06 12 34 56 78")
    sdis_coordinator = _person("sdis@spp.demo", "David", "Roux")
    carpool_coordinator = _person("covoiturage@spp.demo", "Émilie", "Girard")
    _member(admin, voiron, "admin")
    _member(agent, voiron, "agent")
    _member(coordinator, creche, "coordinator")
    _member(sdis_coordinator, sdis, "coordinator")
    _member(carpool_coordinator, carpool, "coordinator")
    for person in (admin, agent, coordinator, sdis_coordinator, carpool_coordinator):
        demo_authenticator_app(person)

    context = DemoContext(
        voiron=voiron,
        sdis=sdis,
        creche_association=creche,
        carpool_cooperative=carpool,
        admin=admin,
        agent=agent,
        coordinator=coordinator,
        citizen=citizen,
        sdis_coordinator=sdis_coordinator,
        carpool_coordinator=carpool_coordinator,
        communes=voiron_area,
    )
    rng = context.rng
    for index in range(40):
        first, last = (
            FIRST_NAMES[index % len(FIRST_NAMES)],
            LAST_NAMES[(index * 7) % len(LAST_NAMES)],
        )
        context.citizens.append(
            _person(
                f"habitant{index + 1:02d}@spp.demo", first, last, commune=rng.choice(voiron_area)
            )
        )
    return context


def days_ago(days: int, hour: int = 10):
    moment = timezone.now() - timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def today_plus(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)
