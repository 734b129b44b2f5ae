"""Results of a consultation, read from the counters that each submission adds to
(``AnswerTally``, see tallies.py): one query for every question's counts, whatever the number
of answers, so results are always live and never wait for a computation. Free-text answers are
shown a few at a time (the latest ones, then page by page). Bars are percentages of the
respondents to the question, drawn by the template with CSS (no script, no external service)."""

from django.utils import timezone

from spp.consultations.models import (
    Answer,
    AnswerTally,
    ConsultationTally,
    ModeratedContent,
    Question,
    Response,
)

Kind = Question.Kind
Status = ModeratedContent.Status
SUBMITTED = Response.Status.SUBMITTED
SAMPLE_TEXTS = 5
TEXTS_PER_PAGE = 50


def _bars(counts: dict, order: list, total: int) -> list[dict]:
    return [{"label": str(label), "count": counts.get(str(label), 0),
             "percent": round(100 * counts.get(str(label), 0) / total) if total else 0}
            for label in order]


def free_texts(question: Question):
    """A free-text question's submitted answers, newest first (index answer_question_idx)."""
    return (Answer.objects.filter(question=question, response__status=SUBMITTED)
            .exclude(text="").order_by("-id").values_list("text", flat=True))


def question_result(question: Question, tallies: dict[str, tuple[int, int]]) -> dict:
    """{"question", "respondents", "bars"|"ranking"|"samples", "mean"} for one question, from
    its counters ``tallies`` ({value: (count, rank sum)})."""
    total = tallies.get(AnswerTally.RESPONDENTS, (0, 0))[0]
    counts = {value: n for value, (n, _rank_sum) in tallies.items()}
    result = {"question": question, "respondents": total}
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        result["bars"] = _bars(counts, question.choices, total)
    elif question.kind == Kind.SCALE:
        result["bars"] = _bars(counts, list(range(question.scale_min, question.scale_max + 1)),
                               total)
        weighted = sum(int(value) * n for value, n in counts.items() if value)
        result["mean"] = round(weighted / total, 2) if total else None
    elif question.kind == Kind.RANKING:
        rank_sums = {value: rank_sum for value, (_n, rank_sum) in tallies.items()}
        ranking = sorted(question.choices, key=lambda label: rank_sums.get(label, 0) or 10**12)
        result["ranking"] = [{"label": label,
                              "mean_rank": round(rank_sums[label] / total, 2)
                              if total and label in rank_sums else None}
                             for label in ranking]
    else:
        result["samples"] = list(free_texts(question)[:SAMPLE_TEXTS])
        result["more_texts"] = total > SAMPLE_TEXTS
    return result


def question_tallies(questions) -> dict[int, dict[str, tuple[int, int]]]:
    """{question id: {value: (count, rank sum)}} for ``questions``, in one query."""
    by_question: dict[int, dict] = {question.pk: {} for question in questions}
    rows = AnswerTally.objects.filter(question__in=list(by_question)).values_list(
        "question_id", "value", "count", "rank_sum")
    for question_id, value, count, rank_sum in rows:
        by_question[question_id][value] = (count, rank_sum)
    return by_question


def consultation_results(consultation, *, with_drafts: bool = True) -> dict:
    """Counts for the whole consultation and each question's result, in question order: a
    handful of queries, none of which grows with the number of answers or proposals (the
    proposals not published are few, and read through their index). The drafts are counted
    only ``with_drafts`` (for those who read the synthesis): while a national consultation is
    open they are many, and the public page does not show them."""
    counts = dict(consultation.tallies.values_list("name", "count"))
    not_published = consultation.proposals.filter(
        status__in=[Status.PENDING, Status.HIDDEN, Status.SPAM]).count()
    questions = list(consultation.questions.select_related("section"))
    tallies = question_tallies(questions)
    return {
        "submitted": counts.get(ConsultationTally.SUBMITTED, 0),
        "drafts": consultation.responses.filter(status=Response.Status.DRAFT).count()
        if with_drafts else None,
        "proposals": counts.get(ConsultationTally.PROPOSALS, 0) - not_published,
        "questions": [question_result(question, tallies[question.pk]) for question in questions],
        "computed_at": timezone.now(),
    }
