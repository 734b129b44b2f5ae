"""Demo data of the reports app, called by ``manage.py seed_demo``: the road-anomaly service
of Voiron gets its categories and a few hundred reports in every status, with photos drawn
by the seed, public updates, internal notes, supporters and confirmations. Everything goes
through the services, as in real use; a second run creates nothing."""

import io
import random
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from spp.reports import selectors, services, workflow
from spp.reports.models import Category, Report, ReportEvent

VOIRON_CENTRE = (45.3647, 5.5897)
REPORT_COUNT = 300
FULL_FLOW_COUNT = 45  # through the services (photos, ledger, notifications); the rest in bulk
NUMBER_OF_DEPTHS = [{"key": "moins-5", "name": "Moins de 5 cm"},
                    {"key": "5-10", "name": "De 5 à 10 cm"},
                    {"key": "plus-10", "name": "Plus de 10 cm"}]
CATEGORIES = [
    # code, name, team, target days, attributes
    ("voirie-nid-de-poule", "Nid-de-poule", "Voirie — équipe chaussées", 10,
     [{"code": "profondeur", "datatype": "singlevaluelist", "required": False, "variable": True,
       "description": "Profondeur estimée", "order": 1, "values": NUMBER_OF_DEPTHS}]),
    ("voirie-affaissement", "Affaissement de chaussée", "Voirie — équipe chaussées", 20, []),
    ("voirie-marquage", "Marquage au sol effacé", "Voirie — signalisation", 30, []),
    ("voirie-panneau", "Panneau endommagé ou manquant", "Voirie — signalisation", 15, []),
    ("voirie-trottoir", "Trottoir dégradé", "Voirie — équipe trottoirs", 30, []),
    ("voirie-avaloir", "Avaloir ou grille bouché", "Assainissement", 7, []),
]
DESCRIPTIONS = {
    "voirie-nid-de-poule": ["Trou profond au milieu de la voie, les voitures font un écart.",
                            "Nid-de-poule devant le passage piéton, dangereux pour les vélos."],
    "voirie-affaissement": ["La chaussée s’affaisse sur deux mètres près du regard.",
                            "Bosse et creux après les travaux de l’été."],
    "voirie-marquage": ["Le passage piéton n’est presque plus visible.",
                        "Ligne du stop effacée au carrefour."],
    "voirie-panneau": ["Panneau stop tordu après un choc.", "Panneau de sens interdit tombé."],
    "voirie-trottoir": ["Dalles soulevées par les racines, poussettes bloquées.",
                        "Bordure cassée, trou dans le trottoir."],
    "voirie-avaloir": ["Grille bouchée par les feuilles, grande flaque à chaque pluie.",
                       "Avaloir obstrué devant l’école."],
}
STATUS_MIX = (["new"] * 70 + ["acknowledged"] * 50 + ["in_progress"] * 50 + ["resolved"] * 90
              + ["rejected"] * 20 + ["duplicate"] * 20)
PATH = {"new": [], "acknowledged": ["acknowledge"], "in_progress": ["acknowledge", "start"],
        "resolved": ["acknowledge", "start", "resolve"], "rejected": ["reject"],
        "duplicate": ["mark_duplicate"]}
NOTES = {"acknowledge": "Signalement reçu, une équipe passera vérifier.",
         "start": "Intervention programmée cette semaine.",
         "resolve": "Réparation effectuée par l’équipe de voirie.",
         "reject": "Voie privée : la commune n’est pas compétente, le propriétaire est prévenu.",
         "mark_duplicate": "Déjà signalé."}


def _photo(rng: random.Random, index: int) -> SimpleUploadedFile:
    """An asphalt-grey picture with a dark hole and a faded line: enough to show the flow."""
    image = Image.new("RGB", (800, 600), (95 + rng.randint(-10, 10),) * 3)
    draw = ImageDraw.Draw(image)
    x, y = rng.randint(150, 550), rng.randint(150, 400)
    draw.ellipse((x, y, x + rng.randint(80, 220), y + rng.randint(50, 140)), fill=(35, 32, 30))
    draw.rectangle((0, 520, 800, 540), fill=(205, 205, 195))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=70)
    return SimpleUploadedFile(f"demo-{index}.jpg", out.getvalue(), content_type="image/jpeg")


def _categories(context, service) -> list[Category]:
    categories = []
    for order, (code, name, team, days, attributes) in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(code=code, defaults={
            "service": service, "name": name, "organisation": service.operator or service.authority,
            "team": team, "target_days": days, "attributes": attributes, "order": order,
            "group": "Voirie", "description": f"{name} sur la voie publique."})
        categories.append(category)
    return categories


def _point(rng, service):
    for _ in range(50):
        lat = VOIRON_CENTRE[0] + rng.gauss(0, 0.008)
        lon = VOIRON_CENTRE[1] + rng.gauss(0, 0.011)
        if selectors.service_territory_contains(service, lat, lon):
            return lat, lon
    return VOIRON_CENTRE


def seed(context) -> None:
    service = context.services.get("roads")
    if service is None:
        return
    categories = _categories(context, service)
    if Report.objects.filter(service=service).exists():
        return
    rng = random.Random(38500)
    people = [context.citizen, *context.citizens]
    now = timezone.now()
    statuses = STATUS_MIX[:REPORT_COUNT]
    rng.shuffle(statuses)
    statuses[1:4] = ["resolved", "in_progress", "new"]  # the demo citizen's own reports
    created = []
    for index, status in enumerate(statuses[:FULL_FLOW_COUNT]):
        category = rng.choice(categories)
        reporter = (context.citizen if index in (1, 2, 3)
                    else people[index % len(people)] if index % 4 else None)
        lat, lon = _point(rng, service)
        report = services.report_create(
            actor=reporter or AnonymousUser(), service=service, category=category,
            latitude=lat, longitude=lon, description=rng.choice(DESCRIPTIONS[category.code]),
            email="" if reporter else f"passant{index}@exemple.fr",
            uploads=[_photo(rng, index)] if index % 5 == 0 else [],
            created_at=now - timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 600)),
            attribute_values={"profondeur": rng.choice(NUMBER_OF_DEPTHS)["key"]}
            if category.attributes else {})
        created.append(_advance(context, report, status, created))
    _supports_and_confirmations(context, rng, created)
    _bulk(context, rng, service, categories, statuses[FULL_FLOW_COUNT:], now)


def _advance(context, report, status, created) -> Report:
    for action in PATH[status]:
        original = None
        if action == "mark_duplicate":
            original = next((r for r in created if r.category_id == report.category_id
                             and r.status != "duplicate"), None)
            if original is None:
                action = "reject"
        report = services.report_transition(actor=context.agent, report=report, action=action,
                                            note=NOTES[action], duplicate_of=original)
    if status in {"acknowledged", "in_progress"}:
        services.report_add_event(actor=context.agent, report=report, public=False,
                                  body="Vérifier avec le centre technique le matériel nécessaire.")
    return report


def _supports_and_confirmations(context, rng, reports) -> None:
    open_reports = [r for r in reports if r.status in {"new", "acknowledged", "in_progress"}]
    for report in rng.sample(open_reports, min(60, len(open_reports))):
        for person in rng.sample(context.citizens, rng.randint(1, 4)):
            if person.pk != report.reporter_id:
                services.report_support(actor=person, report=report)
    resolved = [r for r in reports
                if r.status == "resolved" and r.reporter_id != context.citizen.pk]
    for report in resolved[:15]:
        report.refresh_from_db()
        services.report_confirm(actor=context.citizens[rng.randrange(len(context.citizens))],
                                report=report, outcome="fixed")
    if len(resolved) > 16:
        report = resolved[16]
        report.refresh_from_db()
        services.report_confirm(actor=context.citizen, report=report, outcome="still_there",
                                note="Le trou est revenu après les pluies de la semaine.")


def _bulk(context, rng, service, categories, statuses, now) -> None:
    """The background of the map: reports from passers-by (email only, so no ledger row),
    inserted in bulk with their event log, as if agents had handled them."""
    reports, moves = [], []
    for index, status in enumerate(statuses):
        category = rng.choice(categories)
        lat, lon = _point(rng, service)
        created_at = now - timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 600))
        report = Report(service=service, category=category, latitude=lat, longitude=lon,
                        description=rng.choice(DESCRIPTIONS[category.code]), source="demo",
                        reporter_email=f"riverain{index}@exemple.fr", created_at=created_at,
                        updated_at=created_at + (now - created_at) * len(PATH[status]) / (
                            len(PATH[status]) + 1),
                        target_date=(created_at + timedelta(days=category.target_days)).date())
        if status == "duplicate":
            status = "rejected"  # a duplicate needs its original: the full-flow ones show it
        report.status = status
        report.status_note = NOTES[PATH[status][-1]] if PATH[status] else ""
        if status == "resolved":
            report.resolved_at, report.resolution_round = report.updated_at, 1
        reports.append(report)
        moves.append(PATH[status])
    Report.objects.bulk_create(reports, batch_size=500)
    events = []
    for report, path in zip(reports, moves, strict=True):
        events.append(ReportEvent(report=report, kind="created", to_status="new",
                                  created_at=report.created_at))
        previous = "new"
        for step, action in enumerate(path, start=1):
            target = workflow.next_status(action, previous)
            events.append(ReportEvent(report=report, kind="status", from_status=previous,
                                      to_status=target, body=NOTES[action], actor=context.agent,
                                      created_at=report.created_at
                                      + (now - report.created_at) * step / (len(path) + 1)))
            previous = target
    ReportEvent.objects.bulk_create(events, batch_size=500)
