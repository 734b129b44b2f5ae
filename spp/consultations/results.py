"""Results of a consultation, computed live from the submitted responses.

Choice and scale questions are counted by the database (GROUP BY on the answer columns, index
answer_question_choice_idx); multiple choice and ranking are tallied while streaming the rows
(iterator), so memory stays flat however many answers there are. Bars are percentages of the
respondents to the question, drawn by the template with CSS (no script, no external service)."""

import time
from collections import Counter
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import Count

from spp.consultations.models import Answer, Question, Response

Kind = Question.Kind
SUBMITTED = Response.Status.SUBMITTED
SAMPLE_TEXTS = 5
MAX_AGE = 300  # seconds


def _bars(counts: dict, order: list, total: int) -> list[dict]:
    return [{"label": str(label), "count": counts.get(label, 0),
             "percent": round(100 * counts.get(label, 0) / total) if total else 0}
            for label in order]


def _submitted_answers(question):
    return Answer.objects.filter(question=question, response__status=SUBMITTED)


# PostgreSQL unnests the JSON lists itself: at two million answers this is several times
# faster than streaming the rows to Python.
TALLY_SQL = """
    SELECT item.label, {value}
    FROM consultations_answer a
    JOIN consultations_response r ON r.id = a.response_id,
    LATERAL jsonb_array_elements_text(a.choices) WITH ORDINALITY AS item(label, position)
    WHERE a.question_id = %s AND r.status = %s
    GROUP BY item.label
"""


def _tally(question, answers, *, ranks: bool) -> Counter:
    """{choice: how many chose it} or, with ``ranks``, {choice: sum of its ranks}."""
    if connection.vendor == "postgresql":
        sql = TALLY_SQL.format(value="SUM(item.position)" if ranks else "COUNT(*)")
        with connection.cursor() as cursor:
            cursor.execute(sql, [question.pk, SUBMITTED])
            return Counter({label: int(value) for label, value in cursor.fetchall()})
    counts: Counter = Counter()
    for chosen in answers.values_list("choices", flat=True).iterator(chunk_size=5000):
        for index, label in enumerate(chosen):
            counts[label] += index + 1 if ranks else 1
    return counts


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
        result["bars"] = _bars(_tally(question, answers, ranks=False), question.choices, total)
    elif question.kind == Kind.RANKING:
        rank_sums = _tally(question, answers, ranks=True)
        ranking = sorted(question.choices, key=lambda label: rank_sums.get(label, 0) or 10**12)
        result["ranking"] = [{"label": label,
                              "mean_rank": round(rank_sums[label] / total, 2) if total else None}
                             for label in ranking]
    else:
        result["samples"] = list(answers.order_by("-id").values_list("text", flat=True)
                                 [:SAMPLE_TEXTS])
    return result


def consultation_results(consultation) -> dict:
    """Counts for the whole consultation and each question's result, in question order.

    At two million answers a full computation takes seconds, so per-question results are
    cached: reused while no new response was submitted, and at most ``MAX_AGE`` seconds old
    while submissions keep coming (the counts above them stay live)."""
    status_counts = dict(consultation.responses.values_list("status")
                         .annotate(n=Count("id")).order_by())
    submitted = status_counts.get(SUBMITTED, 0)
    key = f"consultations:results:{consultation.pk}:{consultation.created_at.timestamp()}"
    entry, now = cache.get(key), time.time()
    if entry is None or (entry["submitted"] != submitted and now - entry["at"] > MAX_AGE):
        entry = {"submitted": submitted, "at": now, "questions": [
            question_result(question)
            for question in consultation.questions.select_related("section")]}
        cache.set(key, entry, 24 * 3600)
    return {
        "submitted": submitted,
        "drafts": status_counts.get(Response.Status.DRAFT, 0),
        "proposals": consultation.proposals.filter(status="published").count(),
        "questions": entry["questions"],
        "computed_at": datetime.fromtimestamp(entry["at"], tz=UTC),
    }
