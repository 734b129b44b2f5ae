"""Each app's part of "Mes données" (``spp.core.personal_data``): everything it keeps about
the person, with labels a person reads, their files referenced by their path in the ZIP, and
nothing of anyone else's."""

import pytest

from spp.core.personal_data import ExportFile, personal_data_export, resolve_files
from spp.core.tests.factories import UserFactory
from spp.core.tests.personal_data_people import (
    consultations_of,
    expenses_of,
    reports_of,
    rosters_of,
)
from spp.reports.models import Supporter
from spp.reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _export(user):
    files = []
    return resolve_files(personal_data_export(user), files), files


def test_the_reports_part_holds_texts_positions_statuses_history_and_photos():
    user = UserFactory()
    report = reports_of(user)
    data, files = _export(user)
    [filed] = data["signalements"]
    assert filed["description"] == "Lampadaire éteint depuis une semaine."
    assert filed["adresse"] == "12 rue des Tilleuls"
    assert (filed["latitude"], filed["longitude"]) == (report.latitude, report.longitude)
    assert (filed["etat"], filed["etat_code"]) == ("Nouveau", "new")
    assert filed["categorie"] == report.category.name
    assert filed["photos"] == [f"fichiers/reports/{report.reference}/photo-1.jpg"]
    assert [f.path for f in files] == filed["photos"]
    # The public history, in words; the agents' internal note stays out.
    assert [e["nature"] for e in filed["historique"]] == ["Changement d’état"]
    assert filed["historique"][0]["nouvel_etat"] == "En cours de traitement"
    assert data["signalements_appuyes"][0]["adresse"] == "Place du marché"
    assert data["signalements_confirmations"][0]["reponse"] == "C’est réparé"


def test_the_consultations_part_holds_each_question_and_answer_proposals_and_comments():
    user = UserFactory()
    consultation, free = consultations_of(user)
    data, _ = _export(user)
    [response] = data["consultations_reponses"]
    assert response["consultation"] == consultation.title
    assert response["etat"] == "Envoyée"
    answers = {a["question"]: a["reponse"] for a in response["reponses"]}
    assert answers[free.label] == "Plus de bancs au parc."
    assert "Oui" in answers.values()
    [proposal] = data["consultations_propositions"]
    assert (proposal["titre"], proposal["etat"]) == ("Un composteur collectif", "Publiée")
    assert data["consultations_commentaires"][0]["texte"] == "Près de l’école, de préférence."
    assert len(data["consultations_soutiens"]) == 1
    assert data["consultations_signalements_d_abus"][0]["motif"] == "Propos injurieux"


def test_the_rosters_part_holds_availability_shifts_call_out_answers_and_households():
    user = UserFactory()
    rosters_of(user)
    data, _ = _export(user)
    assert data["disponibilites_hebdomadaires"][0] | {"service": ""} == {
        "service": "",
        "jour": "Mercredi",
        "de": "18:00",
        "a": "22:00",
    }
    assert data["disponibilites_exceptions"][0]["note"] == "Vacances"
    [shift] = data["permanences"]
    assert (shift["permanence"], shift["etat"], shift["origine"]) == (
        "Garde du samedi",
        "Confirmée",
        "Inscription",
    )
    assert shift["debut"] is not None
    assert data["alertes_reponses"][0]["reponse"] == "Déclinée"
    assert data["foyers"][0]["foyer"] == "Foyer Martin"


def test_the_expenses_part_holds_the_claims_and_only_the_persons_own_receipts():
    user = UserFactory()
    claim = expenses_of(user)
    expenses_of(UserFactory(), receipt_name="autre.pdf")
    data, files = _export(user)
    [mine] = data["frais_demandes"]
    assert (mine["numero"], mine["etat"], mine["etat_code"]) == (claim.pk, "Envoyée", "submitted")
    [line] = mine["frais"]
    assert line["libelle"] == "Repas de la collecte"
    assert line["justificatif"].startswith(f"fichiers/expenses/demande-{claim.pk}/")
    assert [f.path for f in files] == [line["justificatif"]]
    assert all(isinstance(f, ExportFile) and "autre" not in f.file.name for f in files)


def test_another_persons_data_is_in_no_part_of_the_export():
    someone = UserFactory()
    reports_of(someone)
    consultations_of(someone)
    rosters_of(someone)
    expenses_of(someone)
    data, files = _export(UserFactory())
    assert files == []
    sections = {k: v for k, v in data.items() if k not in ("profil", "notifications")}
    assert sections and not any(sections.values())


def test_reports_and_supports_given_without_an_account_with_the_persons_address_are_theirs():
    user = UserFactory(email="lea@example.org")
    ReportFactory(reporter=None, reporter_email="LEA@example.org", address="Rue haute")
    ReportFactory(reporter=None, reporter_email="autre@example.org", address="Rue basse")
    Supporter.objects.create(report=ReportFactory(address="Quai"), email="lea@example.org")
    data, _ = _export(user)
    assert [r["adresse"] for r in data["signalements"]] == ["Rue haute"]
    assert [s["adresse"] for s in data["signalements_appuyes"]] == ["Quai"]
