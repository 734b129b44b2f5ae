"""The reads of consultations themselves: the one every page of a consultation starts from,
the lists of consultations, their sections and questions, a person's response, the
moderators' queue and the evaluations' summaries."""

from collections import Counter

from django.db import connection
from django.db.models import Avg, BooleanField, Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from spp.consultations.models import (
    AbuseReport,
    Comment,
    Consultation,
    ModeratedContent,
    Question,
    Response,
    Section,
)

Status = ModeratedContent.Status


def consultation_by_slug(slug: str, *, with_owners: bool = True,
                         owner_names: bool = False) -> Consultation | None:
    """The consultation of ``slug`` with what every page of it reads, in one query: whether it
    has questions (the menu's "Répondre" link) and, ``with_owners``, its service and
    authority (the pages that name them; the permissions of a signed-in person, checked
    against them). Every page of a consultation starts here, so the query is cheap to build
    too: ``get`` rather than ``first`` (the slug is unique: no ORDER BY), the EXISTS written
    out rather than compiled from a subquery each time, and no join a visitor's page does not
    show. ``owner_names`` adds, as plain columns of the same query, what a page naming its
    owners shows (``service_name``, ``service_slug``, ``authority_name``): cheaper than building
    the service and authority whole for a visitor."""
    question_table = connection.ops.quote_name(Question._meta.db_table)
    consultation_table = connection.ops.quote_name(Consultation._meta.db_table)
    has_questions = RawSQL(f"EXISTS (SELECT 1 FROM {question_table} "
                           f"WHERE consultation_id = {consultation_table}.id)", [],
                           output_field=BooleanField())
    queryset = Consultation.objects.annotate(has_questions=has_questions)
    if with_owners:
        queryset = queryset.select_related("service", "authority")
    if owner_names:
        queryset = queryset.annotate(service_name=F("service__name"),
                                     service_slug=F("service__slug"),
                                     authority_name=F("authority__name"))
    try:
        return queryset.get(slug=slug)
    except Consultation.DoesNotExist:
        return None


def consultation_list_visible(user) -> QuerySet[Consultation]:
    """Published consultations (not evaluations), newest first (index: opens_at ordering)."""
    queryset = (Consultation.objects.filter(is_published=True,
                                            kind=Consultation.Kind.CONSULTATION)
                .select_related("service", "authority"))
    if not user.is_authenticated:
        queryset = queryset.filter(audience=Consultation.Audience.ANYONE)
    return queryset


def consultation_list_for_service(service, *, kind: str | None = None) -> QuerySet:
    queryset = Consultation.objects.filter(service=service, is_published=True)
    return queryset.filter(kind=kind) if kind else queryset


def questions_with_sections(consultation) -> list:
    """[(section, [questions])] in order, in two queries."""
    sections = list(consultation.sections.all())
    by_section: dict[int, list[Question]] = {section.pk: [] for section in sections}
    for question in consultation.questions.all():
        by_section.setdefault(question.section_id, []).append(question)
    return [(section, by_section[section.pk]) for section in sections]


def section_question_counts(consultation) -> list[tuple[str, int]]:
    """[(section title, number of questions)] in order, in one query: the consultation's page
    lists its sections without reading their questions. Written out: compiling the grouped
    ORM query cost more than running it (index: the questions' section foreign key)."""
    quote = connection.ops.quote_name
    sections, questions = quote(Section._meta.db_table), quote(Question._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT title, (SELECT COUNT(*) FROM {questions} "
                       f"WHERE {questions}.section_id = {sections}.id) "
                       f"FROM {sections} WHERE consultation_id = %s ORDER BY position, id",
                       [consultation.pk])
        return [(title, count) for title, count in cursor.fetchall()]


def response_for(user, consultation) -> Response | None:
    if not user.is_authenticated:
        return None
    return Response.objects.filter(consultation=consultation, user=user).first()


def moderation_queue(consultation) -> dict:
    """What waits for the moderators: pending content, and content with open abuse reports
    (each report with ``content_report_count``, its content's open reports among them)."""
    reported = (AbuseReport.objects.filter(resolved_at__isnull=True)
                .filter(Q(proposal__consultation=consultation)
                        | Q(comment__proposal__consultation=consultation))
                .select_related("proposal", "comment__proposal", "reporter")
                .order_by("created_at"))
    reports = list(reported[:100])
    per_content = Counter((report.proposal_id, report.comment_id) for report in reports)
    for report in reports:  # how many open reports its content has (to dismiss them all)
        report.content_report_count = per_content[(report.proposal_id, report.comment_id)]
    return {
        "pending_proposals": consultation.proposals.filter(status=Status.PENDING)
        .select_related("author").order_by("created_at")[:100],
        "pending_comments": Comment.objects.filter(proposal__consultation=consultation,
                                                   status=Status.PENDING)
        .select_related("author", "proposal").order_by("created_at")[:100],
        "reports": reports,
        "decisions": consultation.moderation_decisions.select_related(
            "moderator", "proposal", "comment")[:30],
    }


def evaluation_summaries(service) -> list[dict]:
    """For a service's page: each published evaluation with its respondents and the mean of
    its first scale question (two small aggregate queries per evaluation)."""
    summaries = []
    for consultation in consultation_list_for_service(service, kind=Consultation.Kind.EVALUATION):
        scale = consultation.questions.filter(kind=Question.Kind.SCALE).first()
        mean = None
        if scale is not None:
            mean = scale.answers.filter(response__status=Response.Status.SUBMITTED).aggregate(
                mean=Avg("number"))["mean"]
        respondents = consultation.responses.filter(status=Response.Status.SUBMITTED).aggregate(
            n=Count("id"))["n"]
        summaries.append({"consultation": consultation, "respondents": respondents,
                          "mean": mean, "scale_max": scale.scale_max if scale else None})
    return summaries


def consultation_list_open(user) -> QuerySet[Consultation]:
    """The consultations ``user`` may read (``consultation_list_visible``) that take
    contributions now (for the API)."""
    now = timezone.now()
    return consultation_list_visible(user).filter(opens_at__lte=now, closes_at__gt=now)
