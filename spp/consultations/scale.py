"""Data at national scale (the Grand Débat National of 2019: about two million contributions)
for benchmarks: ``generate(count=2_000_000)`` writes one consultation with 10 questions,
count/10 respondents each answering every question (``count`` answers), count/10 proposals
with pareto-distributed supports, some comments, and the ledger rows.

PostgreSQL gets COPY (a few hundred thousand rows a second); SQLite gets executemany in
batches. Identifiers are reserved up front (max id + 1…) so rows can reference each other
without reading anything back; sequences are moved past them at the end."""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from spp.catalog.models import Participation
from spp.consultations.models import (
    Answer,
    AnswerTally,
    Comment,
    Consultation,
    Proposal,
    Question,
    Response,
    Support,
)
from spp.consultations.services import results_recount
from spp.core.models import User

SLUG = "grand-debat-echelle"
QUESTIONS = 10
BATCH = 5000
WORDS = """service public transport école santé vélo commune bénévoles budget impôts démocratie
écologie logement emploi retraite proximité numérique mairie hôpital médecin pharmacie crèche
collège lycée université bus train tramway route autoroute piste trottoir parking gare aéroport
rivière forêt montagne jardin parc arbre eau électricité chauffage isolation énergie solaire
éolien déchets recyclage compost tri marché commerce artisan agriculteur ferme lait viande
légume fruit cantine repas association club sport stade piscine gymnase musée théâtre cinéma
bibliothèque médiathèque concert festival fête quartier village ville métropole département
région État Europe citoyen élu maire conseil référendum vote pétition débat consultation
impôt taxe dépense dette salaire chômage formation apprentissage stage entreprise usine
bureau télétravail internet réseau fibre téléphone antenne sécurité police gendarmerie
pompier secours urgence prévention justice tribunal avocat droit loi règlement permis
handicap accessibilité ascenseur rampe enfant parent famille jeune aîné personne âgée
isolement solidarité entraide voisin partage covoiturage autopartage navette horaires
tarif gratuité abonnement ticket guichet démarche formulaire papier attente délai""".split()


def _table(model) -> str:
    return model._meta.db_table


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {_table(model)}")
        return cursor.fetchone()[0]


def _write(model, columns: list[str], rows) -> int:
    """Insert ``rows`` (tuples matching ``columns``) as fast as the database allows."""
    table, count = _table(model), 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
                   f"VALUES ({', '.join(['%s'] * len(columns))})")
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    count, batch = count + len(batch), []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def _reset_sequences(models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = _table(model)
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")


def _pseudonym(user_id: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:user:{user_id}".encode()).hexdigest()
    return f"p-{digest[:16]}"


def _consultation(log) -> tuple[Consultation, list[Question]]:
    from spp.catalog.models import Service
    from spp.consultations.services import (
        consultation_create,
        question_save,
        section_create,
    )

    existing = Consultation.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing, list(existing.questions.all())
    service = Service.objects.filter(slug="livre-blanc-spp").first()
    if service is None:
        raise RuntimeError("Run `manage.py seed_demo` first: the scale data needs a service.")
    now = timezone.now()
    consultation = consultation_create(
        actor=None, service=service, title="Grand débat (données d’échelle)", slug=SLUG,
        context="<p>Données générées pour les mesures de performance.</p>",
        opens_at=now - timedelta(days=60), closes_at=now + timedelta(days=60),
        audience="anyone", is_published=True)
    section = section_create(actor=None, consultation=consultation, title="Questions")
    kinds = ["single_choice", "scale", "multiple_choice", "free_text", "ranking"] * 2
    questions = [question_save(actor=None, section=section, kind=kind, label=f"Question {i + 1}",
                               choices=["Oui", "Non", "Sans avis", "Autre"])
                 for i, kind in enumerate(kinds[:QUESTIONS])]
    log(f"Consultation {SLUG} created.")
    return consultation, questions


def _answer_row(question, rng) -> tuple:
    """(text, choice, number, choices json) for one generated answer."""
    kind = question.kind
    if kind == "single_choice":
        return "", rng.choice(question.choices), None, "[]"
    if kind == "scale":
        return "", "", rng.randint(1, 5), "[]"
    if kind == "multiple_choice":
        return "", "", None, json.dumps([c for c in question.choices if rng.random() < .4])
    if kind == "ranking":
        return "", "", None, json.dumps(rng.sample(question.choices, len(question.choices)))
    return " ".join(rng.choices(WORDS, k=rng.randint(5, 25))), "", None, "[]"


def generate(*, count: int, rng, log=print) -> int:
    """Write ``count`` answers (count/10 respondents) and count/10 proposals; returns the
    number of rows written in all tables."""
    consultation, questions = _consultation(log)
    people = max(1, count // len(questions))
    now, total = timezone.now(), 0
    with transaction.atomic():
        first_user, first_response = _next_id(User), _next_id(Response)
        password = User.objects.exclude(password="").values_list("password", flat=True).first()
        user_ids = range(first_user, first_user + people)
        total += _write(User, ["id", "email", "first_name", "last_name", "phone", "password",
                               "preferred_language", "email_notifications", "is_staff",
                               "is_active", "is_superuser", "date_joined"],
                        ((uid, f"echelle{uid}@spp.scale", "Prénom", f"Nom{uid}", "",
                          password or "!", "fr", False, False, True, False, now)
                         for uid in user_ids))
        log(f"{people} respondents written.")
        total += _write(Response, ["id", "consultation_id", "user_id", "status", "created_at",
                                   "updated_at", "submitted_at"],
                        ((first_response + i, consultation.pk, uid, "submitted", now, now,
                          now - timedelta(minutes=i % 80_000))
                         for i, uid in enumerate(user_ids)))
        total += _write(Answer, ["response_id", "question_id", "text", "choice", "number",
                                 "choices"],
                        ((first_response + i, question.pk, *_answer_row(question, rng))
                         for i in range(people) for question in questions))
        log(f"{people * len(questions)} answers written.")
        total += _write_proposals(consultation, user_ids, count // 10, rng, now)
        total += _write(Participation, ["user_id", "pseudonym", "service_id", "kind", "quantity",
                                        "unit", "occurred_at", "recorded_at", "source_key",
                                        "description"],
                        ((uid, _pseudonym(uid), consultation.service_id, "contribution", 1,
                          "count", now, now, f"consultations.response:{first_response + i}", "")
                         for i, uid in enumerate(user_ids)))
        _reset_sequences([User, Response, Answer, Proposal, Support, Comment, Participation])
        results_recount(consultation=consultation)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics for the planner and a visibility map for index-only scans.
        with connection.cursor() as cursor:
            for model in (User, Response, Answer, AnswerTally, Proposal, Support, Comment,
                          Participation):
                cursor.execute(f"VACUUM ANALYZE {_table(model)}")
    log(f"{total} rows written.")
    return total


def _write_proposals(consultation, user_ids, how_many: int, rng, now) -> int:
    first = _next_id(Proposal)
    people, supports_per = len(user_ids), []
    for _ in range(how_many):
        supports_per.append(min(people - 1, int(rng.paretovariate(1.2)) - 1))
    written = _write(Proposal, ["id", "consultation_id", "author_id", "title", "body", "status",
                                "moderation_reason", "created_at", "support_count",
                                "comment_count", "shuffle_key"],
                     ((first + i, consultation.pk, user_ids[rng.randrange(people)],
                       " ".join(rng.choices(WORDS, k=5)).capitalize(),
                       " ".join(rng.choices(WORDS, k=rng.randint(20, 80))), "published", "",
                       now - timedelta(seconds=i * 7), supports_per[i], int(i % 10 == 0),
                       rng.randrange(2**31))
                      for i in range(how_many)))

    def supports():
        for i, n in enumerate(supports_per):
            start = rng.randrange(people)
            for k in range(n):
                yield first + i, user_ids[(start + k) % people], now
    written += _write(Support, ["proposal_id", "user_id", "created_at"], supports())
    written += _write(Comment, ["proposal_id", "author_id", "body", "status",
                                "moderation_reason", "created_at"],
                      ((first + i, user_ids[rng.randrange(people)], "D’accord avec cette idée.",
                        "published", "", now) for i in range(0, how_many, 10)))
    return written
