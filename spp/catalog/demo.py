"""The catalog part of the demo: qualification types, the six services of the white paper,
their charters, enrolments in every state, qualifications (some expired) and an incident."""

from decimal import Decimal
from pathlib import Path

from spp.catalog import services as catalog_services
from spp.catalog.models import Enrolment, Incident, Qualification, QualificationType, Service
from spp.catalog.services import participation_record
from spp.core.demo import VOIRON_INSEE, days_ago, today_plus

QUALIFICATION_TYPES = [
    # code, name, validity in months, includes, owner, organisations also verifying. A type
    # belongs to the organisation that defines it; only its agents (and those it names) verify.
    ("spv-fi", "Sapeur-pompier volontaire — formation initiale", None, [], "sdis", []),
    # Grades: the firefighters' hourly allowance is paid at the grade's rate (spp/expenses).
    ("spv-caporal", "Sapeur-pompier volontaire — grade de caporal", None, ["spv-fi"], "sdis", []),
    ("spv-sous-officier", "Sapeur-pompier volontaire — grade de sous-officier", None, ["spv-fi"],
     "sdis", []),
    ("spv-officier", "Sapeur-pompier volontaire — grade d’officier", None, ["spv-fi"], "sdis",
     []),
    ("equipier", "Équipier incendie et secours à personne", 36, [], "sdis", []),
    ("chef-agres", "Chef d’agrès", 36, ["equipier"], "sdis", []),
    ("conducteur-vsav", "Conducteur de VSAV", 36, [], "sdis", []),
    # The fire service teaches first aid; the crèche's coordinators check the parents' cards.
    ("psc1", "Prévention et secours civiques de niveau 1 (PSC1)", 36, [], "sdis", ["creche"]),
    ("patient-expert", "Certificat de patient-expert (éducation thérapeutique, 40 h)", 48, [],
     "voiron", []),
    # The commune checks licences for its carpool lines, and so does the cooperative it
    # delegates them to.
    ("permis-b", "Permis de conduire B", None, [], "voiron", ["carpool"]),
]

# The demo charter, a plausible text for a volunteers' charter ({authority} is filled in).
CHARTER = (Path(__file__).with_name("demo_charter.txt")).read_text(encoding="utf-8").strip()

SERVICES = [
    # key, slug, name, authority, operator, patterns, summary, territory, approval,
    # required qualifications, reference hourly cost
    (
        "firefighters",
        "spv-voiron",
        "Sapeurs-pompiers volontaires — centre de Voiron",
        "sdis",
        None,
        ["roster"],
        "Assurer les gardes et les interventions du centre d’incendie et de secours de "
        "Voiron aux côtés des sapeurs-pompiers professionnels.",
        "Pays Voironnais",
        True,
        ["spv-fi"],
        "38.00",
    ),
    (
        "creche",
        "creche-ptits-loups",
        "Crèche parentale Les P’tits Loups",
        "voiron",
        "creche",
        ["roster"],
        "Accueillir 16 enfants de 10 semaines à 3 ans ; chaque famille assure des "
        "permanences auprès des professionnelles.",
        "Voiron",
        True,
        [],
        "24.00",
    ),
    (
        "roads",
        "voirie-voiron",
        "Signalement des anomalies de voirie",
        "voiron",
        None,
        ["reports"],
        "Signaler nids-de-poule, affaissements et marquages effacés : les services "
        "techniques les traitent et vous tiennent informé.",
        "Voiron",
        False,
        [],
        "30.00",
    ),
    (
        "carpool",
        "covoiturage-voironnais",
        "Lignes de covoiturage du Pays Voironnais",
        "voiron",
        "carpool",
        ["carpool"],
        "Des lignes de covoiturage entre Voiron, Voreppe et Moirans : les "
        "conducteurs partagent leurs trajets, les frais sont partagés.",
        "Pays Voironnais",
        False,
        ["permis-b"],
        "15.00",
    ),
    (
        "peers",
        "patients-experts",
        "Patients-experts — accompagnement entre pairs",
        "voiron",
        None,
        ["peers"],
        "Des patients formés accompagnent d’autres patients atteints de maladies "
        "chroniques, en lien avec les soignants.",
        "Voiron",
        True,
        ["patient-expert"],
        "35.00",
    ),
    (
        "consultation",
        "livre-blanc-spp",
        "Appel à contributions : le livre blanc des SPP",
        "voiron",
        None,
        ["consultation"],
        "Enrichissez le livre blanc des Services Publics Partagés "
        "par vos propositions et vos retours d’expérience.",
        "Voiron",
        False,
        [],
        "20.00",
    ),
]


def _territory_communes(context, territory: str) -> list:
    """The communes a service covers, as its territory label says: "Voiron" is Voiron alone,
    "Pays Voironnais" the demo's communes around it."""
    if territory == "Voiron":
        return [c for c in context.communes if c.insee == VOIRON_INSEE]
    return list(context.communes)


def _organisations(context) -> dict:
    return {
        "voiron": context.voiron,
        "sdis": context.sdis,
        "creche": context.creche_association,
        "carpool": context.carpool_cooperative,
    }


def _verifier(context, qtype):
    """A member of the organisation that owns the type: the demo's verifications are theirs."""
    return {
        context.sdis.pk: context.sdis_coordinator,
        context.voiron.pk: context.agent,
    }[qtype.owner_id]


def _qualification(context, user, code, obtained_days_ago, *, verified=True, in_training=False):
    qtype = context.qualification_types[code]
    if Qualification.objects.filter(user=user, qualification_type=qtype).exists():
        return
    Qualification.objects.create(
        user=user,
        qualification_type=qtype,
        in_training=in_training,
        obtained_on=today_plus(-obtained_days_ago),
        expires_on=(
            today_plus(-obtained_days_ago + qtype.validity_months * 30)
            if qtype.validity_months
            else None
        ),
        verified_by=_verifier(context, qtype) if verified else None,
        verified_at=days_ago(obtained_days_ago - 2) if verified else None,
    )


def _enrol(context, user, service, status, *, approver=None, reason="demo"):
    """Bring ``user``'s enrolment to ``status`` through the workflow, as agents would."""
    enrolment = Enrolment.objects.filter(user=user, service=service).first()
    if enrolment is not None:
        return enrolment
    enrolment = catalog_services.enrolment_create(
        actor=user, service=service, charter_version=None, accept_charter=True
    )
    approver = approver or context.agent
    if status == enrolment.status:
        return enrolment
    if enrolment.status == "pending" and status in {"active", "suspended"}:
        enrolment = _force_approve(enrolment, approver)
    elif status == "ended":
        return catalog_services.enrolment_transition(
            actor=user, enrolment=enrolment, action="withdraw"
        )
    if status == "suspended":
        enrolment = catalog_services.enrolment_transition(
            actor=approver,
            enrolment=enrolment,
            action="suspend",
            reason="Absences répétées non signalées ; entretien prévu avec le coordinateur.",
        )
    return enrolment


def _force_approve(enrolment, approver):
    return catalog_services.enrolment_transition(
        actor=approver, enrolment=enrolment, action="approve"
    )


def seed_catalog(context, log=print) -> None:
    organisations = _organisations(context)
    for code, name, months, _includes, owner, verifiers in QUALIFICATION_TYPES:
        qtype, _ = QualificationType.objects.get_or_create(
            code=code,
            defaults={"name": name, "validity_months": months, "owner": organisations[owner]},
        )
        if qtype.owner_id is None:  # a demo database seeded before types had owners
            qtype.owner = organisations[owner]
            qtype.save(update_fields=["owner"])
        qtype.verifiers.add(*(organisations[key] for key in verifiers))
        context.qualification_types[code] = qtype
    for code, _name, _months, includes, _owner, _verifiers in QUALIFICATION_TYPES:
        for included in includes:
            context.qualification_types[code].includes.add(context.qualification_types[included])

    creators = {"voiron": context.admin, "sdis": context.sdis_coordinator}
    for (
        key,
        slug,
        name,
        authority,
        operator,
        patterns,
        summary,
        territory,
        approval,
        required,
        cost,
    ) in SERVICES:
        service = Service.objects.filter(slug=slug).first()
        if service is None:
            service = catalog_services.service_create(
                actor=creators[authority],
                authority=organisations[authority],
                operator=organisations.get(operator),
                name=name,
                slug=slug,
                summary=summary,
                patterns=patterns,
                territory_label=territory,
                requires_approval=approval,
                reference_hourly_cost=Decimal(cost),
                indemnification_summary="Frais kilométriques au barème fiscal et frais de repas "
                "sur justificatifs ; aucune rémunération du temps passé.",
            )
            service.required_qualifications.set([context.qualification_types[c] for c in required])
            catalog_services.charter_publish(
                actor=creators[authority],
                service=service,
                title=f"Charte des participants — {name}",
                body=CHARTER.format(authority=organisations[authority].name),
            )
        # Set on every run, so that a demo database seeded before keeps a true territory too.
        service.communes.set(_territory_communes(context, territory))
        context.services[key] = service

    citizen, people = context.citizen, context.citizens
    _qualification(context, citizen, "psc1", 400)
    _qualification(context, citizen, "permis-b", 3000)
    for index, person in enumerate(people[:24]):
        _qualification(context, person, "spv-fi", 200 + index * 30)
        _qualification(
            context, person, "chef-agres" if index % 5 == 0 else "equipier", 100 + index * 60
        )  # the oldest ones are expired
        if index % 3 == 0:
            _qualification(context, person, "conducteur-vsav", 300)
        if index % 4 == 1:
            grade = ("spv-officier", "spv-sous-officier", "spv-caporal")[index % 3]
            _qualification(context, person, grade, 150)
    for person in people[24:34]:
        _qualification(context, person, "psc1", 200, verified=False)
    for person in people[34:40]:
        _qualification(context, person, "patient-expert", 500)
        _qualification(context, person, "permis-b", 4000)

    services = context.services
    _enrol(context, citizen, services["creche"], "active", approver=context.coordinator)
    _enrol(context, citizen, services["roads"], "active")
    _enrol(context, citizen, services["consultation"], "active")
    _enrol(context, citizen, services["carpool"], "active")
    for index, person in enumerate(people[:24]):
        _enrol(
            context,
            person,
            services["firefighters"],
            "pending" if index >= 21 else "active",
            approver=context.sdis_coordinator,
        )
    for index, person in enumerate(people[24:36]):
        status = ["active"] * 8 + ["pending", "pending", "suspended", "ended"]
        _enrol(context, person, services["creche"], status[index], approver=context.coordinator)
    for person in people[34:40]:
        _enrol(context, person, services["peers"], "active")
        _enrol(context, person, services["carpool"], "active")
    for person in people[:30]:
        _enrol(context, person, services["roads"], "active")
        _enrol(context, person, services["consultation"], "active")

    if not Incident.objects.filter(service=services["creche"]).exists():
        incident = catalog_services.incident_declare(
            actor=people[24],
            service=services["creche"],
            kind=Incident.Kind.BODILY_INJURY,
            occurred_at=days_ago(6, 11),
            place="Salle de motricité de la crèche",
            description="En rangeant les tapis de motricité pendant ma permanence, je me suis "
            "coincé le poignet ; consultation aux urgences de Voiron, deux jours d’arrêt.",
        )
        catalog_services.incident_transition(
            actor=context.coordinator,
            incident=incident,
            action="acknowledge",
            note="Déclaration reçue ; transmission à l’assureur de la commune en cours.",
        )
    if not citizen.participations.exists():
        for weeks in range(1, 6):
            participation_record(
                user=citizen,
                service=services["creche"],
                kind="shift",
                quantity=Decimal("3.5"),
                unit="hours",
                occurred_at=days_ago(weeks * 7, 8),
                source_key=f"demo.creche-permanence:{weeks}",
                description="Permanence du matin",
                recorded_by=context.coordinator,
                accepted_by=context.coordinator,
            )
    log("Catalog demo data ready.")


def seed_charter_update(context) -> None:
    """Last step of the demo: the crèche publishes a second version of its charter (a new rule
    on the children's safety). Every parent has accepted it again except the demo citizen, who
    sees the banner asking to read and accept it."""
    service = context.services["creche"]
    if service.charters.count() > 1:
        return
    current = service.charters.get()
    catalog_services.charter_publish(
        actor=context.coordinator, service=service, title=current.title,
        body=current.body + "\nArticle 7 — Sécurité des enfants. Je ne laisse jamais un enfant "
        "seul et je signale tout accès non fermé de la crèche.")
    for enrolment in service.enrolments.filter(status="active").exclude(user=context.citizen):
        catalog_services.charter_accept(actor=enrolment.user, service=service, charter_version=2)
