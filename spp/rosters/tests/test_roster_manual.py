"""The coordinator's changes by hand to a proposed roster: add, remove, swap, each checked
as the solver's rules (refused or warned), recorded, and the uncovered needs re-explained."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from spp.catalog.tests.factories import QualificationFactory
from spp.core.models import AuditLogEntry as AuditLog
from spp.rosters.models import Assignment, Roster
from spp.rosters.services import rosters as roster_services
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db


class Scene:
    """Two shifts two days apart, each with one place held in a draft by its person."""

    def __init__(self):
        self.service = roster_service()
        self.coordinator = coordinator_of(self.service)
        start = (timezone.localtime() + timedelta(days=3)).replace(hour=8, minute=0, second=0,
                                                                   microsecond=0)
        self.shift_a, self.need_a = shift_with_need(self.service, "equipier", starts_at=start)
        self.shift_b, self.need_b = shift_with_need(self.service, "equipier",
                                                    starts_at=start + timedelta(days=2))
        self.need_b.qualification_type = self.need_a.qualification_type
        self.need_b.save()
        self.alice = volunteer(self.service, first_name="Alice")
        self.bruno = volunteer(self.service, first_name="Bruno")
        for person in (self.alice, self.bruno):
            QualificationFactory(user=person, qualification_type=self.need_a.qualification_type)
        self.roster = Roster.objects.create(
            service=self.service, starts_on=start.date(),
            ends_on=start.date() + timedelta(days=2), created_by=self.coordinator)
        self.place_a = self.propose(self.alice, self.need_a)
        self.place_b = self.propose(self.bruno, self.need_b)

    def propose(self, person, need):
        return Assignment.objects.create(shift=need.shift, need=need, user=person,
                                         roster=self.roster, status="proposed", source="roster")

    def held(self):
        return {(a.shift_id, a.user_id) for a in self.roster.assignments.filter(
            status="proposed")}


@pytest.fixture
def scene():
    return Scene()


def test_swapping_two_people_exchanges_their_places_and_is_recorded(scene):
    roster, warnings = roster_services.roster_proposal_swap(
        actor=scene.coordinator, roster=scene.roster, version=1,
        first_id=scene.place_a.pk, second_id=scene.place_b.pk)
    assert warnings == [] and roster.version == 2
    assert scene.held() == {(scene.shift_a.pk, scene.bruno.pk),
                            (scene.shift_b.pk, scene.alice.pk)}
    assert AuditLog.objects.filter(action="rosters.roster.swap").count() == 1
    assert set(roster.assignments.filter(status="proposed").values_list("source", flat=True)) \
        == {"coordinator"}


def test_a_swap_giving_a_place_to_someone_unqualified_is_refused_and_changes_nothing(scene):
    other, other_need = shift_with_need(scene.service, "chef-agres",
                                        starts_at=scene.shift_a.starts_at + timedelta(days=1))
    chief = volunteer(scene.service, "chef-agres")
    place_c = scene.propose(chief, other_need)
    with pytest.raises(ValidationError, match="qualification"):
        roster_services.roster_proposal_swap(actor=scene.coordinator, roster=scene.roster,
                                             version=1, first_id=scene.place_a.pk,
                                             second_id=place_c.pk)
    assert (other.pk, chief.pk) in scene.held() and (scene.shift_a.pk, scene.alice.pk) in \
        scene.held()
    assert Roster.objects.get().version == 1


def test_adding_a_person_never_exceeds_the_places(scene):
    extra = volunteer(scene.service, "equipier")
    with pytest.raises(ValidationError, match="complète"):
        roster_services.roster_proposal_add(actor=scene.coordinator, roster=scene.roster,
                                            version=1, need_id=scene.need_a.pk,
                                            user_id=extra.pk)


def test_adding_a_person_already_on_an_overlapping_shift_is_refused(scene):
    _shift, need = shift_with_need(scene.service, starts_at=scene.shift_a.starts_at
                                   + timedelta(hours=1))
    with pytest.raises(ValidationError, match="chevauche"):
        roster_services.roster_proposal_add(actor=scene.coordinator, roster=scene.roster,
                                            version=1, need_id=need.pk, user_id=scene.alice.pk)


def test_adding_someone_who_did_not_say_they_were_available_is_done_with_a_warning(scene):
    _shift, need = shift_with_need(scene.service, starts_at=scene.shift_a.starts_at
                                   + timedelta(days=1))
    away = volunteer(scene.service, always_available=False)
    roster, warnings = roster_services.roster_proposal_add(
        actor=scene.coordinator, roster=scene.roster, version=1, need_id=need.pk,
        user_id=away.pk)
    assert warnings == ["Cette personne n’a pas dit être disponible sur ce créneau."]
    assert (need.shift_id, away.pk) in scene.held()
    log = AuditLog.objects.get(action="rosters.roster.add")
    assert log.data["warnings"] == warnings


def test_a_removed_place_is_explained_and_adding_someone_back_clears_it(scene):
    roster = roster_services.roster_proposal_remove(
        actor=scene.coordinator, roster=scene.roster, version=1,
        assignment_id=scene.place_a.pk)
    assert [(g["shift"], g["cause"]) for g in roster.gaps] == [(scene.shift_a.pk, "manual")]
    roster, _warnings = roster_services.roster_proposal_add(
        actor=scene.coordinator, roster=roster, version=roster.version,
        need_id=scene.need_a.pk, user_id=scene.alice.pk)
    assert Roster.objects.get().gaps == []


def test_a_change_on_a_stale_page_is_refused(scene):
    roster_services.roster_proposal_remove(actor=scene.coordinator, roster=scene.roster,
                                           version=1, assignment_id=scene.place_b.pk)
    with pytest.raises(ValidationError, match="modifié par une autre personne"):
        roster_services.roster_proposal_swap(actor=scene.coordinator, roster=scene.roster,
                                             version=1, first_id=scene.place_a.pk,
                                             second_id=scene.place_b.pk)


def test_the_coordinator_swaps_two_people_from_the_pages(client, scene):
    client.force_login(scene.coordinator)
    page = client.get(reverse("rosters:roster_place", args=[scene.roster.pk,
                                                             scene.place_a.pk]))
    assert f'value="{scene.place_b.pk}"' in page.content.decode()
    response = client.post(reverse("rosters:roster_review", args=[scene.roster.pk]), {
        "action": "swap", "version": 1, "assignment": scene.place_a.pk,
        "other": scene.place_b.pk}, follow=True)
    assert "Les deux personnes sont échangées." in response.content.decode()
    assert (scene.shift_a.pk, scene.bruno.pk) in scene.held()


def test_the_coordinator_adds_a_person_from_the_shift_page(client, scene):
    _shift, need = shift_with_need(scene.service, starts_at=scene.shift_a.starts_at
                                   + timedelta(days=1))
    extra = volunteer(scene.service)
    client.force_login(scene.coordinator)
    page = client.get(reverse("rosters:roster_shift", args=[scene.roster.pk, need.shift_id]))
    assert f'value="{extra.pk}"' in page.content.decode()
    response = client.post(reverse("rosters:roster_review", args=[scene.roster.pk]), {
        "action": "add", "version": 1, "need": need.pk, "person": extra.pk}, follow=True)
    assert "Personne ajoutée à la proposition." in response.content.decode()
    assert (need.shift_id, extra.pk) in scene.held()


def test_a_place_leaving_less_than_the_minimum_rest_is_done_with_a_warning(scene):
    _shift, need = shift_with_need(scene.service, starts_at=scene.shift_a.starts_at
                                   + timedelta(hours=10))  # 6 h after Alice's morning ends
    _roster, warnings = roster_services.roster_proposal_add(
        actor=scene.coordinator, roster=scene.roster, version=1, need_id=need.pk,
        user_id=scene.alice.pk)
    assert len(warnings) == 1 and warnings[0].startswith("Repos de moins de 11 h")


def test_someone_in_training_is_refused_a_place_without_a_qualified_person_beside(scene):
    _shift, need = shift_with_need(scene.service, "chef-agres", starts_at=scene.shift_a.starts_at
                                   + timedelta(days=1))
    learner = volunteer(scene.service)
    QualificationFactory(user=learner, qualification_type=need.qualification_type,
                         in_training=True)
    with pytest.raises(ValidationError, match="aux côtés"):
        roster_services.roster_proposal_add(actor=scene.coordinator, roster=scene.roster,
                                            version=1, need_id=need.pk, user_id=learner.pk)
