"""Auto-rosters: the coordination asks for a roster over a period (solved by CP-SAT), reviews
the proposal, removes what it does not want, then publishes. Nothing changes for volunteers
before publication. Each change bumps ``version``: a coordinator working on a stale copy is
told, never silently overwritten."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.services import audit_record, notification_send
from spp.rosters import workflow
from spp.rosters.models import Assignment, Roster
from spp.rosters.services.assignments import check_place
from spp.rosters.services.common import assignment_move, bad, require_manager
from spp.rosters.solver import solve
from spp.rosters.solver.input import problem_for


def roster_request(*, actor, service, starts_on: date, ends_on: date,
                   time_limit: float = 10.0) -> Roster:
    """Solve a roster for the period and store it as a proposal (draft)."""
    require_manager(actor, service)
    if ends_on < starts_on:
        raise bad("ends_on", _("La fin de la période doit suivre son début."))
    if (ends_on - starts_on).days > 62:
        raise bad("ends_on", _("Une période de deux mois au plus."))
    problem, needs = problem_for(service, starts_on, ends_on, time_limit=time_limit)
    result = solve(problem)
    by_shift = {s.id: s for s in problem.shifts}
    gaps = [{"shift": g.shift, "need": needs[(g.shift, g.need)].pk,
             "label": str(needs[(g.shift, g.need)]),
             "when": timezone.localtime(by_shift[g.shift].start).strftime("%d/%m %H:%M"),
             "starts_at": by_shift[g.shift].start.isoformat(),
             "missing": g.missing, "reason": g.reason, "cause": g.cause,
             "qualified": g.qualified, "available": g.available, "places": g.places}
            for g in result.gaps]
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
    roster.version += 1
    roster.save(update_fields=["version"])
    return roster


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
