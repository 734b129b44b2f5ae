"""Auto-rosters: the coordination asks for a roster over a period (solved by CP-SAT), reviews
the proposal, removes what it does not want, then publishes. Nothing changes for volunteers
before publication. Each change bumps ``version``: a coordinator working on a stale copy is
told, never silently overwritten."""

import logging
from collections import defaultdict
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.services import audit_record, notification_send
from spp.rosters import selectors, workflow
from spp.rosters.intervals import covers
from spp.rosters.models import Assignment, Roster, RosterRequest, Shift, ShiftNeed
from spp.rosters.services.assignments import check_place
from spp.rosters.services.common import assignment_move, bad, require_manager
from spp.rosters.solver import solve
from spp.rosters.solver.input import problem_for
from spp.rosters.solver.types import Need, Person, diagnose, role_on

logger = logging.getLogger(__name__)


def _check_period(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise bad("ends_on", _("La fin de la période doit suivre son début."))
    if (ends_on - starts_on).days > 62:
        raise bad("ends_on", _("Une période de deux mois au plus."))


def roster_request(*, actor, service, starts_on: date, ends_on: date,
                   time_limit: float = 10.0, stage_limit: float | None = None,
                   progress=None) -> Roster:
    """Solve a roster for the period and store it as a proposal (draft), at once (the pages
    go through ``roster_request_submit``, which solves it in a task). ``time_limit`` is shared
    by the solver's stages, unless ``stage_limit`` gives each stage its own."""
    require_manager(actor, service)
    _check_period(starts_on, ends_on)
    problem, needs = problem_for(service, starts_on, ends_on, time_limit=time_limit,
                                 stage_limit=stage_limit)
    result = solve(problem, progress)
    by_shift = {s.id: s for s in problem.shifts}
    gaps = [_gap_row(g, needs, by_shift) for g in result.gaps]
    with transaction.atomic():
        roster = Roster.objects.create(service=service, starts_on=starts_on, ends_on=ends_on,
                                       solver_report=result.stats, gaps=gaps, created_by=actor)
        Assignment.objects.bulk_create([
            Assignment(shift_id=p.shift, need=needs[(p.shift, p.need)], user_id=p.person,
                       roster=roster, status=Assignment.Status.PROPOSED,
                       source=Assignment.Source.ROSTER, trainee=p.trainee)
            for p in result.placements])
        audit_record(actor=actor, action="rosters.roster.request", target=roster,
                     organisation=service.authority,
                     data={"coverage": result.stats.get("coverage")})
    return roster


def _gap_row(g, needs, by_shift) -> dict:
    need = needs[(g.shift, g.need)]
    return {"shift": g.shift, "need": need.pk, "label": str(need),
            "when": timezone.localtime(by_shift[g.shift].start).strftime("%d/%m %H:%M"),
            "starts_at": by_shift[g.shift].start.isoformat(),
            "missing": g.missing, "reason": g.reason, "cause": g.cause,
            "qualified": g.qualified, "available": g.available, "places": g.places}


def roster_request_submit(*, actor, service, starts_on: date, ends_on: date,
                          stage_seconds: float = 30.0) -> tuple[RosterRequest, bool]:
    """Ask for a roster: a waiting request row, solved by ``roster_solve_task`` once this
    transaction commits. A request already waiting or running for the same service and period
    is returned instead (False): a double submit never starts two solves."""
    require_manager(actor, service)
    _check_period(starts_on, ends_on)
    active = RosterRequest.objects.filter(service=service, starts_on=starts_on,
                                          ends_on=ends_on, state__in=RosterRequest.ACTIVE)
    try:
        with transaction.atomic():
            row = RosterRequest.objects.create(service=service, starts_on=starts_on,
                                               ends_on=ends_on, stage_seconds=stage_seconds,
                                               created_by=actor)
            audit_record(actor=actor, action="rosters.roster.submit", target=row,
                         organisation=service.authority)
    except IntegrityError:
        return active.get(), False
    from spp.rosters.tasks import roster_solve_task

    transaction.on_commit(lambda: roster_solve_task.enqueue(row.pk))
    return row, True


def roster_request_run(*, request_id: int) -> RosterRequest | None:
    """The task's work: take a waiting request (once: a second delivery finds it taken),
    solve it with its progress written stage by stage, then mark it ready or failed."""
    with transaction.atomic():
        row = (RosterRequest.objects.select_for_update(of=("self",))
               .select_related("service", "created_by")
               .filter(pk=request_id, state=RosterRequest.State.PENDING).first())
        if row is None:
            return None
        row.state = RosterRequest.State.RUNNING
        row.save(update_fields=["state"])
    progress: list[dict] = []

    def tell(stage: str, report: dict | None) -> None:
        if report is None:
            progress.append({"stage": stage, "status": ""})
        else:
            progress[-1] = {"stage": stage, **{k: report[k] for k in ("status", "gap",
                                                                     "seconds")}}
        RosterRequest.objects.filter(pk=row.pk).update(progress=list(progress))

    try:
        roster = roster_request(actor=row.created_by, service=row.service,
                                starts_on=row.starts_on, ends_on=row.ends_on,
                                time_limit=3 * row.stage_seconds,
                                stage_limit=row.stage_seconds, progress=tell)
    except Exception as error:  # noqa: BLE001 - any failure is shown, then the job ends
        logger.exception("roster request %s failed", row.pk)
        message = " ".join(error.messages) if isinstance(error, ValidationError) else ""
        RosterRequest.objects.filter(pk=row.pk).update(
            state=RosterRequest.State.FAILED, error=message[:1000],
            finished_at=timezone.now())
    else:
        RosterRequest.objects.filter(pk=row.pk).update(
            state=RosterRequest.State.READY, roster=roster, finished_at=timezone.now())
    row.refresh_from_db()
    return row


def _lock_current(roster: Roster, version: int) -> Roster:
    locked = Roster.objects.select_for_update().get(pk=roster.pk)
    if locked.version != version:
        raise bad(None, _("Ce planning a été modifié par une autre personne entre-temps "
                          "(version %(v)s) : rechargez la page pour voir ses changements.")
                  % {"v": locked.version}, code="stale")
    if locked.status != Roster.Status.DRAFT:
        raise bad(None, _("Ce planning n’est plus une proposition."), code="not_draft")
    return locked


@transaction.atomic
def roster_proposal_remove(*, actor, roster: Roster, assignment_id: int, version: int) -> Roster:
    """Drop one proposed place from the draft."""
    require_manager(actor, roster.service)
    roster = _lock_current(roster, version)
    assignment = roster.assignments.filter(pk=assignment_id, status="proposed").first()
    if assignment is None:
        raise bad(None, _("Cette proposition n’existe plus."))
    assignment_move(assignment, "discard", actor=actor, reason="retirée avant publication")
    audit_record(actor=actor, action="rosters.roster.remove", target=roster,
                 organisation=roster.service.authority,
                 data={"assignment": assignment.pk, "user": assignment.user_id,
                       "shift": assignment.shift_id})
    _refresh_gaps(roster, {assignment.shift_id})
    return _bump(roster)


@transaction.atomic
def roster_proposal_add(*, actor, roster: Roster, version: int, need_id: int, user_id: int
                        ) -> tuple[Roster, list[str]]:
    """Put a person on a need of a proposed roster by hand. Refused as the solver would
    never do it (qualification, places, the person already on an overlapping shift);
    availability, rest and weekly hours are only warned about (returned, and audited)."""
    require_manager(actor, roster.service)
    roster = _lock_current(roster, version)
    need = _need_in(roster, need_id)
    trainee, warnings = _check_manual(roster, need, user_id, ignore=())
    assignment = Assignment.objects.create(
        shift=need.shift, need=need, user_id=user_id, roster=roster, trainee=trainee,
        status=Assignment.Status.PROPOSED, source=Assignment.Source.COORDINATOR)
    audit_record(actor=actor, action="rosters.roster.add", target=roster,
                 organisation=roster.service.authority,
                 data={"assignment": assignment.pk, "user": user_id, "shift": need.shift_id,
                       "warnings": warnings})
    _refresh_gaps(roster, {need.shift_id})
    return _bump(roster), warnings


@transaction.atomic
def roster_proposal_swap(*, actor, roster: Roster, version: int, first_id: int,
                         second_id: int) -> tuple[Roster, list[str]]:
    """Exchange the people of two proposed places; each new place is checked as
    ``roster_proposal_add`` does (the two swapped places not counting as commitments)."""
    require_manager(actor, roster.service)
    roster = _lock_current(roster, version)
    pair = list(roster.assignments.filter(pk__in=[first_id, second_id], status="proposed")
                .select_related("need__shift", "need__qualification_type", "user"))
    if len(pair) != 2 or first_id == second_id:
        raise bad(None, _("Choisissez deux places différentes de cette proposition."))
    first, second = pair
    if first.user_id == second.user_id:
        raise bad(None, _("Ces deux places sont tenues par la même personne."))
    for assignment in pair:
        assignment_move(assignment, "discard", actor=actor, reason="échangée avant publication")
    warnings, created = [], []
    for place, person in ((first, second.user_id), (second, first.user_id)):
        trainee, said = _check_manual(roster, place.need, person, ignore=(first.pk, second.pk))
        warnings += said
        created.append(Assignment.objects.create(
            shift=place.shift, need=place.need, user_id=person, roster=roster, trainee=trainee,
            status=Assignment.Status.PROPOSED, source=Assignment.Source.COORDINATOR))
    audit_record(actor=actor, action="rosters.roster.swap", target=roster,
                 organisation=roster.service.authority,
                 data={"replaced": [first.pk, second.pk], "by": [a.pk for a in created],
                       "warnings": warnings})
    _refresh_gaps(roster, {first.shift_id, second.shift_id})
    return _bump(roster), warnings


def _bump(roster: Roster) -> Roster:
    roster.version += 1
    roster.save(update_fields=["version", "gaps"])
    return roster


def _need_in(roster: Roster, need_id: int) -> ShiftNeed:
    need = (ShiftNeed.objects.select_for_update(of=("self",))
            .select_related("shift", "qualification_type").filter(pk=need_id).first())
    day = need and timezone.localtime(need.shift.starts_at).date()
    if need is None or need.shift.service_id != roster.service_id or not (
            roster.starts_on <= day <= roster.ends_on):
        raise bad(None, _("Ce besoin n’appartient pas à la période de ce planning."))
    return need


def _check_manual(roster: Roster, need: ShiftNeed, user_id: int, *, ignore) -> tuple[bool, list]:
    """(as trainee, warnings) for ``user_id`` on ``need`` in the draft, or a refusal."""
    shift, service = need.shift, roster.service
    if shift.status != shift.Status.OPEN or shift.starts_at <= timezone.now():
        raise bad(None, _("Cette garde a déjà commencé ou a été annulée."), code="started")
    if user_id not in selectors.participant_ids(service):
        raise bad(None, _("Cette personne ne participe pas à ce service."), code="not_enrolled")
    day = timezone.localtime(shift.starts_at).date()
    person = Person(user_id, tuple(selectors.qualifications_by_user([user_id]).get(user_id, ())),
                    tuple(selectors.availability_by_user(
                        service, [user_id], day, day + timedelta(days=1))[user_id]))
    role = role_on(person, Need(need.code, 0, 0), day)
    if role is None:
        raise bad(None, _("Cette personne n’a pas la qualification « %(q)s » valide ce "
                          "jour-là.") % {"q": need}, code="unqualified")
    placed = (Assignment.objects.filter(need=need).exclude(pk__in=ignore)
              .filter(Q(status__in=selectors.LIVE) | Q(roster=roster, status="proposed")))
    if role == "trainee" and not placed.filter(trainee=False).exists():
        raise bad(None, _("En formation, cette personne ne peut tenir cette place qu’aux côtés "
                          "d’une personne qualifiée."), code="trainee_alone")
    if placed.count() >= need.max_count:
        raise bad(None, _("Cette garde est complète pour « %(n)s ».") % {"n": need},
                  code="full")
    policy = selectors.policy_for(service)
    rest = timedelta(hours=policy.min_rest_hours)
    week_start = day - timedelta(days=day.weekday())
    first, last = selectors.local_bounds(week_start - timedelta(days=1),
                                         week_start + timedelta(days=8))
    mine = (Assignment.objects.filter(user_id=user_id, shift__starts_at__lt=last,
                                      shift__ends_at__gt=first).exclude(pk__in=ignore)
            .filter(Q(status__in=selectors.LIVE) | Q(roster=roster, status="proposed"))
            .select_related("shift"))
    warnings, minutes = [], (shift.ends_at - shift.starts_at).total_seconds() / 60
    for other in mine:
        other_shift = other.shift
        if other_shift.pk == shift.pk or (other_shift.starts_at < shift.ends_at
                                         and shift.starts_at < other_shift.ends_at):
            raise bad(None, _("Cette personne est déjà sur une garde qui chevauche celle-ci "
                              "(%(s)s).") % {"s": other_shift}, code="overlap")
        if (other_shift.starts_at < shift.ends_at + rest
                and shift.starts_at < other_shift.ends_at + rest):
            warnings.append(_("Repos de moins de %(h)s h avec %(s)s.")
                            % {"h": policy.min_rest_hours, "s": other_shift})
        if timezone.localtime(other_shift.starts_at).isocalendar()[:2] == day.isocalendar()[:2]:
            minutes += (other_shift.ends_at - other_shift.starts_at).total_seconds() / 60
    if not covers(person.availability, shift.starts_at, shift.ends_at):
        warnings.append(_("Cette personne n’a pas dit être disponible sur ce créneau."))
    if minutes > policy.max_hours_per_week * 60:
        warnings.append(_("Plus de %(h)s heures dans la semaine pour cette personne.")
                        % {"h": policy.max_hours_per_week})
    return role == "trainee", warnings


def _refresh_gaps(roster: Roster, shift_ids: set[int]) -> None:
    """Recompute the uncovered needs (and why) of the changed shifts in ``roster.gaps``."""
    rows = [g for g in roster.gaps or [] if g.get("shift") not in shift_ids]
    days = [timezone.localtime(s).date() for s in Shift.objects.filter(pk__in=shift_ids)
            .values_list("starts_at", flat=True)]
    if days:
        problem, needs = problem_for(roster.service, min(days), max(days))
        proposed = defaultdict(int)
        for need_id in roster.assignments.filter(status="proposed", trainee=False,
                                                 shift_id__in=shift_ids).values_list(
                                                     "need_id", flat=True):
            proposed[need_id] += 1
        by_shift = {s.id: s for s in problem.shifts if s.id in shift_ids}
        for (shift_id, index), need in needs.items():
            if shift_id not in by_shift:
                continue
            missing = by_shift[shift_id].needs[index].min - proposed[need.pk]
            if missing > 0:
                row = _gap_row(diagnose(problem, by_shift[shift_id], index, missing), needs,
                               by_shift)
                if row["cause"] == "taken":
                    row["cause"] = "manual"
                rows.append(row)
    roster.gaps = sorted(rows, key=lambda g: (g.get("starts_at", ""), g.get("label", "")))


@transaction.atomic
def roster_publish(*, actor, roster: Roster, version: int) -> tuple[Roster, int]:
    """Publish the draft: each proposed place becomes a confirmed one if still possible
    (place still free, person still free); returns the roster and the number skipped."""
    require_manager(actor, roster.service)
    roster = _lock_current(roster, version)
    skipped, people = 0, set()
    proposals = roster.assignments.filter(status="proposed").select_related("need", "user",
                                                                            "shift")
    for proposal in proposals:
        try:
            with transaction.atomic():
                check_place(user=proposal.user, need=proposal.need)
                assignment_move(proposal, "publish", actor=actor)
            people.add(proposal.user)
        except (ValidationError, IntegrityError):
            assignment_move(proposal, "discard", actor=actor, reason="plus possible")
            skipped += 1
    roster.status = workflow.next_status(workflow.ROSTER, roster.status, "publish")
    roster.version += 1
    roster.published_by, roster.published_at = actor, timezone.now()
    roster.save(update_fields=["status", "version", "published_by", "published_at"])
    for person in people:
        notification_send(recipient=person, title=_("Planning publié : %(s)s") % {
            "s": roster.service}, body=_("Vos gardes du %(a)s au %(b)s sont confirmées.") % {
            "a": roster.starts_on.strftime("%d/%m"), "b": roster.ends_on.strftime("%d/%m")},
            url="/gardes/mes-gardes/")
    audit_record(actor=actor, action="rosters.roster.publish", target=roster,
                 organisation=roster.service.authority, data={"skipped": skipped})
    return roster, skipped


@transaction.atomic
def roster_discard(*, actor, roster: Roster, version: int) -> Roster:
    require_manager(actor, roster.service)
    roster = _lock_current(roster, version)
    roster.status = workflow.next_status(workflow.ROSTER, roster.status, "discard")
    roster.version += 1
    roster.save(update_fields=["status", "version"])
    roster.assignments.filter(status="proposed").update(status="cancelled")
    return roster
