"""The auto-roster runs as a task: the request row's state and per-stage progress, the page
that refreshes itself until the proposal is ready, one solve per double submit, failures
said plainly."""

import uuid

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from spp.rosters.models import Assignment, Roster, RosterRequest
from spp.rosters.services import rosters as roster_services
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    service = roster_service()
    shift, _need = shift_with_need(service)
    person = volunteer(service)
    day = timezone.localtime(shift.starts_at).date()
    return service, coordinator_of(service), person, day


def test_a_request_waits_then_the_task_solves_it_stage_by_stage(
        scene, django_capture_on_commit_callbacks):
    service, coordinator, person, day = scene
    with django_capture_on_commit_callbacks(execute=False) as queued:
        row, created = roster_services.roster_request_submit(
            actor=coordinator, service=service, starts_on=day, ends_on=day, stage_seconds=1)
    assert created and row.state == "pending" and not Roster.objects.exists()
    for callback in queued:  # the test settings run tasks at once (immediate backend)
        callback()
    row.refresh_from_db()
    assert row.state == "ready" and row.finished_at is not None
    assert row.roster.assignments.get().user == person
    assert [stage["stage"] for stage in row.progress][0] == "coverage"
    assert all(stage["status"] in ("OPTIMAL", "FEASIBLE") for stage in row.progress)


def test_the_page_refreshes_itself_while_pending_then_leads_to_the_proposal(client, scene):
    service, coordinator, _person, day = scene
    client.force_login(coordinator)
    response = client.post(reverse("rosters:roster_request", args=[service.slug]),
                           {"starts_on": day, "ends_on": day, "form_token": uuid.uuid4()})
    row = RosterRequest.objects.get()
    assert response.url == reverse("rosters:roster_progress", args=[row.pk])
    page = client.get(response.url).content.decode()
    assert "data-refresh" in page and "roster_progress.js" in page and "En attente" in page
    row = roster_services.roster_request_run(request_id=row.pk)
    response = client.get(reverse("rosters:roster_progress", args=[row.pk]))
    assert response.url == reverse("rosters:roster_review", args=[row.roster_id])


def test_a_double_submit_starts_one_solve(client, scene):
    service, coordinator, _person, day = scene
    client.force_login(coordinator)
    url, token = reverse("rosters:roster_request", args=[service.slug]), uuid.uuid4()
    first = client.post(url, {"starts_on": day, "ends_on": day, "form_token": token})
    again = client.post(url, {"starts_on": day, "ends_on": day, "form_token": token})
    other_tab = client.post(url, {"starts_on": day, "ends_on": day, "form_token": uuid.uuid4()},
                            follow=True)
    assert RosterRequest.objects.count() == 1
    assert first.url == again.url
    assert "Un calcul est déjà en cours pour cette période" in other_tab.content.decode()


def test_the_database_allows_one_waiting_or_running_request_per_service_and_period(scene):
    service, coordinator, _person, day = scene
    RosterRequest.objects.create(service=service, starts_on=day, ends_on=day,
                                 state="running", created_by=coordinator)
    RosterRequest.objects.create(service=service, starts_on=day, ends_on=day, state="failed")
    with pytest.raises(IntegrityError):
        RosterRequest.objects.create(service=service, starts_on=day, ends_on=day)


def test_a_request_is_solved_once_even_if_the_task_runs_twice(scene):
    service, coordinator, _person, day = scene
    row, _ = roster_services.roster_request_submit(actor=coordinator, service=service,
                                                   starts_on=day, ends_on=day, stage_seconds=1)
    assert roster_services.roster_request_run(request_id=row.pk).state == "ready"
    assert roster_services.roster_request_run(request_id=row.pk) is None
    assert Roster.objects.count() == 1 and Assignment.objects.count() == 1


def test_a_failed_solve_says_so_and_lets_the_coordinator_try_again(client, scene, monkeypatch):
    service, coordinator, _person, day = scene
    row, _ = roster_services.roster_request_submit(actor=coordinator, service=service,
                                                   starts_on=day, ends_on=day, stage_seconds=1)

    def broken(problem, progress=None):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(roster_services, "solve", broken)
    assert roster_services.roster_request_run(request_id=row.pk).state == "failed"
    client.force_login(coordinator)
    page = client.get(reverse("rosters:roster_progress", args=[row.pk])).content.decode()
    assert "Le calcul a échoué" in page and "Relancer un calcul" in page
    assert "data-refresh" not in page
    again, created = roster_services.roster_request_submit(
        actor=coordinator, service=service, starts_on=day, ends_on=day)
    assert created and again.pk != row.pk


def test_a_volunteer_cannot_see_a_roster_request(client, scene):
    service, coordinator, person, day = scene
    row, _ = roster_services.roster_request_submit(actor=coordinator, service=service,
                                                   starts_on=day, ends_on=day)
    client.force_login(person)
    assert client.get(reverse("rosters:roster_progress", args=[row.pk])).status_code == 404
