"""Exports of answers and proposals to CSV, JSON and XLSX, built for millions of rows.

Rows come from ``iterator(chunk_size=…)`` (a server-side cursor on PostgreSQL) and are
written out as they come: CSV and JSON stream straight to the client (StreamingHttpResponse);
XLSX is written by openpyxl's write-only mode to a temporary file (a ZIP cannot be streamed
before it is complete), then sent from disk. Memory stays bounded in all three.

Personal data (respondents' and authors' names and emails) is included only when asked for
and allowed (see permissions.sees_personal_data); otherwise rows carry a response number.

Cells typed by people (names, titles, answers) may start like a formula: CSV and XLSX rows go
through spp/core/exports.py, which keeps spreadsheets from running them."""

import json
import tempfile
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from spp.consultations.models import Answer, ModeratedContent, Proposal, Question, Response
from spp.core.exports import csv_chunks, xlsx_row

CHUNK = 2000
XLSX_SHEET_ROWS = 1_000_000  # a worksheet holds at most 1,048,576 rows
DATASETS = ("answers", "proposals")
FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _value(kind: str, text: str, choice: str, number, choices) -> str:
    if kind == Question.Kind.FREE_TEXT:
        return text
    if kind == Question.Kind.SINGLE:
        return choice
    if kind == Question.Kind.SCALE:
        return "" if number is None else str(number)
    return " | ".join(choices or [])


def answer_rows(consultation, *, personal: bool) -> tuple[list[str], Iterator[list]]:
    """Header and rows: one row per answer of a submitted response."""
    questions = {q.pk: q for q in consultation.questions.all()}
    header = ["reponse", "envoyee_le", "question_id", "question", "type", "type_libelle",
              "valeur"]
    kind_labels = {code: str(label) for code, label in Question.Kind.choices}
    columns = ["response_id", "response__submitted_at", "question_id", "text", "choice",
               "number", "choices"]
    if personal:
        header += ["courriel", "prenom", "nom"]
        columns += ["response__user__email", "response__user__first_name",
                    "response__user__last_name"]
    queryset = (Answer.objects.filter(response__consultation=consultation,
                                      response__status=Response.Status.SUBMITTED)
                .order_by("id").values_list(*columns))

    def rows():
        for row in queryset.iterator(chunk_size=CHUNK):
            question = questions.get(row[2])
            if question is None:
                continue
            line = [row[0], timezone.localtime(row[1]).isoformat(timespec="seconds"), row[2],
                    question.label, question.kind, kind_labels.get(question.kind, ""),
                    _value(question.kind, *row[3:7])]
            yield line + list(row[7:])

    return header, rows()


def proposal_rows(consultation, *, personal: bool) -> tuple[list[str], Iterator[list]]:
    header = ["proposition", "deposee_le", "etat", "titre", "texte", "soutiens", "commentaires",
              "motif_moderation", "fusionnee_avec", "etat_libelle"]
    columns = ["id", "created_at", "status", "title", "body", "support_count", "comment_count",
               "moderation_reason", "merged_into_id"]
    status_labels = {code: str(label) for code, label in ModeratedContent.Status.choices}
    if personal:
        header += ["courriel", "prenom", "nom"]
        columns += ["author__email", "author__first_name", "author__last_name"]
    queryset = Proposal.objects.filter(consultation=consultation).order_by("id").values_list(
        *columns)

    def rows():
        for row in queryset.iterator(chunk_size=CHUNK):
            # the codes for programs, and beside them what a person reads (the status label)
            yield [row[0], timezone.localtime(row[1]).isoformat(timespec="seconds"), *row[2:9],
                   status_labels.get(row[2], row[2]), *row[9:]]

    return header, rows()


def _json_chunks(header, rows) -> Iterator[str]:
    yield "["
    separator = "\n"
    for row in rows:
        yield separator + json.dumps(dict(zip(header, row, strict=False)), cls=DjangoJSONEncoder,
                                     ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


def _xlsx_file(header, rows):
    """Cells through spp.core.exports.xlsx_row: text that looks like a formula is written as
    text, never as a formula cell."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet, written = None, XLSX_SHEET_ROWS
    for row in rows:
        if written >= XLSX_SHEET_ROWS:
            sheet = workbook.create_sheet(f"donnees{len(workbook.worksheets) + 1}")
            sheet.append(header)
            written = 0
        sheet.append(xlsx_row(sheet, row))
        written += 1
    if sheet is None:
        workbook.create_sheet("donnees1").append(header)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def export_response(consultation, *, dataset: str, fmt: str, personal: bool):
    """The HTTP response of an export (``dataset`` in DATASETS, ``fmt`` in FORMATS)."""
    build = answer_rows if dataset == "answers" else proposal_rows
    header, rows = build(consultation, personal=personal)
    filename = f"{consultation.slug}-{dataset}.{fmt}"
    if fmt == "xlsx":
        return FileResponse(_xlsx_file(header, rows), as_attachment=True, filename=filename,
                            content_type=CONTENT_TYPES["xlsx"])
    chunks = csv_chunks(header, rows) if fmt == "csv" else _json_chunks(header, rows)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
