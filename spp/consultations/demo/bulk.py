"""Bulk part of the demo: hundreds of responses, proposals, supports and comments on the white
paper's consultation, inserted in a few statements, with the matching ledger rows. The few acts
worth showing as real workflow (a hidden proposal, an open abuse report, a draft to resume) go
through the services."""

from datetime import timedelta

from django.utils import timezone

from spp.catalog.models import Participation
from spp.consultations.demo import content as text
from spp.consultations.models import Answer, Comment, Proposal, Question, Response, Support
from spp.consultations.services import results_recount

K = Question.Kind


def _answer_for(question, rng) -> dict | None:
    if not question.required and rng.random() < 0.25:
        return None
    if question.kind == K.SINGLE:
        return {"choice": rng.choice(question.choices)}
    if question.kind == K.MULTIPLE:
        return {"choices": [c for c in question.choices if rng.random() < 0.35]
                or [question.choices[0]]}
    if question.kind == K.SCALE:
        return {"number": rng.choice([2, 3, 4, 4, 5, 5, 5])}
    if question.kind == K.RANKING:
        return {"choices": rng.sample(question.choices, len(question.choices))}
    return {"text": rng.choice(text.FREE_TEXT_ANSWERS)}


def _ledger(rows, service, kind, label):
    Participation.objects.bulk_create([
        Participation(user=user, pseudonym=user.pseudonym, service=service, kind=kind,
                      quantity=1, unit="count", occurred_at=when, source_key=f"{label}:{pk}",
                      description=kind)
        for pk, user, when in rows])


def fill_white_paper(context, consultation, people) -> None:
    rng, now = context.rng, timezone.now()
    questions = list(consultation.questions.all())
    responses = Response.objects.bulk_create([
        Response(consultation=consultation, user=person,
                 status="submitted" if index % 12 else "draft",
                 created_at=now - timedelta(hours=rng.randint(2, 700)), updated_at=now,
                 submitted_at=now - timedelta(hours=rng.randint(1, 600)) if index % 12 else None)
        for index, person in enumerate(people)])
    answers = []
    for response in responses:
        for question in questions:
            columns = _answer_for(question, rng)
            if columns is not None:
                answers.append(Answer(response=response, question=question, **columns))
    Answer.objects.bulk_create(answers, batch_size=1000)
    service = consultation.service
    _ledger([(r.pk, r.user, r.submitted_at) for r in responses if r.status == "submitted"],
            service, Participation.Kind.CONTRIBUTION, "consultations.response")

    # Proposals, supports and comments come from those who sent their answers: a proposal is
    # never supported by more people than took part, and each person supports it at most once.
    participants = [r.user for r in responses if r.status == "submitted"]
    proposals = []
    for index in range(len(text.PROPOSAL_SUBJECTS) * len(text.PROPOSAL_PLACES)):
        title, body = text.PROPOSAL_SUBJECTS[index % len(text.PROPOSAL_SUBJECTS)]
        place, place_sentence = text.PROPOSAL_PLACES[index // len(text.PROPOSAL_SUBJECTS)]
        proposals.append(Proposal(
            consultation=consultation, author=rng.choice(participants), title=f"{title} {place}",
            body=f"{body}\n\n{place_sentence}",
            created_at=now - timedelta(hours=rng.randint(1, 700))))
    proposals = Proposal.objects.bulk_create(proposals, batch_size=500)
    _ledger([(p.pk, p.author, p.created_at) for p in proposals], service,
            Participation.Kind.PROPOSAL, "consultations.proposal")

    supports, comments = [], []
    # A few proposals gather many supports, most a handful; at most a quarter of participants.
    most_supports = len(participants) // 4
    for proposal in proposals:
        count = min(most_supports, int(rng.paretovariate(1.3) * 2))
        backers = [person for person in rng.sample(participants, count)
                   if person.pk != proposal.author_id]
        proposal.support_count = len(backers)
        supports += [Support(proposal=proposal, user=person) for person in backers]
        if rng.random() < 0.4:
            count = rng.randint(1, 3)
            proposal.comment_count = count
            comments += [Comment(proposal=proposal, author=rng.choice(participants),
                                 body=rng.choice(text.COMMENTS),
                                 created_at=proposal.created_at + timedelta(hours=i + 1))
                         for i in range(count)]
    Support.objects.bulk_create(supports, batch_size=1000)
    Comment.objects.bulk_create(comments, batch_size=1000)
    Proposal.objects.bulk_update(proposals, ["support_count", "comment_count"], batch_size=500)
    # The results' counters (answers, proposals filed) from what was just loaded in bulk; the
    # workflow examples below go through the services, which keep them up to date themselves.
    results_recount(consultation=consultation)
    _workflow_examples(context, consultation, proposals, questions)


def _workflow_examples(context, consultation, proposals, questions) -> None:
    from spp.consultations.services import (
        abuse_report_create,
        moderation_decide,
        proposal_create,
        response_save_draft,
    )

    offensive = proposal_create(
        actor=context.citizens[3], consultation=consultation,
        title="Les bénévoles sont des naïfs",
        body="Ceux qui travaillent gratuitement pour la mairie sont des pigeons. Vous êtes tous "
             "des incapables.")
    abuse_report_create(actor=context.citizens[4], proposal=offensive,
                        reason="Propos insultants envers les bénévoles.")
    moderation_decide(actor=context.agent, content=offensive, action="hide",
                      public_reason="Propos insultants, contraires à la charte de la "
                                    "consultation.")
    abuse_report_create(actor=context.citizens[5], proposal=proposals[7],
                        reason="Cette proposition est un doublon d’une autre.")
    first = questions[0]
    response_save_draft(actor=context.citizen, consultation=consultation,
                        values={first.pk: first.choices[0]})
