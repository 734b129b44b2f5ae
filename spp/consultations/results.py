"""Results of a consultation, read from the counters that each submission adds to
(``AnswerTally``, see tallies.py): one query for every question's counts, whatever the number
of answers, so results are always live and never wait for a computation. Free-text answers are
shown a few at a time (the latest ones, then page by page). Bars are percentages of the
respondents to the question, drawn by the template with CSS (no script, no external service).

The page is read by agents all day while a consultation is open, so it costs a fixed handful
of queries (the counts in one statement, the questions, their counters, the samples of free
texts in one statement on PostgreSQL) and each question's text is formatted here, once, rather
than by a dozen template tags per question."""

from django.db import connection
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from spp.consultations.models import (
    Answer,
    AnswerTally,
    ConsultationTally,
    ModeratedContent,
    Proposal,
    Question,
    Response,
)
from spp.core.formatting import choice_labels

Kind = Question.Kind
Status = ModeratedContent.Status
SUBMITTED = Response.Status.SUBMITTED
SAMPLE_TEXTS = 5
SAMPLE_LENGTH = 280  # as ``truncatechars:280``
TEXTS_PER_PAGE = 50
NOT_PUBLISHED = (Status.PENDING, Status.HIDDEN, Status.SPAM, Status.MERGED)


def _bars(counts: dict, order: list, total: int) -> list[dict]:
    """One bar per value in ``order``: its count, its share of the respondents (``percent``)
    and both as the bar shows them (``shown``, "12 (40 %)")."""
    bars = []
    for label in order:
        count = counts.get(str(label), 0)
        percent = round(100 * count / total) if total else 0
        bars.append({"label": str(label), "count": count, "percent": percent,
                     "shown": f"{count} ({percent} %)"})
    return bars


def free_texts(question: Question):
    """A free-text question's submitted answers, newest first (index answer_question_idx)."""
    return (Answer.objects.filter(question=question, response__status=SUBMITTED)
            .exclude(text="").order_by("-id").values_list("text", flat=True))


def _shortened(text: str) -> str:
    """``text|truncatechars:280``: at most 280 characters, the last one an ellipsis."""
    return text if len(text) <= SAMPLE_LENGTH else text[:SAMPLE_LENGTH - 1] + "…"


def question_result(question: Question, tallies: dict[str, tuple[int, int]],
                    samples: list[str]) -> dict:
    """{"question", "respondents", "bars"|"ranking"|"samples", "mean", …} for one question,
    from its counters ``tallies`` ({value: (count, rank sum)}) and the latest free texts
    ``samples``; with what the page shows of it ("id", "label", "meta": the line under its
    title — kind, respondents, mean —, "caption": the bars' table caption)."""
    total = tallies.get(AnswerTally.RESPONDENTS, (0, 0))[0]
    counts = {value: n for value, (n, _rank_sum) in tallies.items()}
    # Every key present (empty when it does not apply): the template tests them in turn, and
    # a missing key costs it a failed attribute lookup and an exception.
    result = {"question": question, "id": question.pk, "label": question.label,
              "respondents": total, "mean": None, "caption": "", "bars": [], "ranking": [],
              "samples": [], "more_texts": False}
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE):
        result["caption"] = gettext("Répartition des réponses : %(label)s") % {
            "label": question.label}
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
        for row in result["ranking"]:
            row["mean_rank_text"] = (gettext("rang moyen %(r)s") % {
                "r": number_format(row["mean_rank"])} if row["mean_rank"] else "")
    else:
        result["samples"] = [_shortened(text) for text in samples]
        result["more_texts"] = total > SAMPLE_TEXTS
    meta = [choice_labels(Kind).get(question.kind, question.kind),
            ngettext("%(n)s réponse", "%(n)s réponses", total) % {"n": total}]
    if result["mean"]:
        meta.append(gettext("moyenne %(m)s") % {"m": number_format(result["mean"])})
    result["meta"] = " · ".join(meta)
    return result


def question_tallies(questions) -> dict[int, dict[str, tuple[int, int]]]:
    """{question id: {value: (count, rank sum)}} for ``questions``, in one query."""
    by_question: dict[int, dict] = {question.pk: {} for question in questions}
    rows = AnswerTally.objects.filter(question__in=list(by_question)).values_list(
        "question_id", "value", "count", "rank_sum")
    for question_id, value, count, rank_sum in rows:
        by_question[question_id][value] = (count, rank_sum)
    return by_question


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# Each free-text question's latest submitted answers, all questions in one statement: a LATERAL
# subquery per question reads its few rows through answer_question_idx.
SAMPLES_SQL = """
    SELECT question.id, sample.text
    FROM unnest(%s::bigint[]) WITH ORDINALITY AS question(id, position)
    CROSS JOIN LATERAL (
        SELECT a.id, a.text FROM {answer} a JOIN {response} r ON r.id = a.response_id
        WHERE a.question_id = question.id AND r.status = %s AND a.text <> ''
        ORDER BY a.id DESC LIMIT %s
    ) sample
    ORDER BY question.position, sample.id DESC
"""


def free_text_samples(question_ids: list[int]) -> dict[int, list[str]]:
    """{question id: its latest ``SAMPLE_TEXTS`` free texts, newest first}: one statement on
    PostgreSQL, one query per question elsewhere."""
    samples: dict[int, list[str]] = {pk: [] for pk in question_ids}
    if not question_ids:
        return samples
    if connection.vendor != "postgresql":
        for pk in question_ids:
            samples[pk] = list(free_texts(pk)[:SAMPLE_TEXTS])
        return samples
    with connection.cursor() as cursor:
        cursor.execute(SAMPLES_SQL.format(answer=_table(Answer), response=_table(Response)),
                       [question_ids, SUBMITTED, SAMPLE_TEXTS])
        for question_id, text in cursor.fetchall():
            samples[question_id].append(text)
    return samples


def consultation_counts(consultation, *, with_drafts: bool) -> dict[str, int | None]:
    """The submitted responses and the filed proposals (counters kept by the write path), the
    proposals not published (few, read through an index) and the drafts, in one statement."""
    drafts = (f"(SELECT COUNT(*) FROM {_table(Response)} "
              "WHERE consultation_id = %s AND status = %s)") if with_drafts else "NULL"
    tally = (f"(SELECT count FROM {_table(ConsultationTally)} "
             "WHERE consultation_id = %s AND name = %s)")
    statuses = ", ".join(["%s"] * len(NOT_PUBLISHED))
    sql = (f"SELECT {tally}, {tally}, (SELECT COUNT(*) FROM {_table(Proposal)} "
           f"WHERE consultation_id = %s AND status IN ({statuses})), {drafts}")
    pk = consultation.pk
    params = [pk, ConsultationTally.SUBMITTED, pk, ConsultationTally.PROPOSALS,
              pk, *NOT_PUBLISHED]
    if with_drafts:
        params += [pk, Response.Status.DRAFT]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        submitted, filed, not_published, draft_count = cursor.fetchone()
    return {"submitted": submitted or 0, "proposals": (filed or 0) - not_published,
            "drafts": draft_count}


def consultation_results(consultation, *, with_drafts: bool = True) -> dict:
    """Counts for the whole consultation and each question's result, in question order: four
    queries (one more per free-text question off PostgreSQL), none of which grows with the
    number of answers or proposals. The drafts are counted only ``with_drafts`` (for those who
    read the synthesis): while a national consultation is open they are many, and the public
    page does not show them."""
    questions = list(consultation.questions.all())
    tallies = question_tallies(questions)
    samples = free_text_samples([q.pk for q in questions if q.kind == Kind.FREE_TEXT])
    return {
        **consultation_counts(consultation, with_drafts=with_drafts),
        "questions": [question_result(question, tallies[question.pk], samples.get(question.pk))
                      for question in questions],
        "computed_at": timezone.now(),
    }
