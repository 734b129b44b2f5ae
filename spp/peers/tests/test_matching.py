"""Who is eligible for a request, each rule on its own, and how the score ranks them; the
ranking's queries do not grow with the number of experts."""

import pytest
from django.db.models import F

from spp.peers.selectors import WEIGHTS, experts_ranked, score_parts
from spp.peers.services import proposal_decline, proposal_make
from spp.peers.tests.factories import (
    ask,
    certify,
    coordinator_of,
    domain_of,
    expert,
    matched,
    peers_service,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return peers_service()


def _ranked_ids(request):
    return [candidate.profile_id for candidate in experts_ranked(request)]


def test_a_certified_active_expert_of_the_domain_with_room_is_eligible(service):
    profile = expert(service)
    assert _ranked_ids(ask(service)) == [profile.pk]


def test_an_expert_without_a_valid_verified_certification_is_not(service):
    expert(service, certified=False)  # none at all
    unverified = expert(service, certified=False)
    certify(unverified.user, verified=False)
    expired = expert(service, certified=False)
    certify(expired.user, expires_in_days=-1)
    assert _ranked_ids(ask(service)) == []


def test_another_domain_an_inactive_profile_or_a_full_one_is_not(service):
    expert(service, domains=("Insuffisance rénale chronique",))
    expert(service, is_active=False)
    full = expert(service, capacity=1)
    matched(service, full)
    assert _ranked_ids(ask(service)) == []


def test_the_mode_must_be_offered(service):
    phone_only = expert(service, in_person=False, where=None)
    video = expert(service, by_video=True)
    assert _ranked_ids(ask(service, mode="video")) == [video.pk]
    assert phone_only.pk in _ranked_ids(ask(service, mode="phone"))


def test_in_person_keeps_experts_within_their_own_radius(service):
    near = expert(service, where="moirans", radius_km=10)  # 4.5 km from Voiron
    too_far_for_them = expert(service, where="grenoble", radius_km=10)  # 25 km
    far_but_travels = expert(service, where="grenoble", radius_km=40)
    lyon = expert(service, where="lyon", radius_km=100)  # 85 km away, within its 100 km

    ranked = experts_ranked(ask(service, mode="in_person", where="voiron"))
    ids = [c.profile_id for c in ranked]
    assert {near.pk, far_but_travels.pk, lyon.pk} == set(ids)
    assert too_far_for_them.pk not in ids
    assert ids.index(near.pk) < ids.index(far_but_travels.pk)
    assert 4 < ranked[ids.index(near.pk)].distance_km < 6


def test_an_expert_who_declined_is_not_ranked_again_for_that_request(service):
    profile = expert(service)
    request = ask(service)
    proposal = proposal_make(actor=coordinator_of(service), request=request, expert=profile)
    proposal_decline(actor=profile.user, proposal=proposal)
    assert _ranked_ids(request) == []


def test_language_room_and_continuity_raise_the_score(service):
    french = expert(service, languages=("fr",), capacity=4)
    arabic = expert(service, languages=("fr", "ar"), capacity=4)
    request = ask(service, language="ar")
    assert _ranked_ids(request)[0] == arabic.pk
    # Continuity: French-only expert accompanied this person before.
    earlier, coordinator = matched(service, french, requester=request.requester)
    ranked = {c.profile_id: c for c in experts_ranked(request)}
    assert ranked[french.pk].score - WEIGHTS["continuity"] < ranked[arabic.pk].score
    continuity = next(p for p in ranked[french.pk].parts if p["key"] == "continuity")
    assert continuity["points"] == WEIGHTS["continuity"]
    assert continuity["text"] == "A déjà accompagné cette personne."


def test_the_score_parts_add_up_and_are_explained_in_french(service):
    request = ask(service, mode="in_person", where="voiron")
    parts = score_parts(request, languages=["fr"], distance_km=5.0, radius_km=20, load=1,
                        capacity=4, continuity=False)
    points = {part["key"]: part["points"] for part in parts}
    assert points == {"domain": 25, "language": 20, "place": 15, "capacity": 15,
                      "continuity": 0}
    assert sum(WEIGHTS.values()) == 100
    place = next(part for part in parts if part["key"] == "place")
    assert place["text"] == "À 5,0 km de Voiron (se déplace jusqu’à 20 km)."


def test_ranking_takes_a_bounded_number_of_queries(service, django_assert_max_num_queries):
    for _ in range(3):
        expert(service, where="moirans")
    request = ask(service, mode="in_person", where="voiron")
    with django_assert_max_num_queries(5):
        few = experts_ranked(request)
    for index in range(12):
        expert(service, where=("voreppe", "moirans", "grenoble")[index % 3], radius_km=40)
    with django_assert_max_num_queries(5):
        many = experts_ranked(request)
    assert len(few) == 3 and len(many) == 15


def test_domain_filtering_is_by_the_requests_domain(service):
    kidney = expert(service, domains=("Insuffisance rénale chronique",))
    assert _ranked_ids(ask(service, domain="Insuffisance rénale chronique")) == [kidney.pk]
    assert domain_of(service).name == "Diabète de type 2"


def _every_eligible_scored_one_by_one(request):
    """Every eligible expert within their radius scored on their own (``expert_candidate``),
    in the ranking's order: what the ranking's few rows must amount to."""
    from spp.peers.geo import haversine_km
    from spp.peers.models import Mode
    from spp.peers.selectors import eligible_experts, expert_candidate
    from spp.peers.selectors.matching import room_share_of

    every = []
    for profile in eligible_experts(request).select_related("user"):
        if request.preferred_mode == Mode.IN_PERSON and haversine_km(
                request.commune.latitude, request.commune.longitude, profile.latitude,
                profile.longitude) > profile.radius_km:
            continue
        every.append(expert_candidate(request, profile))
    every.sort(key=lambda c: (-c.score, -room_share_of(c.load, c.capacity), c.profile_id))
    return [(c.profile_id, c.score) for c in every]


@pytest.mark.parametrize("mode,language", [("phone", "fr"), ("video", "ar"),
                                           ("in_person", "en"), ("phone", "es")])
def test_the_ranking_is_the_best_of_every_eligible_expert_scored_one_by_one(service, mode,
                                                                            language):
    """The database hands over a few rows only (by room, per group; or sorted by its score,
    per band of distance): the result must be what scoring every eligible expert one by one
    would give."""
    import random

    from spp.peers.models import ExpertProfile

    rng = random.Random(f"{mode}-{language}")
    for _ in range(40):
        capacity = rng.randint(1, 6)
        profile = expert(service, where=rng.choice(["voiron", "moirans", "voreppe", "grenoble"]),
                         languages=["fr", *rng.sample(["en", "ar", "es"], rng.randint(0, 2))]
                         if rng.random() < 0.8 else ["en"], by_video=rng.random() < 0.5,
                         radius_km=rng.choice([5, 10, 30]), capacity=capacity)
        ExpertProfile.objects.filter(pk=profile.pk).update(load=rng.randint(0, capacity))
    request = ask(service, mode=mode, language=language,
                  where="voiron" if mode == "in_person" else None)
    earlier = ExpertProfile.objects.filter(load__lt=F("weekly_capacity"))[:2]
    for profile in earlier:
        matched(service, profile, requester=request.requester)
    ranked = experts_ranked(request, limit=5)
    assert [(c.profile_id, c.score) for c in ranked] == \
        _every_eligible_scored_one_by_one(request)[:5]


# In person the ranking reads the experts within a quarter of their radius first and stops
# there when its best ``limit`` all score more than anyone beyond could: 80 (the place's 15
# points at the band's edge, every other weight in full but continuity's). Voiron is the
# request's commune; Moirans lies 4.69 km away (a quarter of 18.8 km), Grenoble 22.7 km.


def _loaded(profile, load):
    from spp.peers.models import ExpertProfile

    ExpertProfile.objects.filter(pk=profile.pk).update(load=load)
    return profile


def test_in_person_the_band_of_the_nearest_is_enough_when_its_best_outscore_anyone_beyond(
        service, django_assert_num_queries):
    """Two at Voiron score 85 each (> 80): the experts past a quarter of their radius are not
    read (three queries: the earlier companions, the required types, the band). With room for
    three, the band holds fewer than three, so everyone within reach is read (four)."""
    first, second = expert(service), expert(service)
    far = expert(service, where="grenoble", radius_km=30)  # 5 place points: 70
    request = ask(service, mode="in_person", where="voiron")
    with django_assert_num_queries(3):
        few = experts_ranked(request, limit=2)
    assert [c.profile_id for c in few] == [first.pk, second.pk]
    with django_assert_num_queries(4):
        ranked = experts_ranked(request, limit=3)
    assert [(c.profile_id, c.score) for c in ranked] == [(first.pk, 85), (second.pk, 85),
                                                         (far.pk, 70)]
    assert [(c.profile_id, c.score) for c in ranked] == \
        _every_eligible_scored_one_by_one(request)


@pytest.mark.parametrize("radius_km", [18, 19], ids=["just-outside", "just-inside"])
def test_in_person_a_tie_with_the_bands_edge_reads_on(service, radius_km):
    """The band's second best scores exactly 80, as much as an expert just past a quarter of
    their radius may: that one may win the tie (more room left), so the walk goes on. At
    Moirans with a radius of 18 km (just outside the band) or 19 km (just inside), 15 place
    points and all their room: 80, and first of the two on room."""
    best = expert(service)  # 85
    three_quarters = _loaded(expert(service, capacity=4), 1)  # 15 room points: 80
    moirans = expert(service, where="moirans", radius_km=radius_km)
    request = ask(service, mode="in_person", where="voiron")
    ranked = experts_ranked(request, limit=2)
    assert [(c.profile_id, c.score) for c in ranked] == [(best.pk, 85), (moirans.pk, 80)]
    assert [(c.profile_id, c.score) for c in experts_ranked(request, limit=3)] == \
        _every_eligible_scored_one_by_one(request) == [
            (best.pk, 85), (moirans.pk, 80), (three_quarters.pk, 80)]


def test_in_person_who_accompanied_the_person_is_ranked_however_far(
        service, django_assert_num_queries):
    """Continuity's 15 points may lift an expert beyond the band above its best: they are
    read apart (a fourth query), the band stopping the walk as usual."""
    first, second = expert(service), expert(service)  # 85 each
    companion = expert(service, where="grenoble", radius_km=50, capacity=5)
    request = ask(service, mode="in_person", where="voiron")
    matched(service, companion, requester=request.requester)  # its load 1: 16 room points
    with django_assert_num_queries(4):
        ranked = experts_ranked(request, limit=2)
    # 25 + 20 + 11 place points (22.7 km of 50) + 16 + 15.
    assert [(c.profile_id, c.score) for c in ranked] == [(companion.pk, 87), (first.pk, 85)]
    assert [(c.profile_id, c.score) for c in ranked] == \
        _every_eligible_scored_one_by_one(request)[:2]
    assert second.pk not in [c.profile_id for c in ranked]


def test_a_qualification_that_includes_the_required_one_counts(service):
    from spp.catalog.tests.factories import QualificationTypeFactory
    from spp.peers.tests.factories import certificate_type

    trainer = QualificationTypeFactory(code="patient-expert-formateur")
    trainer.includes.add(certificate_type())
    profile = expert(service, certified=False)
    certify(profile.user)  # the plain certificate, expired below
    profile.user.qualifications.update(expires_on=profile.user.qualifications.get().obtained_on)
    assert _ranked_ids(ask(service)) == []
    from spp.catalog.tests.factories import QualificationFactory

    QualificationFactory(user=profile.user, qualification_type=trainer)
    assert _ranked_ids(ask(service)) == [profile.pk]


# By phone or video the first read of each group looks at its REMOTE_WINDOW × limit roomiest
# profiles and checks their person's standing (enrolment, qualifications) on those only.


def test_remote_the_window_of_the_roomiest_settles_the_ranking(
        service, django_assert_num_queries):
    """Two speakers with all their room fill ``limit=2`` at 85 (more than any non-speaker's
    65): three queries (the earlier companions, the required types, the window); one out of
    standing among the roomiest is skipped, one with less room is not needed."""
    first = expert(service, where=None, in_person=False)
    expert(service, where=None, in_person=False, certified=False)  # all its room, no certificate
    second = expert(service, where=None, in_person=False)
    _loaded(expert(service, where=None, in_person=False, capacity=4), 1)
    request = ask(service, mode="phone")
    with django_assert_num_queries(3):
        ranked = experts_ranked(request, limit=2)
    assert [(c.profile_id, c.score) for c in ranked] == [(first.pk, 85), (second.pk, 85)]


def test_remote_a_full_window_out_of_standing_reads_the_group_whole(
        service, django_assert_num_queries):
    """The window's profiles (4 for ``limit=1``) are all out of standing: the group is read
    again whole (a fourth query), and the eligible expert with less room is found."""
    from spp.peers.selectors.matching import REMOTE_WINDOW

    for _ in range(REMOTE_WINDOW):
        expert(service, where=None, in_person=False, certified=False)
    eligible = _loaded(expert(service, where=None, in_person=False, capacity=4), 1)  # 80
    request = ask(service, mode="phone")
    with django_assert_num_queries(4):
        ranked = experts_ranked(request, limit=1)
    assert [(c.profile_id, c.score) for c in ranked] == [(eligible.pk, 80)] == \
        _every_eligible_scored_one_by_one(request)
