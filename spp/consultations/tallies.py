"""The live results' counters (``AnswerTally``): added to when a response is submitted, in the
same transaction, and rebuilt from the answers after a bulk load (scale data, demo, migration).

``add_response`` is one ``INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count``
statement for all the response's answers, and one for the consultation's count of submitted
responses (``ConsultationTally``; PostgreSQL and SQLite alike): concurrent submissions add to
the same rows without losing an increment, and take the rows' locks in the same order (sorted),
so they queue rather than deadlock. ``recount`` computes the same numbers from the
answers themselves; tests compare the two."""

from collections import Counter

from django.db import connection
from django.db.models import Count

RESPONDENTS = ""  # AnswerTally.RESPONDENTS (not imported: the migration uses this module too)
SUBMITTED_NAME, PROPOSALS_NAME = "responses_submitted", "proposals_filed"  # ConsultationTally
SUBMITTED = "submitted"
SINGLE, MULTIPLE, SCALE, RANKING = "single_choice", "multiple_choice", "scale", "ranking"


def answer_values(kind: str, answer) -> list[tuple[str, int]]:
    """[(value, rank)] that one answer adds to its question's counters (rank 0 unless a
    ranking), besides the respondent it counts."""
    if kind == SINGLE:
        return [(answer.choice, 0)]
    if kind == SCALE:
        return [] if answer.number is None else [(str(answer.number), 0)]
    if kind == MULTIPLE:
        return [(label, 0) for label in answer.choices]
    if kind == RANKING:
        return [(label, position) for position, label in enumerate(answer.choices, start=1)]
    return []


def _upsert(model, keys: tuple[str, ...], rows: dict[tuple, dict[str, int]]) -> None:
    """Add ``rows`` ({key values: {column: amount}}) to ``model``'s counters in one statement,
    creating the missing rows; keys are sorted so every writer locks rows in the same order."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    amounts = list(next(iter(rows.values())))
    columns = [*keys, *amounts]
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
           + ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
           + f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET "
           + ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in amounts))
    params = [item for key in sorted(rows) for item in (*key, *rows[key].values())]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def add_response(response) -> None:
    """Count a response that is being submitted (call inside its transaction)."""
    from spp.consultations.models import AnswerTally

    rows: dict[tuple, dict[str, int]] = {}
    for answer in response.answers.select_related("question").only(
            "question__kind", "choice", "number", "choices", "question_id"):
        values = [(RESPONDENTS, 0), *answer_values(answer.question.kind, answer)]
        for value, rank in values:
            row = rows.setdefault((answer.question_id, value), {"count": 0, "rank_sum": 0})
            row["count"] += 1
            row["rank_sum"] += rank
    _upsert(AnswerTally, ("question_id", "value"), rows)
    consultation_add(response.consultation_id, SUBMITTED_NAME)


def consultation_add(consultation_id: int, name: str) -> None:
    """One more of ``name`` (``ConsultationTally.SUBMITTED`` or ``PROPOSALS``)."""
    from spp.consultations.models import ConsultationTally

    _upsert(ConsultationTally, ("consultation_id", "name"),
            {(consultation_id, name): {"count": 1}})


# PostgreSQL unnests the JSON lists of multiple-choice and ranking answers itself.
LISTS_SQL = """
    SELECT a.question_id, item.label, COUNT(*), SUM(item.position)
    FROM {answer} a
    JOIN {response} r ON r.id = a.response_id,
    LATERAL jsonb_array_elements_text(a.choices) WITH ORDINALITY AS item(label, position)
    WHERE a.question_id = ANY(%s) AND r.status = %s
    GROUP BY a.question_id, item.label
"""


def recount(question_ids, *, answer_model) -> dict[tuple[int, str], tuple[int, int]]:
    """{(question id, value): (count, rank sum)} computed from the submitted answers."""
    kinds = dict(answer_model._meta.get_field("question").related_model.objects
                 .filter(pk__in=question_ids).values_list("pk", "kind"))
    answers = answer_model.objects.filter(question_id__in=kinds, response__status=SUBMITTED)
    result: dict = {}
    for question_id, n in answers.values_list("question_id").annotate(n=Count("id")).order_by():
        result[(question_id, RESPONDENTS)] = (n, 0)
    by_kind = {kind: [pk for pk, k in kinds.items() if k == kind] for kind in set(kinds.values())}
    for kind, column in ((SINGLE, "choice"), (SCALE, "number")):
        rows = (answers.filter(question_id__in=by_kind.get(kind, []),
                               **{f"{column}__isnull": False})
                .values_list("question_id", column).annotate(n=Count("id")).order_by())
        for question_id, value, n in rows:
            result[(question_id, str(value))] = (n, 0)
    lists = by_kind.get(MULTIPLE, []) + by_kind.get(RANKING, [])
    if lists and connection.vendor == "postgresql":
        sql = LISTS_SQL.format(answer=answer_model._meta.db_table,
                               response=answer_model._meta.get_field("response")
                               .related_model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql, [lists, SUBMITTED])
            for question_id, label, n, position_sum in cursor.fetchall():
                ranked = kinds[question_id] == RANKING
                result[(question_id, label)] = (n, int(position_sum) if ranked else 0)
    elif lists:
        counts: Counter = Counter()
        rank_sums: Counter = Counter()
        rows = answers.filter(question_id__in=lists).values_list("question_id", "choices")
        for question_id, chosen in rows.iterator(chunk_size=5000):
            ranked = kinds[question_id] == RANKING
            for position, label in enumerate(chosen, start=1):
                counts[(question_id, label)] += 1
                rank_sums[(question_id, label)] += position if ranked else 0
        result.update({key: (n, rank_sums[key]) for key, n in counts.items()})
    return result


def stored(question_ids, *, tally_model) -> dict[tuple[int, str], tuple[int, int]]:
    """{(question id, value): (count, rank sum)} as the counters hold them."""
    rows = tally_model.objects.filter(question_id__in=question_ids, count__gt=0)
    return {(question_id, value): (count, rank_sum) for question_id, value, count, rank_sum
            in rows.values_list("question_id", "value", "count", "rank_sum")}


def consultation_recount(consultation) -> dict[str, int]:
    """{name: count} of a consultation's counters, computed from its rows."""
    return {SUBMITTED_NAME: consultation.responses.filter(status=SUBMITTED).count(),
            PROPOSALS_NAME: consultation.proposals.count()}


def rebuild(question_ids, *, answer_model, tally_model) -> int:
    """Replace the counters of ``question_ids`` by a recount (after a bulk load that bypassed
    ``add_response``); returns the number of counters written."""
    question_ids = list(question_ids)
    counted = recount(question_ids, answer_model=answer_model)
    tally_model.objects.filter(question_id__in=question_ids).delete()
    tally_model.objects.bulk_create(
        [tally_model(question_id=question_id, value=value, count=n, rank_sum=rank_sum)
         for (question_id, value), (n, rank_sum) in counted.items()], batch_size=2000)
    return len(counted)


def consultation_rebuild(consultation, *, tally_model) -> None:
    tally_model.objects.filter(consultation=consultation).delete()
    tally_model.objects.bulk_create([
        tally_model(consultation=consultation, name=name, count=n)
        for name, n in consultation_recount(consultation).items()])
