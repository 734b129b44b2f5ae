"""Results of a consultation, computed live from the submitted responses.

Choice and scale questions are counted by the database (GROUP BY on the answer columns, index
answer_question_choice_idx); multiple choice and ranking are tallied while streaming the rows
(iterator), so memory stays flat however many answers there are. Bars are percentages of the
respondents to the question, drawn by the template with CSS (no script, no external service)."""

from collections import Counter

from django.db.models import Count

from spp.consultations.models import Answer, Question, Response

Kind = Question.Kind
SUBMITTED = Response.Status.SUBMITTED
SAMPLE_TEXTS = 5


def _bars(counts: dict, order: list, total: int) -> list[dict]:
    return [{"label": str(label), "count": counts.get(label, 0),
             "percent": round(100 * counts.get(label, 0) / total) if total else 0}
            for label in order]


def _submitted_answers(question):
    return Answer.objects.filter(question=question, response__status=SUBMITTED)


def question_result(question: Question) -> dict:
    """{"question", "respondents", "bars"|"ranking"|"samples", "mean"} for one question."""
    answers = _submitted_answers(question)
    result = {"question": question, "respondents": answers.count()}
    total = result["respondents"]
    if question.kind == Kind.SINGLE:
        counts = dict(answers.values_list("choice").annotate(n=Count("id")).order_by())
        result["bars"] = _bars(counts, question.choices, total)
    elif question.kind == Kind.SCALE:
        counts = dict(answers.values_list("number").annotate(n=Count("id")).order_by())
        order = list(range(question.scale_min, question.scale_max + 1))
        result["bars"] = _bars(counts, order, total)
        weighted = sum(value * n for value, n in counts.items() if value is not None)
        result["mean"] = round(weighted / total, 2) if total else None
    elif question.kind == Kind.MULTIPLE:
        counts: Counter = Counter()
        for chosen in answers.values_list("choices", flat=True).iterator(chunk_size=5000):
            counts.update(chosen)
        result["bars"] = _bars(counts, question.choices, total)
    elif question.kind == Kind.RANKING:
        rank_sums: Counter = Counter()
        for ordered in answers.values_list("choices", flat=True).iterator(chunk_size=5000):
            for index, label in enumerate(ordered):
                rank_sums[label] += index + 1
        ranking = sorted(question.choices, key=lambda label: rank_sums.get(label, 0) or 10**12)
        result["ranking"] = [{"label": label,
                              "mean_rank": round(rank_sums[label] / total, 2) if total else None}
                             for label in ranking]
    else:
        result["samples"] = list(answers.order_by("-id").values_list("text", flat=True)
                                 [:SAMPLE_TEXTS])
    return result


def consultation_results(consultation) -> dict:
    """Counts for the whole consultation and each question's result, in question order."""
    status_counts = dict(consultation.responses.values_list("status")
                         .annotate(n=Count("id")).order_by())
    questions = consultation.questions.select_related("section")
    return {
        "submitted": status_counts.get(SUBMITTED, 0),
        "drafts": status_counts.get(Response.Status.DRAFT, 0),
        "proposals": consultation.proposals.filter(status="published").count(),
        "questions": [question_result(question) for question in questions],
    }
