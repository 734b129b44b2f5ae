"""The results' counters (``AnswerTally`` per question, ``ConsultationTally`` per consultation),
filled from the rows already there; and the answers' (question, -id) index for free-text pages,
replacing (question, choice), which only served the results' GROUP BY that counters replace."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    from spp.consultations import tallies

    Question = apps.get_model("consultations", "Question")
    tallies.rebuild(Question.objects.values_list("pk", flat=True),
                    answer_model=apps.get_model("consultations", "Answer"),
                    tally_model=apps.get_model("consultations", "AnswerTally"))
    tally_model = apps.get_model("consultations", "ConsultationTally")
    for consultation in apps.get_model("consultations", "Consultation").objects.all():
        tallies.consultation_rebuild(consultation, tally_model=tally_model)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0003_proposal_search_vector")]
    operations = [
        migrations.CreateModel(
            name="AnswerTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("value", models.TextField(blank=True)),
                ("count", models.PositiveIntegerField(default=0)),
                ("rank_sum", models.PositiveBigIntegerField(default=0)),
                ("question", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                               related_name="tallies",
                                               to="consultations.question")),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("question", "value"),
                                                             name="answer_tally_unique")]},
        ),
        migrations.CreateModel(
            name="ConsultationTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("name", models.CharField(max_length=40)),
                ("count", models.PositiveIntegerField(default=0)),
                ("consultation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                   related_name="tallies",
                                                   to="consultations.consultation")),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("consultation", "name"),
                                                             name="consultation_tally_unique")]},
        ),
        migrations.RemoveIndex(model_name="answer", name="answer_question_choice_idx"),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(fields=["question", "-id"], name="answer_question_idx"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
