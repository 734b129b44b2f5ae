"""The front page, a service's page and "Mon engagement" computed cheaply: what each shows,
the few queries it runs (plain values, no query per row, no column it does not show), and
query counts that stay the same as their lists grow."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spp.catalog.models import Incident, Participation, Qualification
from spp.catalog.tests.factories import (
    EnrolmentFactory,
    QualificationTypeFactory,
    ServiceFactory,
    service_with_charter,
)
from spp.core.models import Commune
from spp.core.tests.factories import (
    MembershipFactory,
    OperatorFactory,
    OrganisationFactory,
    UserFactory,
)
from spp.ops.query_counts import assert_queries_do_not_grow as guard
from spp.ops.query_counts import services

pytestmark = pytest.mark.django_db


def _page_and_queries(client, url: str) -> tuple[str, list[str]]:
    client.get(url)  # warm the per-process caches (content types, brand)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured.captured_queries]


def _communes(service, names):
    created = Commune.objects.bulk_create([
        Commune(insee=f"{38000 + Commune.objects.count() + i}", name=name, departement="38",
                latitude=45.36, longitude=5.59, boundary={"type": "Polygon", "coordinates": []})
        for i, name in enumerate(names)])
    service.communes.add(*created)


# The front page


def test_the_front_page_shows_each_service_by_authority_in_one_catalogue_query(client):
    lilas = OrganisationFactory(name="Commune des Lilas")
    abbaye = OrganisationFactory(name="Abbaye-sur-Isère")
    run = service_with_charter(authority=lilas, name="Veille des Lilas", slug="veille-lilas",
                               patterns=["roster", "reports"], territory_label="Les Lilas")
    delegated = service_with_charter(authority=abbaye, name="Crèche", slug="creche",
                                     operator=OperatorFactory(name="Les P’tits Loups"))
    EnrolmentFactory(service=run)

    page, queries = _page_and_queries(client, "/")

    assert len([sql for sql in queries if "catalog_service" in sql]) == 1
    assert (page.index(f'<h2 id="authority-{abbaye.pk}">Abbaye-sur-Isère</h2>')
            < page.index(">Crèche</a>") < page.index(f'<h2 id="authority-{lilas.pk}">'))
    assert f'<section aria-labelledby="authority-{lilas.pk}">' in page
    assert f'<h2 id="authority-{lilas.pk}">Commune des Lilas</h2>' in page
    assert '<a href="/services/veille-lilas/">Veille des Lilas</a>' in page
    assert '<a href="/services/veille-lilas/charte/">Lire la charte<span class="sr-only"> — ' \
           "Veille des Lilas</span></a>" in page
    assert "En régie : géré directement par l’autorité" in page
    assert "En délégation : géré par Les P’tits Loups" in page
    assert ('<li class="badge badge--info">Disponibilités, gardes et permanences</li>'
            '<li class="badge badge--info">Signalements géolocalisés</li>') in page
    assert "Territoire : Les Lilas · 1 participant actif" in page
    assert "0 participants actifs" in page
    assert delegated.slug in page


def test_the_front_page_without_a_published_service_says_so(client):
    ServiceFactory(is_published=False)
    assert "Aucun service n’est encore publié." in client.get("/").content.decode()


def test_the_front_page_speaks_the_visitors_language(client):
    service_with_charter(operator=OperatorFactory(name="Les P’tits Loups"))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "0 active participants" in page and "run by Les P’tits Loups" in page


# A service's page


def test_a_service_page_reads_the_service_and_its_charter_in_one_query(client):
    service = service_with_charter(name="Veille des Lilas", slug="veille-lilas")
    service.charters.create(version=2, title="Charte révisée", body="Texte")
    _communes(service, ["Voreppe", "Coublevie", "Voiron"])

    page, queries = _page_and_queries(client, "/services/veille-lilas/")

    assert not [sql for sql in queries if sql.lstrip().startswith('SELECT "catalog_charter"')]
    assert not [sql for sql in queries if "catalog_qualificationtype" in sql]  # none required
    assert not [sql for sql in queries if "boundary" in sql]  # communes: their names only
    assert '<a href="/services/veille-lilas/charte/">Charte révisée (version 2)</a>' in page
    assert "Voiron (Coublevie, Voiron, Voreppe)" in page
    assert "Participer : lire et accepter la charte" in page


def test_a_service_page_without_a_charter_says_it_is_not_published_yet(client):
    ServiceFactory(slug="sans-charte")
    page = client.get("/services/sans-charte/").content.decode()
    assert "Pas encore publiée" in page and "/services/sans-charte/charte/" not in page


def test_a_service_page_lists_the_qualifications_it_requires(client):
    service = service_with_charter(slug="avec-qualif")
    service.required_qualifications.add(QualificationTypeFactory(name="Permis C"))
    page = client.get("/services/avec-qualif/").content.decode()
    assert "Qualifications requises" in page and "Permis C" in page


def test_an_unpublished_service_page_is_its_managers_only(client):
    service = service_with_charter(slug="brouillon", is_published=False)
    assert client.get("/services/brouillon/").status_code == 404
    assert client.get("/services/inconnu/").status_code == 404
    client.force_login(MembershipFactory(organisation=service.authority, role="admin").user)
    page = client.get("/services/brouillon/").content.decode()
    assert "Gérer ce service" in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_service_page_queries_do_not_grow_with_communes_and_qualifications(client, signed_in):
    service = service_with_charter(slug="grandit")
    if signed_in:
        client.force_login(EnrolmentFactory(service=service).user)

    def add(n):
        start = service.communes.count()
        _communes(service, [f"Commune {start + i}" for i in range(n)])
        kinds = [QualificationTypeFactory() for _ in range(min(n, 30))]
        service.required_qualifications.add(*kinds)
    guard(client, "/services/grandit/", add)


# "Mon engagement"


def test_my_engagement_lists_my_incidents_with_their_link_service_and_state(client):
    enrolment = EnrolmentFactory(service=service_with_charter(name="Veille des Lilas"))
    client.force_login(enrolment.user)
    # 23:30 UTC on 1 March is 00:30 on 2 March in Paris: the page gives the local day.
    occurred = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    incident = Incident.objects.create(
        service=enrolment.service, declared_by=enrolment.user, kind="damage", place="Caserne",
        occurred_at=occurred, description="Une vitre brisée.")
    page = client.get("/mon-engagement/").content.decode()
    assert (f'<li><a href="/incidents/{incident.pk}/">Dommage matériel — '
            '02/03/2026</a> — Veille des Lilas — Déclaré</li>') in page
    assert f'<a href="/inscriptions/{enrolment.pk}/">Veille des Lilas</a>' in page


def test_my_engagement_ledger_count_reads_the_persons_rows_alone(client):
    """The capped count of the ledger is a subquery over the person's own rows: no join to
    the services (their names come from a subquery per row of the page)."""
    user = UserFactory()
    client.force_login(user)
    service = service_with_charter(name="Veille des Lilas")
    Participation.objects.create(user=user, pseudonym=user.pseudonym, service=service,
                                 kind="shift", quantity=2, unit="hours",
                                 occurred_at=timezone.now())
    page, queries = _page_and_queries(client, "/mon-engagement/")
    ledger = next(sql for sql in queries if "_spp_capped_count" in sql)
    count = ledger[ledger.index("SELECT COUNT(*)"):ledger.index("AS capped")]
    assert "JOIN" not in count
    assert "<td>Veille des Lilas</td>" in page


def test_my_engagement_queries_do_not_grow_with_enrolments_qualifications_incidents(client):
    user = UserFactory()
    client.force_login(user)
    authority = OrganisationFactory()
    kind = QualificationTypeFactory()

    def add(n):
        service_list = services(min(n, 40), authority, prefix="mine")
        for service in service_list:
            EnrolmentFactory(user=user, service=service)
        today = timezone.localdate()
        Qualification.objects.bulk_create([
            Qualification(user=user, qualification_type=kind,
                          obtained_on=today - timedelta(days=i), in_training=bool(i % 2),
                          verified_at=timezone.now() if i % 3 else None)
            for i in range(n)])
        Incident.objects.bulk_create([
            Incident(service=service_list[i % len(service_list)], declared_by=user,
                     kind="damage", place="Voiron", description="Un dommage.",
                     occurred_at=timezone.now() - timedelta(days=1))
            for i in range(n)])
    guard(client, "/mon-engagement/", add)
