"""Which experts may accompany a request, and in which order (docs/peers.md explains the
score to coordinators; the page shows each part in words).

Eligible, all in SQL: an active profile in the request's service, whose person is an active
contributor of the service and holds, verified and valid today, each qualification the service
requires (or one that counts as it); who covers the request's domain, offers the requested way
of meeting, has room (``load < weekly_capacity``), has not declined this request already, and
is not the requester. For a meeting in person, the database first keeps the experts inside a
latitude/longitude box as wide as the largest radius allowed (the ``peers_expert_position_idx``
index answers it) and each one's own box (plain arithmetic); the ranking then keeps, in SQL
too, those within their own radius (haversine), as ``expert_ineligibility`` does in Python.

The score is a weighted sum out of 100 (WEIGHTS): the domain (always met, shown so that the
page says why), the language, the place (the nearer within the radius, the more; full marks by
phone or video), the room left, and continuity (the expert already accompanied this person).
The database hands over a few rows only, whatever the number of experts: by phone or video
it walks the experts by room left (``peers_expert_room_idx``, the ``room_share`` column the
database computes) once for those who speak the language and once for the others, the
person's standing checked on the first ``REMOTE_WINDOW × limit`` profiles of the walk only; in
person it computes the distance and the score for the experts within a quarter of their radius
first (a box a quarter as wide), sorts, and reads everyone within reach only when someone
farther could still enter. Those who already accompanied the person are read apart in either
case. Five queries at most (the required qualifications, the experts who already accompanied
the requester, and the ranked reads), seven when the roomiest profiles of both groups are
mostly out of standing and each group is read again whole."""

import math
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ASin, Cast, Cos, Floor, Power, Radians, Sin, Sqrt
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.catalog.models import Enrolment, Qualification
from spp.catalog.selectors.qualifications import qualifications_missing_for
from spp.core.models import User
from spp.peers.geo import EARTH_RADIUS_KM, KM_PER_DEGREE_LATITUDE, bounding_box, haversine_km
from spp.peers.models import (
    MAX_RADIUS_KM,
    ExpertProfile,
    Language,
    Mode,
    PeerRequest,
    Proposal,
)

WEIGHTS = {"domain": 25, "language": 20, "place": 20, "capacity": 20, "continuity": 15}
MODE_COLUMN = {Mode.IN_PERSON: "in_person", Mode.PHONE: "by_phone", Mode.VIDEO: "by_video"}


@dataclass
class Candidate:
    profile_id: int
    user_id: int
    name: str
    load: int
    capacity: int
    distance_km: float | None
    score: int = 0
    parts: list[dict] = field(default_factory=list)


def _counting_types(service) -> list[set[int]]:
    """For each qualification type the service requires, the types that count as it: itself
    and those that include it (the catalog's ``includes``, as ``qualifications_valid_on`` reads
    it). Read once (one query), so that the ranking's SQL checks plain type ids."""
    counting: dict[int, set[int]] = {}
    for required, including in service.required_qualifications.values_list("pk",
                                                                            "included_in"):
        counting.setdefault(required, {required})
        if including is not None:
            counting[required].add(including)
    return list(counting.values())


def _valid_qualification(type_ids: set[int], day: date):
    return Exists(Qualification.objects.filter(
        user=OuterRef("user_id"), qualification_type_id__in=type_ids, in_training=False,
        verified_at__isnull=False, obtained_on__lte=day).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=day)))


def eligible_experts(request: PeerRequest, *, day: date | None = None):
    """The eligible profiles as a queryset (the bounding box included, not the exact
    distance); one query when evaluated, plus one now for the service's required types."""
    queryset = _eligible_anywhere(request, day=day)
    if request.preferred_mode == Mode.IN_PERSON:
        queryset = _in_box(queryset, request.commune, share=1.0)
    return queryset


def _eligible_anywhere(request: PeerRequest, *, day: date | None = None):
    """Every eligibility rule but the place (the ranking adds the box of each band it reads)."""
    return _eligible_profiles(request).filter(_person_in_standing(request.service, day))


def _eligible_profiles(request: PeerRequest):
    """The rules on the profile itself and the request (service, availability, domain, way of
    meeting, room, not declined, not the requester), without the person's standing."""
    queryset = ExpertProfile.objects.filter(
        service=request.service, is_active=True, domains=request.domain,
        room_share__gt=0, **{MODE_COLUMN[request.preferred_mode]: True})
    declined = Proposal.objects.filter(request=request, status=Proposal.Status.DECLINED)
    queryset = queryset.exclude(pk__in=declined.values("expert_id"))
    if request.requester_id:
        queryset = queryset.exclude(user_id=request.requester_id)
    return queryset


def _person_in_standing(service, day: date | None = None) -> Q:
    """The person's standing in the service: an active enrolment and each required
    qualification (or one that counts as it) verified and valid on ``day``; one query now,
    for the service's required types."""
    day = day or timezone.localdate()
    standing = Q(Exists(Enrolment.objects.filter(user=OuterRef("user_id"), service=service,
                                                 status=Enrolment.Status.ACTIVE)))
    for type_ids in _counting_types(service):
        standing &= Q(_valid_qualification(type_ids, day))
    return standing


def _in_box(queryset, commune, *, share: float):
    """The experts who may lie within ``share`` of their own radius of the commune: first the
    box as wide as ``share`` of the largest radius allowed (the ``peers_expert_position_idx``
    index answers it), then each expert's own box (``share`` of their radius in degrees: plain
    arithmetic, which the database evaluates before the trigonometry of the exact distance)."""
    south, north, west, east = bounding_box(commune.latitude, commune.longitude,
                                            MAX_RADIUS_KM * share)
    lat_degrees = 1.05 * share / KM_PER_DEGREE_LATITUDE
    lon_degrees = lat_degrees / max(math.cos(math.radians(north)), 0.01)
    latitude, longitude = commune.latitude, commune.longitude
    # In floating point: an integer column times a float would be computed in NUMERIC,
    # several times slower over the thousands of rows of a wide box.
    radius = Cast("radius_km", FloatField())
    return queryset.filter(
        latitude__range=(south, north), longitude__range=(west, east),
        latitude__gte=Value(latitude) - radius * Value(lat_degrees),
        latitude__lte=Value(latitude) + radius * Value(lat_degrees),
        longitude__gte=Value(longitude) - radius * Value(lon_degrees),
        longitude__lte=Value(longitude) + radius * Value(lon_degrees))


def _continuity(request: PeerRequest) -> set[int]:
    if not request.requester_id:
        return set()
    return set(PeerRequest.objects.filter(requester_id=request.requester_id,
                                          expert__isnull=False).exclude(pk=request.pk)
               .values_list("expert_id", flat=True))


def room_share_of(load: int, capacity: int) -> int:
    """The room left in whole percent, as the database's ``room_share`` column computes it."""
    return max(capacity - load, 0) * 100 // capacity if capacity else 0


def _half_up(value: float) -> int:
    """Rounded half up, as the SQL score rounds (``FLOOR(x + 0.5)`` on every database)."""
    return math.floor(value + 0.5)


def score_points(*, speaks: bool, distance_km, radius_km, load, capacity,
                 continuity: bool) -> dict[str, int]:
    """Each part's points (WEIGHTS' documented rules), without words: the ranking sorts on
    these and writes the words for the rows it shows only."""
    if distance_km is None:
        place = WEIGHTS["place"]
    else:
        place = _half_up(WEIGHTS["place"] * (max(0.0, 1 - distance_km / radius_km)
                                             if radius_km else 0.0))
    return {"domain": WEIGHTS["domain"], "language": WEIGHTS["language"] if speaks else 0,
            "place": place,
            "capacity": _half_up(WEIGHTS["capacity"] * room_share_of(load, capacity) / 100),
            "continuity": WEIGHTS["continuity"] if continuity else 0}


def _texts(request: PeerRequest) -> dict[str, str]:
    """The words of the parts, translated once per ranking (not once per expert)."""
    language = Language(request.preferred_language).label.lower()
    return {
        "domain": _("Accompagne le domaine « %(d)s ».") % {"d": request.domain.name},
        "speaks": _("Parle %(l)s.") % {"l": language},
        "silent": _("Ne parle pas %(l)s.") % {"l": language},
        "remote": _("Rencontre %(m)s : pas de déplacement.") % {
            "m": Mode(request.preferred_mode).label.lower()},
        "distance": _("À %(d)s km de %(c)s (se déplace jusqu’à %(r)s km)."),
        "load": _("Accompagne %(n)s personne(s) sur %(c)s possibles."),
        "followed": _("A déjà accompagné cette personne."),
        "new": _("N’a pas encore accompagné cette personne."),
    }


def score_parts(request: PeerRequest, *, languages, distance_km, radius_km, load, capacity,
                continuity: bool, texts: dict | None = None) -> list[dict]:
    """Each part of the score: {"key", "points", "max", "text"} (French, for the page)."""
    texts = texts or _texts(request)
    speaks = request.preferred_language in (languages or [])
    points = score_points(speaks=speaks, distance_km=distance_km, radius_km=radius_km,
                          load=load, capacity=capacity, continuity=continuity)
    if distance_km is None:
        place = texts["remote"]
    else:
        place = texts["distance"] % {"d": f"{distance_km:.1f}".replace(".", ","),
                                     "c": request.commune.name, "r": radius_km}
    words = {"domain": texts["domain"], "language": texts["speaks" if speaks else "silent"],
             "place": place, "capacity": texts["load"] % {"n": load, "c": capacity},
             "continuity": texts["followed" if continuity else "new"]}
    return [{"key": key, "points": points[key], "max": WEIGHTS[key], "text": words[key],
             "line": f"{words[key]} ({points[key]} / {WEIGHTS[key]})"} for key in WEIGHTS]


def _distance_km(latitude: float, longitude: float):
    """The haversine distance from the point to each expert's position, as an SQL expression
    (Django provides the trigonometric functions on SQLite too)."""
    phi, lam = math.radians(latitude), math.radians(longitude)
    half_dphi = (Radians(F("latitude")) - Value(phi)) / Value(2.0)
    half_dlam = (Radians(F("longitude")) - Value(lam)) / Value(2.0)
    a = (Power(Sin(half_dphi), 2)
         + Value(math.cos(phi)) * Cos(Radians(F("latitude"))) * Power(Sin(half_dlam), 2))
    return ExpressionWrapper(Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(a)),
                             output_field=FloatField())


def _score(request: PeerRequest, continuity: set[int]):
    """The score as an SQL expression, the same as ``score_points`` (rounded alike), so that
    the database sorts exactly as the page shows and hands over the best ``limit`` only."""
    def points(key):
        return Value(float(WEIGHTS[key]))

    language = Case(When(languages__contains=f",{request.preferred_language},",
                         then=points("language")), default=Value(0.0))
    if request.preferred_mode == Mode.IN_PERSON:
        place = Floor(points("place") * (Value(1.0) - F("distance") / F("radius_km"))
                      + Value(0.5))
    else:
        place = points("place")
    room = Floor(points("capacity") * F("room_share") / Value(100.0) + Value(0.5))
    followed = Case(When(pk__in=continuity, then=points("continuity")), default=Value(0.0)) \
        if continuity else Value(0.0)
    return ExpressionWrapper(points("domain") + language + place + room + followed,
                             output_field=FloatField())


ROW_FIELDS = ("pk", "user_id", "first_name", "last_name", "languages", "radius_km", "load",
              "weekly_capacity")


def _with_names(queryset):
    """The expert's names (``first_name``, ``last_name``) as subqueries on their person rather
    than a join: one table fewer for PostgreSQL to place among the eligibility's (about half
    a millisecond less planning by phone), read for the rows handed over only."""
    person = User.objects.filter(pk=OuterRef("user_id")).order_by()  # one row: no sort
    return queryset.annotate(first_name=Subquery(person.values("first_name")),
                             last_name=Subquery(person.values("last_name")))


def _best_by_room(queryset, limit: int) -> list[dict]:
    """The first ``limit`` rows in the ``peers_expert_room_idx`` order (most room first)."""
    return list(queryset.order_by("-room_share", "pk").values(*ROW_FIELDS)[:limit])


# By phone or video, how many profiles of a group the first read looks at, per row the page
# shows: their person's standing is checked on those only.
REMOTE_WINDOW = 4


def _best_in_standing_by_room(profiles, standing: Q, limit: int) -> list[dict]:
    """The best ``limit`` rows of a group's ``profiles`` in ``standing``, by room: what
    ``_best_by_room`` gives on ``profiles.filter(standing)``.

    PostgreSQL misjudges how many profiles pass the person's standing (the enrolment's and
    each qualification's semi-joins, all on the same ``user_id``, multiply their selectivities
    to a handful of rows): it then checks the standing of every profile of the group and sorts
    them, instead of walking the room index and stopping early (42–52 ms against 6–7 in
    process at 20,000 experts). So the first read walks the index on the profile's own rules,
    which it estimates well, takes the first ``REMOTE_WINDOW × limit`` profiles and hands them
    over with their standing as a column: the eligible ones among them come first of all the
    eligible, since anyone not read comes later in the same order; a window not full holds
    the whole group. Only when the window is full and holds fewer than ``limit`` eligible
    (many of the roomiest out of standing) is the group read again whole, as before."""
    window_size = REMOTE_WINDOW * limit
    first = profiles.order_by("-room_share", "pk").values("pk")[:window_size]
    # The window in a subquery of its own: the database walks the index for it alone, then
    # checks the standing of those rows only (a probe each, not a hash of every enrolment).
    window = list(_with_names(ExpertProfile.objects.filter(pk__in=first)).annotate(
        in_standing=ExpressionWrapper(standing, output_field=BooleanField()))
        .order_by("-room_share", "pk").values(*ROW_FIELDS, "in_standing"))
    rows = [row for row in window if row.pop("in_standing")][:limit]
    if len(rows) < limit and len(window) == window_size:
        rows = _best_by_room(_with_names(profiles.filter(standing)), limit)
    return rows


def _remote_rows(request: PeerRequest, profiles, standing: Q, continuity: set[int],
                 limit: int):
    """By phone or video the place is worth the same for everyone, so the score grows with the
    room left within each group (speaks the language or not; accompanied the person before or
    not): the best ``limit`` of each group contain the best ``limit`` overall. Each group is
    read best-first along the index, and the database stops after a few rows
    (``_best_in_standing_by_room``)."""
    speaks = Q(languages__contains=f",{request.preferred_language},")
    rows = _best_in_standing_by_room(profiles.filter(speaks), standing, limit)
    # A non-speaker gets at most every weight but the language's and continuity's (those who
    # accompanied the person are read below): when ``limit`` speakers already score more,
    # none can enter, and the walk through everyone (often all speak French) is spared.
    ceiling = sum(WEIGHTS.values()) - WEIGHTS["language"] - WEIGHTS["continuity"]
    lowest = min((sum(score_points(speaks=True, distance_km=None, radius_km=0, load=row["load"],
                                   capacity=row["weekly_capacity"], continuity=False).values())
                  for row in rows), default=0)
    if len(rows) < limit or lowest <= ceiling:
        rows += _best_in_standing_by_room(profiles.exclude(speaks), standing, limit)
    if continuity:
        rows += _best_by_room(_with_names(profiles.filter(standing, pk__in=continuity)), limit)
    return list({row["pk"]: row for row in rows}.values())


# In person, the bands read nearest first, as shares of each expert's own radius: those within
# a quarter of theirs (15 place points or more), then everyone within reach.
IN_PERSON_BANDS = (0.25, 1.0)


def _row_score(request: PeerRequest, continuity: set[int], row: dict) -> int:
    """A ranked row's score (``score_points`` on the columns the ranked reads hand over)."""
    return sum(score_points(
        speaks=f",{request.preferred_language}," in row["languages"],
        distance_km=row.get("distance"), radius_km=row["radius_km"], load=row["load"],
        capacity=row["weekly_capacity"], continuity=row["pk"] in continuity).values())


def _score_beyond(share: float) -> int:
    """The most an expert farther than ``share`` of their radius can score if they never
    accompanied the person: every other weight in full and the place's points at the band's
    edge (they only fall with the distance)."""
    return sum(score_points(speaks=True, distance_km=share, radius_km=1, load=0, capacity=1,
                            continuity=False).values())


def _in_band(scored, commune, share: float):
    """The rows of ``scored`` within ``share`` of the expert's own radius: the database
    computes the distance and the score inside the band's box only."""
    return _in_box(scored, commune, share=share).filter(
        distance__lte=Cast("radius_km", FloatField()) * Value(share))


def _in_person_rows(request: PeerRequest, eligible, continuity: set[int], limit: int):
    """In person the place's points fall as the distance nears the expert's radius: the
    experts are read by bands of that share, nearest first (IN_PERSON_BANDS), so that the
    database scores the few near the request rather than everyone within reach, sorts them and
    hands over ``limit`` rows. Anyone beyond a band scores at most ``_score_beyond`` its edge;
    once the band's ``limit`` best all score more, nobody beyond can enter and the wider bands
    are spared. Those who accompanied the person before (15 points more, however far) are
    read apart, within their whole radius."""
    commune = request.commune
    scored = (eligible.annotate(distance=_distance_km(commune.latitude, commune.longitude))
              .annotate(score=_score(request, continuity))
              .order_by("-score", "-room_share", "pk").values(*ROW_FIELDS, "distance"))
    for share in IN_PERSON_BANDS:
        rows = list(_in_band(scored, commune, share)[:limit])
        if len(rows) == limit and min(_row_score(request, continuity, row)
                                      for row in rows) > _score_beyond(share):
            break
    if continuity:
        rows += _in_band(scored.filter(pk__in=continuity), commune, 1.0)[:limit]
    return list({row["pk"]: row for row in rows}.values())


def experts_ranked(request: PeerRequest, *, day: date | None = None,
                   limit: int = 25) -> list[Candidate]:
    """The best ``limit`` eligible experts, best score first (ties: the larger share of the
    capacity left, then the oldest profile). At most five queries (seven in the case
    ``_best_in_standing_by_room`` explains), each reading at most ``REMOTE_WINDOW × limit``
    rows."""
    continuity = _continuity(request)
    profiles = _eligible_profiles(request)
    standing = _person_in_standing(request.service, day)
    if request.preferred_mode == Mode.IN_PERSON:
        rows = _in_person_rows(request, _with_names(profiles.filter(standing)), continuity,
                               limit)
    else:
        rows = _remote_rows(request, profiles, standing, continuity, limit)
    ranked = sorted(((_row_score(request, continuity, row), row) for row in rows),
                    key=lambda pair: (-pair[0], -room_share_of(pair[1]["load"],
                                                               pair[1]["weekly_capacity"]),
                                      pair[1]["pk"]))[:limit]
    texts = _texts(request)
    candidates = []
    for score, row in ranked:
        distance = row.get("distance")
        last = row["last_name"]
        candidates.append(Candidate(
            profile_id=row["pk"], user_id=row["user_id"],
            name=f"{row['first_name']} {last[:1] + '.' if last else ''}".strip(),
            load=row["load"], capacity=row["weekly_capacity"], distance_km=distance,
            score=score, parts=score_parts(
                request, languages=row["languages"].split(","), distance_km=distance,
                radius_km=row["radius_km"], load=row["load"], capacity=row["weekly_capacity"],
                continuity=row["pk"] in continuity, texts=texts)))
    return candidates


def expert_candidate(request: PeerRequest, expert: ExpertProfile) -> Candidate:
    """One expert scored for a request (the proposal keeps what the coordinator saw)."""
    distance = None
    if request.preferred_mode == Mode.IN_PERSON:
        distance = haversine_km(request.commune.latitude, request.commune.longitude,
                                expert.latitude, expert.longitude)
    parts = score_parts(request, languages=expert.language_codes, distance_km=distance,
                        radius_km=expert.radius_km, load=expert.load,
                        capacity=expert.weekly_capacity,
                        continuity=expert.pk in _continuity(request))
    return Candidate(profile_id=expert.pk, user_id=expert.user_id, name=expert.user.public_name,
                     load=expert.load, capacity=expert.weekly_capacity, distance_km=distance,
                     score=sum(part["points"] for part in parts), parts=parts)


def expert_ineligibility(request: PeerRequest, expert: ExpertProfile, *,
                         day: date | None = None) -> list[str]:
    """Why ``expert`` may not be proposed for ``request`` (empty: they may), in words."""
    day = day or timezone.localdate()
    service = request.service
    reasons = []
    if expert.service_id != service.pk or not expert.is_active:
        reasons.append(_("Ce pair n’est pas disponible dans ce service."))
    if not Enrolment.objects.filter(user_id=expert.user_id, service=service,
                                    status=Enrolment.Status.ACTIVE).exists():
        reasons.append(_("Ce pair n’a pas d’inscription active à ce service."))
    missing = qualifications_missing_for(expert.user, service, day)
    if missing:
        reasons.append(_("Certification manquante, non vérifiée ou expirée : %(q)s.") % {
            "q": ", ".join(t.name for t in missing)})
    if not expert.domains.filter(pk=request.domain_id).exists():
        reasons.append(_("Ce pair n’accompagne pas le domaine « %(d)s ».") % {
            "d": request.domain.name})
    if expert.load >= expert.weekly_capacity:
        reasons.append(_("Ce pair accompagne déjà %(n)s personne(s) : sa capacité est "
                         "atteinte.") % {"n": expert.load})
    if not expert.offers(request.preferred_mode):
        reasons.append(_("Ce pair ne propose pas les rencontres « %(m)s ».") % {
            "m": Mode(request.preferred_mode).label.lower()})
    elif request.preferred_mode == Mode.IN_PERSON:
        distance = haversine_km(request.commune.latitude, request.commune.longitude,
                                expert.latitude, expert.longitude)
        if distance > expert.radius_km:
            reasons.append(_("À %(d)s km, au-delà des %(r)s km où ce pair se déplace.") % {
                "d": f"{distance:.1f}".replace(".", ","), "r": expert.radius_km})
    if request.requester_id and expert.user_id == request.requester_id:
        reasons.append(_("Une personne ne peut pas s’accompagner elle-même."))
    if Proposal.objects.filter(request=request, expert=expert,
                               status=Proposal.Status.DECLINED).exists():
        reasons.append(_("Ce pair a déjà décliné cette demande."))
    return reasons
