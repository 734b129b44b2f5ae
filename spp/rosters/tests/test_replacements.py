"""Replacements between volunteers: asking (even inside the no-withdrawal window), one open
request per assignment, a qualified colleague taking the place over in one go, refusals
(qualification, already on the shift, closed request, started shift), withdrawing the
request, and who is told."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from spp.core.models import AuditLogEntry, Notification
from spp.rosters import services
from spp.rosters.models import Assignment, ReplacementRequest, Shift, ShiftNeed
from spp.rosters.services.replacements import (
    replacement_cancel,
    replacement_request,
    replacement_take,
)
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db


def hours_ahead(hours: float):
    return (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)


def placed(service, hours: float = 24 * 5, code: str | None = "equipier"):
    """A shift starting in ``hours``, one place on it held by a qualified volunteer."""
    shift, need = shift_with_need(service, code, starts_at=hours_ahead(hours))
    person = volunteer(service, *([code] if code else []))
    return person, services.assignment_signup(actor=person, need=need)


def refused(call) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value


def test_a_volunteer_may_ask_for_a_replacement_inside_the_no_withdrawal_window():
    service = roster_service()
    person, assignment = placed(service, hours=20)  # notice: 48 h by default
    assert (
        refused(lambda: services.assignment_cancel(actor=person, assignment=assignment)).code
        == "too_late"
    )
    replacement = replacement_request(actor=person, assignment=assignment, message="Malade")
    assert (replacement.status, replacement.message) == ("open", "Malade")
    assert AuditLogEntry.objects.filter(action="rosters.replacement.request").exists()
    assert Assignment.objects.get(pk=assignment.pk).status == "published"


def test_only_the_person_on_the_shift_may_ask():
    service = roster_service()
    _person, assignment = placed(service)
    other = volunteer(service, "equipier")
    assert (
        refused(lambda: replacement_request(actor=other, assignment=assignment)).code == "not_owner"
    )
    assert not ReplacementRequest.objects.exists()


def test_a_second_open_request_for_the_same_place_is_refused():
    service = roster_service()
    person, assignment = placed(service)
    replacement_request(actor=person, assignment=assignment)
    assert (
        refused(lambda: replacement_request(actor=person, assignment=assignment)).code
        == "duplicate"
    )
    assert ReplacementRequest.objects.count() == 1


def test_the_database_allows_one_open_request_per_assignment():
    service = roster_service()
    person, assignment = placed(service)
    ReplacementRequest.objects.create(assignment=assignment, requested_by=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReplacementRequest.objects.create(assignment=assignment, requested_by=person)


def test_a_new_request_may_follow_a_withdrawn_one():
    service = roster_service()
    person, assignment = placed(service)
    replacement_cancel(
        actor=person, replacement=replacement_request(actor=person, assignment=assignment)
    )
    assert replacement_request(actor=person, assignment=assignment).status == "open"


def test_a_qualified_colleague_takes_the_place_over_and_the_counters_stay_exact(
    django_capture_on_commit_callbacks,
):
    service = roster_service()
    coordinator = coordinator_of(service)
    person, assignment = placed(service, hours=20)
    colleague = volunteer(service, "equipier")
    replacement = replacement_request(actor=person, assignment=assignment)
    with django_capture_on_commit_callbacks(execute=True):
        new = replacement_take(actor=colleague, replacement=replacement)
    assignment.refresh_from_db()
    replacement.refresh_from_db()
    assert assignment.status == "cancelled"
    assert assignment.events.get(to_status="cancelled").actor == colleague
    assert (new.user, new.status, new.need_id) == (colleague, "published", assignment.need_id)
    assert (replacement.status, replacement.taken_by, replacement.new_assignment) == (
        "taken",
        colleague,
        new,
    )
    need = ShiftNeed.objects.get(pk=assignment.need_id)
    assert (need.assigned_count, Shift.objects.get(pk=need.shift_id).missing_count) == (1, 0)
    assert Notification.objects.filter(
        recipient=person, title__startswith="Vous êtes remplacé"
    ).exists()
    assert Notification.objects.filter(
        recipient=coordinator, title__startswith="Remplacement"
    ).exists()
    assert AuditLogEntry.objects.filter(action="rosters.replacement.take", actor=colleague).exists()


def test_a_colleague_without_the_qualification_is_refused_with_a_clear_message():
    service = roster_service()
    person, assignment = placed(service)
    unqualified = volunteer(service)
    replacement = replacement_request(actor=person, assignment=assignment)
    error = refused(lambda: replacement_take(actor=unqualified, replacement=replacement))
    assert error.code == "unqualified"
    assert "Il vous faut la qualification" in error.messages[0]
    assert Assignment.objects.get(pk=assignment.pk).status == "published"
    assert ReplacementRequest.objects.get().status == "open"
    assert ShiftNeed.objects.get(pk=assignment.need_id).assigned_count == 1


def test_a_colleague_already_on_the_shift_is_refused():
    service = roster_service()
    shift, need = shift_with_need(service, max_count=2, min_count=2)
    person, colleague = volunteer(service), volunteer(service)
    assignment = services.assignment_signup(actor=person, need=need)
    services.assignment_signup(actor=colleague, need=need)
    replacement = replacement_request(actor=person, assignment=assignment)
    assert (
        refused(lambda: replacement_take(actor=colleague, replacement=replacement)).code
        == "duplicate"
    )
    assert Assignment.objects.get(pk=assignment.pk).status == "published"


def test_the_requester_cannot_take_their_own_request():
    service = roster_service()
    person, assignment = placed(service)
    replacement = replacement_request(actor=person, assignment=assignment)
    assert refused(lambda: replacement_take(actor=person, replacement=replacement)).code == "own"


def test_once_taken_the_request_is_closed_to_the_next_colleague():
    service = roster_service()
    person, assignment = placed(service)
    first, second = volunteer(service, "equipier"), volunteer(service, "equipier")
    replacement = replacement_request(actor=person, assignment=assignment)
    replacement_take(actor=first, replacement=replacement)
    assert refused(lambda: replacement_take(actor=second, replacement=replacement)).code == "closed"
    assert Assignment.objects.filter(need=assignment.need, status="published").get().user == first


def test_the_requester_withdraws_the_request_and_keeps_the_place():
    service = roster_service()
    person, assignment = placed(service)
    colleague = volunteer(service, "equipier")
    replacement = replacement_request(actor=person, assignment=assignment)
    assert (
        refused(lambda: replacement_cancel(actor=colleague, replacement=replacement)).code
        == "not_owner"
    )
    replacement_cancel(actor=person, replacement=replacement)
    assert ReplacementRequest.objects.get().status == "cancelled"
    assert (
        refused(lambda: replacement_take(actor=colleague, replacement=replacement)).code == "closed"
    )
    assert Assignment.objects.get(pk=assignment.pk).status == "published"


def test_a_started_shift_can_no_longer_be_taken_over():
    service = roster_service()
    person, assignment = placed(service)
    colleague = volunteer(service, "equipier")
    replacement = replacement_request(actor=person, assignment=assignment)
    Shift.objects.filter(pk=assignment.shift_id).update(starts_at=hours_ahead(-1))
    assert (
        refused(lambda: replacement_take(actor=colleague, replacement=replacement)).code
        == "started"
    )


def test_a_place_withdrawn_by_the_coordination_can_no_longer_be_taken_over():
    service = roster_service()
    person, assignment = placed(service, hours=20)
    colleague = volunteer(service, "equipier")
    replacement = replacement_request(actor=person, assignment=assignment)
    services.assignment_cancel(actor=coordinator_of(service), assignment=assignment)
    assert (
        refused(lambda: replacement_take(actor=colleague, replacement=replacement)).code
        == "not_live"
    )


def test_qualified_available_colleagues_are_told_up_to_the_bound(
    django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("spp.rosters.selectors.replacements.NOTIFY_MAX", 2)
    service = roster_service()
    person, assignment = placed(service)
    qualified = [volunteer(service, "equipier") for _ in range(3)]
    unqualified = volunteer(service)
    with django_capture_on_commit_callbacks(execute=True):
        replacement = replacement_request(actor=person, assignment=assignment, message="Merci")
    told = Notification.objects.filter(
        url=reverse("rosters:replacement_detail", args=[replacement.pk])
    )
    assert told.count() == replacement.notified_count == 2
    assert set(told.values_list("recipient_id", flat=True)) <= {q.pk for q in qualified}
    assert not told.filter(recipient__in=[person, unqualified]).exists()


# Pages


def test_my_shifts_and_the_withdrawal_page_link_to_asking_for_a_replacement(client):
    service = roster_service()
    person, assignment = placed(service, hours=20)
    client.force_login(person)
    url = reverse("rosters:replacement_ask", args=[assignment.pk])
    assert f'href="{url}"' in client.get(reverse("rosters:my_shifts")).content.decode()
    page = client.get(reverse("rosters:cancel", args=[assignment.pk])).content.decode()
    assert f'href="{url}"' in page


def test_asking_twice_with_the_same_form_creates_one_request(client):
    service = roster_service()
    person, assignment = placed(service)
    client.force_login(person)
    url = reverse("rosters:replacement_ask", args=[assignment.pk])
    page = client.get(url)
    token = page.context["form"].initial["form_token"]
    data = {"message": "Empêché", "form_token": token}
    first = client.post(url, data)
    ReplacementRequest.objects.update(status="cancelled", closed_at=timezone.now())
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ReplacementRequest.objects.count() == 1


def test_asking_for_someone_elses_place_is_not_found(client):
    service = roster_service()
    _person, assignment = placed(service)
    client.force_login(volunteer(service, "equipier"))
    assert client.get(reverse("rosters:replacement_ask", args=[assignment.pk])).status_code == 404


def test_open_shifts_list_the_request_to_qualified_colleagues_only(client):
    service = roster_service()
    person, assignment = placed(service)
    replacement = replacement_request(actor=person, assignment=assignment)
    detail = reverse("rosters:replacement_detail", args=[replacement.pk])
    url = reverse("rosters:open_shifts", args=[service.slug])
    client.force_login(volunteer(service, "equipier"))
    assert detail in client.get(url).content.decode()
    client.force_login(volunteer(service))
    assert detail not in client.get(url).content.decode()
    client.force_login(person)
    assert detail not in client.get(url).content.decode()


def test_the_request_page_tells_an_unqualified_colleague_why_not(client):
    service = roster_service()
    person, assignment = placed(service)
    replacement = replacement_request(actor=person, assignment=assignment)
    client.force_login(volunteer(service))
    page = client.get(reverse("rosters:replacement_detail", args=[replacement.pk])).content.decode()
    assert "Il vous faut la qualification" in page and "Je reprends cette garde" not in page


def test_a_colleague_takes_over_from_the_page_and_the_shift_leaves_the_requesters_list(client):
    service = roster_service()
    person, assignment = placed(service)
    replacement = replacement_request(actor=person, assignment=assignment)
    colleague = volunteer(service, "equipier")
    client.force_login(colleague)
    response = client.post(reverse("rosters:replacement_take", args=[replacement.pk]), follow=True)
    assert "vous reprenez la garde" in response.content.decode()
    assert Assignment.objects.get(shift=assignment.shift, status="published").user == colleague
    client.force_login(person)
    mine = client.get(reverse("rosters:my_shifts")).content.decode()
    assert reverse("rosters:replacement_ask", args=[assignment.pk]) not in mine


def test_an_outsider_cannot_read_a_request(client):
    service = roster_service()
    person, assignment = placed(service)
    replacement = replacement_request(actor=person, assignment=assignment)
    client.force_login(volunteer(roster_service()))
    assert (
        client.get(reverse("rosters:replacement_detail", args=[replacement.pk])).status_code == 404
    )


def test_the_requester_withdraws_the_request_from_its_page(client):
    service = roster_service()
    person, assignment = placed(service)
    replacement = replacement_request(actor=person, assignment=assignment)
    client.force_login(person)
    client.post(reverse("rosters:replacement_cancel", args=[replacement.pk]))
    assert ReplacementRequest.objects.get().status == "cancelled"


def test_the_coordination_reads_a_request_without_a_take_over_button(client):
    service = roster_service()
    person, assignment = placed(service)
    replacement = replacement_request(actor=person, assignment=assignment, message="Empêché")
    client.force_login(coordinator_of(service))
    page = client.get(reverse("rosters:replacement_detail", args=[replacement.pk]))
    assert page.status_code == 200
    assert "Empêché" in page.content.decode()
    assert "Je reprends cette garde" not in page.content.decode()
