"""Every write that changes what a coverage page shows is shown on the next read: each test
reads the day's page, writes the way the app does (a service of this app or of the catalog,
or the ORM as the admin does), and reads the page again. "Assigned" comes from the counters
the assignment services keep on the needs; "available" is counted on every read here (no
count kept ahead: ``test_coverage_counted_ahead.py`` covers the day counted ahead)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from spp.catalog import services as catalog_services
from spp.catalog.models import Enrolment, QualificationType
from spp.catalog.tests.factories import QualificationFactory, QualificationTypeFactory
from spp.rosters import services
from spp.rosters.models import AvailabilityWindow, CallOut
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db

ROW = re.compile(r"<td[^>]*>([^<]*)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+)")


class Scene:
    """A service, its coordinator (signed in), a future shift needing two "equipier", one
    volunteer holding it and available all week."""

    def __init__(self, client):
        self.client = client
        self.service = roster_service()
        self.coordinator = coordinator_of(self.service)
        self.shift, self.need = shift_with_need(self.service, "equipier", min_count=2,
                                                max_count=3)
        self.person = volunteer(self.service, "equipier")
        client.force_login(self.coordinator)
        self.day = timezone.localtime(self.shift.starts_at).date()
        self.url = reverse("rosters:coverage", args=[self.service.slug])

    def page(self, **query) -> str:
        response = self.client.get(self.url, query or {"jour": f"{self.day:%Y-%m-%d}"})
        assert response.status_code == 200
        return response.content.decode()

    def counts(self) -> list[tuple[str, int, int, int]]:
        """(need, required, available, assigned) of each need row of the day."""
        return [(name, int(r), int(a), int(s)) for name, r, a, s in ROW.findall(self.page())]

    def available(self) -> int:
        (row,) = self.counts()
        return row[2]

    def assigned(self) -> int:
        (row,) = self.counts()
        return row[3]


@pytest.fixture
def scene(client):
    return Scene(client)


# Availability ------------------------------------------------------------------------------

def test_a_week_of_availability_counts_at_once(scene):
    """availability_week_set writes with bulk_create: the service advances itself."""
    other = volunteer(scene.service, "equipier", always_available=False)
    assert scene.available() == 1
    services.availability_week_set(actor=other, service=scene.service,
                                   slots=[(d, 0, 1440) for d in range(7)])
    assert scene.available() == 2


def test_a_window_added_counts_at_once(scene):
    other = volunteer(scene.service, "equipier", always_available=False)
    assert scene.available() == 1
    services.availability_window_add(actor=other, service=scene.service,
                                     weekday=scene.day.weekday(), start_minute=0,
                                     end_minute=1440)
    assert scene.available() == 2


def test_a_window_removed_counts_at_once(scene):
    assert scene.available() == 1
    window = AvailabilityWindow.objects.get(user=scene.person, weekday=scene.day.weekday())
    services.availability_window_remove(actor=scene.person, window=window)
    assert scene.available() == 0


def test_an_absence_counts_at_once(scene):
    assert scene.available() == 1
    services.availability_exception_add(
        actor=scene.person, service=scene.service, available=False,
        starts_at=scene.shift.starts_at - timedelta(hours=1),
        ends_at=scene.shift.ends_at + timedelta(hours=1))
    assert scene.available() == 0


def test_the_day_by_hour_follows_availability_at_once(scene):
    hour = timezone.localtime(scene.shift.starts_at).hour
    cell = re.compile(rf"<th scope=\"row\">{hour} h</th><td[^>]*>(\d+) / (\d+) / (\d+)")
    assert cell.search(scene.page(jour=f"{scene.day:%Y-%m-%d}")).group(2) == "1"
    AvailabilityWindow.objects.filter(user=scene.person).delete()  # as the admin would
    assert cell.search(scene.page(jour=f"{scene.day:%Y-%m-%d}")).group(2) == "0"


# Shifts and needs --------------------------------------------------------------------------

def test_a_new_shift_shows_at_once(scene):
    scene.page()
    services.shift_create(actor=scene.coordinator, service=scene.service, title="Nuit du pont",
                          place="CIS", starts_at=scene.shift.starts_at + timedelta(hours=6),
                          ends_at=scene.shift.starts_at + timedelta(hours=10),
                          needs=[{"code": "", "min": 1, "max": 2}])
    assert "Nuit du pont" in scene.page()


def test_a_cancelled_shift_goes_at_once(scene):
    assert scene.shift.title in scene.page()
    services.shift_cancel(actor=scene.coordinator, shift=scene.shift)
    assert scene.counts() == []


def test_a_need_changed_in_the_admin_shows_at_once(scene):
    assert scene.counts()[0][1] == 2
    scene.need.min_count = 3
    scene.need.save()
    assert scene.counts()[0][1] == 3


# Places, rosters, call-outs ----------------------------------------------------------------

def test_a_signup_and_a_withdrawal_count_at_once(scene):
    assert scene.assigned() == 0
    assignment = services.assignment_signup(actor=scene.person, need=scene.need)
    assert scene.assigned() == 1
    services.assignment_cancel(actor=scene.coordinator, assignment=assignment)
    assert scene.assigned() == 0


def test_a_published_roster_counts_its_places_at_once(scene):
    volunteer(scene.service, "equipier")
    roster = services.roster_request(actor=scene.coordinator, service=scene.service,
                                     starts_on=scene.day, ends_on=scene.day, time_limit=2)
    assert scene.assigned() == 0  # a proposal changes nothing yet
    services.roster_publish(actor=scene.coordinator, roster=roster, version=roster.version)
    assert scene.assigned() == 2


def test_a_call_out_its_answer_and_its_filling_show_at_once(scene):
    assert "alerte en cours" not in scene.page()
    callout = services.callout_create(actor=scene.coordinator, need=scene.need, places=1)
    assert "alerte en cours" in scene.page()
    services.callout_respond(actor=scene.person, callout=callout, accept=True)
    assert CallOut.objects.get(pk=callout.pk).status == CallOut.Status.FILLED
    page = scene.page()
    assert "alerte en cours" not in page and scene.assigned() == 1


def test_a_cancelled_call_out_shows_at_once(scene):
    callout = services.callout_create(actor=scene.coordinator, need=scene.need)
    assert "alerte en cours" in scene.page()
    services.callout_cancel(actor=scene.coordinator, callout=callout)
    assert "alerte en cours" not in scene.page()


def test_an_escalation_shows_at_once(scene):
    badge = 'badge--info">renfort professionnel'
    assert badge not in scene.page()
    services.escalation_check(now=scene.shift.starts_at - timedelta(hours=1))
    assert badge in scene.page()


# Enrolments, charters, qualifications (the catalog's writes) -------------------------------

def test_a_suspended_volunteer_stops_counting_at_once(scene):
    assert scene.available() == 1
    enrolment = Enrolment.objects.get(user=scene.person, service=scene.service)
    catalog_services.enrolment_transition(actor=scene.coordinator, enrolment=enrolment,
                                          action="suspend", reason="Absences répétées")
    assert scene.available() == 0


def test_a_new_charter_leaves_out_those_who_have_not_accepted_it(scene):
    assert scene.available() == 1
    catalog_services.charter_publish(actor=scene.coordinator, service=scene.service,
                                     title="Charte 2", body="Nouvelle version")
    assert scene.available() == 0


def test_a_deleted_person_stops_counting_at_once(scene):
    assert scene.available() == 1
    scene.person.delete()
    assert scene.available() == 0


def test_a_verified_qualification_counts_at_once(scene):
    other = volunteer(scene.service)
    # The service's authority defines the type, so its coordinator verifies it (issue #15).
    QualificationType.objects.filter(code="equipier").update(owner=scene.service.authority)
    qualification = catalog_services.qualification_add(
        actor=other, user=other, qualification_type=QualificationType.objects.get(
            code="equipier"), obtained_on=scene.day - timedelta(days=30))
    assert scene.available() == 1  # declared, not verified yet
    catalog_services.qualification_verify(actor=scene.coordinator, qualification=qualification)
    assert scene.available() == 2


def test_an_expired_qualification_stops_counting_at_once(scene):
    assert scene.available() == 1
    qualification = scene.person.qualifications.get()
    qualification.expires_on = scene.day - timedelta(days=1)
    qualification.save()
    assert scene.available() == 0


def test_a_qualification_type_that_comes_to_include_another_counts_its_holders(scene):
    chief = volunteer(scene.service, "chef-agres")
    assert scene.available() == 1
    QualificationType.objects.get(code="chef-agres").includes.add(
        QualificationType.objects.get(code="equipier"))
    assert scene.available() == 2
    assert chief.pk


def test_a_renamed_qualification_type_shows_at_once(scene):
    scene.page()
    qualification_type = QualificationType.objects.get(code="equipier")
    qualification_type.name = "Équipier incendie"
    qualification_type.save()
    assert scene.counts()[0][0] == "Équipier incendie"


def test_a_qualification_of_someone_in_another_service_only_leaves_this_page_as_it_was(scene):
    elsewhere = roster_service()
    outsider = volunteer(elsewhere)
    before = scene.counts()
    QualificationFactory(user=outsider, qualification_type=QualificationTypeFactory(
        code="equipier"))
    assert scene.counts() == before
